"""PostgreSQL backend: bigram, trigram and four-gram tsvectors with GIN indexes on the search
documents (`vector`, `headline_vector`, `words`, `trigrams`, `fourgrams`), a LIKE fallback for the
few articles beyond tsvector's limits, one transaction with its own planner settings per search.

The design and the measurements behind each choice: docs/search.md.
"""

import json
import time
from collections import defaultdict
from contextlib import contextmanager

from django.db import connection, transaction

from ..models import SearchDocument
from .base import DocumentSQL, SearchBackend, SummarySQL
from .query import Query

TABLE = SearchDocument._meta.db_table
MAX_POSITION = 16383
MAX_POSITIONS_PER_LEXEME = 256


COLUMNS = ("vector", "headline_vector", "words", "trigrams", "fourgrams")
# n-gram column → the length of its lexemes
NGRAMS = {"trigrams": 3, "fourgrams": 4}


def _clamped(segments) -> tuple[list[tuple[int, list[str]]], bool]:
    """The (first position, tokens) segments cut at MAX_POSITION, and whether anything was cut."""
    kept = []
    for first, tokens in segments:
        room = MAX_POSITION - first + 1
        if len(tokens) > room:
            if room > 0:
                kept.append((first, tokens[:room]))
            return kept, True
        kept.append((first, tokens))
    return kept, False


def _positions(segments, weighted: bool, into=None) -> defaultdict:
    """lexeme → its positions, in text order ("12A" for weight A)."""
    positions = into if into is not None else defaultdict(list)
    for first, tokens in segments:
        if weighted:
            for position, token in enumerate(tokens, first):
                positions[token].append(f"{position}A")
        else:
            for position, token in enumerate(tokens, first):
                positions[token].append(position)
    return positions


def _literal(positions) -> tuple[str, bool]:
    """The tsvector literal, and True when a lexeme had more positions than tsvector keeps.

    Lexemes are written in PostgreSQL's order (by bytes, which for UTF-8 is code point order,
    as Python sorts), so the server's sort finds them sorted: that halves its parsing time.
    """
    parts, clipped = [], False
    for lexeme in sorted(positions):
        places = positions[lexeme]
        if len(places) == 1:
            parts.append(f"'{lexeme}':{places[0]}")
            continue
        if len(places) > MAX_POSITIONS_PER_LEXEME:
            places, clipped = places[:MAX_POSITIONS_PER_LEXEME], True
        parts.append(f"'{lexeme}':{','.join(map(str, places))}")
    return " ".join(parts), clipped


def _chained_runs(tokens):
    """The texts spelled by runs of bigrams that overlap by one character ("ab", "bc" → "abc")."""
    run = ""
    for token in tokens:
        if len(token) == 2 and run and run[-1] == token[0]:
            run += token[1]
            continue
        if len(run) > 2:
            yield run
        run = token if len(token) == 2 else ""
    if len(run) > 2:
        yield run


def chained_ngrams(tokens, size: int) -> list[str]:
    """The `size`-character windows of a token sequence: "ab", "bc", "cd" give "abc", "bcd" (3)
    and "abcd" (4).

    Within a Chinese run, consecutive bigrams overlap by one character, so these are exactly the
    run's substrings of that length. The same function serves articles and queries, so that
    two-letter words that happen to chain ("ab bc") give the same lexemes on both sides.
    """
    return windows(_chained_runs(tokens), size)


def windows(runs, size: int) -> list[str]:
    """Every `size`-character substring of each text in `runs`, in order."""
    return [run[start : start + size] for run in runs for start in range(len(run) - size + 1)]


def _phrase(term) -> str:
    """The term as a tsquery phrase; with spellings in the other script, any of them."""
    phrases = []
    for spelling in term.spellings:
        lexemes = [f"'{token}'" for token in spelling.tokens]
        if spelling.prefix_last:
            lexemes[-1] += ":*"
        phrases.append("(" + " <-> ".join(lexemes) + ")")
    return phrases[0] if len(phrases) == 1 else "(" + " | ".join(phrases) + ")"


def tsquery_literal(query: Query, *, words: bool = False) -> str:
    """The tsquery for all terms (AND); each term a phrase of quoted lexemes."""
    if words:
        return " & ".join(f"'{word}'" for word in sorted(query.words()))
    return " & ".join(_phrase(term) for term in query.terms)


def like_patterns(query: Query) -> list[list[str]]:
    """LIKE patterns for the long-text fallback: for each term, one per spelling."""
    return [
        ["%" + "%".join(spelling.text.split()) + "%" for spelling in term.spellings]
        for term in query.terms
    ]


FREQUENCIES_TTL = 600  # seconds: statistics change only when the table is analysed
_frequencies: dict = {"read_at": None, "values": {}}


