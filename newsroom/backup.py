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

from django.core.files.base import ContentFile, File
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


def _sha256_of_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(2**20), b""):
            digest.update(block)
    return digest.hexdigest()


def backup_archive(*, target: Path, alias: str = "default", storage=default_storage) -> dict:
    """Write the database dump, a tar of all media files and a manifest into `target`.

    The manifest holds a checksum of every media file and of the dump, so a restore can verify
    the whole backup before it writes anything."""
    target.mkdir(parents=True, exist_ok=True)
    connection = connections[alias]
    if connection.vendor == "postgresql":
        dump = target / DUMP_PG
        result = subprocess.run(
            ["pg_dump", "--format=custom", "--no-owner", "--file", str(dump)],
            env=_pg_environment(connection.settings_dict),
            capture_output=True,
            text=True,
        )
        if result.returncode != 0:
            raise BackupError(f"pg_dump failed: {result.stderr.strip()}")
    elif connection.vendor == "sqlite":
        dump = target / DUMP_SQLITE
        connection.ensure_connection()
        with sqlite3.connect(dump) as copy:
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
    manifest = {
        "vendor": connection.vendor,
        "database": {"file": dump.name, "sha256": _sha256_of_file(dump)},
        "files": files,
    }
    (target / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False, indent=1))
    return manifest


def _read_manifest(source: Path) -> dict:
    try:
        manifest = json.loads((source / MANIFEST).read_text())
        if not isinstance(manifest.get("files"), dict) or "vendor" not in manifest:
            raise ValueError("no vendor or files")
    except (OSError, ValueError, AttributeError) as error:
        raise BackupError(f"{source / MANIFEST} is missing or unreadable: {error}") from None
    return manifest


def _verify_database_dump(source: Path, manifest: dict, connection) -> Path:
    """The dump file, checked against the manifest's checksum (backups made before the manifest
    held one are checked by the engine's tool alone) and, on PostgreSQL, readable by pg_restore."""
    dump = source / (DUMP_PG if connection.vendor == "postgresql" else DUMP_SQLITE)
    if not dump.is_file():
        raise BackupError(f"the database dump {dump} is missing")
    expected = (manifest.get("database") or {}).get("sha256")
    if expected and _sha256_of_file(dump) != expected:
        raise BackupError(f"the database dump {dump.name} does not match its checksum")
    if connection.vendor == "postgresql":
        listed = subprocess.run(["pg_restore", "--list", str(dump)], capture_output=True, text=True)
        if listed.returncode != 0:
            raise BackupError(f"pg_restore cannot read {dump.name}: {listed.stderr.strip()}")
    else:
        try:
            with sqlite3.connect(f"file:{dump}?mode=ro", uri=True) as copy:
                if copy.execute("PRAGMA quick_check").fetchone()[0] != "ok":
                    raise sqlite3.DatabaseError("quick_check failed")
        except sqlite3.DatabaseError as error:
            raise BackupError(f"the database dump {dump.name} is damaged: {error}") from None
    return dump


def _verify_media(source: Path, manifest: dict, scratch: Path) -> None:
    """Unpack the media tar into `scratch` and check every file the manifest names."""
    try:
        with tarfile.open(source / MEDIA) as archive:
            archive.extractall(scratch, filter="data")
    except (OSError, tarfile.TarError) as error:
        raise BackupError(f"the media archive {MEDIA} cannot be read: {error}") from None
    for name, digest in manifest["files"].items():
        path = scratch / name
        if not path.is_file():
            raise BackupError(f"media file {name} is missing from {MEDIA}")
        if _sha256_of_file(path) != digest:
            raise BackupError(f"media file {name} does not match its checksum")


def restore_archive(*, source: Path, alias: str = "default", storage=default_storage) -> dict:
    """Restore a backup made by backup_archive into an EMPTY database, with its media files.

    Refuses a database that already has tables: a restore never merges into live data.

    Everything is verified before anything is written: the manifest, the dump (checksum, and
    readable by the engine's tool) and every media file's checksum. Then the media files go in
    first (the same name always gets the same bytes, so writing them again is harmless) and the
    database last, in one step (pg_restore in a single transaction; SQLite by renaming a full
    copy into place): a restore that fails anywhere leaves the database empty and can simply be
    run again.
    """
    manifest = _read_manifest(source)
    connection = connections[alias]
    if manifest["vendor"] != connection.vendor:
        raise BackupError(f"backup is from {manifest['vendor']}, target is {connection.vendor}")
    if connection.introspection.table_names():
        raise BackupError("the target database is not empty; restore only into an empty one")
    dump = _verify_database_dump(source, manifest, connection)

    with tempfile.TemporaryDirectory() as scratch:
        _verify_media(source, manifest, Path(scratch))
        for name in manifest["files"]:
            if storage.exists(name):
                storage.delete(name)
            with (Path(scratch) / name).open("rb") as handle:
                saved = storage.save(name, File(handle, name=name))
            if saved != name:  # the storage renamed it: the database would point elsewhere
                raise BackupError(f"media file {name} was stored as {saved}")

    if connection.vendor == "postgresql":
        result = subprocess.run(
            [
                "pg_restore",
                "--no-owner",
                "--exit-on-error",
                "--single-transaction",
                "--dbname",
                connection.settings_dict["NAME"],
                str(dump),
            ],
            env=_pg_environment(connection.settings_dict),
            capture_output=True,
            text=True,
        )
        if result.returncode != 0:
            raise BackupError(f"pg_restore failed: {result.stderr.strip()}")
    else:
        connection.close()
        target = Path(connection.settings_dict["NAME"])
        partial = target.with_name(f"{target.name}.restoring")
        shutil.copyfile(dump, partial)
        os.replace(partial, target)  # all at once: never a half-copied database
    return manifest
