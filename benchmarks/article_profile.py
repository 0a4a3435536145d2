"""In-process time of one article request with the page cache off, and where it goes.

Runs the production settings (DEBUG=0, the benchmark's settings module, Redis as cache) against
an existing demo database and sends GET requests through the whole middleware stack with
Django's test client, so no HTTP server or wrk is involved:

    DATABASE_URL=sqlite:///benchmarks/data/site/site.sqlite3 \
        .venv/bin/python benchmarks/article_profile.py [--repeat 300] [--queries] [--profile]
            [--no-data-cache] [--distinct 300] [--suffix qr.svg]

It prints the median and 90th percentile wall time and the mean CPU time per request for the
article page and, for scale, the trivial view. --no-data-cache also turns off the data cache
(publishing.caching.reader_data), so every request reads the database; --distinct N cycles through
N published articles (a fixed sample, --repeat requests in all), so that nothing a process keeps per
address (the QR code's encoding) is reused, as in the long tail; --suffix asks for an address
under each article instead of its page (qr.svg: the share box's QR code); --queries lists the SQL of
one request with its time; --profile prints a pyinstrument profile (pyinstrument is not a
project dependency: pip install it by hand). The cache is Redis database 3 unless BENCH_REDIS_URL
names another (benchmarks/site_settings.py).
"""

import argparse
import os
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from benchmarks.production_env import production_environment  # noqa: E402

os.environ.update(
    production_environment("testserver"),
    PUBLIC_PAGE_CACHE_SECONDS="0",
    DJANGO_SETTINGS_MODULE="benchmarks.site_settings",
)
os.environ.setdefault("STATIC_ROOT", str(ROOT / "benchmarks" / "data" / "profile" / "static"))


def timings(client, paths: list[str], repeat: int) -> tuple[list[float], float]:
    """Milliseconds per request (wall clock), and the mean CPU milliseconds, after a warm-up
    (on another address when there are several: each is then read cold)."""
    for _ in range(5):
        assert client.get(paths[0]).status_code == 200, paths[0]
    result = []
    cpu = time.process_time()
    for number in range(repeat):
        path = paths[1 + number % (len(paths) - 1)] if len(paths) > 1 else paths[0]
        start = time.perf_counter()
        client.get(path)
        result.append((time.perf_counter() - start) * 1000)
    return result, (time.process_time() - cpu) * 1000 / repeat


def summary(measured: tuple[list[float], float]) -> str:
    # CPU time moves less than wall time when other work shares the machine.
    values, cpu = sorted(measured[0]), measured[1]
    p90 = values[int(len(values) * 0.9)]
    return f"median {statistics.median(values):6.2f} ms   p90 {p90:6.2f} ms   CPU {cpu:6.2f} ms"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=300)
    parser.add_argument("--article", type=int, help="article id (default: first on issue 10076)")
    parser.add_argument("--queries", action="store_true", help="list the SQL of one request")
    parser.add_argument("--profile", action="store_true", help="pyinstrument profile")
    parser.add_argument("--no-data-cache", action="store_true", help="read the database each time")
    parser.add_argument("--distinct", type=int, default=1, help="articles to cycle through")
    parser.add_argument("--suffix", default="", help="an address under each article's, e.g. qr.svg")
    args = parser.parse_args()
    if args.no_data_cache:
        os.environ["PUBLIC_DATA_CACHE_SECONDS"] = "0"

    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from articles.models import Article

    # The production static storage needs its manifest to render {% static %}.
    call_command("collectstatic", interactive=False, verbosity=0)
    pk = args.article or (
        Article.objects.published()
        .filter(issue__number=10076, page__number=1)
        .order_by("position")
        .values_list("pk", flat=True)
        .first()
    )
    article = f"/articles/{pk}/{args.suffix}"
    paths = [article]
    if args.distinct > 1:  # the first for the warm-up, then each read once per cycle
        others = Article.objects.published().exclude(pk=pk).values_list("pk", flat=True)
        sample = random.Random(20).sample(list(others), args.distinct)
        paths += [f"/articles/{other}/{args.suffix}" for other in sample]
    client = Client()
    print(f"{connection.vendor}, article {article}, {args.repeat} requests each")
    print(f"trivial view  {summary(timings(client, ['/bench/trivial/'], args.repeat))}")
    label = f"{args.distinct} articles" if args.distinct > 1 else "article page"
    label += f" {args.suffix}" if args.suffix else ""
    print(f"{label:12}  {summary(timings(client, paths, args.repeat))}")

    with CaptureQueriesContext(connection) as queries:
        client.get(article)
    print(f"queries: {len(queries)}")
    if args.queries:
        for query in queries:
            print(f"  {float(query['time']) * 1000:6.2f} ms  {query['sql'][:300]}")
    if args.profile:
        from pyinstrument import Profiler

        profiler = Profiler(interval=0.0002)
        profiler.start()
        for _ in range(args.repeat):
            client.get(article)
        profiler.stop()
        print(profiler.output_text(unicode=True, color=False, show_all=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
