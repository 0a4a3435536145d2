"""Requests per second of the public pages, each as a ratio to a bare Django view.

Serves the demo archive with gunicorn (2 sync workers, DEBUG=0, a generated SECRET_KEY,
ALLOWED_HOSTS=127.0.0.1, Redis as the shared cache) and measures with wrk on the same host,
against the baseline of issue 20: a bare Django view (benchmarks/bare_django.py) in a gunicorn of
its own, measured again just before and after every page so that each ratio compares
neighbouring measurements. First the trivial view behind all of our middleware (for
information: what the chain costs), then home, issue, page and article pages from the page
cache, then the article page on a second server with the page cache switched off (rendered on
every request from the data cache, publishing.caching.reader_data) and on a third with both
caches off (every request reads the database). With --before-ref, the cached pages are also
measured on the code of that commit (exported with git archive into benchmarks/data/), in the
same run, before this checkout's.

    .venv/bin/python benchmarks/site_throughput.py [--duration 10] [--connections 16]
        [--database-url postgres://postgres@127.0.0.1:5432/newsroom_bench3] [--before-ref c407f6d]

The demo database (SQLite unless --database-url), static files and media live in
benchmarks/data/ (gitignored). Redis database 3 is the cache unless BENCH_REDIS_URL names
another; it is emptied at the start.
"""

import argparse
import os
import re
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.production_env import production_environment  # noqa: E402

DATA = ROOT / "benchmarks" / "data" / "site"
PYTHON = str(ROOT / ".venv" / "bin" / "python")
GUNICORN = str(ROOT / ".venv" / "bin" / "gunicorn")


def checkout_program(code_root: Path, program: str = "python") -> str:
    """`program` from the .venv of another checkout of the code when it has one (the code
    before a change may not run with this checkout's packages), else from this checkout's."""
    own = Path(code_root) / ".venv" / "bin" / program
    return str(own if own.exists() else ROOT / ".venv" / "bin" / program)


TARGETS = {"cached": 0.9}


DATABASE_URL = f"sqlite:///{DATA / 'site.sqlite3'}"


def environment(**extra) -> dict:
    env = dict(os.environ)
    env.update(
        production_environment("127.0.0.1"),
        DATABASE_URL=DATABASE_URL,
        STATIC_ROOT=str(DATA / "static"),
        MEDIA_ROOT=str(DATA / "media"),
        DJANGO_SETTINGS_MODULE="benchmarks.site_settings",
        PYTHONPATH=str(ROOT),
        **extra,
    )
    return env


def manage(*args, env) -> str:
    result = subprocess.run(
        [PYTHON, "manage.py", *args], cwd=ROOT, env=env, check=True, capture_output=True, text=True
    )
    return result.stdout


def clear_cache(env):
    """Empty the shared cache: pages cached by another run or other code must not be served."""
    manage("shell", "-c", "from django.core.cache import cache; cache.clear()", env=env)


def prepare(env) -> dict[str, str]:
    """Create the demo archive once; return the addresses to measure."""
    DATA.mkdir(parents=True, exist_ok=True)
    manage("migrate", "-v0", env=env)
    has_demo = manage(
        "shell", "-c", "from articles.models import Issue; print(Issue.objects.exists())", env=env
    )
    if has_demo.split()[-1] != "True":
        manage("load_demo", env=env)
        # Fresh tables have no planner statistics until autovacuum runs; production has them.
        analyze = "from django.db import connection; connection.cursor().execute('ANALYZE')"
        manage("shell", "-c", analyze, env=env)
    manage("collectstatic", "--noinput", "-v0", env=env)
    clear_cache(env)
    article_id = manage(
        "shell",
        "-c",
        "from articles.models import Article; "
        "print(Article.objects.published().filter(issue__number=10076, page__number=1)"
        ".order_by('position').first().pk)",
        env=env,
    ).split()[-1]
    return {
        "home": "/",
        "issue": "/2020/9/15/",
        "page": "/2020/9/15/1/",
        "article": f"/articles/{article_id}/",
    }


def free_port() -> int:
    """A free port: the first free one of BENCH_PORTS ("8820-8829") when set, so that runs
    sharing a machine keep to the ports they were given; else any the system offers."""
    first, _, last = os.environ.get("BENCH_PORTS", "").partition("-")
    for port in range(int(first), int(last or first) + 1) if first else ():
        with socket.socket() as sock:
            try:
                sock.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    if first:
        raise RuntimeError(f"no free port in BENCH_PORTS={os.environ['BENCH_PORTS']}")
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def export(ref: str) -> Path:
    """The whole project at `ref`, exported once into benchmarks/data/ (to serve the code
    before a change beside this checkout's)."""
    tree = ROOT / "benchmarks" / "data" / f"tree-{ref}"
    if not tree.exists():
        tree.mkdir(parents=True)
        archive = subprocess.run(
            ["git", "archive", ref], cwd=ROOT, check=True, capture_output=True
        ).stdout
        subprocess.run(["tar", "-x", "-C", str(tree)], input=archive, check=True)
    return tree


