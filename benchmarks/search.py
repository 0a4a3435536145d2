"""Search at archive scale: N synthetic Chinese articles in PostgreSQL, real search code.

    .venv/bin/python benchmarks/search.py --articles 1000000

Builds its own database (newsroom_bench_search, dropped and recreated), migrates it with the
project's migrations, loads issues/pages with the ORM and articles + search documents with COPY
from worker processes (tsvector literals made by the same code as the live index), builds the GIN
indexes (timed, sizes reported), then times `search_articles()` — the function the search page,
admin and API call — for each kind of query, with and without a date filter, ordered by relevance
and by date, next to a naive ``ILIKE '%q%'`` scan over the article table in the same run.

Text: words drawn with a Zipf-like frequency (weight 1/rank) from a vocabulary made of the
segmented seed pages (read at run time from ../shared/seeds, never stored) and the demo texts,
extended by two-character words built from their characters; people's names from common surnames.
"""

import argparse
import datetime
import io
import itertools
import math
import multiprocessing
import os
import random
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DB_NAME = "newsroom_bench_search"
SERVER = os.environ.get("BENCH_POSTGRES", "postgres://postgres@127.0.0.1:5432")
os.environ["DATABASE_URL"] = f"{SERVER}/{DB_NAME}"
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")

SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡"
    "余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯"
    "龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
)
ARTICLES_PER_PAGE = 12
PAGES_PER_ISSUE = 8
FIRST_DAY = datetime.date(1990, 1, 1)


def vocabulary(seed: int = 7) -> tuple[list[str], list[str]]:
    """(words by rank, person names by rank)."""
    import rjieba

    from articles.search import tokens as tk

    texts = [(ROOT / "articles" / "demo.py").read_text(encoding="utf-8")]
    seeds = ROOT.parent.parent / "shared" / "seeds"
    if not seeds.is_dir():
        seeds = Path("/work/shared/seeds")
    texts += [path.read_text(encoding="utf-8") for path in sorted(seeds.glob("*.txt"))]
    counts: dict[str, int] = {}
    chars: dict[str, int] = {}
    for text in texts:
        for run in tk.HAN_RUN.findall(text):
            for word in rjieba.cut(run):
                counts[word] = counts.get(word, 0) + 1
                for char in word:
                    chars[char] = chars.get(char, 0) + 1
    words = sorted(counts, key=lambda w: (-counts[w], w))
    rng = random.Random(seed)
    alphabet = sorted(chars, key=lambda c: -chars[c])[:1500]
    known = set(words)
    while len(words) < 40_000:
        word = rng.choice(alphabet) + rng.choice(alphabet)
        if word not in known:
            known.add(word)
            words.append(word)
    words += ["5G", "2020", "GDP"]
    names, seen = [], set()
    while len(names) < 20_000:
        name = rng.choice(SURNAMES) + "".join(rng.choices(alphabet[:600], k=rng.choice([1, 2])))
        if name not in seen:
            seen.add(name)
            names.append(name)
    return words, names


def cumulative(n: int, exponent: float = 1.0) -> list[float]:
    return list(itertools.accumulate(1 / (rank + 1) ** exponent for rank in range(n)))


def generate(article_id: int, rng, words, word_weights, names, name_weights):
    """Headline, body, the words used (as rjieba would find them), section."""
    length = min(3000, max(60, int(rng.lognormvariate(math.log(300), 0.6))))
    parts, used, size = [], set(), 0
    while size < length:
        clause = rng.choices(words, cum_weights=word_weights, k=rng.randint(3, 9))
        used.update(clause)
        text = "".join(clause)
        parts.append(text + rng.choice("，，，。。、；"))
        size += len(text) + 1
    reporter = rng.choices(names, cum_weights=name_weights)[0]
    used.add(reporter)
    body = "".join(parts) + f"（记者 {reporter}）"
    headline_words = rng.choices(words, cum_weights=word_weights, k=rng.randint(3, 6))
    used.update(headline_words)
    return "".join(headline_words), body, used, rng.randrange(1, 11)


def _tsv_escape(value: str) -> str:
    return value.replace("\\", "\\\\").replace("\t", " ").replace("\n", "\\n")


