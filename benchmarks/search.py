"""Search at archive scale: N synthetic Chinese articles in PostgreSQL, real search code.

    .venv/bin/python benchmarks/search.py --articles 1000000            # load, index, measure
    .venv/bin/python benchmarks/search.py --skip-load                   # measure again
    .venv/bin/python benchmarks/search.py --skip-load --explain         # EXPLAIN every statement

Builds its own database (newsroom_bench_search, dropped and recreated) with the project's
migrations, creates issues and pages with the ORM, drops the secondary indexes of the article and
search tables, and loads articles and search documents with COPY from one worker process per core.
Each worker indexes its articles with the live code (indexing.build_row() and the backend's
index_values(), as a save would), so the benchmark measures the index the site builds. The
indexes are then rebuilt (timed one by one, two at a time), the tables vacuumed and analysed.

Measuring reads the search table and its indexes into the page cache (pg_prewarm, 'read'), then
times `search_articles()` — the function the search page, admin and API call — for each kind of
query, with and without a date filter, ordered by relevance and by date, in rounds over all
cases, next to a naive ``ILIKE '%q%'`` count over the article table in the same run.

Text: words drawn with a Zipf-like frequency (weight 1/rank) from a vocabulary made of the
segmented seed pages (read at run time from ../shared/seeds, never stored) and the demo texts,
extended by two-character words built from their characters; bodies of log-normal length around
300 characters in clauses of 3–9 words; headlines of 3–4 words; a reporter's name from 20,000
generated names (weight 1/rank^1.1) at the end of each body.
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
# BENCH_SEARCH_DB: a database of one's own when several benchmarks share the server
DB_NAME = os.environ.get("BENCH_SEARCH_DB", "newsroom_bench_search")
SERVER = os.environ.get("BENCH_POSTGRES", "postgres://postgres@127.0.0.1:5432")
os.environ["DATABASE_URL"] = f"{SERVER}/{DB_NAME}"
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")

from demo import synthetic  # noqa: E402  (after sys.path: plain data, no Django)

SURNAMES = (
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡"
    "余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯"
    "龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
)
ARTICLES_PER_PAGE = 12
CLAUSE_SIZES = range(3, 10)
CLAUSE_MARKS = "，，，。。、；"
PAGES_PER_ISSUE = 8
FIRST_DAY = datetime.date(1990, 1, 1)
# --length: body length in characters, (median, sigma, shortest, longest) of a log-normal.
# "short" is what the figures before issue 20 used; "real" is the length the paper prints, as
# the demo's generator draws it (demo/synthetic.py: body_length()).
LENGTHS = {
    "short": (300, 0.6, 60, 3000),
    "real": (
        synthetic.BODY_MEDIAN,
        synthetic.BODY_SIGMA,
        synthetic.BODY_MIN,
        synthetic.BODY_MAX - 250,
    ),
}


def vocabulary(seed: int = 7) -> tuple[list[str], list[str]]:
    """(words by rank, person names by rank)."""
    import rjieba

    from articles.search import tokens as tk

    # the demo archive's texts (issue 16 moved them from articles/demo.py into the demo app)
    texts = [
        path.read_text(encoding="utf-8")
        for path in sorted((ROOT / "demo").rglob("*"))
        if path.suffix in {".py", ".json", ".txt"} and path.is_file()
    ]
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


class Generator:
    """Synthetic articles: words drawn with weight 1/rank, clauses of 3–9 words, a reporter.

    One `choices()` call per article for its words (not one per clause): drawing is most of the
    generator's own cost.
    """

    def __init__(self, seed: int, words: list[str], names: list[str], length: str = "short"):
        self.rng = random.Random(seed)
        self.median, self.sigma, self.shortest, self.longest = LENGTHS[length]
        self.words, self.names = words, names
        self.word_weights = cumulative(len(words))
        self.name_weights = cumulative(len(names), 1.1)
        total = self.word_weights[-1]
        previous = 0.0
        mean = 0.0
        for word, weight in zip(words, self.word_weights, strict=True):
            mean += len(word) * (weight - previous) / total
            previous = weight
        self.mean_word_length = mean

    def article(self) -> tuple[str, str, int]:
        """(headline, body, section)."""
        rng = self.rng
        drawn = rng.lognormvariate(math.log(self.median), self.sigma)
        length = int(min(self.longest, max(self.shortest, drawn)))
        count = int(length / self.mean_word_length * 1.2) + 12
        drawn = rng.choices(self.words, cum_weights=self.word_weights, k=count)
        sizes = rng.choices(CLAUSE_SIZES, k=count // 3 + 1)
        marks = rng.choices(CLAUSE_MARKS, k=len(sizes))
        parts, size, start = [], 0, 4
        for clause_size, mark in zip(sizes, marks, strict=True):
            if size >= length or start >= count:
                break
            text = "".join(drawn[start : start + clause_size])
            parts.append(text + mark)
            size += len(text) + 1
            start += clause_size
        reporter = rng.choices(self.names, cum_weights=self.name_weights)[0]
        headline = "".join(drawn[: rng.randint(3, 4)])
        return headline, "".join(parts) + f"（记者 {reporter}）", rng.randrange(1, 11)


def _copy_text(value) -> str:
    """One value in COPY's text format."""
    if value is None:
        return "\\N"
    if isinstance(value, bool):
        return "t" if value else "f"
    return str(value).replace("\\", "\\\\").replace("\t", " ").replace("\n", "\\n")


