"""How right the page parser is on our page corpus, field by field, and how fast.

    python benchmarks/import_structure.py [--show-mistakes] [--dev-only | --held-out-only]

Scores the dev pages and the held-out pages of tests/imports/pages apart (see
tests/imports/structure.py for what is compared): per-field accuracy, items missed, items
invented, and the time per page. Then checks the two real seed pages when ../shared/seeds is
present. Pure Python, no database.
"""

import argparse
import os
import statistics
import sys
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")

import django  # noqa: E402

django.setup()

from imports.parsing import parse_page  # noqa: E402
from tests.conftest import SEEDS_DIR as SEEDS  # noqa: E402
from tests.imports.structure import load_pages, propose, score_page, text_source  # noqa: E402


def _field_group(name: str) -> str:
    """article.credits.记者 → article.credits; issue.date stays."""
    parts = name.split(".")
    return ".".join(parts[:2]) if parts[0] == "article" and len(parts) > 2 else name


def score_set(label: str, pages, show_mistakes: bool) -> None:
    per_field: dict[str, list[bool]] = defaultdict(list)
    invented = missing = 0
    right = total = 0
    timings = []
    print(f"\n== {label}: {len(pages)} pages")
    for name, text, expected in pages:
        started = time.perf_counter()
        got = propose(text, expected)
        timings.append(time.perf_counter() - started)
        score = score_page(expected, got)
        for field, ok, _want, _got in score.fields:
            per_field[_field_group(field)].append(ok)
        invented += len(score.invented)
        missing += len(score.missing)
        right, total = right + score.right, total + len(score.fields)
        print(
            f"  {name:<20} {score.accuracy:6.1%}  ({score.right}/{len(score.fields)})"
            f"  missed {len(score.missing)}  invented {len(score.invented)}"
        )
        if show_mistakes:
            for line in score.mistakes():
                print(f"      {line}")
    print(f"  overall {right / total:.1%} ({right}/{total})")
    print(f"  items missed {missing}, items invented {invented}")
    print("  per field:")
    for field in sorted(per_field):
        results = per_field[field]
        print(
            f"    {field:<26} {sum(results) / len(results):6.1%}  ({sum(results)}/{len(results)})"
        )
    print(
        f"  time per page: median {statistics.median(timings) * 1000:.0f} ms,"
        f" max {max(timings) * 1000:.0f} ms"
    )


def check_seeds() -> None:
    if not SEEDS.is_dir():
        return
    print("\n== seed pages")
    for path in sorted(SEEDS.glob("*.txt")):
        started = time.perf_counter()
        proposal = parse_page(text_source(path.read_text(encoding="utf-8")))
        elapsed = time.perf_counter() - started
        flagged = sum(article.interleaved for article in proposal.articles)
        print(
            f"  {path.name}: {len(proposal.articles)} items, {flagged} flagged as interleaved,"
            f" {len(proposal.warnings)} warnings, {elapsed * 1000:.0f} ms"
        )
        for article in proposal.articles:
            print(
                f"    - {article.kicker} | {article.headline} | {article.subheadline}"
                f" [{article.genre}, {article.origin}]"
            )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--show-mistakes", action="store_true")
    parser.add_argument("--held-out-only", action="store_true")
    parser.add_argument("--dev-only", action="store_true", help="while developing the parser")
    args = parser.parse_args()
    if not args.held_out_only:
        score_set("dev", load_pages(held_out=False), args.show_mistakes)
    if not args.dev_only:
        score_set("held-out", load_pages(held_out=True), args.show_mistakes)
    check_seeds()


if __name__ == "__main__":
    main()