def ngram_frequencies() -> dict[str, dict[str, float]]:
    """n-gram column → the share of articles holding each of its common lexemes, from
    PostgreSQL's statistics, read once per process every FREQUENCIES_TTL seconds and only by
    searches for terms of five or more characters (docs/search.md)."""
    now = time.monotonic()
    if _frequencies["read_at"] is None or now - _frequencies["read_at"] > FREQUENCIES_TTL:
        values = {column: {} for column in NGRAMS}
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT attname, common.lexeme, common.frequency FROM pg_stats, "
                "unnest(most_common_elems::text::text[], most_common_elem_freqs) "
                "AS common (lexeme, frequency) "
                "WHERE tablename = %s AND attname = ANY(%s) AND common.lexeme IS NOT NULL",
                [TABLE, list(NGRAMS)],
            )
            for column, lexeme, frequency in cursor.fetchall():
                values[column][lexeme] = frequency
        _frequencies.update(read_at=now, values=values)
    return _frequencies["values"]


def rarest_ngram(column: str, ngrams: list[str]) -> str:
    """The n-gram held by the fewest articles; one without statistics is rarer than any with."""
    frequencies = ngram_frequencies().get(column, {})
    return min(ngrams, key=lambda ngram: frequencies.get(ngram, 0.0))


def _ngram_lookup(term) -> tuple[str, list[str]] | tuple[None, list]:
    """(n-gram column, the term's lexemes there) for the longest n-grams the term has."""
    for column, size in sorted(NGRAMS.items(), key=lambda item: -item[1]):
        ngrams = chained_ngrams(term.tokens, size)
        if ngrams:
            return column, ngrams
    return None, []


def _body_condition(query: Query, reading: str) -> tuple[str, list]:
    """The condition on the article's text for the given reading (see match()).

    "count": each term by its longest n-grams (`fourgrams`, else `trigrams`), then its bigram phrase
    re-checked on `vector` with ts_match_vq() unless the term is a single n-gram. "newest": the
    phrases re-checked on each row's `vector` only, so that the planner walks the date index.
    "estimate": each term by its rarest n-gram, without the re-check. Why each is written so:
    docs/search.md.

    A term with a spelling in the other script (繁简, see scripts.py) matches either: its
    n-grams become one OR-ed tsquery per column (``'吕梁市' | '呂梁市'``), and its re-check an
    OR of phrases.
    """
    if reading == "newest":
        return 'ts_match_vq({table}."vector", %s::tsquery)', [tsquery_literal(query)]
    indexed, rechecked = [], []
    lookups = {column: [] for column in NGRAMS}
    # terms with spellings in the other script: n-gram column → one "(a & b)" per spelling
    either: list[dict[str, list[str]]] = []
    for term in query.terms:
        spelled = [(spelling, *_ngram_lookup(spelling)) for spelling in term.spellings]
        if any(column is None for _, column, _ in spelled):
            indexed.append(_phrase(term))
            continue
        if reading != "estimate" and any(
            len(spelling.tokens) > NGRAMS[column] - 1 or spelling.prefix_last
            for spelling, column, _ in spelled
        ):
            rechecked.append(_phrase(term))
        if reading == "estimate":
            spelled = [
                (spelling, column, [rarest_ngram(column, ngrams)] if len(ngrams) > 1 else ngrams)
                for spelling, column, ngrams in spelled
            ]
        if len(spelled) == 1:
            _, column, ngrams = spelled[0]
            lookups[column] += [ngram for ngram in ngrams if ngram not in lookups[column]]
            continue
        alternatives = defaultdict(list)
        for _, column, ngrams in spelled:
            alternatives[column].append("(" + " & ".join(f"'{ngram}'" for ngram in ngrams) + ")")
        either.append(alternatives)
    conditions, params = [], []
    if rechecked:
        conditions.append('ts_match_vq({table}."vector", %s::tsquery)')
        params.append(" & ".join(rechecked))
    if indexed:
        conditions.append('{table}."vector" @@ %s::tsquery')
        params.append(" & ".join(indexed))
    for column, ngrams in lookups.items():
        if ngrams:
            conditions.append(f'{{table}}."{column}" @@ %s::tsquery')
            params.append(" & ".join(f"'{ngram}'" for ngram in ngrams))
    for alternatives in either:
        # one tsquery per column, so a term spelled alike in length is one index scan
        conditions.append(
            "("
            + " OR ".join(f'{{table}}."{column}" @@ %s::tsquery' for column in alternatives)
            + ")"
        )
        params += [" | ".join(spellings) for spellings in alternatives.values()]
    return " AND ".join(conditions), params


