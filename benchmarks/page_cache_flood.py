"""Latency of a cached page while one client floods the site with unique query strings.

    .venv/bin/python benchmarks/page_cache_flood.py [--seconds 10] [--connections 8]
        [--before-ref 73e26fa | --before-checkout DIR]
        [--database-url URL --before-database-url URL]

Serves the demo archive (benchmarks/site_throughput.py's SQLite database under
benchmarks/data/site/) with gunicorn (2 sync workers, DEBUG=0, Redis database 4 as the shared
cache unless BENCH_REDIS_URL names another), twice: the code before issue 15 (`--before-ref`,
exported with git archive into benchmarks/data/) on port 8130, then this checkout on 8131.
On each, a reader requests the cached page /2020/9/15/1/ one request after another, first alone,
then while `--connections` threads request /2020/9/15/1/?utm_source=<unique> as fast as the
server answers. Before the fix every unique address rendered the page anew and stored another
entry; after it, they are all the cached page. Prints the reader's median and 95th percentile.

The code before may not run on a database migrated by this checkout, nor with this checkout's
packages: --before-checkout names a checkout of it with its own .venv, --before-database-url
gives it a database of its own (the same archive, migrated only as far as that code knows; its
static files are then collected apart), and --database-url the one this checkout serves.
"""

import argparse
import signal
import statistics
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks import site_throughput  # noqa: E402
from benchmarks.site_throughput import checkout_program  # noqa: E402

BEFORE_REF = "73e26fa"  # main before issue 15's fixes
PAGE = "/2020/9/15/1/"
PORTS = {"before": 8130, "after": 8131}


def environment(code_root: Path, database_url: str | None = None) -> dict:
    env = site_throughput.environment()
    env.setdefault("BENCH_REDIS_URL", "redis://127.0.0.1:6379/4")
    env["PYTHONPATH"] = str(code_root)
    if database_url:  # a database of this side's own, with its own collected static files
        env.update(
            DATABASE_URL=database_url,
            STATIC_ROOT=str(site_throughput.DATA / f"static-{code_root.name}"),
        )
        subprocess.run(
            [checkout_program(code_root), "manage.py", "collectstatic", "--noinput", "-v0"],
            cwd=code_root, env=env, check=True, capture_output=True,
        )  # fmt: skip
    return env


def clear_cache(env, code_root: Path):
    subprocess.run(
        [checkout_program(code_root), "manage.py", "shell", "-c",
         "from django.core.cache import cache; cache.clear()"],
        cwd=code_root, env=env, check=True, capture_output=True,
    )  # fmt: skip


def get(url: str) -> float:
    started = time.perf_counter()
    with urllib.request.urlopen(url, timeout=30) as response:
        response.read()
        assert response.status == 200
    return time.perf_counter() - started


def reader_latencies(url: str, seconds: float) -> list[float]:
    stop = time.monotonic() + seconds
    latencies = []
    while time.monotonic() < stop:
        latencies.append(get(url))
    return latencies


def flood(base: str, stop: threading.Event, counter: list[int]):
    while not stop.is_set():
        counter[0] += 1
        try:
            get(f"{base}{PAGE}?utm_source=flood{counter[0]}-{threading.get_ident()}")
        except OSError:
            pass


def measure(label: str, code_root: Path, seconds: float, connections: int, database_url) -> dict:
    env = environment(code_root, database_url)
    clear_cache(env, code_root)
    port = PORTS[label]
    server = subprocess.Popen(
        [checkout_program(code_root, "gunicorn"), "newsroom.wsgi", "-w", "2"]
        + ["-b", f"127.0.0.1:{port}"],
        cwd=code_root,
        env=env,
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(100):
            try:
                get(base + PAGE)  # also fills the cache
                break
            except OSError:
                time.sleep(0.2)
        alone = reader_latencies(base + PAGE, seconds)
        stop, counter = threading.Event(), [0]
        threads = [
            threading.Thread(target=flood, args=(base, stop, counter)) for _ in range(connections)
        ]
        for thread in threads:
            thread.start()
        time.sleep(1)
        flooded = reader_latencies(base + PAGE, seconds)
        stop.set()
        for thread in threads:
            thread.join()
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=10)
    return {"alone": alone, "flooded": flooded, "flood requests": counter[0]}


def summary(latencies: list[float]) -> str:
    ms = sorted(1000 * value for value in latencies)
    p95 = ms[min(len(ms) - 1, int(0.95 * len(ms)))]
    return f"median {statistics.median(ms):7.1f} ms  p95 {p95:7.1f} ms  ({len(ms)} requests)"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=10)
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--before-ref", default=BEFORE_REF)
    parser.add_argument("--before-checkout", type=Path, help="instead of exporting --before-ref")
    parser.add_argument("--database-url", help="default: SQLite under benchmarks/data/site/")
    parser.add_argument("--before-database-url", help="default: the same as this checkout's")
    args = parser.parse_args()
    if args.database_url:
        site_throughput.DATABASE_URL = args.database_url
    site_throughput.prepare(site_throughput.environment())
    before_tree = args.before_checkout or site_throughput.export(args.before_ref)
    load = args.seconds, args.connections
    results = {
        "before": measure("before", before_tree, *load, args.before_database_url),
        "after": measure("after", ROOT, *load, None),
    }
    print(
        f"gunicorn 2 sync workers, DEBUG=0, Redis, SQLite demo; flood: {args.connections} threads"
    )
    for label, result in results.items():
        print(f"{label:6} reader alone:        {summary(result['alone'])}")
        print(
            f"{label:6} reader under flood:  {summary(result['flooded'])}, "
            f"flood answered {result['flood requests']}"
        )
    before = statistics.median(results["before"]["flooded"])
    after = statistics.median(results["after"]["flooded"])
    print(f"median latency under flood, before / after: {before / after:.1f}×")


if __name__ == "__main__":
    main()
