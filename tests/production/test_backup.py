"""A backup restores into an empty database with the same rows and the same files."""

import json
import os
import subprocess
import sys
import uuid
from pathlib import Path

import psycopg2
import psycopg2.extras
import pytest
from django.contrib.auth.models import User
from django.core.management import call_command
from django.db import connection
from rest_framework.authtoken.models import Token

from articles.models import Article
from newsroom.backup import BackupError, backup_archive, restore_archive

ROOT = Path(__file__).resolve().parents[2]


def contents(cursor, tables) -> dict[str, list[tuple]]:
    """Every row of every table, ordered by all its columns, so that two databases with the
    same data compare equal whatever order their rows were written in."""
    rows = {}
    for table in tables:
        cursor.execute(f'SELECT * FROM "{table}" WHERE 1 = 0')
        columns = ", ".join(str(number) for number in range(1, len(cursor.description) + 1))
        cursor.execute(f'SELECT * FROM "{table}" ORDER BY {columns}')
        rows[table] = [tuple(row) for row in cursor.fetchall()]
    return rows


def media_files(root: Path) -> dict[str, bytes]:
    return {
        str(path.relative_to(root)): path.read_bytes() for path in root.rglob("*") if path.is_file()
    }


@pytest.fixture
def empty_database(tmp_path):
    """A DATABASE_URL for a new, empty database of the same kind as the test database."""
    if connection.vendor == "sqlite":
        yield f"sqlite:///{tmp_path / 'restored.sqlite3'}"
        return
    params = connection.settings_dict
    # named after the test database, so parallel runs from several checkouts never meet
    name = f"{params['NAME'].removeprefix('test_')}_restore_{uuid.uuid4().hex[:8]}"
    admin = psycopg2.connect(
        host=params["HOST"],
        port=params["PORT"],
        user=params["USER"],
        password=params["PASSWORD"],
        dbname="postgres",
    )
    admin.autocommit = True
    admin.cursor().execute(f'CREATE DATABASE "{name}"')
    yield f"postgres://{params['USER']}@{params['HOST']}:{params['PORT']}/{name}"
    admin.cursor().execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    admin.close()


def open_restored(url):
    if url.startswith("sqlite"):
        import sqlite3

        # the column types Django's own SQLite connection converts, so values compare equal
        detect = sqlite3.PARSE_DECLTYPES | sqlite3.PARSE_COLNAMES
        return sqlite3.connect(url.removeprefix("sqlite:///"), detect_types=detect)
    restored = psycopg2.connect(url)
    # as Django's own connection does: jsonb as its text, so values compare equal
    psycopg2.extras.register_default_jsonb(conn_or_curs=restored, loads=lambda text: text)
    return restored


