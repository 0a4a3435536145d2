"""Throughput of 300+ distinct cached pages while an editor saves an article every 10 seconds.

Serves the demo archive as benchmarks/site_throughput.py does (gunicorn, 2 sync workers,
DEBUG=0, Redis, the page cache on; its Server and database) and has wrk cycle through the
addresses of the newest published articles and of their pages and issues (load_restart.lua),
in rounds that alternate: without edits, then while a separate process saves one of those
articles every `--every` seconds the way the admin does (full_clean() and save() in one
transaction; the headline changes each time, or with --edit body the text, as a correction
does: the pages listing the article among related items show only its headline and date, so
such a save leaves them cached; with --edit publish, with --edit-elsewhere only, the editor
takes an article back to draft and publishes it again at the next save, as an editor holding
back a story does). Before issue 20 every save bumped the one content
version and every cached page went cold at once; now it makes stale only the pages showing the
article. Prints each round and the ratio of throughput with edits to without; with
--before-ref, the same rounds on the code of that commit first.

    BENCH_REDIS_URL=redis://127.0.0.1:6379/13 .venv/bin/python benchmarks/cache_under_edits.py \\
        [--duration 30] [--rounds 2] [--connections 16] [--every 10] [--articles 220] \\
        [--database-url postgres://postgres@127.0.0.1:5432/newsroom_bench] [--before-ref c407f6d] \\
        [--edit body|publish] [--port 8830] \\
        [--edit-elsewhere]   # control: save articles that no measured page shows
"""

import argparse
import json
import re
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks import site_throughput  # noqa: E402

SCRIPT = ROOT / "benchmarks" / "load_restart.lua"
TARGET = 0.8

# The newest articles first (a reader's archive is more than this benchmark needs).
ADDRESSES = """
import json, os
from articles.models import Article
newest = Article.objects.published().select_related("page__issue").order_by("-issue_date", "pk")
articles = list(newest[: int(os.environ["BENCH_ARTICLES"])])
paths, edited = [], []
for article in articles:
    paths.append(article.get_absolute_url())
    edited.append(article.pk)
    paths.extend([article.page.get_absolute_url(), article.page.issue.get_absolute_url()])
oldest = Article.objects.published().order_by("issue_date", "pk").values_list("pk", flat=True)
elsewhere = list(oldest[: len(edited)])
print(json.dumps({"paths": list(dict.fromkeys(paths)), "articles": edited, "elsewhere": elsewhere}))
"""

# The editor: started (and its Django set up) before the first round, so that its start costs
# no round anything; it saves one article every `every` seconds while the flag file exists.
EDITOR = """
import itertools, os, time
from django.db import transaction
from articles.models import Article
every, flag = float(os.environ["EDIT_EVERY"]), os.environ["EDIT_FLAG"]
field = os.environ["EDIT_FIELD"]
ids = [int(pk) for pk in os.environ["EDIT_ARTICLES"].split(",")]
# publish: each article twice in a row, back to draft and published again (left as found)
ids = itertools.cycle([pk for pk in ids for _ in range(2 if field == "status" else 1)])
print("ready", flush=True)
number = 0
while True:
    time.sleep(every)
    if not os.path.exists(flag):
        continue
    pk, number = next(ids), number + 1
    with transaction.atomic():
        article = Article.objects.select_for_update().get(pk=pk)
        if field == "status":
            value = "draft" if article.status == "published" else "published"
        else:
            value = getattr(article, field).rstrip("·") + ("·" if number % 2 else "")
        setattr(article, field, value)
        article.full_clean()
        article.save()
    print("saved", pk, flush=True)
"""


def addresses(env, articles: int) -> tuple[list[str], list[int], list[int]]:
    """The addresses of the newest `articles` published articles, their pages and issues; those
    articles; as many of the oldest articles."""
    env = {**env, "BENCH_ARTICLES": str(articles)}
    found = json.loads(site_throughput.manage("shell", "-c", ADDRESSES, env=env).splitlines()[-1])
    return found["paths"], found["articles"], found["elsewhere"]


def run_wrk(server, paths: list[str], duration: int, connections: int) -> float:
    """Requests per second over `paths` in turn; any answer but 200 fails the run."""
    output = subprocess.run(
        ["wrk", "-t2", f"-c{connections}", f"-d{duration}s", "-s", str(SCRIPT),
         server.url("/"), "--", *paths],
        check=True, capture_output=True, text=True,
    ).stdout  # fmt: skip
    if re.search(r"^status \d+", output, re.MULTILINE) or "Non-2xx" in output:
        raise RuntimeError(f"answers other than 200:\n{output}")
    return float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))