def _copy(cursor, model, rows: list[dict], extra_columns=()) -> None:
    """COPY `rows` (column → value) into the model's table. Columns a row does not give take the
    field's default, so the loader keeps up with fields added to the models."""
    defaults = {field.column: field.get_default() for field in model._meta.concrete_fields}
    columns = [*defaults, *extra_columns]
    data = io.StringIO()
    for row in rows:
        data.write("\t".join([_copy_text(row.get(c, defaults.get(c))) for c in columns]) + "\n")
    data.seek(0)
    cursor.copy_expert(f"COPY {model._meta.db_table} ({', '.join(columns)}) FROM STDIN", data)


def load_chunk(args):
    """Worker: generate articles [start, start+count), index them with the live code, COPY both."""
    start, count, words, names, length = args
    from django.db import connection

    from articles.models import Article, SearchDocument
    from articles.search import indexing, postgres

    cpu_started = time.process_time()
    generator = Generator(start, words, names, length)
    now = "2024-01-01 00:00:00+00"
    articles, documents = [], []
    for article_id in range(start, start + count):
        headline, body, section = generator.article()
        index = (article_id - 1) // ARTICLES_PER_PAGE
        page_id, issue_id = index + 1, index // PAGES_PER_ISSUE + 1
        date = FIRST_DAY + datetime.timedelta(days=issue_id - 1)
        articles.append(
            {
                "id": article_id,
                "status": "published",
                "published_at": now,
                "created_at": now,
                "updated_at": now,
                "position": (article_id - 1) % ARTICLES_PER_PAGE,
                "headline": headline,
                "body": body,
                "issue_id": issue_id,
                "page_id": page_id,
                "issue_date": date,
                "page_number": index % PAGES_PER_ISSUE + 1,
                "section_id": section,
            }
        )
        # The fields indexing.headline_fields() and body_fields() read from such an article.
        head, rest = ["", headline, ""], ["", body, ""]
        values, is_long = postgres.PostgresBackend().index_values(
            indexing.build_row(article_id, head, rest)
        )
        documents.append(
            {
                "article_id": article_id,
                "date": date,
                "visible_from": now,
                "section_id": section,
                "is_long": is_long,
                "long_text": indexing.long_text(head, rest) if is_long else "",
                "indexed_at": now,
                **dict(zip(postgres.COLUMNS, values, strict=True)),
            }
        )
    with connection.cursor() as cursor:
        cursor.execute("SET session_replication_role = replica")  # no FK triggers while loading
        _copy(cursor, Article, articles)
        _copy(cursor, SearchDocument, documents, extra_columns=postgres.COLUMNS)
        cursor.execute("SELECT pg_backend_pid()")
        server_seconds = _cpu_seconds(cursor.fetchone()[0])
    connection.close()
    return count, time.process_time() - cpu_started, server_seconds


