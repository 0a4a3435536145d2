"""The contract every search backend fulfils (SearchBackend), and what the backends (postgres,
sqlite) share: SQL conditions on the document table, the ways a statement reads the matches, and the
summary of a match that summarise() returns."""

import datetime
import json
from collections import Counter
from collections.abc import Iterable
from contextlib import AbstractContextManager
from dataclasses import dataclass

from django.db import connection
from django.db.models import BooleanField, Expression

# How a statement reads the matches, which decides how a backend best writes the condition
# (see postgres.match()): counted in table order (or any way), a sample of the newest down the
# date index, or only EXPLAINed for the planner's estimate.
READINGS = ("count", "newest", "estimate")


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


@dataclass(frozen=True)
class SummarySQL:
    """How a backend's SQL writes what SearchBackend.summarise() needs."""

    year: str  # the year of the date column `day`, as text or integer
    object_agg: str  # JSON object aggregate: (key, value) → {"key": value}
    array_agg: str  # JSON array aggregate
    array: str  # a JSON array of its arguments
    materialized: str = ""  # "MATERIALIZED " where the CTE must be asked to be computed once


class SearchBackend:
    """What articles/search/engine.py and indexing.py ask of a backend (like Django's
    BaseEmailBackend: subclasses implement every method but summarise(), which is written here
    from their `summary_sql`; backends.current() picks one).

    The backend owns how tokens are stored and matched; the engine owns what is searched
    (SearchDocument rows the reader may see, narrowed by filters), counting strategy and
    ranking. Query is articles.search.query.Query; `row` is indexing.IndexRow.
    """

    # Indexing ----------------------------------------------------------------------------------

    def index_values(self, row) -> tuple[tuple, bool]:
        """The values write() stores for one article, and True when the backend had to drop
        positions (the article then also keeps its text for the long-text fallback)."""
        raise NotImplementedError

    def write(self, values: Iterable[tuple[int, tuple]]) -> None:
        """Store (article id, index_values()[0]) for articles whose SearchDocument is saved."""
        raise NotImplementedError

    def delete(self, article_ids: Iterable[int]) -> None:
        """Forget these articles (before their SearchDocument rows are deleted)."""
        raise NotImplementedError

    # Searching ---------------------------------------------------------------------------------

    # True when estimate_count() counts every match (as exactly as slowly): the engine then
    # reads its bounded summary first, which counts up to COUNT_LIMIT matches by itself.
    estimate_is_exact = False

    def session(self) -> AbstractContextManager[bool]:
        """A context for one search (a transaction with planner settings, or nothing); yields
        has_long_documents() so that match() knows whether to add the long-text fallback."""
        raise NotImplementedError

    def has_long_documents(self) -> bool:
        """True when some article is indexed with the long-text fallback."""
        raise NotImplementedError

    def match(self, query, *, long_documents: bool, headline_only: bool = False, reading="count"):
        """A boolean expression for SearchDocument.objects.filter(): the article contains every
        term of `query` (in its headline only, with `headline_only`). `reading` (one of READINGS)
        says how the statement will read the matches, so the backend can write the condition
        the planner answers best; "estimate" may admit a few rows that do not match."""
        raise NotImplementedError

    def score_parts(self, article_ids, query) -> dict[int, tuple[bool, bool, float]]:
        """article id → (headline hit, whole-word hit, rank in 0..1), for a bounded set."""
        raise NotImplementedError

    # The backend's SQL for summarise(), which is written once for both.
    summary_sql: SummarySQL

    def summarise(self, queryset, *, limit: int, newest: int) -> Summary:
        """Read up to `limit` rows of a SearchDocument queryset in its order (by date: the
        newest; unordered: where the scan stops soonest): how many, their facets by year and
        section, and the newest `newest` of them as (pk, date).

        One statement that counts in SQL: only the facets and the newest rows reach Python, not
        up to 10,001 rows (converting those took longer than reading them; docs/search.md).
        """
        sql, params = queryset.values_list("pk", "date", "section_id").query.sql_with_params()
        dialect = self.summary_sql
        with connection.cursor() as cursor:
            cursor.execute(
                f"WITH m (pk, day, section) AS {dialect.materialized}"
                f"(SELECT * FROM ({sql} LIMIT %s) AS q) "
                "SELECT (SELECT count(*) FROM m), "
                f"(SELECT {dialect.object_agg}(CAST(year AS TEXT), n) FROM "
                f"(SELECT {dialect.year} AS year, count(*) AS n FROM m GROUP BY 1) AS y), "
                f"(SELECT {dialect.object_agg}(CAST(section AS TEXT), n) FROM "
                "(SELECT section, count(*) AS n FROM m WHERE section IS NOT NULL "
                "GROUP BY 1) AS s), "
                f"(SELECT {dialect.array_agg}({dialect.array}(pk, day)) FROM "
                "(SELECT pk, day FROM m ORDER BY day DESC, pk DESC LIMIT %s) AS r)",
                [*params, limit, newest],
            )
            read, years, sections, rows = cursor.fetchone()
        # PostgreSQL's driver decodes json; SQLite's JSON functions return text
        years, sections, rows = (
            json.loads(value) if isinstance(value, str) else value
            for value in (years, sections, rows)
        )
        return Summary(
            read=read,
            years=Counter({int(year): n for year, n in (years or {}).items()}),
            sections=Counter({int(section): n for section, n in (sections or {}).items()}),
            newest=[(pk, datetime.date.fromisoformat(day)) for pk, day in rows or []],
        )

    def estimate_count(self, queryset) -> int:
        """How many rows the queryset has, exactly or as the planner's estimate."""
        raise NotImplementedError
