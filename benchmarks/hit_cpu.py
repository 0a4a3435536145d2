"""CPU time per request of a page cache hit, in process, against the bare Django view.

Calls the WSGI applications directly, as gunicorn does but without HTTP: the archive's
`newsroom.wsgi.application` (production settings, benchmarks/site_settings.py, Redis; the demo
database of benchmarks/site_throughput.py) for each cached page, and
`benchmarks.bare_django.application`, each in a process of its own (their settings differ),
alternately. CPU time (time.process_time) is hardly moved by other work on a shared host, where
wrk's requests per second move by tens of percent:

    BENCH_REDIS_URL=redis://127.0.0.1:6379/13 .venv/bin/python benchmarks/hit_cpu.py \\
        [--requests 3000] [--rounds 2] [--database-url postgres://…/newsroom_bench]
"""

import argparse
import io
import json
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks import site_throughput  # noqa: E402


def cpu_per_request(application, path: str, requests: int) -> float:
    """Mean CPU microseconds per request of `path` after a warm-up (which fills the cache)."""

    def call():
        environ = {
            "REQUEST_METHOD": "GET", "PATH_INFO": path, "QUERY_STRING": "",
            "SERVER_NAME": "127.0.0.1", "SERVER_PORT": "80", "HTTP_HOST": "127.0.0.1",
            "SERVER_PROTOCOL": "HTTP/1.1", "REMOTE_ADDR": "127.0.0.1",
            "wsgi.url_scheme": "http", "wsgi.input": io.BytesIO(), "wsgi.errors": sys.stderr,
        }  # fmt: skip
        statuses = []
        body = application(environ, lambda status, headers, exc_info=None: statuses.append(status))
        b"".join(body)
        getattr(body, "close", lambda: None)()
        assert statuses[0].startswith("200"), (path, statuses[0])

    for _ in range(200):
        call()
    started = time.process_time()
    for _ in range(requests):
        call()
    return (time.process_time() - started) / requests * 1e6


def child(which: str, paths: list[str], requests: int):
    if which == "bare":
        from benchmarks.bare_django import application
    else:
        from newsroom.wsgi import application
    print(json.dumps({path: cpu_per_request(application, path, requests) for path in paths}))


def run(which: str, paths: list[str], requests: int, env: dict) -> dict:
    output = subprocess.run(
        [site_throughput.PYTHON, __file__, "--child", which, "--requests", str(requests), *paths],
        env=env, cwd=ROOT, check=True, capture_output=True, text=True,
    ).stdout  # fmt: skip
    return json.loads(output.splitlines()[-1])


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=3000)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--database-url", help="default: SQLite under benchmarks/data/site/")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    parser.add_argument("paths", nargs="*", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        return child(args.child, args.paths, args.requests)
    site_throughput.DATABASE_URL = args.database_url or site_throughput.DATABASE_URL
    env = site_throughput.environment()
    pages = site_throughput.prepare(env)
    bare_env = {key: value for key, value in env.items() if key != "DJANGO_SETTINGS_MODULE"}
    print(f"CPU µs per request in process, {args.requests} requests, mean of {args.rounds} rounds")
    bare, hits = [], {name: [] for name in pages}
    for _ in range(args.rounds):
        bare.append(run("bare", ["/"], args.requests, bare_env)["/"])
        measured = run("archive", list(pages.values()), args.requests, env)
        for name, path in pages.items():
            hits[name].append(measured[path])
    bare_mean = sum(bare) / len(bare)
    print(f"{'bare Django view':24} {bare_mean:6.0f}")
    for name, values in hits.items():
        mean = sum(values) / len(values)
        print(f"{name + ' (cached)':24} {mean:6.0f}  {mean / bare_mean:.2f}× the bare view's CPU")


if __name__ == "__main__":
    main()
