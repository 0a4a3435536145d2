"""The long tail in-process: CPU time per request of each kind of page, nothing cached.

    .venv/bin/python benchmarks/long_tail_cpu.py [--requests 99] [--articles 100]

The same archive and addresses as benchmarks/long_tail.py (built by it, or here, once), read
through Django's test client in this process, production settings, every cache off: no gunicorn,
wrk or network, so the figure is the page's own work (queries, ORM, templates) and moves less with
the machine's load than long_tail.py's rates. For each kind: mean CPU ms per request over
--requests requests cycling through its addresses (each read cold after a warm-up on three), and
the trivial view for scale. Run it in two checkouts to compare them (compare_commits.py).
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


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=99, help="requests per kind")
    parser.add_argument("--articles", type=int, default=100, help="distinct articles")
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
    print(f"CPU ms per request, nothing cached, {args.requests} requests a kind")
    for kind, paths in [("trivial view", ["/bench/trivial/"]), *kinds.items()]:
        for path in paths[:3]:
            assert client.get(path).status_code == 200, path
        started = time.process_time()
        for number in range(args.requests):
            client.get(paths[number % len(paths)])
        cpu = (time.process_time() - started) * 1000 / args.requests
        print(f"{kind:14} {cpu:7.2f}  ({len(paths)} addresses)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
