"""The long tail: public pages nobody has cached, each over many distinct addresses, as ratios
to a bare Django view (and, with --wagtail, to a Wagtail 7 site's article page).

Serves a demo archive whose synthetic articles run to about 1,500 characters (`load_demo
--body-median 1500`, SQLite under benchmarks/data/longtail/) with gunicorn (2 sync workers,
production settings, Redis as the shared cache) and every cache off: PUBLIC_PAGE_CACHE_SECONDS=0
and PUBLIC_DATA_CACHE_SECONDS=0, so every request reads the database and renders. wrk cycles
through the addresses of each kind of page (benchmarks/load_restart.lua): --articles distinct
articles, every issue, every page, every person, search over many distinct words, and home. The
bare view (benchmarks/bare_django.py, in its own gunicorn) is measured before and after every
kind, and each ratio uses the mean of those two. The article long tail is measured twice, and
each gunicorn worker's RSS (ps) is printed after each run: memory must not grow.

    BENCH_REDIS_URL=redis://127.0.0.1:6379/14 .venv/bin/python benchmarks/long_tail.py \
        [--duration 10] [--connections 16] [--articles 400] [--wagtail]

--wagtail also builds (once) and serves the Wagtail peer of benchmarks/wagtail_peer.py with the
same articles, and measures its article page over the same number of distinct articles.
"""

import argparse
import random
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.site_throughput import (  # noqa: E402
    BareServer,
    Server,
    environment,
    manage,
    requests_per_second,
)

DATA = ROOT / "benchmarks" / "data" / "longtail"
BODY_MEDIAN = 1500
NOTHING_CACHED = {"PUBLIC_PAGE_CACHE_SECONDS": "0", "PUBLIC_DATA_CACHE_SECONDS": "0"}
TARGET_ARTICLES = 0.15  # of the bare view
TARGET_WAGTAIL = 2.0  # times Wagtail's article page, for every kind

# What each kind of page reads, as addresses: a query returning them, run in the archive's shell.
ADDRESSES = """
import json
from articles.models import Article, Issue, Page, Person
from demo.articles import SYNTHETIC_ACTIONS, SYNTHETIC_SUBJECTS, SYNTHETIC_TAGS
articles = list(Article.objects.published().order_by("pk").values_list("pk", flat=True))
issues = Issue.objects.published().order_by("date")
pages = Page.objects.published().select_related("issue").order_by("issue__date", "number")
people = Person.objects.filter(articles__isnull=False).distinct()
words = sorted({*SYNTHETIC_SUBJECTS, *SYNTHETIC_ACTIONS, *SYNTHETIC_TAGS})
print(json.dumps({
    "articles": [f"/articles/{pk}/" for pk in articles],
    "issue": [issue.get_absolute_url() for issue in issues],
    "page": [page.get_absolute_url() for page in pages],
    "person": [person.get_absolute_url() for person in people.order_by("pk")],
    "search": [f"/search/?q={word}" for word in words],
}))
"""


def archive_environment(**extra) -> dict:
    env = environment(**extra)
    env.update(
        DATABASE_URL=f"sqlite:///{DATA / 'longtail.sqlite3'}",
        STATIC_ROOT=str(DATA / "static"),
        MEDIA_ROOT=str(DATA / "media"),
    )
    return env


def prepare(article_count: int) -> dict[str, list[str]]:
    """Build the archive once; return the addresses of each kind of page."""
    import json
    from urllib.parse import quote

    env = archive_environment()
    DATA.mkdir(parents=True, exist_ok=True)
    manage("migrate", "-v0", env=env)
    exists = "from articles.models import Issue; print(Issue.objects.exists())"
    if manage("shell", "-c", exists, env=env).split()[-1] != "True":
        manage("load_demo", "--no-users", "--body-median", str(BODY_MEDIAN), env=env)  # + ANALYZE
    manage("collectstatic", "--noinput", "-v0", env=env)
    manage("shell", "-c", "from django.core.cache import cache; cache.clear()", env=env)
    found = json.loads(manage("shell", "-c", ADDRESSES, env=env).splitlines()[-1])
    articles = found.pop("articles")
    # A fixed sample spread over the whole archive, in an order that jumps between issues.
    found["article"] = random.Random(20).sample(articles, min(article_count, len(articles)))
    found["home"] = ["/"]
    found["search"] = [quote(path, safe="/?=") for path in found["search"]]
    return {name: found[name] for name in ("article", "home", "issue", "page", "person", "search")}