def _cpu_seconds(pid: int) -> float:
    """CPU time (user + system) of a local process, from /proc; 0 when not readable."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


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
    from articles.models.issues import lunar_date

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
                lunar_date=lunar_date(FIRST_DAY + datetime.timedelta(days=n - 1)),
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


LOADED_TABLES = ("articles_article", "articles_searchdocument")


def drop_indexes() -> list[tuple[str, str]]:
    """Drop the secondary indexes of the loaded tables; returns (name, definition) to rebuild.

    Building an index once after COPY is much cheaper than updating it for every row.
    Indexes behind constraints (primary keys, unique constraints) stay.
    """
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.relname, pg_get_indexdef(i.indexrelid) FROM pg_index i "
            "JOIN pg_class c ON c.oid = i.indexrelid JOIN pg_class t ON t.oid = i.indrelid "
            "WHERE t.relname = ANY(%s) AND NOT EXISTS "
            "(SELECT 1 FROM pg_constraint WHERE conindid = i.indexrelid)",
            [list(LOADED_TABLES)],
        )
        indexes = cursor.fetchall()
        for name, _ in indexes:
            cursor.execute(f'DROP INDEX "{name}"')
    connection.close()
    return indexes


def build_index(definition: str) -> tuple[str, float]:
    """Worker: run one CREATE INDEX; returns its definition, wall-clock and server CPU seconds."""
    from django.db import connection

    started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute("SET maintenance_work_mem = '1GB'")
        cursor.execute("SELECT pg_backend_pid()")
        pid = cursor.fetchone()[0]
        cpu_started = _cpu_seconds(pid)
        cursor.execute(definition)
        cpu = _cpu_seconds(pid) - cpu_started
    connection.close()
    return definition, time.perf_counter() - started, cpu


def load(options, words, names) -> None:
    """Create, fill and index the benchmark database, printing the time of each step."""
    started = time.perf_counter()
    create_database(options.articles)
    indexes = drop_indexes()
    print(f"schema, issues and pages: {time.perf_counter() - started:.0f} s")
    chunk = 10_000
    jobs = [
        (start, min(chunk, options.articles - start + 1), words, names, options.length)
        for start in range(1, options.articles + 1, chunk)
    ]
    # Imported before forking, so that every worker runs the same code as this process.
    from articles.search import indexing, postgres  # noqa: F401

    started, loaded, python_cpu, server_cpu = time.perf_counter(), 0, 0.0, 0.0
    context = multiprocessing.get_context("fork")
    with context.Pool(options.workers) as pool:
        for count, python_seconds, server_seconds in pool.imap_unordered(load_chunk, jobs):
            loaded += count
            python_cpu += python_seconds
            server_cpu += server_seconds
            rate = loaded / (time.perf_counter() - started)
            print(f"\rloaded {loaded:,} articles ({rate:,.0f}/s)", end="", flush=True)
    print(f"\nload (generate, index rows, COPY): {time.perf_counter() - started:.0f} s")
    # The wall-clock time depends on what else runs on the machine; the CPU time does not.
    print(
        f"CPU: {python_cpu:.0f} s in the generating processes, {server_cpu:.0f} s in their "
        f"PostgreSQL backends ({(python_cpu + server_cpu) / loaded * 1e6:.0f} µs an article)"
    )

    # The big GIN index first, the rest beside it on the other core.
    indexes.sort(key=lambda index: " gin " not in index[1].lower())
    started = time.perf_counter()
    with context.Pool(options.workers) as pool:
        for definition, seconds, cpu in pool.imap_unordered(build_index, [d for _, d in indexes]):
            print(f"index built in {seconds:6.1f} s ({cpu:.1f} s CPU): {definition}", flush=True)
    print(f"indexes: {time.perf_counter() - started:.0f} s (wall clock, {options.workers} at once)")
    from django.db import connection

    started = time.perf_counter()
    with connection.cursor() as cursor:
        for table in LOADED_TABLES:
            cursor.execute(f"VACUUM ANALYZE {table}")
        # Issues, pages and the rest too: without statistics on issues the planner expected 45
        # published issues instead of 10,417 and hashed them all to load 20 articles.
        cursor.execute("ANALYZE")
    print(f"VACUUM ANALYZE: {time.perf_counter() - started:.0f} s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=1_000_000)
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 2)
    parser.add_argument(
        "--length",
        choices=LENGTHS,
        default="short",
        help="article bodies: short (~300 characters) or real (~1,200, as printed)",
    )
    parser.add_argument("--repeat", type=int, default=20, help="timed runs per query and order")
    parser.add_argument("--skip-load", action="store_true", help="reuse the loaded database")
    parser.add_argument("--load-only", action="store_true", help="load, then stop")
    parser.add_argument(
        "--explain", action="store_true", help="EXPLAIN (ANALYZE, BUFFERS) each search's queries"
    )
    options = parser.parse_args()

    import django

    django.setup()
    words, names = vocabulary()
    if not options.skip_load:
        load(options, words, names)
    if not options.load_only:
        run_queries(options, words, names)


def _percentile(values: list[float], fraction: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(round(fraction * (len(values) - 1))))]


def report_sizes() -> tuple[int, datetime.date]:
    """Print the search data by relation (table, TOAST, each index) in bytes, per article and per
    byte of the articles' text, and each token column's stored size; returns the number of
    documents and the last date."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*), sum(octet_length(headline) + octet_length(body)), "
            "sum(char_length(headline) + char_length(body)) FROM articles_article"
        )
        articles, text_bytes, text_chars = cursor.fetchone()
        cursor.execute(
            "SELECT 'table', pg_relation_size(c.oid) FROM pg_class c WHERE c.oid = %s::regclass "
            "UNION ALL SELECT 'TOAST', pg_total_relation_size(c.reltoastrelid) FROM pg_class c "
            "WHERE c.oid = %s::regclass UNION ALL SELECT 'index ' || i.indexrelid::regclass, "
            "pg_relation_size(i.indexrelid) FROM pg_index i WHERE i.indrelid = %s::regclass",
            ["articles_searchdocument"] * 3,
        )
        relations = sorted(cursor.fetchall(), key=lambda row: -row[1])
        columns = ", ".join(f"coalesce(sum(pg_column_size({c})), 0)" for c in SIZED_COLUMNS)
        cursor.execute(f"SELECT {columns} FROM articles_searchdocument")
        column_sizes = cursor.fetchone()
        cursor.execute("SELECT count(*), max(date) FROM articles_searchdocument")
        total, last_day = cursor.fetchone()
        cursor.execute("SELECT current_setting('shared_buffers')")
        shared_buffers = cursor.fetchone()[0]
    search_bytes = sum(size for _, size in relations)
    print(f"text: {text_chars / articles:,.0f} characters an article, {text_bytes:,} bytes in all")
    print(f"{'search data':40} {'bytes':>16} {'per article':>12} {'÷ text bytes':>13}")
    for name, size in [*relations, ("all search data", search_bytes)]:
        print(f"{name:40} {size:16,} {size / articles:12,.0f} {size / text_bytes:13.2f}")
    print("stored size of each column (compressed, in row or TOAST):")
    for column, size in zip(SIZED_COLUMNS, column_sizes, strict=True):
        print(f"  {column:38} {size:16,} {size / articles:12,.0f} {size / text_bytes:13.2f}")
    print(f"{total:,} articles up to {last_day}; server shared_buffers {shared_buffers}")
    return total, last_day