def editor(env, root: Path, args, articles: list[int], flag: Path) -> subprocess.Popen:
    """The editor, running the code in `root` (whose saves the server in front must see)."""
    process = subprocess.Popen(
        [site_throughput.PYTHON, "manage.py", "shell", "-c", EDITOR],
        cwd=root,
        env={
            **env,
            "PYTHONPATH": str(root),
            "EDIT_EVERY": str(args.every),
            "EDIT_FIELD": "status" if args.edit == "publish" else args.edit,
            "EDIT_FLAG": str(flag),
            "EDIT_ARTICLES": ",".join(map(str, articles)),
        },
        stdout=subprocess.PIPE,
        text=True,
    )
    while process.stdout.readline().strip() != "ready":
        if process.poll() is not None:
            raise RuntimeError("the editor did not start")
    return process


def measure(label: str, root: Path, paths, articles, args) -> dict:
    env = site_throughput.environment()
    site_throughput.clear_cache(env)
    flag = ROOT / "benchmarks" / "data" / "editing"
    flag.unlink(missing_ok=True)
    server = site_throughput.Server({**env, "PYTHONPATH": str(root)}, cwd=root)
    process = editor(env, root, args, articles, flag)
    results = {"without": [], "with": [], "saves": 0}
    try:
        for round_ in range(args.rounds):
            # Every round starts from a warm cache (the last round's edits made pages stale);
            # the second answer keeps the fast path's headers.
            for path in paths:
                server.get(path)
                server.get(path)
            results["without"].append(run_wrk(server, paths, args.duration, args.connections))
            flag.touch()
            try:
                results["with"].append(run_wrk(server, paths, args.duration, args.connections))
            finally:
                flag.unlink()
            print(
                f"{label} round {round_ + 1}: without edits {results['without'][-1]:.0f} req/s, "
                f"with edits {results['with'][-1]:.0f} req/s",
                flush=True,
            )
    finally:
        process.terminate()
        results["saves"] = process.communicate(timeout=10)[0].count("saved")
        server.stop()
    return results


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--duration", type=int, default=30, help="seconds per measurement")
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--every", type=float, default=10, help="seconds between two saves")
    parser.add_argument("--articles", type=int, default=220, help="articles whose pages to read")
    parser.add_argument("--database-url", help="default: SQLite under benchmarks/data/site/")
    parser.add_argument(
        "--edit-elsewhere", action="store_true", help="save the oldest articles instead (control)"
    )
    parser.add_argument(
        "--edit",
        choices=("headline", "body", "publish"),
        default="headline",
        help="the field each save changes (publish: its status, with --edit-elsewhere)",
    )
    parser.add_argument("--port", type=int, help="serve on this port (default: any free one)")
    parser.add_argument("--before-ref", help="also measure the code at this commit, first")
    args = parser.parse_args()
    if args.edit == "publish" and not args.edit_elsewhere:
        parser.error("--edit publish needs --edit-elsewhere (a measured page would answer 404)")
    site_throughput.DATABASE_URL = args.database_url or site_throughput.DATABASE_URL
    if args.port:  # one server at a time: each measurement stops its own
        site_throughput.free_port = lambda: args.port
    env = site_throughput.environment()
    site_throughput.prepare(env)
    paths, articles, elsewhere = addresses(env, args.articles)
    if args.edit_elsewhere:  # the control: the same saves, of articles no measured page shows
        articles = elsewhere
    if len(paths) < 300:
        raise SystemExit(f"only {len(paths)} addresses: the demo archive is too small")
    codes = [("this checkout", ROOT)]
    if args.before_ref:
        codes.insert(0, (args.before_ref, site_throughput.export(args.before_ref)))
    results = {label: measure(label, root, paths, articles, args) for label, root in codes}

    database = site_throughput.DATABASE_URL.split(":")[0]
    print(
        f"{len(paths)} addresses ({len(articles)} articles, their pages and issues), gunicorn 2 "
        f"workers, wrk -t2 -c{args.connections} -d{args.duration}s, {args.rounds} rounds, "
        f"a save of the {args.edit} every {args.every:g} s, DEBUG=0, Redis, {database}"
    )
    failed = False
    for label, result in results.items():
        without, with_edits = (statistics.mean(result[name]) for name in ("without", "with"))
        ratio = with_edits / without
        verdict = "ok" if ratio >= TARGET else "MISS"
        if label == "this checkout":
            failed = ratio < TARGET
        print(
            f"{label:14} without edits {without:6.0f} req/s, with edits {with_edits:6.0f} req/s "
            f"({result['saves']} saves): {ratio:.2f}  ≥{TARGET} {verdict}"
        )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
