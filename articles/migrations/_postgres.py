"""For migrations of what exists on PostgreSQL only: the search columns (SQLite has FTS5), and
indexes on expressions that SQLite writes with functions of Django's own.

The leading underscore keeps Django's migration loader from taking this module for a migration.
"""

TABLE = "articles_searchdocument"


def on_postgresql(statements):
    """A RunPython function that executes these SQL statements on PostgreSQL, and nothing else."""

    def operation(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for statement in statements:
                schema_editor.execute(statement, params=None)

    return operation


def ngram_column(column: str, fill: str) -> tuple[list[str], list[str]]:
    """(forward, backward) statements for a position-less n-gram column with its GIN index."""
    forward = [
        f"ALTER TABLE {TABLE} ADD COLUMN {column} tsvector NOT NULL DEFAULT ''::tsvector",
        fill,
        f"CREATE INDEX searchdoc_{column} ON {TABLE} USING gin ({column})",
        # Why 1,000: see "statistics" in articles/search/postgres.py.
        f"ALTER TABLE {TABLE} ALTER COLUMN {column} SET STATISTICS 1000",
    ]
    backward = [f"DROP INDEX searchdoc_{column}", f"ALTER TABLE {TABLE} DROP COLUMN {column}"]
    return forward, backward
