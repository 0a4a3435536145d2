"""Backup and restore of the whole archive: the database and every media file.

The database goes through the engine's own tools (pg_dump custom format / pg_restore on
PostgreSQL, the online backup API on SQLite), never through Django fixtures: a dump keeps
sequences, constraints and history tables exactly. Media files are read and written through the
storage API, so the same commands work with local disk and with S3-compatible storage.
"""

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from pathlib import Path

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connections

DUMP_PG = "database.pgdump"
DUMP_SQLITE = "database.sqlite3"
MEDIA = "media.tar"
MANIFEST = "manifest.json"


class BackupError(Exception):
    """A backup or restore that cannot go on; the message says why."""


def _pg_environment(settings_dict) -> dict:
    env = dict(os.environ)
    for key, variable in [
        ("HOST", "PGHOST"),
        ("PORT", "PGPORT"),
        ("USER", "PGUSER"),
        ("PASSWORD", "PGPASSWORD"),
        ("NAME", "PGDATABASE"),
    ]:
        if settings_dict.get(key):
            env[variable] = str(settings_dict[key])
    return env


def _media_files(storage, folder=""):
    try:
        directories, files = storage.listdir(folder)
    except FileNotFoundError:  # no media uploaded yet
        return
    for name in files:
        yield f"{folder}/{name}" if folder else name
    for directory in directories:
        yield from _media_files(storage, f"{folder}/{directory}" if folder else directory)


def backup_archive(*, target: Path, alias: str = "default", storage=default_storage) -> dict:
    """Write the database dump, a tar of all media files and a manifest into `target`."""
    target.mkdir(parents=True, exist_ok=True)
    connection = connections[alias]
    if connection.vendor == "postgresql":
        result = subprocess.run(
            ["pg_dump", "--format=custom", "--no-owner", "--file", str(target / DUMP_PG)],
            env=_pg_environment(connection.settings_dict),
            capture_output=True,
            text=True,
        )
        if result.returncode != 0:
            raise BackupError(f"pg_dump failed: {result.stderr.strip()}")
    elif connection.vendor == "sqlite":
        connection.ensure_connection()
        with sqlite3.connect(target / DUMP_SQLITE) as copy:
            connection.connection.backup(copy)
    else:
        raise BackupError(f"no backup method for {connection.vendor}")

    files = {}
    with tarfile.open(target / MEDIA, "w") as archive:
        for name in sorted(_media_files(storage)):
            with storage.open(name, "rb") as handle:
                data = handle.read()
            files[name] = hashlib.sha256(data).hexdigest()
            info = tarfile.TarInfo(name)
            info.size = len(data)
            archive.addfile(info, ContentFile(data))
    manifest = {"vendor": connection.vendor, "files": files}
    (target / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False, indent=1))
    return manifest


def restore_archive(*, source: Path, alias: str = "default", storage=default_storage) -> dict:
    """Restore a backup made by backup_archive into an EMPTY database and storage.

    Refuses a database that already has tables: a restore never merges into live data.
    """
    manifest = json.loads((source / MANIFEST).read_text())
    connection = connections[alias]
    if manifest["vendor"] != connection.vendor:
        raise BackupError(f"backup is from {manifest['vendor']}, target is {connection.vendor}")
    if connection.introspection.table_names():
        raise BackupError("the target database is not empty; restore only into an empty one")
    if connection.vendor == "postgresql":
        result = subprocess.run(
            [
                "pg_restore",
                "--no-owner",
                "--exit-on-error",
                "--dbname",
                connection.settings_dict["NAME"],
                str(source / DUMP_PG),
            ],
            env=_pg_environment(connection.settings_dict),
            capture_output=True,
            text=True,
        )
        if result.returncode != 0:
            raise BackupError(f"pg_restore failed: {result.stderr.strip()}")
    else:
        connection.close()
        shutil.copyfile(source / DUMP_SQLITE, connection.settings_dict["NAME"])

    with tempfile.TemporaryDirectory() as scratch, tarfile.open(source / MEDIA) as archive:
        archive.extractall(scratch, filter="data")
        for name, digest in manifest["files"].items():
            data = (Path(scratch) / name).read_bytes()
            if hashlib.sha256(data).hexdigest() != digest:
                raise BackupError(f"media file {name} does not match its checksum")
            if storage.exists(name):
                storage.delete(name)
            storage.save(name, ContentFile(data))
    return manifest
