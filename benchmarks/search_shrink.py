"""What PostgreSQL alone can shrink (issue 20): the leanest index we found, on the database
benchmarks/search.py loaded, next to today's statements, in one run.

    BENCH_SEARCH_DB=newsroom_bench_search .venv/bin/python benchmarks/search_shrink.py

The variant stores nothing per article: one GIN index on an expression, the set of character
bigrams of the article's text (no positions, no table column, no TOAST), and every candidate
re-checked with LIKE on the text itself (articles_article, which the archive keeps anyway).
For each query kind of search.py it times what the engine's exact path reads (the first 10,001
matches, in any order) and the newest 20, all dates and the last three years, first with today's
conditions (search.match(), the "count" and "newest" readings), then with the variant: p50/p95
of --repeat runs, alternately. Prints each index's size per article and per byte of text.
"""

import argparse
import datetime
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks import search as bench  # noqa: E402  (sets up the environment for Django)

TEXT = "lower(headline || ' ' || body)"  # the index's expression, written alike in queries
FUNCTION = """
CREATE OR REPLACE FUNCTION bench_bigrams(t text) RETURNS tsvector
IMMUTABLE STRICT PARALLEL SAFE LANGUAGE sql AS $$
  SELECT coalesce(array_to_tsvector(array_agg(DISTINCT substr(t, i, 2))), ''::tsvector)
  FROM generate_series(1, char_length(t) - 1) AS i
$$"""
INDEX = "bench_article_bigrams"


def bigrams(term: str) -> str:
    """The tsquery of a term's distinct bigrams (a superset of its matches: LIKE decides)."""
    pieces = sorted({term[i : i + 2] for i in range(len(term) - 1)}) or [term]
    return " & ".join("'" + piece.replace("'", "''") + "'" for piece in pieces)


def variant_sql(text: str, date_from, order_by: str, limit: int) -> tuple[str, list]:
    terms = text.strip('"').lower().split()
    where = " AND ".join(
        [f"bench_bigrams({TEXT}) @@ %s::tsquery AND {TEXT} LIKE %s" for _ in terms]
    )
    params = [value for term in terms for value in (bigrams(term), f"%{term}%")]
    if date_from:
        where += " AND issue_date >= %s"
        params.append(date_from)
    return (
        f"SELECT id, issue_date FROM articles_article WHERE {where} {order_by} LIMIT %s",
        [*params, limit],
    )


def today_sql(text: str, date_from, order_by: str, limit: int, reading: str):
    from articles.models import SearchDocument
    from articles.search import parse_query, postgres

    backend = postgres.PostgresBackend()
    documents = SearchDocument.objects.order_by()
    if date_from:
        documents = documents.filter(date__gte=date_from)
    matches = documents.filter(
        backend.match(parse_query(text), long_documents=False, reading=reading)
    )
    if order_by:
        matches = matches.order_by("-date", "-article_id")
    sql, params = matches.values_list("article_id", "date")[:limit].query.sql_with_params()
    return sql, list(params)


def build_variant(cursor) -> float:
    started = time.perf_counter()
    cursor.execute(FUNCTION)
    cursor.execute(f"DROP INDEX IF EXISTS {INDEX}")
    cursor.execute("SET maintenance_work_mem = '1GB'")
    cursor.execute(f"CREATE INDEX {INDEX} ON articles_article USING gin (bench_bigrams({TEXT}))")
    cursor.execute("ANALYZE articles_article")
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=10)
    options = parser.parse_args()
    import django

    django.setup()
    from django.db import connection

    words, names = bench.vocabulary()
    with connection.cursor() as cursor:
        seconds = build_variant(cursor)
        cursor.execute(
            "SELECT count(*), sum(octet_length(headline) + octet_length(body)), max(issue_date) "
            "FROM articles_article"
        )
        articles, text_bytes, last_day = cursor.fetchone()
        cursor.execute(f"SELECT pg_relation_size('{INDEX}')")
        size = cursor.fetchone()[0]
        print(
            f"variant: GIN on the text's bigrams, built in {seconds:.0f} s: {size:,} bytes, "
            f"{size / articles:,.0f} an article, {size / text_bytes:.2f} × the text"
        )
        cursor.execute("SELECT pg_prewarm(%s::regclass)", [INDEX])
        cursor.execute("SELECT pg_prewarm('articles_article'::regclass)")
        cursor.execute(
            "SELECT pg_prewarm(reltoastrelid) FROM pg_class "
            "WHERE oid = 'articles_article'::regclass AND reltoastrelid <> 0"
        )
        cursor.execute("SET jit = off")
        cursor.execute("SET random_page_cost = 1.1")
        three_years = last_day - datetime.timedelta(days=3 * 365)
        cases = []
        for kind, text in bench.query_kinds(words, names).items():
            for date_from, label in [(None, "all dates"), (three_years, "last 3 years")]:
                for reading, order_by, limit in [
                    ("count", "", 10_001),
                    ("newest", "ORDER BY issue_date DESC, id DESC", 20),
                ]:
                    today = today_sql(text, date_from, order_by, limit, reading)
                    variant = variant_sql(text, date_from, order_by, limit)
                    cases.append((kind, text, label, reading, today, variant))
        timings = {(index, which): [] for index in range(len(cases)) for which in (0, 1)}
        rows = {}
        for _ in range(options.repeat):
            for index, case in enumerate(cases):
                for which in (0, 1):  # alternately: today, then the variant
                    sql, params = case[4 + which]
                    started = time.perf_counter()
                    cursor.execute(sql, params)
                    rows[index, which] = len(cursor.fetchall())
                    timings[index, which].append((time.perf_counter() - started) * 1000)
    print(f"{'kind':17} {'query':12} {'dates':12} {'read':6} rows today/variant; p50/p95 ms")
    for index, (kind, text, label, reading, _, _) in enumerate(cases):
        figures = []
        for which in (0, 1):
            times = timings[index, which]
            p50, p95 = statistics.median(times), bench._percentile(times, 0.95)
            figures.append(f"{rows[index, which]:>6} {p50:7.1f} / {p95:7.1f}")
        print(f"{kind:17} {text:12} {label:12} {reading:6} " + "   ".join(figures))


if __name__ == "__main__":
    main()
