"""Load the site while its PostgreSQL restarts: are errors confined to the restart, and short?

    .venv/bin/python benchmarks/load_restart.py [--clients 50] [--seconds 60] [--restart-at 20]

Starts its own throw-away PostgreSQL cluster (never the machine's server on 5432), loads the
demo archive into it, serves it with gunicorn (production settings, 2 workers), and drives the
public pages and the API with N concurrent clients for the given time. At --restart-at seconds it
restarts PostgreSQL (pg_ctl restart -m fast). Prints requests served, errors inside and outside
the restart window, p50/p95 latency, how long after PostgreSQL was back the last error came, and
whether any request hung past the client timeout.
"""

import argparse
import http.client
import os
import secrets
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.production import pg_cluster  # noqa: E402

# Public pages and API endpoints the load cycles through; extend as the site grows.
PATHS = [
    "/",
    "/2020/9/15/",
    "/2020/9/15/1/",
    "/2020/9/16/",
    "/api/v1/articles/",
    "/api/v1/issues/",
]
CLIENT_TIMEOUT = 15  # seconds; a request still open by then counts as hung


def run(command, env, **kwargs):
    return subprocess.run(command, cwd=ROOT, env=env, check=True, **kwargs)


def worker(port, stop_at, results, lock, index):
    connection = None
    n = index
    while time.monotonic() < stop_at:
        path = PATHS[n % len(PATHS)]
        n += 1
        started = time.monotonic()
        try:
            if connection is None:
                connection = http.client.HTTPConnection("127.0.0.1", port, timeout=CLIENT_TIMEOUT)
            connection.request("GET", path, headers={"Host": "127.0.0.1"})
            response = connection.getresponse()
            response.read()
            outcome = response.status
        except TimeoutError:
            outcome = "hung"
            connection = None
        except (OSError, http.client.HTTPException):
            outcome = "connection error"
            connection = None
        with lock:
            results.append((started, time.monotonic() - started, path, outcome))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--restart-at", type=float, default=20)
    args = parser.parse_args()

    reason = pg_cluster.available()
    if reason:
        sys.exit(reason)
    python = sys.executable
    with pg_cluster.single_cluster() as cluster, tempfile.TemporaryDirectory() as scratch:
        cluster.psql("CREATE DATABASE newsroom")
        port = pg_cluster.free_port()
        env = {
            **os.environ,
            "DATABASE_URL": cluster.url("newsroom"),
            "DEBUG": "0",
            "SECRET_KEY": secrets.token_urlsafe(60),
            "ALLOWED_HOSTS": "127.0.0.1",
            "SECURE_SSL_REDIRECT": "0",  # plain HTTP on loopback; TLS is the proxy's job
            "ALLOW_PLAIN_HTTP": "1",
            "STATIC_ROOT": str(Path(scratch) / "static"),
            "MEDIA_ROOT": str(Path(scratch) / "media"),
            "VAR_DIR": scratch,
            "CONN_MAX_AGE": "60",
            "LOG_LEVEL": "ERROR",
            # every client comes from 127.0.0.1: the per-address API throttle is not under test
            "API_ANON_RATE": "10000000/min",
        }
        print("loading the demo archive into a throw-away cluster …", flush=True)
        run([python, "manage.py", "migrate", "-v0"], env)
        run([python, "manage.py", "load_demo", "--no-users"], env, stdout=subprocess.DEVNULL)
        run([python, "manage.py", "collectstatic", "--noinput", "-v0"], env)
        server = subprocess.Popen(
            [
                python,
                "-m",
                "gunicorn",
                "newsroom.wsgi",
                "--bind",
                f"127.0.0.1:{port}",
                "--workers",
                "2",
                "--timeout",
                "10",
                "--graceful-timeout",
                "5",
            ],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            assert pg_cluster.wait_until(lambda: _answers(port), timeout=30), (
                "gunicorn did not start"
            )
            active = [p for p in PATHS if _status(port, p) == 200]
            print(f"driving {len(active)} paths: {', '.join(active)}", flush=True)
            PATHS[:] = active
            results, lock = [], threading.Lock()
            start = time.monotonic()
            stop_at = start + args.seconds
            threads = [
                threading.Thread(target=worker, args=(port, stop_at, results, lock, i))
                for i in range(args.clients)
            ]
            for thread in threads:
                thread.start()
            time.sleep(max(0.0, start + args.restart_at - time.monotonic()))
            restart_began = time.monotonic()
            cluster.stop("fast")
            cluster.start()
            restart_ended = time.monotonic()
            for thread in threads:
                thread.join(CLIENT_TIMEOUT + 5)
            report(results, start, restart_began, restart_ended, args)
        finally:
            server.terminate()
            server.wait(10)


def _status(port, path):
    try:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
        connection.request("GET", path, headers={"Host": "127.0.0.1"})
        return connection.getresponse().status
    except OSError:
        return None


def _answers(port):
    return _status(port, "/healthz") == 200


def report(results, start, restart_began, restart_ended, args):
    ok = [r for r in results if r[3] == 200]
    errors = [r for r in results if r[3] != 200]
    # a request counts inside the window when it was in flight while PostgreSQL was down
    inside = [r for r in errors if r[0] <= restart_ended and r[0] + r[1] >= restart_began]
    outside = [r for r in errors if r not in inside]
    latencies = sorted(r[1] * 1000 for r in results)
    last_error_end = max((r[0] + r[1] for r in errors), default=None)
    recovery = max(0.0, last_error_end - restart_ended) if last_error_end else 0.0
    hung = sum(1 for r in results if r[3] == "hung")
    print(
        f"clients {args.clients}, {args.seconds:.0f} s, PostgreSQL restarted at "
        f"{restart_began - start:.1f} s, down for {restart_ended - restart_began:.2f} s"
    )
    print(f"requests served     {len(results)} ({len(results) / args.seconds:.0f} req/s)")
    print(f"ok                  {len(ok)}")
    print(f"errors in window    {len(inside)}")
    print(f"errors outside      {len(outside)}")
    print(
        f"p50 / p95 latency   {statistics.median(latencies):.1f} ms / "
        f"{latencies[int(len(latencies) * 0.95)]:.1f} ms"
    )
    print(f"recovered after     {recovery:.2f} s after PostgreSQL was back")
    print(f"hung requests       {hung}")
    kinds = {}
    for r in errors:
        kinds[str(r[3])] = kinds.get(str(r[3]), 0) + 1
    if kinds:
        print("error kinds         " + ", ".join(f"{k}: {v}" for k, v in sorted(kinds.items())))


if __name__ == "__main__":
    main()
