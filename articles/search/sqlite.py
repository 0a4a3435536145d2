"""SQLite backend: an FTS5 table over our own bigram tokens, one row per article (rowid = id).

FTS5's trigram tokenizer silently finds nothing for two-character queries, so we feed the
`unicode61` tokenizer our space-separated tokens (see tokens.py) and query quoted phrases, which
matches ``LIKE '%q%'`` like the PostgreSQL design. FTS5 has no position limit, so no fallback.
Columns: headline tokens, body tokens, and rjieba words (for ranking whole-word matches).
"""

from contextlib import nullcontext

from django.db import connection

from .base import DocumentSQL, SearchBackend, SummarySQL
from .query import Query

FTS = "articles_search_fts"


def fts_query(query: Query, *, columns: str = "{headline body}", words: bool = False) -> str:
    """The FTS5 query: all terms (AND), each a quoted phrase of letter/digit tokens, or its
    spellings in either script as phrases joined by OR."""
    if words:
        return "words : (" + " AND ".join(f'"{w}"' for w in sorted(query.words())) + ")"
    phrases = []
    for term in query.terms:
        spellings = [
            '"' + " ".join(spelling.tokens) + '"' + (" *" if spelling.prefix_last else "")
            for spelling in term.spellings
        ]
        phrases.append(spellings[0] if len(spellings) == 1 else "(" + " OR ".join(spellings) + ")")
    return f"{columns} : (" + " AND ".join(phrases) + ")"


def _in_fts(fts: str):
    return DocumentSQL(
        f'{{table}}."article_id" IN (SELECT rowid FROM {FTS} WHERE {FTS} MATCH %s)', [fts]
    )


def _scored(article_ids: list[int], query: Query) -> list[tuple[int, float, int, int]]:
    """(rowid, bm25 negated, headline hit, whole-word hit) of the candidates that match, in one
    statement: bm25 needs the MATCH in its own query, the hits are subqueries of their own.

    `+rowid` keeps the candidates out of FTS5's plan: given `rowid IN (…)`, FTS5 runs the whole
    MATCH again for each candidate (200 of them: 15–57 ms on 3,400 articles of printed length);
    without, it walks the matches once, as the count already did (1–2 ms, the same rows)."""
    placeholders = ",".join(["%s"] * len(article_ids))
    words = fts_query(query, words=True) if query.words() else None
    word_hit = f"rowid IN (SELECT rowid FROM {FTS} WHERE {FTS} MATCH %s)" if words else "0"
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT rowid, -bm25({FTS}, 10.0, 1.0, 0.0), "
            f"rowid IN (SELECT rowid FROM {FTS} WHERE {FTS} MATCH %s), {word_hit} "
            f"FROM {FTS} WHERE {FTS} MATCH %s AND +rowid IN ({placeholders})",
            [
                fts_query(query, columns="headline"),
                *([words] if words else []),
                fts_query(query),
                *article_ids,
            ],
        )
        return cursor.fetchall()


class SQLiteBackend(SearchBackend):
    """SQLite: an FTS5 table over our own bigram tokens, one row per article."""

    estimate_is_exact = True  # SQLite archives are small enough to count
    # No AS MATERIALIZED (SQLite 3.35+, and Django supports older): since 3.35 SQLite computes
    # a CTE used more than once only once by itself.
    summary_sql = SummarySQL(
        year="substr(day, 1, 4)",
        object_agg="json_group_object",
        array_agg="json_group_array",
        array="json_array",
    )

    def index_values(self, row) -> tuple[tuple[str, str, str], bool]:
        """(headline tokens, body tokens, words) as space-separated text; FTS5 has no limits."""
        return (
            " ".join(token for _, tokens in row.headline for token in tokens),
            " ".join(token for _, tokens in row.body for token in tokens),
            " ".join(sorted(row.words)),
        ), False

    def write(self, values) -> None:
        """Replace the FTS rows of these articles: (article id, index_values)."""
        values = list(values)
        self.delete([article_id for article_id, _ in values])
        with connection.cursor() as cursor:
            cursor.executemany(
                f"INSERT INTO {FTS} (rowid, headline, body, words) VALUES (%s, %s, %s, %s)",
                [(article_id, *columns) for article_id, columns in values],
            )

    def delete(self, article_ids) -> None:
        article_ids = list(article_ids)
        if article_ids:
            with connection.cursor() as cursor:
                placeholders = ",".join(["%s"] * len(article_ids))
                cursor.execute(f"DELETE FROM {FTS} WHERE rowid IN ({placeholders})", article_ids)

    def session(self):
        """Nothing to set up on SQLite; yields has_long_documents()."""
        return nullcontext(False)

    def has_long_documents(self) -> bool:
        """FTS5 has no length limits."""
        return False

    def match(
        self,
        query: Query,
        *,
        long_documents: bool = False,
        headline_only: bool = False,
        reading: str = "count",
    ):
        """The FTS5 condition; FTS5 answers it the same way however the rows are then read."""
        return _in_fts(fts_query(query, columns="headline" if headline_only else "{headline body}"))

    def score_parts(self, article_ids, query: Query) -> dict[int, tuple[bool, bool, float]]:
        """(headline hit, whole-word hit, bm25 mapped to 0..1, headline ×10) for the candidates."""
        article_ids = list(article_ids)
        if not article_ids:
            return {}
        scored = {
            pk: (rank, headline, word) for pk, rank, headline, word in _scored(article_ids, query)
        }
        parts = {}
        for pk in article_ids:
            rank, headline, word = scored.get(pk, (0.0, 0, 0))
            parts[pk] = (bool(headline), bool(word), max(rank, 0.0) / (1 + abs(rank)))
        return parts

    def estimate_count(self, queryset) -> int:
        """SQLite archives are small enough to count exactly."""
        return queryset.count()