def load_chunk(args):
    """Worker: generate articles [start, start+count) and COPY them and their search documents."""
    start, count, words, names = args
    import django

    django.setup()
    from django.db import connection

    from articles.search import postgres
    from articles.search import tokens as tk

    rng = random.Random(start)
    word_weights, name_weights = cumulative(len(words)), cumulative(len(names), 1.1)
    now = "2024-01-01 00:00:00+00"
    articles, documents = io.StringIO(), io.StringIO()
    for article_id in range(start, start + count):
        headline, body, used, section = generate(
            article_id, rng, words, word_weights, names, name_weights
        )
        index = (article_id - 1) // ARTICLES_PER_PAGE
        page_id, issue_id = index + 1, index // PAGES_PER_ISSUE + 1
        date = FIRST_DAY + datetime.timedelta(days=issue_id - 1)
        articles.write(
            "\t".join(
                [
                    str(article_id),
                    "published",
                    now,
                    now,
                    now,
                    str((article_id - 1) % ARTICLES_PER_PAGE),
                    "",
                    _tsv_escape(headline),
                    "",
                    "",
                    _tsv_escape(body),
                    "",
                    "news",
                    "own",
                    str(issue_id),
                    str(page_id),
                    str(section),
                ]
            )
            + "\n"
        )
        head_tokens = tk.positioned_tokens([headline])
        body_tokens = tk.positioned_tokens([body], start=head_tokens[-1][1] + 2)
        words_used = {tk.normalize(word) for word in used}
        vector, clipped = postgres.tsvector_literal(
            head_tokens + body_tokens, headline_end=head_tokens[-1][1], words=words_used
        )
        head_vector, _ = postgres.tsvector_literal(head_tokens, headline_end=head_tokens[-1][1])
        long_text = tk.normalize(headline + "\n" + body) if clipped else ""
        documents.write(
            f"{article_id}\t{date}\t{now}\t{section}\t{'t' if clipped else 'f'}\t"
            f"{_tsv_escape(long_text)}\t{now}\t{vector}\t{head_vector}\n"
        )
    with connection.cursor() as cursor:
        cursor.execute("SET session_replication_role = replica")  # skip FK triggers while loading
        articles.seek(0)
        cursor.copy_expert(
            "COPY articles_article (id, status, published_at, created_at, updated_at, position, "
            "kicker, headline, subheadline, dateline, body, signature, genre, origin, issue_id, "
            "page_id, section_id) FROM STDIN",
            articles,
        )
        documents.seek(0)
        cursor.copy_expert(
            "COPY articles_searchdocument (article_id, date, visible_from, section_id, is_long, "
            "long_text, indexed_at, vector, headline_vector) FROM STDIN",
            documents,
        )
    connection.close()
    return count


def create_database(articles: int) -> None:
    import psycopg2

    admin = psycopg2.connect(f"{SERVER}/postgres")
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute(f"DROP DATABASE IF EXISTS {DB_NAME}")
        cursor.execute(f"CREATE DATABASE {DB_NAME}")
    admin.close()
    subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), "migrate", "-v0"], check=True, cwd=ROOT
    )
    import django

    django.setup()
    from articles.models import Issue, Page, Publication, Section

    publication = Publication.objects.create(name="吕梁日报", slug="lvliang-daily", is_own=True)
    Section.objects.bulk_create(
        [Section(pk=n, name=f"栏目{n}", slug=f"section-{n}") for n in range(1, 11)]
    )
    issues = math.ceil(articles / ARTICLES_PER_PAGE / PAGES_PER_ISSUE)
    published = datetime.datetime(2024, 1, 1, tzinfo=datetime.UTC)
    Issue.objects.bulk_create(
        [
            Issue(
                pk=n,
                publication=publication,
                date=FIRST_DAY + datetime.timedelta(days=n - 1),
                number=n,
                page_count=PAGES_PER_ISSUE,
                status="published",
                published_at=published,
            )
            for n in range(1, issues + 1)
        ],
        batch_size=5000,
    )
    Page.objects.bulk_create(
        [
            Page(pk=(n - 1) * PAGES_PER_ISSUE + p, issue_id=n, number=p, name="要闻")
            for n in range(1, issues + 1)
            for p in range(1, PAGES_PER_ISSUE + 1)
        ],
        batch_size=5000,
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=1_000_000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--repeat", type=int, default=7, help="timed runs per query and order")
    parser.add_argument("--skip-load", action="store_true", help="reuse the loaded database")
    options = parser.parse_args()

    import django

    django.setup()
    words, names = vocabulary()
    if not options.skip_load:
        started = time.perf_counter()
        create_database(options.articles)
        from django.db import connection

        with connection.cursor() as cursor:
            cursor.execute("DROP INDEX searchdoc_vector, searchdoc_headline_vector")
        connection.close()
        chunk = 5000
        jobs = [
            (start, min(chunk, options.articles - start + 1), words, names)
            for start in range(1, options.articles + 1, chunk)
        ]
        loaded = 0
        with multiprocessing.get_context("fork").Pool(options.workers) as pool:
            for count in pool.imap_unordered(load_chunk, jobs):
                loaded += count
                print(f"\rloaded {loaded:,} articles", end="", flush=True)
        print(f"\nload (generate + COPY): {time.perf_counter() - started:.0f} s")
        from django.db import connection

        with connection.cursor() as cursor:
            for name, column in [
                ("searchdoc_vector", "vector"),
                ("searchdoc_headline_vector", "headline_vector"),
            ]:
                started = time.perf_counter()
                cursor.execute("SET maintenance_work_mem = '512MB'")
                cursor.execute(
                    f"CREATE INDEX {name} ON articles_searchdocument USING gin ({column})"
                )
                print(f"index {name} built in {time.perf_counter() - started:.0f} s")
            cursor.execute("VACUUM ANALYZE articles_searchdocument")
            cursor.execute("VACUUM ANALYZE articles_article")
    django.setup()
    run_queries(options, words, names)


def _percentile(values: list[float], fraction: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(round(fraction * (len(values) - 1))))]