class PostgresBackend(SearchBackend):
    """PostgreSQL: tsvector columns with GIN indexes on the search document table."""

    summary_sql = SummarySQL(
        year="extract(year FROM day)::int",
        object_agg="json_object_agg",
        array_agg="json_agg",
        array="json_build_array",
        materialized="MATERIALIZED ",
    )

    def index_values(self, row) -> tuple[tuple[str, ...], bool]:
        """The values of COLUMNS for one IndexRow, and True when positions had to be dropped.

        Lexemes are letters and digits only (see tokens.py), so quoting them needs no escaping.
        """
        headline, headline_clipped = _clamped(row.headline)
        body, body_clipped = _clamped(row.body)
        headline_positions = _positions(headline, True)
        headline_vector, _ = _literal(headline_positions)
        # the body's positions join the headline's (written above, before they are extended)
        vector, lexeme_clipped = _literal(_positions(body, False, into=headline_positions))
        words = " ".join(f"'{word}'" for word in sorted(row.words))
        # the runs once for every n-gram length
        runs = [run for _, tokens in headline + body for run in _chained_runs(tokens)]
        ngrams = [
            " ".join(f"'{ngram}'" for ngram in sorted(set(windows(runs, size))))
            for size in NGRAMS.values()
        ]
        return (
            (vector, headline_vector, words, *ngrams),
            headline_clipped or body_clipped or lexeme_clipped,
        )

    def write(self, values) -> None:
        """Store the token columns of already saved search documents: (article id, index_values)."""
        sets = ", ".join(f"{column} = %s::tsvector" for column in COLUMNS)
        with connection.cursor() as cursor:
            cursor.executemany(
                f"UPDATE {TABLE} SET {sets} WHERE article_id = %s",
                [(*columns, article_id) for article_id, columns in values],
            )

    def delete(self, article_ids) -> None:
        """Nothing to do: the token columns go with the search document row."""

    @contextmanager
    def session(self):
        """One transaction per search with its own planner settings (jit off,
        random_page_cost 1.1, work_mem 32 MB; why: docs/search.md), made in the statement that
        asks whether any article needs the long-text fallback; yields has_long_documents()."""
        with transaction.atomic(savepoint=False):
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT set_config('jit', 'off', true), "
                    f"EXISTS (SELECT 1 FROM {TABLE} WHERE is_long), "
                    "set_config('random_page_cost', '1.1', true), "
                    "set_config('work_mem', '32MB', true)"
                )
                long_documents = cursor.fetchone()[1]
            yield long_documents

    def has_long_documents(self) -> bool:
        """True when some article exceeds tsvector's limits."""
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT EXISTS (SELECT 1 FROM {TABLE} WHERE is_long)")
            return cursor.fetchone()[0]

    def match(
        self,
        query: Query,
        *,
        long_documents: bool,
        headline_only: bool = False,
        reading: str = "count",
    ):
        """A boolean expression for SearchDocument.objects.filter(): the article contains the query.

        `reading` (see base.READINGS and _body_condition()) says how the statement reads the
        matches.
        The LIKE fallback for long articles is added only when the archive has any
        (docs/search.md: an OR costs the GIN index its shortcut).
        """
        if headline_only:
            return DocumentSQL('{table}."headline_vector" @@ %s::tsquery', [tsquery_literal(query)])
        condition, params = _body_condition(query, reading)
        if long_documents:
            patterns = like_patterns(query)
            condition = (
                f'(({condition}) OR ({{table}}."is_long" AND '
                + " AND ".join(
                    "(" + " OR ".join('{table}."long_text" LIKE %s' for _ in spellings) + ")"
                    for spellings in patterns
                )
                + "))"
            )
            params += [pattern for spellings in patterns for pattern in spellings]
        return DocumentSQL(condition, params)

    def score_parts(self, article_ids, query: Query) -> dict[int, tuple[bool, bool, float]]:
        """(headline hit, whole-word hit, ts_rank 0..1) for a bounded set of candidates."""
        if not article_ids:
            return {}
        words = tsquery_literal(query, words=True) if query.words() else None
        with connection.cursor() as cursor:
            cursor.execute(
                f"SELECT article_id, headline_vector @@ %s::tsquery, "
                f"coalesce(words @@ %s::tsquery, false), ts_rank(vector, %s::tsquery, 32) "
                f"FROM {TABLE} WHERE article_id = ANY(%s)",
                [tsquery_literal(query), words, tsquery_literal(query), list(article_ids)],
            )
            return {pk: (head, word, rank) for pk, head, word, rank in cursor.fetchall()}

    def estimate_count(self, queryset) -> int:
        """The planner's row estimate for a query with too many matches to count quickly."""
        plan = json.loads(queryset.explain(format="json"))
        return int(plan[0]["Plan"]["Plan Rows"])