def worker_rss(server: Server) -> list[int]:
    """Resident memory of each of the server's gunicorn workers, in MB."""
    output = subprocess.run(
        ["ps", "-o", "rss=", "--ppid", str(server.process.pid)],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return [int(kb) // 1024 for kb in output.split()]


def measure_around(bare: BareServer, measure, duration: int, connections: int):
    """(rate, bare rate): `measure()` with the bare view measured just before and after."""
    before = requests_per_second(bare.url("/"), duration, connections)
    rate = measure()
    after = requests_per_second(bare.url("/"), duration, connections)
    return rate, (before + after) / 2


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duration", type=int, default=10, help="seconds per measurement")
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--articles", type=int, default=400, help="distinct articles")
    parser.add_argument("--wagtail", action="store_true", help="measure the Wagtail peer too")
    parser.add_argument("--kinds", default="home,issue,page,person,search", help="other pages")
    args = parser.parse_args()
    paths = prepare(args.articles)
    load = {"duration": args.duration, "connections": args.connections}

    rows, rss = [], []
    bare = BareServer()
    server = Server(archive_environment(**NOTHING_CACHED))
    peer = None
    try:
        for path in (p for kind in paths.values() for p in kind[:3]):
            assert server.get(path) == 200, path  # fail early on errors
        if args.wagtail:
            from benchmarks import wagtail_peer

            peer_paths = wagtail_peer.prepare(paths["article"], archive_environment())
            peer = wagtail_peer.PeerServer()

        def ours(kind):
            return lambda: requests_per_second(server.url("/"), paths=paths[kind], **load)

        for run in (1, 2):
            rate, base = measure_around(bare, ours("article"), **load)
            rows.append((f"{len(paths['article'])} distinct articles, run {run}", rate, base))
            rss.append(worker_rss(server))
            if run == 1 and peer:
                wagtail = measure_around(
                    bare,
                    lambda: requests_per_second(peer.url("/"), paths=peer_paths, **load),
                    **load,
                )
                rows.append((f"Wagtail 7, {len(peer_paths)} distinct articles", *wagtail))
        for kind in args.kinds.split(","):
            rate, base = measure_around(bare, ours(kind), **load)
            rows.append((f"{kind} ({len(paths[kind])} addresses)", rate, base))
        rss.append(worker_rss(server))
    finally:
        server.stop()
        bare.stop()
        if peer:
            peer.stop()

    print(
        f"gunicorn 2 sync workers, wrk -t2 -c{args.connections} -d{args.duration}s, DEBUG=0, "
        f"SQLite, nothing cached, bodies ~{BODY_MEDIAN} characters; bare = mean of the bare "
        "Django view just before and after"
    )
    wagtail_ratio = next((r / b for name, r, b in rows if name.startswith("Wagtail")), None)
    print(f"{'page':34} {'req/s':>7} {'bare':>7} {'ratio':>6} {'×Wagtail':>9}")
    failed = False
    for name, rate, base in rows:
        ratio = rate / base
        versus = f"{ratio / wagtail_ratio:9.2f}" if wagtail_ratio and "Wagtail" not in name else ""
        print(f"{name:34} {rate:7.0f} {base:7.0f} {ratio:6.3f} {versus}")
        if "articles, run" in name:
            failed |= ratio < TARGET_ARTICLES
        if versus and "Wagtail" not in name:
            failed |= ratio / wagtail_ratio < TARGET_WAGTAIL
    labels = ["after article run 1", "after article run 2", "after every kind"]
    for label, sizes in zip(labels, rss, strict=True):
        print(f"worker RSS {label}: {', '.join(f'{mb} MB' for mb in sizes)}")
    print(
        f"targets: distinct articles ≥ {TARGET_ARTICLES}× bare, "
        f"every kind ≥ {TARGET_WAGTAIL}× Wagtail"
    )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