def run_queries(options, words, names) -> None:
    from django.db import connection

    from articles.search import SearchFilters, search_articles

    with connection.cursor() as cursor:
        for label, sql in [
            ("table articles_searchdocument", "pg_relation_size('articles_searchdocument')"),
            ("  with TOAST", "pg_table_size('articles_searchdocument')"),
            ("GIN searchdoc_vector", "pg_relation_size('searchdoc_vector')"),
            ("GIN searchdoc_headline_vector", "pg_relation_size('searchdoc_headline_vector')"),
            ("b-tree on date", "pg_relation_size('articles_searchdocument_date_84b6bed3')"),
            ("table articles_article (with TOAST)", "pg_table_size('articles_article')"),
        ]:
            cursor.execute(f"SELECT pg_size_pretty({sql})")
            print(f"size {label}: {cursor.fetchone()[0]}")
        cursor.execute("SELECT count(*), max(date) FROM articles_searchdocument")
        total, last_day = cursor.fetchone()
    print(f"{total:,} articles up to {last_day}")

    # Query kinds by rank in the Zipf vocabulary (rank 0 is the most frequent word).
    long_words = [w for w in words if len(w) >= 2]
    queries = {
        "rare name": names[3_000],
        "rare word": long_words[39_000],
        "common word": long_words[300],
        "very common word": long_words[2],
        "two-word AND": f"{long_words[60]} {long_words[120]}",
        "phrase": f'"{long_words[5]}{long_words[8]}"',
    }
    date_filter = SearchFilters(
        date_from=last_day - datetime.timedelta(days=3 * 365), date_to=last_day
    )
    rows = []
    for kind, text in queries.items():
        for filters, filter_label in [(None, "all dates"), (date_filter, "last 3 years")]:
            for order in ("relevance", "date"):
                timings, result = [], None
                for _ in range(options.repeat):
                    started = time.perf_counter()
                    result = search_articles(text, filters=filters, order=order)
                    timings.append((time.perf_counter() - started) * 1000)
                count = f"{'~' if result.count_is_estimate else ''}{result.count:,}"
                rows.append((kind, text, filter_label, order, count, timings))
                print(
                    f"{kind:17} {text:14} {filter_label:12} {order:9} {count:>10} "
                    f"p50 {statistics.median(timings):7.1f} ms  "
                    f"p95 {_percentile(timings, 0.95):7.1f} ms",
                    flush=True,
                )
    print("\nnaive scan: SELECT count(*) … WHERE headline ILIKE '%q%' OR body ILIKE '%q%'")
    with connection.cursor() as cursor:
        for kind, text in queries.items():
            terms = text.strip('"').split()
            where = " AND ".join(["(headline ILIKE %s OR body ILIKE %s)"] * len(terms))
            params = [f"%{t}%" for t in terms for _ in range(2)]
            timings = []
            for _ in range(2):
                started = time.perf_counter()
                cursor.execute(f"SELECT count(*) FROM articles_article WHERE {where}", params)
                matches = cursor.fetchone()[0]
                timings.append((time.perf_counter() - started) * 1000)
            scan = min(timings)
            ours = max(_percentile(r[5], 0.95) for r in rows if r[0] == kind)
            print(
                f"{kind:17} scan {scan:8.0f} ms  {matches:>9,} matches  "
                f"worst search p95 {ours:6.1f} ms  → {scan / ours:6.0f}× faster"
            )


if __name__ == "__main__":
    main()
