"""The backend for the current database: PostgreSQL tsvectors or SQLite FTS5."""

from django.db import connection


def current():
    """The backend module (postgres or sqlite) for the default database connection."""
    if connection.vendor == "postgresql":
        from . import postgres

        return postgres
    from . import sqlite

    return sqlite
