"""First page against a deep cursor page of /api/v1/articles/ over 1,000,000 articles.

    .venv/bin/python benchmarks/api_pagination.py [--articles 1000000] [--skip-load] [--repeat 40]
        [--database newsroom_bench_api] [--against DIR [--rounds 4]] [--first-only]
        [--profile CASE]

Fills its own PostgreSQL database (newsroom_bench_api on 127.0.0.1:5432 unless --database names
another; dropped and re-created unless --skip-load) in SQL with generate_series — no ORM, no
Python per row — then times requests in-process through Django's test client (the full stack:
middleware, DRF, serializers, all queries; no network or gunicorn), in a child process per
checkout of the code. "Deep" is page 5,000 at page_size=20, i.e. the cursor after item 100,000,
reached once by following `next` links (with page_size=100 to get there faster: a cursor marks a
position in the ordering, whatever the page size).

--against DIR times another checkout of the code (the baseline) against the same database, the
two taking turns in --rounds rounds, so that a busy machine slows both alike, and prints the
ratios. --profile CASE writes a cProfile of that case's first page per checkout to
benchmarks/out/.
"""

import argparse
import cProfile
import io
import json
import os
import pstats
import statistics
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import parse_qs, urlencode, urlparse

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.production_env import production_environment  # noqa: E402
from benchmarks.site_throughput import checkout_program  # noqa: E402

SERVER = "postgres://postgres@127.0.0.1:5432"
DEFAULT_DATABASE = "newsroom_bench_api"
ARTICLES_PER_ISSUE = 32
PAGES_PER_ISSUE = 4
TAGS = 5

FILL_SQL = """
INSERT INTO articles_publication (name, slug, sponsor_statement, publisher, serial_number,
    postal_code, website, rank, is_own)
VALUES ('吕梁日报', 'lvliang-daily', '', '', 'CN14-0028', '21-28', '', '', true);

-- lunar dates left empty: a stored column reads the same whatever it holds (lunar-python would
-- add 28 s to the load)
INSERT INTO articles_issue (publication_id, date, number, page_count, status, published_at,
    created_at, updated_at, version, lunar_date)
SELECT 1, DATE '1940-01-01' + i, i, {pages}, 'published',
       (DATE '1940-01-01' + i) + TIME '06:00', now(), now(), 1, ''
FROM generate_series(1, {issues}) AS i;

INSERT INTO articles_page (issue_id, number, name, department, department_email, image, pdf,
    source_kind, source_text, source_boxes, updated_at, version)
SELECT issue, page, '版面' || page, '', '', '', '', '', '', '[]', now(), 1
FROM generate_series(1, {issues}) AS issue, generate_series(1, {pages}) AS page
ORDER BY issue, page;

INSERT INTO articles_article (issue_id, page_id, issue_date, page_number, position, kicker,
    headline, subheadline, dateline, dateline_place, event_date, body, signature, genre, origin,
    agency, status, published_at, created_at, updated_at, version)
SELECT issue, (issue - 1) * {pages} + (n % {pages}) + 1, DATE '1940-01-01' + issue,
       (n % {pages}) + 1, n,
       '', '第' || i || '篇稿件的标题', '', '本报讯', '', NULL,
       repeat('全市各级各部门认真落实各项部署，推动经济社会持续健康发展。', 8), '',
       (ARRAY['news','brief','feature','interview','commentary','photo','notice','appeal'])
           [1 + i % 8],
       'own', '', 'published', (DATE '1940-01-01' + issue) + TIME '06:00', now(), now(), 1
FROM (SELECT i, (i - 1) / {per_issue} + 1 AS issue, (i - 1) % {per_issue} AS n
      FROM generate_series(1, {articles}) AS i) AS numbered;

INSERT INTO articles_tag (name, version) SELECT '主题' || t, 1 FROM generate_series(1, {tags}) AS t;
INSERT INTO articles_article_tags (article_id, tag_id)
SELECT id, id % {tags} + 1 FROM articles_article;
"""


def psql(database, sql):
    done = subprocess.run(
        ["psql", f"{SERVER}/{database}", "-v", "ON_ERROR_STOP=1", "-qc", sql],
        capture_output=True,
        text=True,
    )
    if done.returncode:  # say which statement failed (a new NOT NULL column, typically)
        sys.exit(f"psql failed on {database}: {done.stderr.strip()}")


