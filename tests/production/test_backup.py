"""A backup restores into an empty database with the same rows and the same files."""

import os
import subprocess
import sys
import uuid
from pathlib import Path

import psycopg2
import pytest
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.db import connection

from newsroom.backup import BackupError, backup_archive, restore_archive

ROOT = Path(__file__).resolve().parents[2]


def row_counts(cursor, tables):
    counts = {}
    for table in tables:
        cursor.execute(f'SELECT COUNT(*) FROM "{table}"')
        counts[table] = cursor.fetchone()[0]
    return counts


@pytest.fixture
def empty_database(tmp_path):
    """A DATABASE_URL for a new, empty database of the same kind as the test database."""
    if connection.vendor == "sqlite":
        yield f"sqlite:///{tmp_path / 'restored.sqlite3'}"
        return
    name = f"newsroom_restore_{uuid.uuid4().hex[:8]}"
    params = connection.settings_dict
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

        return sqlite3.connect(url.removeprefix("sqlite:///"))
    return psycopg2.connect(url)


@pytest.mark.django_db(transaction=True)
def test_restore_into_an_empty_database_finds_the_same_rows_and_files(tmp_path, empty_database):
    call_command("load_demo", "--no-synthetic", "--no-users")
    tables = [
        t for t in connection.introspection.table_names() if t.startswith(("articles_", "auth_"))
    ]
    with connection.cursor() as cursor:
        before = row_counts(cursor, tables)
    assert before["articles_article"] > 0 and before["articles_photo"] == 1

    backup = tmp_path / "backup"
    manifest = backup_archive(target=backup)
    assert manifest["files"], "the demo photo must be in the backup"

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
        assert row_counts(restored.cursor(), tables) == before
    finally:
        restored.close()
    for name in manifest["files"]:
        with default_storage.open(name, "rb") as original:
            assert (restored_media / name).read_bytes() == original.read()


@pytest.mark.django_db(transaction=True)
def test_restore_refuses_a_database_that_is_not_empty(tmp_path):
    backup = tmp_path / "backup"
    backup_archive(target=backup)
    with pytest.raises(BackupError, match="not empty"):
        restore_archive(source=backup)
