"""Load the site while its PostgreSQL restarts: are errors confined to the restart, and short?

    .venv/bin/python benchmarks/load_restart.py [--clients 50] [--seconds 60] [--restart-at 20]

Starts its own throw-away PostgreSQL cluster (never the machine's server on 5432), loads the
demo archive into it, serves it with gunicorn (production settings, 2 workers), and drives the
public pages and the API with wrk (`apt-get install wrk`; 2 threads, N connections, script
`load_restart.lua`) for the given time. At --restart-at seconds it restarts PostgreSQL
(pg_ctl restart -m fast). Prints requests served, errors before, during and after the restart,
p50/p95 latency, how long after PostgreSQL was back the last error came, and how many requests
hung past wrk's timeout.
"""

import argparse
import http.client
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.production_env import production_environment  # noqa: E402
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


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--restart-at", type=float, default=20)
    args = parser.parse_args()

    reason = pg_cluster.available() or (None if shutil.which("wrk") else "wrk is not installed")
    if reason:
        sys.exit(reason)
    python = sys.executable
    with pg_cluster.single_cluster() as cluster, tempfile.TemporaryDirectory() as scratch:
        cluster.psql("CREATE DATABASE newsroom")
        port = pg_cluster.free_port()
        env = {
            **os.environ,
            "DATABASE_URL": cluster.url("newsroom"),
            **production_environment("127.0.0.1"),
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
            load = subprocess.Popen(
                [
                    "wrk",
                    "-t2",
                    f"-c{args.clients}",
                    f"-d{args.seconds:.0f}s",
                    f"--timeout={CLIENT_TIMEOUT}s",
                    "-s",
                    str(ROOT / "benchmarks" / "load_restart.lua"),
                    f"http://127.0.0.1:{port}",
                    "--",
                    *active,
                ],
                stdout=subprocess.PIPE,
                text=True,
            )
            start = time.time()
            time.sleep(args.restart_at)
            restart_began = time.time()
            cluster.stop("fast")
            cluster.start()
            restart_ended = time.time()
            output, _ = load.communicate(timeout=args.seconds + CLIENT_TIMEOUT + 30)
            report(parse(output), start, restart_began, restart_ended, args)
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


def parse(output: str) -> dict:
    """The lines load_restart.lua prints, as numbers."""
    figures = {"tenths": {}, "statuses": Counter(), "latency_ms": {}}
    for line in output.splitlines():
        if not line.strip():
            continue
        name, *values = line.split()
        if name == "tenth":
            at, ok, failed = map(int, values)
            figures["tenths"][at / 10] = (ok, failed)
        elif name == "status":
            figures["statuses"][int(values[0])] += int(values[1])
        elif name == "latency_ms":
            figures["latency_ms"][int(values[0])] = float(values[1])
        elif name == "socket_errors":
            figures["socket_errors"] = dict(
                zip(("connect", "read", "write", "timeout"), values, strict=True)
            )
        elif name in ("requests", "latency_max_ms"):
            figures[name] = float(values[0])
        # anything else is wrk's own summary
    return figures


def report(figures, start, restart_began, restart_ended, args):
    """Errors are placed by the tenth of a second their answer came in; a tenth that overlaps
    the restart counts as inside it."""
    tenths = figures["tenths"]
    ok = sum(n for n, _ in tenths.values())
    before = sum(bad for at, (_, bad) in tenths.items() if at + 0.1 <= restart_began)
    after = sum(bad for at, (_, bad) in tenths.items() if at >= restart_ended)
    during = sum(bad for _, bad in tenths.values()) - before - after
    last_error = max((at + 0.1 for at, (_, bad) in tenths.items() if bad), default=None)
    recovery = max(0.0, last_error - restart_ended) if last_error else 0.0
    socket = figures["socket_errors"]
    latency = figures["latency_ms"]
    print(
        f"clients {args.clients}, {args.seconds:.0f} s, PostgreSQL restarted at "
        f"{restart_began - start:.1f} s, down for {restart_ended - restart_began:.2f} s"
    )
    print(
        f"requests served     {figures['requests']:.0f} "
        f"({figures['requests'] / args.seconds:.0f} req/s)"
    )
    print(f"ok (200)            {ok}")
    print(f"errors before       {before}")
    print(f"errors while down   {during}")
    print(f"errors after back   {after} (last error {recovery:.1f} s after PostgreSQL was back)")
    print(f"error statuses      {dict(sorted(figures['statuses'].items())) or '-'}")
    print(f"p50 / p95 / p99     {latency[50]:.1f} / {latency[95]:.1f} / {latency[99]:.1f} ms")
    print(f"longest request     {figures['latency_max_ms']:.0f} ms")
    print(
        f"socket errors       connect {socket['connect']}, read {socket['read']}, "
        f"write {socket['write']}"
    )
    print(f"hung (> {CLIENT_TIMEOUT} s)       {socket['timeout']}")


if __name__ == "__main__":
    main()
