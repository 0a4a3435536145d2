"""SQLite backend: an FTS5 table over our own bigram tokens, one row per article (rowid = id).

FTS5's trigram tokenizer silently finds nothing for two-character queries, so we feed the
`unicode61` tokenizer our space-separated tokens (see tokens.py) and query quoted phrases, which
matches ``LIKE '%q%'`` like the PostgreSQL design. FTS5 has no position limit, so no fallback.
Columns: headline tokens, body tokens, and rjieba words (for ranking whole-word matches).
"""

from contextlib import nullcontext

from django.db import connection

from .base import DocumentSQL, summarise_in_python
from .query import Query

TABLE = "articles_searchdocument"
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


def index_values(row) -> tuple[tuple[str, str, str], bool]:
    """(headline tokens, body tokens, words) as space-separated text; FTS5 has no limits."""
    return (
        " ".join(token for _, tokens in row.headline for token in tokens),
        " ".join(token for _, tokens in row.body for token in tokens),
        " ".join(sorted(row.words)),
    ), False


def write(values) -> None:
    """Replace the FTS rows of these articles: (article id, index_values)."""
    values = list(values)
    delete([article_id for article_id, _ in values])
    with connection.cursor() as cursor:
        cursor.executemany(
            f"INSERT INTO {FTS} (rowid, headline, body, words) VALUES (%s, %s, %s, %s)",
            [(article_id, *columns) for article_id, columns in values],
        )


def delete(article_ids) -> None:
    article_ids = list(article_ids)
    if article_ids:
        with connection.cursor() as cursor:
            placeholders = ",".join(["%s"] * len(article_ids))
            cursor.execute(f"DELETE FROM {FTS} WHERE rowid IN ({placeholders})", article_ids)


def _in_fts(fts: str):
    return DocumentSQL(
        f'{{table}}."article_id" IN (SELECT rowid FROM {FTS} WHERE {FTS} MATCH %s)', [fts]
    )


def session():
    """Nothing to set up on SQLite; yields has_long_documents()."""
    return nullcontext(False)


def has_long_documents() -> bool:
    """FTS5 has no length limits."""
    return False


def match(
    query: Query,
    *,
    long_documents: bool = False,
    headline_only: bool = False,
    form: str = "count",
):
    """The FTS5 condition; FTS5 answers it the same way however the rows are then read."""
    return _in_fts(fts_query(query, columns="headline" if headline_only else "{headline body}"))


def _matching(article_ids: list[int], fts: str) -> dict[int, float]:
    placeholders = ",".join(["%s"] * len(article_ids))
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT rowid, -bm25({FTS}, 10.0, 1.0, 0.0) FROM {FTS} "
            f"WHERE {FTS} MATCH %s AND rowid IN ({placeholders})",
            [fts, *article_ids],
        )
        return dict(cursor.fetchall())


def score_parts(article_ids, query: Query) -> dict[int, tuple[bool, bool, float]]:
    """(headline hit, whole-word hit, bm25 mapped to 0..1, headline ×10) for the candidates."""
    article_ids = list(article_ids)
    if not article_ids:
        return {}
    ranks = _matching(article_ids, fts_query(query))
    headline = _matching(article_ids, fts_query(query, columns="headline"))
    words = _matching(article_ids, fts_query(query, words=True)) if query.words() else {}
    return {
        pk: (
            pk in headline,
            pk in words,
            max(ranks.get(pk, 0.0), 0.0) / (1 + abs(ranks.get(pk, 0.0))),
        )
        for pk in article_ids
    }


def summarise(queryset, *, limit: int, newest: int):
    """Read the rows into Python: SQLite archives are small and its reads are in-process."""
    return summarise_in_python(queryset, limit=limit, newest=newest)


def estimate_count(queryset) -> int:
    """SQLite archives are small enough to count exactly."""
    return queryset.count()
