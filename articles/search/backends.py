"""The backend for the current database: PostgreSQL tsvectors or SQLite FTS5."""

from django.db import connection
from django.db.models import BooleanField, Expression

# How a statement reads the matches, which decides how a backend best writes the condition
# (see postgres.match()): counted in table order (or any way), a sample of the newest down the
# date index, or only EXPLAINed for the planner's estimate.
FORMS = ("count", "newest", "estimate")


def current():
    """The backend module (postgres or sqlite) for the default database connection."""
    if connection.vendor == "postgresql":
        from . import postgres

        return postgres
    from . import sqlite

    return sqlite


class DocumentSQL(Expression):
    """A boolean SQL condition on the search document table, `{table}` being its alias.

    The token columns (and the FTS5 table) are not model fields, so conditions on them are SQL;
    the alias is taken from the query being compiled, which keeps them valid inside subqueries
    (the admin filters articles by ``pk__in=<search documents subquery>``).
    """

    output_field = BooleanField()

    def __init__(self, sql: str, params: list):
        super().__init__()
        self.sql, self.params = sql, params

    def as_sql(self, compiler, connection):
        alias = compiler.query.get_initial_alias()
        return self.sql.format(table=compiler.quote_name_unless_alias(alias)), list(self.params)