def load(articles, database):
    issues = -(-articles // ARTICLES_PER_ISSUE)
    started = time.perf_counter()
    psql("postgres", f"DROP DATABASE IF EXISTS {database} WITH (FORCE)")
    psql("postgres", f"CREATE DATABASE {database}")
    env = {**os.environ, "DATABASE_URL": f"{SERVER}/{database}"}
    subprocess.run([sys.executable, "manage.py", "migrate", "-v0"], cwd=ROOT, env=env, check=True)
    psql(
        database,
        FILL_SQL.format(
            issues=issues,
            pages=PAGES_PER_ISSUE,
            articles=articles,
            per_issue=ARTICLES_PER_ISSUE,
            tags=TAGS,
        ),
    )
    # As a long-lived database is: its visibility map set (index-only scans skip the heap) and
    # its hint bits written, rather than both done by the first timed requests.
    psql(database, "VACUUM (ANALYZE)")
    print(
        f"loaded {articles:,} articles in {issues:,} issues in "
        f"{time.perf_counter() - started:.0f} s",
        flush=True,
    )


CASES = {
    "unfiltered": {},
    "genre=feature": {"genre": "feature"},
    "tag=3": {"tag": 3},
    "date 1990–1999": {"date_from": "1990-01-01", "date_to": "1999-12-31"},
    "oldest first": {"ordering": "date"},
}


def first_url(params):
    return "/api/v1/articles/?" + urlencode({**params, "page_size": 20})


def deep_url(client, params, items=100_000, page_size=20):
    """The URL of the page that starts after `items` items, by following `next` links."""
    walk = {**params, "page_size": 100}
    url = "/api/v1/articles/?" + urlencode(walk)
    for _ in range(items // 100):
        response = client.get(url)
        assert response.status_code == 200, response.content[:300]
        url = response.json()["next"]
        assert url, "fewer items than the deep page needs"
    query = parse_qs(urlparse(url).query)
    query["page_size"] = [str(page_size)]
    return "/api/v1/articles/?" + urlencode({k: v[0] for k, v in query.items()})


def serve(code):
    """In a child process: set Django up from the checkout `code` and answer the parent's
    requests (JSON lines on stdin): time a URL, find a deep URL, or profile a URL."""
    sys.path.insert(0, code)
    import django

    django.setup()
    from django.test import Client

    client = Client()
    warm = set()
    for line in sys.stdin:
        request = json.loads(line)
        url = request.get("url")
        if request["do"] == "time":
            if url not in warm:  # warm the connection and caches once
                assert client.get(url).status_code == 200, url
                warm.add(url)
            samples = []
            cpu = time.process_time()
            for _ in range(request["repeat"]):
                started = time.perf_counter()
                response = client.get(url)
                samples.append((time.perf_counter() - started) * 1000)
                assert response.status_code == 200, (url, response.status_code)
            answer = {"samples": samples, "cpu": (time.process_time() - cpu) * 1000}
        elif request["do"] == "deep":
            answer = {"url": deep_url(client, request["params"])}
        else:  # profile
            profile = cProfile.Profile()
            profile.enable()
            for _ in range(request["repeat"]):
                client.get(url)
            profile.disable()
            text = io.StringIO()
            pstats.Stats(profile, stream=text).sort_stats("tottime").print_stats(40)
            answer = {"text": text.getvalue()}
        print(json.dumps(answer), flush=True)


class Checkout:
    """One copy of the code, measured in its own process (Django cannot load two in one)."""

    def __init__(self, label, code, env):
        self.label = label
        self.process = subprocess.Popen(
            [checkout_program(code), __file__, "--serve", str(code)],
            cwd=code,
            env=env,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        self.samples = {}  # (case, "first" | "deep") → milliseconds
        self.cpu = {}

    def ask(self, **request):
        self.process.stdin.write(json.dumps(request) + "\n")
        self.process.stdin.flush()
        line = self.process.stdout.readline()
        if not line:
            sys.exit(f"the {self.label} checkout stopped (see its traceback above)")
        return json.loads(line)

    def time(self, key, url, repeat):
        answer = self.ask(do="time", url=url, repeat=repeat)
        self.samples.setdefault(key, []).extend(answer["samples"])
        self.cpu[key] = self.cpu.get(key, 0) + answer["cpu"]

    def figures(self, key):
        """(p50, p95, CPU ms per request) of what was timed under `key`."""
        samples = sorted(self.samples[key])
        p95 = samples[int(len(samples) * 0.95) - 1]
        return statistics.median(samples), p95, self.cpu[key] / len(samples)

    def close(self):
        self.process.stdin.close()
        self.process.wait()


def measure(checkouts, args):
    """Time every case, the checkouts taking turns (ABBA…) in rounds, so that the machine's
    load falls on them alike; print each checkout's figures and the ratios to the first one."""
    per_round = max(1, args.repeat // args.rounds)
    kinds = ["first"] if args.first_only else ["first", "deep"]
    head = f"{'case':<16} {'code':<7} {'first p50':>10} {'first p95':>10} {'CPU/req':>9}"
    if not args.first_only:
        head += f" {'deep p50':>10} {'deep p95':>10} {'deep/first':>11}"
    print(head, flush=True)
    for name, params in CASES.items():
        urls = {"first": first_url(params)}
        if not args.first_only:
            urls["deep"] = checkouts[0].ask(do="deep", params=params)["url"]
        for turn in range(args.rounds):
            order = checkouts if turn % 2 == 0 else checkouts[::-1]
            for kind in kinds:
                for checkout in order:
                    checkout.time((name, kind), urls[kind], per_round)
        for checkout in checkouts:
            p50, p95, cpu = checkout.figures((name, "first"))
            row = f"{name:<16} {checkout.label:<7} {p50:>8.1f}ms {p95:>8.1f}ms {cpu:>7.1f}ms"
            if not args.first_only:
                deep50, deep95, _ = checkout.figures((name, "deep"))
                row += f" {deep50:>8.1f}ms {deep95:>8.1f}ms {deep95 / p95:>10.2f}×"
            print(row, flush=True)
        if len(checkouts) == 2:
            (after50, after95, after_cpu), (before50, before95, before_cpu) = (
                checkout.figures((name, "first")) for checkout in checkouts
            )
            print(
                f"{'':<16} {'÷':<7} {after50 / before50:>9.2f}× {after95 / before95:>9.2f}× "
                f"{after_cpu / before_cpu:>8.2f}×",
                flush=True,
            )
    if args.profile:
        url = first_url(CASES[args.profile])
        for checkout in checkouts:
            path = ROOT / "benchmarks" / "out" / f"api_profile_{checkout.label}.txt"
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(checkout.ask(do="profile", url=url, repeat=args.repeat)["text"])
            print(f"profile of {args.repeat} × {url} ({checkout.label}): {path}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=1_000_000)
    parser.add_argument("--skip-load", action="store_true")
    parser.add_argument("--repeat", type=int, default=40, help="timed requests per URL")
    parser.add_argument("--database", default=DEFAULT_DATABASE, help="PostgreSQL database name")
    parser.add_argument(
        "--against",
        metavar="DIR",
        help="another checkout (e.g. `git worktree add /tmp/before main`), timed in turns with "
        "this one against the same database",
    )
    parser.add_argument("--rounds", type=int, default=4, help="turns per URL with --against")
    parser.add_argument("--first-only", action="store_true", help="skip the deep pages")
    parser.add_argument(
        "--profile", choices=CASES, help="cProfile the first page of this case afterwards"
    )
    parser.add_argument("--serve", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve:
        return serve(args.serve)
    if not args.skip_load:
        load(args.articles, args.database)

    env = {
        **os.environ,
        "DATABASE_URL": f"{SERVER}/{args.database}",
        "DJANGO_SETTINGS_MODULE": "newsroom.settings",
        # one SECRET_KEY for both checkouts: a deep page's signed cursor works in either
        **production_environment("testserver"),
        "API_ANON_RATE": "1000000/min",
        "LOG_LEVEL": "ERROR",
    }
    checkouts = [Checkout("this", ROOT, env)]
    if args.against:
        checkouts.append(Checkout("before", Path(args.against).resolve(), env))
    else:
        args.rounds = 1
    try:
        measure(checkouts, args)
    finally:
        for checkout in checkouts:
            checkout.close()


if __name__ == "__main__":
    main()