# The search table's columns whose stored size report_sizes() prints.
SIZED_COLUMNS = ("vector", "headline_vector", "words", "trigrams", "fourgrams", "long_text")


def query_kinds(words: list[str], names: list[str]) -> dict[str, str]:
    """One query per kind, by rank in the Zipf vocabulary (rank 0 is the most frequent word)."""
    long_words = [w for w in words if len(w) >= 2]
    # Most Chinese names have three characters; the first such name from rank 3,000 on.
    name = next(n for n in names[3_000:] if len(n) == 3)
    return {
        "rare name": name,
        "rare word": long_words[39_000],
        "common word": long_words[300],
        "very common word": long_words[2],
        "two-word AND": f"{long_words[60]} {long_words[120]}",
        "phrase": f'"{long_words[5]}{long_words[8]}"',
        # the most frequent word of four characters: a long term with very many matches
        "common phrase": next(w for w in long_words if len(w) >= 4),
    }


def explain(text: str, filters, order: str) -> None:
    """EXPLAIN (ANALYZE, BUFFERS) every statement one search runs."""
    from django.db import connection

    from articles.search import search_articles

    statements = []

    def capture(execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            statements.append((sql, params, (time.perf_counter() - started) * 1000))

    search_articles(text, filters=filters, order=order)  # warm the caches, as the timed runs do
    started = time.perf_counter()
    with connection.execute_wrapper(capture):
        search_articles(text, filters=filters, order=order)
    total = (time.perf_counter() - started) * 1000
    database = sum(ms for _, _, ms in statements)
    print(f"search {total:.1f} ms, {len(statements)} statements {database:.1f} ms")
    from articles.search import postgres

    # Inside a search session, so that EXPLAIN plans with the settings the search runs with.
    with postgres.PostgresBackend().session(), connection.cursor() as cursor:
        for sql, params, ms in statements:
            print(f"-- {ms:.1f} ms: {sql[:300]}")
            if sql.lstrip().upper().startswith(("SELECT", "WITH")):
                cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql, params)
                print("\n".join(line for (line,) in cursor.fetchall()))
            print()


