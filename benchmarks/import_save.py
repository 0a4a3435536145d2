"""Saving an imported page (issue 18): seconds and queries of import_page() per page.

    DATABASE_URL=sqlite:////tmp/bench.sqlite3 .venv/bin/python manage.py migrate
    DATABASE_URL=sqlite:////tmp/bench.sqlite3 .venv/bin/python benchmarks/import_save.py

Pages: the seed front page's OCR text (six items) and the A3 test page of tests/imports/typeset.py
as a PDF (five columns, some 30 items). Each is read and parsed once (the baseline: what the
editor waits for before the review), then saved by import_page() --repeat times, each save in a
transaction rolled back afterwards, so the database is left as it was. Prints seconds per save,
its queries, the ratio of the save to reading and parsing, and what its commit would make stale
in the page cache (the tags its bump would carry: "everything" empties the whole cache).
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")

import django  # noqa: E402

django.setup()

from django.db import connection, transaction  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from articles.models import Publication  # noqa: E402
from imports.pipeline import propose_page  # noqa: E402
from imports.services import import_page  # noqa: E402
from publishing.caching import EVERYTHING  # noqa: E402
from tests.imports import typeset  # noqa: E402

SEED = Path("/work/shared/seeds/000_59828c7503c07820.txt")


def pages():
    seeds = Path(os.environ.get("NEWSROOM_SEEDS_DIR", SEED.parent))
    yield "seed front page (text)", (seeds / SEED.name).read_bytes(), "seed.txt"
    yield "A3 test page (PDF)", typeset.pdf_bytes(typeset.broadsheet_page()), "a3.pdf"


class Rollback(Exception):
    pass


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    print(f"database: {connection.vendor}; load average {os.getloadavg()[0]:.1f}")
    for name, data, filename in pages():
        start = time.perf_counter()
        proposed = propose_page(data, filename=filename)
        read_seconds = time.perf_counter() - start
        headless = [item for item in proposed.proposal.articles if not item.headline]
        for number, item in enumerate(headless, start=1):  # as the editor would, at review
            item.headline = f"待定标题{number}"
        times, queries = [], 0
        for _ in range(args.repeat):
            try:
                with transaction.atomic():
                    Publication.objects.get_or_create(
                        slug="bench-own", defaults={"name": "吕梁日报", "is_own": True}
                    )
                    with CaptureQueriesContext(connection) as captured:
                        start = time.perf_counter()
                        result = import_page(
                            proposed.proposal, source=proposed.source, pdf=proposed.pdf
                        )
                        times.append(time.perf_counter() - start)
                    queries = len(captured)
                    stales = tags_bumped_at_commit()
                    raise Rollback
            except Rollback:
                pass
        save = statistics.median(times)
        print(
            f"{name}: {len(result.articles)} items ({len(headless)} given a headline); "
            f"read+parse {read_seconds:.2f} s (baseline); "
            f"save {save:.3f} s median of {args.repeat}, {queries} queries; "
            f"save / read+parse = {save / read_seconds:.2f}; its commit stales {stales}"
        )


def tags_bumped_at_commit() -> str:
    """The page-cache tags the open transaction's commit would bump, in words."""
    pending = [func for _sids, func, _robust in connection.run_on_commit if hasattr(func, "tags")]
    tags = set().union(*(func.tags for func in pending))
    if EVERYTHING in tags:
        return "everything"
    return f"{len(tags)} tags ({', '.join(sorted(tags)) or 'none'})"


if __name__ == "__main__":
    main()
