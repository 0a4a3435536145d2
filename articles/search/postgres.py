"""PostgreSQL backend: bigram tsvectors with GIN indexes on the search document table.

Design, decided by measurement (benchmarks/search.py, figures in benchmarks/README.md):

- `vector` holds every article's tokens with positions (headline tokens weighted A), plus the
  rjieba words as position-less lexemes prefixed with "=" (they can never be part of a bigram
  phrase, which only uses letter/digit lexemes). Queries are phrases over those lexemes
  (``'消费' <-> '费扶' <-> '扶贫'``), which match exactly the articles containing the substring.
- `headline_vector` repeats the headline tokens in a small column with its own GIN index, so that
  "headline hits first" reads a small index instead of re-checking every body match.
- Both are written as tsvector *literals* built in Python, not through to_tsvector(): the default
  parser would split or drop our tokens, and the literal lets us clamp positions ourselves.
- Positions stop at 16,383 and 256 per lexeme. Articles beyond either limit are flagged `is_long`
  and keep their normalised text in `long_text`; a query then also accepts
  ``is_long AND long_text LIKE …`` (a partial index keeps that branch to the few long articles).
- GIN, not RUM: Debian has postgresql-15-rum, but it is an extra package for every installation
  and CI machine; the date b-tree already gives fast newest-first pages, and relevance is ranked
  over a bounded candidate set (see articles/search/engine.py), so RUM's ordered scans were not
  needed to meet the targets.
"""

import json
from collections import defaultdict

from django.db import connection

from .backends import DocumentSQL
from .query import Query

TABLE = "articles_searchdocument"
MAX_POSITION = 16383
MAX_POSITIONS_PER_LEXEME = 256


def install(schema_editor) -> None:
    """Add the tsvector columns and their GIN indexes (run by the migration on PostgreSQL only)."""
    schema_editor.execute(
        f"ALTER TABLE {TABLE} ADD COLUMN vector tsvector NOT NULL DEFAULT ''::tsvector, "
        "ADD COLUMN headline_vector tsvector NOT NULL DEFAULT ''::tsvector"
    )
    schema_editor.execute(f"CREATE INDEX searchdoc_vector ON {TABLE} USING gin (vector)")
    schema_editor.execute(
        f"CREATE INDEX searchdoc_headline_vector ON {TABLE} USING gin (headline_vector)"
    )


def tsvector_literal(
    tokens: list[tuple[str, int]], *, headline_end: int = 0, words: set[str] = frozenset()
) -> tuple[str, bool]:
    """A tsvector literal (positions up to `headline_end` weighted A, words without positions).

    Returns the literal and True when positions had to be dropped (the article is "long").
    """
    positions: dict[str, list[str]] = defaultdict(list)
    clipped = False
    for token, position in tokens:
        if position > MAX_POSITION:
            clipped = True
            break
        lexeme_positions = positions[token]
        if len(lexeme_positions) >= MAX_POSITIONS_PER_LEXEME:
            clipped = True
            continue
        lexeme_positions.append(f"{position}A" if position <= headline_end else str(position))
    parts = [f"'{lexeme}':" + ",".join(places) for lexeme, places in positions.items()]
    parts.extend(f"'={word}'" for word in sorted(words))
    return " ".join(parts), clipped


def tsquery_literal(query: Query, *, words: bool = False) -> str:
    """The tsquery for all terms (AND); each term a phrase of quoted lexemes."""
    if words:
        return " & ".join(f"'={word}'" for word in sorted(query.words()))
    phrases = []
    for term in query.terms:
        lexemes = [f"'{token}'" for token in term.tokens]
        if term.prefix_last:
            lexemes[-1] += ":*"
        phrases.append("(" + " <-> ".join(lexemes) + ")")
    return " & ".join(phrases)


def like_patterns(query: Query) -> list[str]:
    """LIKE patterns for the long-text fallback, one per term."""
    return ["%" + "%".join(term.text.split()) + "%" for term in query.terms]


def write(rows) -> None:
    """Store the token columns of already saved search documents."""
    values = []
    for row in rows:
        headline_end = row.headline_tokens[-1][1] if row.headline_tokens else 0
        full, _ = tsvector_literal(
            row.headline_tokens + row.body_tokens, headline_end=headline_end, words=row.words
        )
        headline, _ = tsvector_literal(row.headline_tokens, headline_end=headline_end)
        values.append((full, headline, row.article_id))
    with connection.cursor() as cursor:
        cursor.executemany(
            f"UPDATE {TABLE} SET vector = %s::tsvector, headline_vector = %s::tsvector "
            "WHERE article_id = %s",
            values,
        )


def is_clipped(row) -> bool:
    """True when the article exceeds tsvector's position limits and needs the LIKE fallback."""
    return tsvector_literal(row.headline_tokens + row.body_tokens)[1]


def delete(article_ids) -> None:
    """Nothing to do: the token columns go with the search document row."""


def _has_long_documents() -> bool:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT EXISTS (SELECT 1 FROM {TABLE} WHERE is_long)")
        return cursor.fetchone()[0]


def match(query: Query, *, headline_only: bool = False):
    """A boolean expression for SearchDocument.objects.filter(): the article contains the query.

    The LIKE fallback for long articles is added only when the archive has any: an OR makes
    PostgreSQL re-evaluate `vector @@` on every row (de-TOASTing each vector) instead of trusting
    the GIN index for one-lexeme queries; measured 570 ms instead of a few ms for 10,000 rows.
    """
    column = "headline_vector" if headline_only else "vector"
    condition = '{table}."' + column + '" @@ %s::tsquery'
    params = [tsquery_literal(query)]
    if not headline_only and _has_long_documents():
        patterns = like_patterns(query)
        condition = (
            f'({condition} OR ({{table}}."is_long" AND '
            + " AND ".join('{table}."long_text" LIKE %s' for _ in patterns)
            + "))"
        )
        params += patterns
    return DocumentSQL(condition, params)


def score_parts(article_ids, query: Query) -> dict[int, tuple[bool, bool, float]]:
    """(headline hit, whole-word hit, ts_rank 0..1) for a bounded set of candidates, one query."""
    if not article_ids:
        return {}
    words = tsquery_literal(query, words=True) if query.words() else None
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT article_id, headline_vector @@ %s::tsquery, "
            f"coalesce(vector @@ %s::tsquery, false), ts_rank(vector, %s::tsquery, 32) "
            f"FROM {TABLE} WHERE article_id = ANY(%s)",
            [tsquery_literal(query), words, tsquery_literal(query), list(article_ids)],
        )
        return {pk: (head, word, rank) for pk, head, word, rank in cursor.fetchall()}


def estimate_count(queryset) -> int:
    """The planner's row estimate for a query with too many matches to count quickly."""
    plan = json.loads(queryset.explain(format="json"))
    return int(plan[0]["Plan"]["Plan Rows"])
