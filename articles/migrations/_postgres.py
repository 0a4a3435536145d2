"""For migrations of the search columns, which exist on PostgreSQL only (SQLite has FTS5).

The leading underscore keeps Django's migration loader from taking this module for a migration.
"""


def on_postgresql(statements):
    """A RunPython function that executes these SQL statements on PostgreSQL, and nothing else."""

    def operation(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for statement in statements:
                schema_editor.execute(statement, params=None)

    return operation
