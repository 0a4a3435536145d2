"""First page against a deep cursor page of /api/v1/articles/ over 1,000,000 articles.

    .venv/bin/python benchmarks/api_pagination.py [--articles 1000000] [--skip-load] [--repeat 40]

Fills its own PostgreSQL database (newsroom_bench_api on 127.0.0.1:5432, dropped and re-created
unless --skip-load) in SQL with generate_series — no ORM, no Python per row — then times requests
in-process through Django's test client (the full stack: middleware, DRF, serializers, all
queries; no network or gunicorn). "Deep" is page 5,000 at page_size=20, i.e. the cursor after
item 100,000, reached once by following `next` links (with page_size=100 to get there faster: a
cursor marks a position in the ordering, whatever the page size).
"""

import argparse
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import parse_qs, urlencode, urlparse

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.production_env import production_environment  # noqa: E402

SERVER = "postgres://postgres@127.0.0.1:5432"
DATABASE = "newsroom_bench_api"
ARTICLES_PER_ISSUE = 32
PAGES_PER_ISSUE = 4
TAGS = 5

FILL_SQL = """
INSERT INTO articles_publication (name, slug, sponsor_statement, publisher, serial_number,
    postal_code, website, rank, is_own)
VALUES ('吕梁日报', 'lvliang-daily', '', '', 'CN14-0028', '21-28', '', '', true);

INSERT INTO articles_issue (publication_id, date, number, page_count, status, published_at,
    created_at, updated_at, version)
SELECT 1, DATE '1940-01-01' + i, i, {pages}, 'published',
       (DATE '1940-01-01' + i) + TIME '06:00', now(), now(), 1
FROM generate_series(1, {issues}) AS i;

INSERT INTO articles_page (issue_id, number, name, department, department_email, image, pdf,
    version, updated_at, source_kind, source_text, source_boxes)
SELECT issue, page, '版面' || page, '', '', '', '', 1, now(), '', '', '[]'
FROM generate_series(1, {issues}) AS issue, generate_series(1, {pages}) AS page
ORDER BY issue, page;

INSERT INTO articles_article (issue_id, page_id, issue_date, position, kicker, headline,
    subheadline, dateline, dateline_place, event_date, body, signature, genre, origin, agency,
    status, published_at, created_at, updated_at, version)
SELECT issue, (issue - 1) * {pages} + (n % {pages}) + 1, DATE '1940-01-01' + issue, n,
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
ANALYZE;
"""


def psql(database, sql):
    subprocess.run(
        ["psql", f"{SERVER}/{database}", "-v", "ON_ERROR_STOP=1", "-qc", sql],
        check=True,
        capture_output=True,
        text=True,
    )


def load(articles):
    issues = -(-articles // ARTICLES_PER_ISSUE)
    started = time.perf_counter()
    psql("postgres", f"DROP DATABASE IF EXISTS {DATABASE} WITH (FORCE)")
    psql("postgres", f"CREATE DATABASE {DATABASE}")
    env = {**os.environ, "DATABASE_URL": f"{SERVER}/{DATABASE}"}
    subprocess.run([sys.executable, "manage.py", "migrate", "-v0"], cwd=ROOT, env=env, check=True)
    psql(
        DATABASE,
        FILL_SQL.format(
            issues=issues,
            pages=PAGES_PER_ISSUE,
            articles=articles,
            per_issue=ARTICLES_PER_ISSUE,
            tags=TAGS,
        ),
    )
    print(
        f"loaded {articles:,} articles in {issues:,} issues in "
        f"{time.perf_counter() - started:.0f} s",
        flush=True,
    )


def timed(client, url, repeat):
    client.get(url)  # warm the connection and caches once
    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        response = client.get(url)
        samples.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    samples.sort()
    return statistics.median(samples), samples[int(len(samples) * 0.95) - 1]


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


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=1_000_000)
    parser.add_argument("--skip-load", action="store_true")
    parser.add_argument("--repeat", type=int, default=40)
    args = parser.parse_args()
    if not args.skip_load:
        load(args.articles)

    os.environ.update(
        DATABASE_URL=f"{SERVER}/{DATABASE}",
        DJANGO_SETTINGS_MODULE="newsroom.settings",
        **production_environment("testserver"),
        API_ANON_RATE="1000000/min",
        LOG_LEVEL="ERROR",
    )
    import django

    django.setup()
    from django.test import Client

    client = Client()
    cases = {
        "unfiltered": {},
        "genre=feature": {"genre": "feature"},
        "tag=3": {"tag": 3},
        "date 1990–1999": {"date_from": "1990-01-01", "date_to": "1999-12-31"},
        "oldest first": {"ordering": "date"},
    }
    print(
        f"{'case':<16} {'first p50':>10} {'first p95':>10} {'deep p50':>10} {'deep p95':>10} "
        f"{'deep/first p95':>15}"
    )
    for name, params in cases.items():
        first = "/api/v1/articles/?" + urlencode({**params, "page_size": 20})
        first_p50, first_p95 = timed(client, first, args.repeat)
        deep = deep_url(client, params)
        deep_p50, deep_p95 = timed(client, deep, args.repeat)
        print(
            f"{name:<16} {first_p50:>8.1f}ms {first_p95:>8.1f}ms {deep_p50:>8.1f}ms "
            f"{deep_p95:>8.1f}ms {deep_p95 / first_p95:>14.2f}×",
            flush=True,
        )


if __name__ == "__main__":
    main()
