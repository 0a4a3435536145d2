"""The backend for the current database: PostgreSQL tsvectors or SQLite FTS5."""

from django.db import connection

from .base import SearchBackend
from .postgres import PostgresBackend
from .sqlite import SQLiteBackend

# One instance each: backends keep no per-request state.
_BACKENDS = {"postgresql": PostgresBackend(), "sqlite": SQLiteBackend()}


def current() -> SearchBackend:
    """The backend for the default database connection."""
    return _BACKENDS[connection.vendor]