@pytest.mark.django_db(transaction=True)
def test_restore_into_an_empty_database_finds_the_same_rows_and_files(
    tmp_path, settings, empty_database
):
    call_command("load_demo", "--no-synthetic", "--no-users")
    # something in every kind of table: history of tags, credits and figures, a service token
    Token.objects.create(user=User.objects.create_user("backup-service"))
    article = Article.objects.filter(tags__isnull=False).first()
    article.tags.remove(article.tags.first())
    article.article_credits.first().delete()
    tables = connection.introspection.table_names()
    with connection.cursor() as cursor:
        before = contents(cursor, tables)
    for table in [
        "articles_article",
        "articles_historicalarticle_tags",
        "articles_historicalarticlecredit",
        "articles_photo",
        "indicators_observation",
        "indicators_historicalobservation",
        "authtoken_token",
    ]:
        assert before[table], f"{table} is empty: the comparison would prove nothing"
    originals = media_files(Path(settings.MEDIA_ROOT))
    assert any(name.startswith("originals/") for name in originals)
    assert any(name.startswith("renditions/") for name in originals)

    backup = tmp_path / "backup"
    manifest = backup_archive(target=backup)
    assert set(manifest["files"]) == set(originals)

    restored_media = tmp_path / "restored-media"
    environment = {**os.environ, "DATABASE_URL": empty_database, "MEDIA_ROOT": str(restored_media)}
    result = subprocess.run(
        [sys.executable, "manage.py", "restore_archive", str(backup)],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr

    restored = open_restored(empty_database)
    try:
        cursor = restored.cursor()
        restored_tables = connection.introspection.table_names(cursor)
        assert sorted(restored_tables) == sorted(tables)
        after = contents(cursor, tables)
    finally:
        restored.close()
    for table in tables:  # one table at a time: a difference names its table
        assert after[table] == before[table], table
    assert media_files(restored_media) == originals


@pytest.mark.django_db(transaction=True)
def test_restore_refuses_a_database_that_is_not_empty(tmp_path):
    backup = tmp_path / "backup"
    backup_archive(target=backup)
    with pytest.raises(BackupError, match="not empty"):
        restore_archive(source=backup)


def run_restore(backup: Path, database_url: str, media: Path) -> subprocess.CompletedProcess:
    environment = {**os.environ, "DATABASE_URL": database_url, "MEDIA_ROOT": str(media)}
    return subprocess.run(
        [sys.executable, "manage.py", "restore_archive", str(backup)],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
    )


def restored_tables(url) -> list[str]:
    restored = open_restored(url)
    try:
        return connection.introspection.table_names(restored.cursor())
    finally:
        restored.close()


@pytest.fixture
def backup_with_media(tmp_path, settings):
    """A backup of a database holding a photo: its original and renditions are media files."""
    from tests.factories import PhotoFactory

    PhotoFactory()
    backup = tmp_path / "backup"
    manifest = backup_archive(target=backup)
    assert len(manifest["files"]) > 2
    return backup, media_files(Path(settings.MEDIA_ROOT))


@pytest.mark.django_db(transaction=True)
def test_a_bad_media_checksum_writes_nothing_and_the_restore_can_be_run_again(
    tmp_path, empty_database, backup_with_media
):
    backup, originals = backup_with_media
    manifest_path = backup / "manifest.json"
    good = manifest_path.read_text()
    manifest = json.loads(good)
    last = sorted(manifest["files"])[-1]  # verified last: everything before it was fine
    manifest["files"][last] = "0" * 64
    manifest_path.write_text(json.dumps(manifest))
    media = tmp_path / "restored-media"

    failed = run_restore(backup, empty_database, media)
    assert failed.returncode != 0 and "checksum" in failed.stderr
    assert restored_tables(empty_database) == []
    assert not media.exists() or media_files(media) == {}

    manifest_path.write_text(good)
    result = run_restore(backup, empty_database, media)
    assert result.returncode == 0, result.stderr
    assert "articles_photo" in restored_tables(empty_database)
    assert media_files(media) == originals


@pytest.mark.django_db(transaction=True)
def test_a_damaged_dump_is_refused_before_any_media_is_written(
    tmp_path, empty_database, backup_with_media
):
    backup, _originals = backup_with_media
    dump = next(path for path in backup.iterdir() if path.name.startswith("database."))
    dump.write_bytes(dump.read_bytes()[:-100])
    media = tmp_path / "restored-media"
    failed = run_restore(backup, empty_database, media)
    assert failed.returncode != 0 and "database dump" in failed.stderr
    assert restored_tables(empty_database) == []
    assert not media.exists() or media_files(media) == {}


@pytest.mark.django_db(transaction=True)
def test_a_restore_over_the_media_of_an_interrupted_one_puts_every_file_right(
    tmp_path, empty_database, backup_with_media
):
    backup, originals = backup_with_media
    media = tmp_path / "restored-media"
    half = sorted(originals)[: len(originals) // 2]
    for name in half:  # what a restore killed while writing media left behind
        (media / name).parent.mkdir(parents=True, exist_ok=True)
        (media / name).write_bytes(b"half-written")
    result = run_restore(backup, empty_database, media)
    assert result.returncode == 0, result.stderr
    assert media_files(media) == originals