class Server:
    """gunicorn serving the archive (or, with `application` and `probe` of the bare baseline,
    benchmarks/bare_django.py; with `gunicorn` and `cwd` another project) on a free local port."""

    def __init__(
        self, env, application="newsroom.wsgi", probe="/bench/trivial/", gunicorn=GUNICORN, cwd=ROOT
    ):
        self.port = free_port()
        self.process = subprocess.Popen(
            [gunicorn, application, "-w", "2", "-b", f"127.0.0.1:{self.port}"],
            cwd=cwd,
            env=env,
        )
        for _ in range(100):
            try:
                self.get(probe)
                return
            except OSError:
                time.sleep(0.1)
        raise RuntimeError("gunicorn did not start")

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def get(self, path: str) -> int:
        with urllib.request.urlopen(self.url(path), timeout=5) as response:
            return response.status

    def stop(self):
        self.process.send_signal(signal.SIGTERM)
        self.process.wait(timeout=10)


class BareServer(Server):
    """The bare Django view of benchmarks/bare_django.py, in its own gunicorn: the baseline that
    issue 20 asks for (a view behind none of our middleware)."""

    def __init__(self):
        env = dict(os.environ, PYTHONPATH=str(ROOT))
        env.pop("DJANGO_SETTINGS_MODULE", None)
        super().__init__(env, application="benchmarks.bare_django:application", probe="/")


def requests_per_second(url: str, duration: int, connections: int, paths=()) -> float:
    """wrk's requests per second on `url`, or cycling through `paths` on its host when given
    (benchmarks/load_restart.lua)."""
    script = ["-s", str(ROOT / "benchmarks" / "load_restart.lua"), url, "--", *paths]
    output = subprocess.run(
        ["wrk", "-t2", f"-c{connections}", f"-d{duration}s", *(script if paths else [url])],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    if "Non-2xx" in output:
        raise RuntimeError(f"{url} answered errors:\n{output}")
    return float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))


def measure(server, paths: dict[str, str], bare_url: str, duration: int, connections: int):
    """(name, page req/s, bare view req/s around it) per page.

    The bare view is measured before and after every page and the page is compared with the
    mean of those two, because other work on a shared host moves the absolute figures by tens
    of percent within a minute; neighbouring measurements see the same conditions.
    """
    for path in paths.values():
        assert server.get(path) == 200, path  # warm the page cache and fail early on errors
        server.get(path)  # the second answer keeps the headers for the fast path
    before = requests_per_second(bare_url, duration, connections)
    results = []
    for name, path in paths.items():
        rate = requests_per_second(server.url(path), duration, connections)
        after = requests_per_second(bare_url, duration, connections)
        results.append((name, rate, (before + after) / 2))
        before = after
    return results


def measure_code(label: str, root: Path, paths, bare_url: str, args) -> list[tuple]:
    """Rows (label, req/s, bare req/s, target) of the cached pages served by the code in `root`."""
    env = environment()
    clear_cache(env)
    server = Server({**env, "PYTHONPATH": str(root)}, cwd=root)
    try:
        pages = {"trivial view behind our middleware": "/bench/trivial/", **paths}
        measured = measure(server, pages, bare_url, **vars(args))
    finally:
        server.stop()
    return [
        (f"{name} ({label})" if name.startswith("trivial") else f"{name} (cached{label})",
         rate, base, None if name.startswith("trivial") else TARGETS["cached"])
        for name, rate, base in measured
    ]  # fmt: skip


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duration", type=int, default=10, help="seconds per measurement")
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--database-url", help="default: SQLite under benchmarks/data/site/")
    parser.add_argument("--before-ref", help="also measure the cached pages at this commit")
    args = parser.parse_args()
    global DATABASE_URL
    DATABASE_URL = args.database_url or DATABASE_URL
    database = DATABASE_URL.split(":", 1)[0]
    before_ref = args.before_ref
    del args.database_url, args.before_ref

    paths = prepare(environment())
    bare = BareServer()
    bare_url = bare.url("/")
    rows = []
    try:
        if before_ref:
            rows += measure_code(f", {before_ref}", export(before_ref), paths, bare_url, args)
        rows += measure_code("", ROOT, paths, bare_url, args)
        article = {"article": paths["article"]}
        for label, switches in (
            ("page cache off", {"PUBLIC_PAGE_CACHE_SECONDS": "0"}),
            ("no cache", {"PUBLIC_PAGE_CACHE_SECONDS": "0", "PUBLIC_DATA_CACHE_SECONDS": "0"}),
        ):
            server = Server(environment(**switches))
            try:
                [(name, rate, base)] = measure(server, article, bare_url, **vars(args))
            finally:
                server.stop()
            rows.append((f"{name} ({label})", rate, base, None))
    finally:
        bare.stop()

    print(
        f"gunicorn 2 workers, wrk -t2 -c{args.connections} -d{args.duration}s, DEBUG=0, Redis, "
        f"{database}; bare = mean of the bare Django view measured just before and after"
    )
    print(f"{'page':44} {'req/s':>7} {'bare':>7} {'ratio':>6}  target")
    failed = False
    for label, rate, base, target in rows:
        ratio = rate / base
        if target is None:
            print(f"{label:44} {rate:7.0f} {base:7.0f} {ratio:6.2f}  (none)")
            continue
        verdict = "ok" if ratio >= target else "MISS"
        if before_ref is None or before_ref not in label:
            failed |= ratio < target
        print(f"{label:44} {rate:7.0f} {base:7.0f} {ratio:6.2f}  ≥{target} {verdict}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
