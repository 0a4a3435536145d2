"""How long the garbage collector's full collections stall requests: with the heap the process
loaded at start frozen (newsroom/wsgi.py, as gunicorn loads it) and without.

    .venv/bin/python benchmarks/gc_pauses.py [--requests 2100] [--rounds 2] [--articles 100]

Reads the long tail's archive (benchmarks/long_tail.py builds it once, under
benchmarks/data/longtail/), production settings, every cache off, through Django's test client,
in a child process per side: "frozen" imports newsroom.wsgi, as gunicorn does; "not frozen" does
the same and then gc.unfreeze(), which is what every process did before. Each child cycles through
the addresses of every kind of page (article, home, issue, page, person, search) and reports the
wall time of each request (median, 99th percentile, the slowest) and Python's full (generation 2)
collections: how many, and how long each took. The sides take turns for --rounds rounds.
"""

import argparse
import gc
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.long_tail import NOTHING_CACHED, archive_environment, prepare  # noqa: E402
from benchmarks.production_env import production_environment  # noqa: E402

SIDES = {"frozen": False, "not frozen": True}  # side → gc.unfreeze() after loading


def serve(unfreeze: bool, paths: list[str], requests: int) -> dict:
    """In a child: load the site as gunicorn does, then time `requests` requests."""
    full_collections = []
    started = {}

    def on_collection(phase, info):
        if info["generation"] != 2:
            return
        if phase == "start":
            started["at"] = time.perf_counter()
        else:
            full_collections.append((time.perf_counter() - started["at"]) * 1000)

    import newsroom.wsgi  # noqa: F401  (django.setup(), and what the module does after it)

    if unfreeze:
        gc.unfreeze()
    frozen = gc.get_freeze_count()
    from django.test import Client

    client = Client()
    for path in paths[:20]:  # load the templates, the URL resolver and the connection once
        assert client.get(path).status_code == 200, path
    gc.callbacks.append(on_collection)
    times = []
    for number in range(requests):
        begun = time.perf_counter()
        client.get(paths[number % len(paths)])
        times.append((time.perf_counter() - begun) * 1000)
    return {"times": times, "full_collections": full_collections, "frozen": frozen}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=2100, help="requests per side and round")
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--articles", type=int, default=100, help="distinct articles")
    parser.add_argument("--serve", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve:  # a child: what to do comes on stdin
        request = json.load(sys.stdin)
        print(json.dumps(serve(request["unfreeze"], request["paths"], args.requests)))
        return 0

    kinds = prepare(args.articles)
    # every kind in turn, so that each stretch of requests mixes them as a crawler's does
    paths = [
        kinds[kind][number % len(kinds[kind])]
        for number in range(max(len(addresses) for addresses in kinds.values()))
        for kind in kinds
    ]
    env = {**archive_environment(**NOTHING_CACHED), **production_environment("testserver")}
    env["DJANGO_SETTINGS_MODULE"] = "newsroom.settings"
    results = {side: [] for side in SIDES}
    for _ in range(args.rounds):
        for side, unfreeze in SIDES.items():
            answer = subprocess.run(
                [sys.executable, __file__, "--serve", "--requests", str(args.requests)],
                input=json.dumps({"unfreeze": unfreeze, "paths": paths}),
                env={**os.environ, **env},
                cwd=ROOT,
                capture_output=True,
                text=True,
                check=True,
            )
            results[side].append(json.loads(answer.stdout.splitlines()[-1]))
    print(f"{args.requests} requests a side and round, every kind of page in turn, nothing cached")
    print("side         objects frozen  median  p99     slowest  full collections (each, ms)")
    for side, runs in results.items():
        for run in runs:
            times = sorted(run["times"])
            pauses = run["full_collections"]
            each = f"{statistics.mean(pauses):5.1f}" if pauses else "    -"
            print(
                f"{side:12} {run['frozen']:14,} {statistics.median(times):6.1f}  "
                f"{times[int(len(times) * 0.99)]:6.1f}  {times[-1]:7.1f}  "
                f"{len(pauses):3} × {each}"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
