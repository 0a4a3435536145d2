"""The backend for the current database: PostgreSQL tsvectors or SQLite FTS5."""

from django.db import connection

from . import postgres, sqlite


def current():
    """The backend module (postgres or sqlite) for the default database connection."""
    return postgres if connection.vendor == "postgresql" else sqlite
