"""The public pages (and the API's issue list) at 1,000,000 articles on PostgreSQL, nothing
cached: wall time per request.

    .venv/bin/python benchmarks/api_pagination.py --first-only   # loads newsroom_bench_api once
    .venv/bin/python benchmarks/pages_at_scale.py [--repeat 5] [--database newsroom_bench_api]
        [--only "API"] [--data-cache]

Reads the archive api_pagination.py fills in SQL (1,000,000 articles, 31,250 daily issues of four
pages, five topics on a fifth of the articles each), with the production settings, the page and
data caches off, through Django's test client (the whole middleware stack, in this process; no
gunicorn). For each page: the median and the slowest of --repeat requests after one warm-up,
and its statements. The trivial view gives the machine's speed in the same run. To compare two
checkouts, run it in each with benchmarks/compare_commits.py (copy it into the older one).

--data-cache keeps the readers' data cache on (Redis, BENCH_REDIS_URL, emptied first), the page
cache still off: each page is timed after its warm-up has kept its data, as for a crawler that
reads page after page of a subject whose data another page already kept.
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from benchmarks.production_env import production_environment  # noqa: E402

# What readers and crawlers ask for; {issue}, {page} and {article} are filled in from the data.
PAGES = [
    ("home", "/"),
    ("issue", "{issue}"),
    ("page (e-paper)", "{page}"),
    ("article", "{article}"),
    ("topic, first page", "/tags/3/"),
    ("topic, page 300", "/tags/3/?page=300"),
    ("paper's articles", "/publications/lvliang-daily/"),
    ("archive, one year", "/archive/1990/"),
    ("feed, latest", "/feeds/latest/rss/"),
    ("feed, topic", "/feeds/tags/3/rss/"),
    ("sitemap.xml (index)", "/sitemap.xml"),
    ("sitemap of articles, part 1", "/sitemap-articles.xml"),
    ("sitemap of articles, part 200", "/sitemap-articles.xml?p=200"),
    ("sitemap of pages, part 1", "/sitemap-pages.xml"),
    ("sitemap of pages, part 20", "/sitemap-pages.xml?p=20"),
    ("API: issues, first page", "/api/v1/issues/"),
    ("API: issues, 100 a page", "/api/v1/issues/?page_size=100"),
]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--database", default="newsroom_bench_api")
    parser.add_argument("--only", default="", help="time only the pages whose label has this")
    parser.add_argument("--data-cache", action="store_true", help="keep the readers' data cache on")
    args = parser.parse_args()
    os.environ.update(
        production_environment("testserver"),
        DATABASE_URL=f"postgres://postgres@127.0.0.1:5432/{args.database}",
        PUBLIC_PAGE_CACHE_SECONDS="0",
        PUBLIC_DATA_CACHE_SECONDS="3600" if args.data_cache else "0",
        API_ANON_RATE="1000000/min",  # one client asks for everything: the throttle is not timed
        DJANGO_SETTINGS_MODULE="benchmarks.site_settings",
    )
    os.environ.setdefault("STATIC_ROOT", str(ROOT / "benchmarks" / "data" / "profile" / "static"))

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from articles.models import Article, Issue

    call_command("collectstatic", interactive=False, verbosity=0)
    if args.data_cache:
        from django.core.cache import cache

        cache.clear()
    issue = Issue.objects.get(number=20_000)
    article = Article.objects.filter(issue=issue).order_by("pk").first()
    names = {
        "issue": issue.get_absolute_url(),
        "page": issue.pages.order_by("number").first().get_absolute_url(),
        "article": article.get_absolute_url(),
    }
    client = Client()
    print(f"{Article.objects.count():,} articles; {args.repeat} requests a page after a warm-up")
    print(f"{'page':30} {'median ms':>10} {'slowest':>9} {'queries':>8}")
    pages = [(label, path) for label, path in PAGES if args.only in label]
    for label, path in [("trivial view (the machine)", "/bench/trivial/"), *pages]:
        path = path.format(**names)
        assert client.get(path).status_code == 200, path
        times = []
        for _ in range(args.repeat):
            with CaptureQueriesContext(connection) as queries:
                started = time.perf_counter()
                client.get(path)
                times.append((time.perf_counter() - started) * 1000)
        print(f"{label:30} {statistics.median(times):10.1f} {max(times):9.1f} {len(queries):8}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
