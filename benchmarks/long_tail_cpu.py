"""The long tail in-process: CPU time per request of each kind of page, nothing cached.

    .venv/bin/python benchmarks/long_tail_cpu.py [--requests 99] [--articles 100] [--kind article]

The same archive and addresses as benchmarks/long_tail.py (built by it, or here, once), read
through Django's test client in this process, production settings, every cache off: no gunicorn,
wrk or network, so the figure is the page's own work (queries, ORM, templates) and moves less with
the machine's load than long_tail.py's rates. For each kind: mean CPU ms per request over
--requests requests cycling through its addresses (each read cold after a warm-up on three), and
the trivial view for scale. The best batch of ten requests is steadier than the mean on a shared
machine: another process's burst only ever makes a batch slower. Run it in two checkouts to
compare them (compare_commits.py).
"""

import argparse
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.long_tail import NOTHING_CACHED, archive_environment, prepare  # noqa: E402
from benchmarks.production_env import production_environment  # noqa: E402

BATCH = 10


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=99, help="requests per kind")
    parser.add_argument("--articles", type=int, default=100, help="distinct articles")
    parser.add_argument("--kind", action="append", help="only this kind (repeatable)")
    args = parser.parse_args()
    kinds = prepare(args.articles)
    os.environ.update(
        archive_environment(**NOTHING_CACHED),
        **production_environment("testserver"),
    )

    import django

    django.setup()
    from django.test import Client

    client = Client()
    print(f"CPU ms per request, nothing cached, {args.requests} requests a kind:")
    print(f"the mean, and the best batch of {BATCH} requests (less moved by others' load)")
    chosen = [(kind, paths) for kind, paths in kinds.items() if kind in (args.kind or kinds)]
    for kind, paths in [("trivial view", ["/bench/trivial/"]), *chosen]:
        for path in paths[:3]:
            assert client.get(path).status_code == 200, path
        batches = []
        for first in range(0, args.requests, BATCH):
            started = time.process_time()
            for number in range(first, min(first + BATCH, args.requests)):
                client.get(paths[number % len(paths)])
            batches.append((time.process_time() - started, number + 1 - first))
        cpu = sum(seconds for seconds, _ in batches) * 1000 / args.requests
        best = min(seconds * 1000 / count for seconds, count in batches)
        print(f"{kind:14} {cpu:7.2f} {best:7.2f}  ({len(paths)} addresses)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