def prewarm() -> None:
    """Read the search table, its TOAST and its indexes into the operating system's page cache,
    then the indexes and the table (not TOAST: the n-grams there are never read by a search
    that uses their index) into PostgreSQL's shared buffers, the table last so that it stays.
    The shared buffers keep all of it only when the server's shared_buffers is set for a machine
    of this size; at the default of 128 MB they keep the end of the table.

    The figures are for a server whose RAM holds them (as it should); right after the load the
    kernel had dropped much of the 4 GB table, and reading it back from disk, not search, then
    dominated the first queries (28 µs a page instead of a few).
    """
    from django.db import connection

    started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute("CREATE EXTENSION IF NOT EXISTS pg_prewarm")
        cursor.execute(
            "SELECT c.oid, c.relkind FROM pg_class c WHERE c.oid IN ("
            "SELECT 'articles_searchdocument'::regclass UNION ALL "
            "SELECT reltoastrelid FROM pg_class WHERE oid = 'articles_searchdocument'::regclass "
            "UNION ALL SELECT indexrelid FROM pg_index "
            "WHERE indrelid = 'articles_searchdocument'::regclass) ORDER BY c.relkind = 'r'"
        )
        relations = cursor.fetchall()
        pages = 0
        for oid, kind in relations:
            cursor.execute("SELECT pg_prewarm(%s, 'read')", [oid])
            pages += cursor.fetchone()[0]
            if kind != "t":
                cursor.execute("SELECT pg_prewarm(%s, 'buffer')", [oid])
    print(f"prewarmed {pages * 8 / 1024:,.0f} MB in {time.perf_counter() - started:.0f} s")


def run_queries(options, words, names) -> None:
    from django.db import connection

    from articles.search import SearchFilters, search_articles

    _, last_day = report_sizes()
    prewarm()
    queries = query_kinds(words, names)
    date_filter = SearchFilters(
        date_from=last_day - datetime.timedelta(days=3 * 365), date_to=last_day
    )
    cases = [
        (kind, text, filters, filter_label, order)
        for kind, text in queries.items()
        for filters, filter_label in [(None, "all dates"), (date_filter, "last 3 years")]
        for order in ("relevance", "date")
    ]
    if options.explain:
        for kind, text, filters, filter_label, order in cases:
            print(f"===== {kind} {text} {filter_label} {order}")
            explain(text, filters, order)
        return
    # Rounds over all cases rather than one case repeated, so that one query's pages do not
    # stay hot in the caches for its own repetitions only.
    timings = [[] for _ in cases]
    results = [None] * len(cases)
    for _ in range(options.repeat):
        for index, (_, text, filters, _, order) in enumerate(cases):
            started = time.perf_counter()
            results[index] = search_articles(text, filters=filters, order=order)
            timings[index].append((time.perf_counter() - started) * 1000)
    worst = {}
    for (kind, text, _, filter_label, order), result, times in zip(
        cases, results, timings, strict=True
    ):
        count = f"{'~' if result.count_is_estimate else ''}{result.count:,}"
        p50, p95 = statistics.median(times), _percentile(times, 0.95)
        worst[kind] = max(worst.get(kind, 0), p95)
        print(
            f"{kind:17} {text:14} {filter_label:12} {order:9} {count:>10} "
            f"p50 {p50:7.1f} ms  p95 {p95:7.1f} ms"
        )
    print("\nnaive scan: SELECT count(*) … WHERE headline ILIKE '%q%' OR body ILIKE '%q%'")
    with connection.cursor() as cursor:
        for kind, text in queries.items():
            terms = text.strip('"').split()
            where = " AND ".join(["(headline ILIKE %s OR body ILIKE %s)"] * len(terms))
            params = [f"%{t}%" for t in terms for _ in range(2)]
            scans = []
            for _ in range(2):
                started = time.perf_counter()
                cursor.execute(f"SELECT count(*) FROM articles_article WHERE {where}", params)
                matches = cursor.fetchone()[0]
                scans.append((time.perf_counter() - started) * 1000)
            scan = min(scans)
            print(
                f"{kind:17} scan {scan:8.0f} ms  {matches:>9,} matches  "
                f"worst search p95 {worst[kind]:6.1f} ms  → {scan / worst[kind]:6.0f}× faster"
            )


if __name__ == "__main__":
    main()
