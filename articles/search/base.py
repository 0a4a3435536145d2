"""What the search backends (postgres, sqlite) share: SQL conditions on the document table, the
forms a match statement takes, and the summary of a match that summarise() returns."""

import datetime
from collections import Counter
from dataclasses import dataclass

from django.db.models import BooleanField, Expression

# How a statement reads the matches, which decides how a backend best writes the condition
# (see postgres.match()): counted in table order (or any way), a sample of the newest down the
# date index, or only EXPLAINed for the planner's estimate.
FORMS = ("count", "newest", "estimate")


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


@dataclass
class Summary:
    """What a backend's summarise() read: `read` rows, their facets and the newest of them."""

    read: int
    years: Counter
    sections: Counter
    newest: list[tuple[int, datetime.date]]  # (pk, date), newest first


def summarise_in_python(queryset, *, limit: int, newest: int) -> Summary:
    """summarise() by reading the rows into Python (SQLite; PostgreSQL counts them in SQL)."""
    rows = list(queryset.values_list("pk", "date", "section_id")[:limit])
    rows.sort(key=lambda row: (row[1], row[0]), reverse=True)
    return Summary(
        read=len(rows),
        years=Counter(date.year for _, date, _ in rows),
        sections=Counter(section for _, _, section in rows if section),
        newest=[(pk, date) for pk, date, _ in rows[:newest]],
    )
