"""Precision and recall of the figure extraction on our labelled sets, plus the seed pages.

    python benchmarks/extraction_quality.py [--set dev|heldout|all] [--show-mistakes]

Prints, for each labelled set (tests/indicators/labelled/: `dev`, tuned on; `heldout`, written
first and only measured), precision, recall and F1 of whole figures on sentences and on
paragraphs with their issue date, then of each field on its own; and, when ../shared/seeds is
present, which figures of the brief's table for seed 002 the OCR mode finds. Pure Python: no
database.
"""

import argparse
import datetime
import os
import sys
import time
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")

import django  # noqa: E402

django.setup()

from indicators import periods  # noqa: E402
from indicators.extraction import extract_figures  # noqa: E402
from tests.indicators.labelled import FIELDS, FLAGS, dev, heldout, score  # noqa: E402

SEEDS = Path(
    os.environ.get("NEWSROOM_SEEDS_DIR")
    or next(
        (
            str(path)
            for path in (ROOT.parent / "shared" / "seeds", Path("/work/shared/seeds"))
            if path.is_dir()
        ),
        ROOT.parent / "shared" / "seeds",
    )
)
# The brief's table for seed 002: (indicator, period, value, change)
SEED_002 = [
    ("gdp", periods.year(2019), "1512.1", "5.7"),
    ("industry_value_added", periods.year(2019), "963.2", "4.6"),
    ("fixed_asset_investment", periods.year(2019), "523.3", "11.2"),
    ("budget_revenue", periods.year(2019), "192.6", "10.2"),
    ("urban_income", periods.year(2019), "29181", "6.8"),
    ("rural_income", periods.year(2019), "9963", "10.3"),
    ("gdp", periods.half(2020, 1), "676.05", "-3.3"),
    ("industry_value_added", periods.half(2020, 1), None, "-4"),
    ("fixed_asset_investment", periods.half(2020, 1), "235.1", "7.3"),
    ("budget_revenue", periods.half(2020, 1), "94.76", "-16.15"),
    ("retail_sales", periods.half(2020, 1), "191.8", "-13.9"),
    ("foreign_trade", periods.half(2020, 1), "18.99", "-2.3"),
    ("urban_income", periods.half(2020, 1), "14145", None),
    ("rural_income", periods.half(2020, 1), "5094", None),
]


def _f1(precision: float, recall: float) -> float:
    return 2 * precision * recall / (precision + recall) if precision + recall else 0.0


def report(name: str, cases, show_mistakes: bool) -> None:
    started = time.perf_counter()
    result = score(cases)
    elapsed = time.perf_counter() - started
    p, r = result["precision"], result["recall"]
    print(
        f"{name:<22} {result['cases']:>4} cases {result['expected']:>4} figures  "
        f"found {result['found']:>4} correct {result['correct']:>4}  "
        f"P {p:.3f}  R {r:.3f}  F1 {_f1(p, r):.3f}  "
        f"({elapsed / max(1, result['cases']) * 1e3:.2f} ms a case)"
    )
    fields = "  ".join(
        f"{field} {fp:.2f}/{fr:.2f}"
        for field, (fp, fr) in result["fields"].items()
        if field in FIELDS + FLAGS
    )
    print(f"{'':<22} per field P/R: {fields}")
    if show_mistakes:
        for text, date, got, want in result["mistakes"]:
            print(f"- {date} {text}")
            for key in got:
                print(f"    got  {'✓' if key in want else '✗'} {key}")
            for key in want:
                if key not in got:
                    print(f"    want   {key}")


def seed_report(seeds: Path) -> None:
    path = next(iter(sorted(seeds.glob("002_*.txt"))), None)
    if path is None:
        return
    text = path.read_text(encoding="utf-8")
    figures = extract_figures(text, date=datetime.date(2020, 9, 15), ocr=True)
    plain = extract_figures(text, date=datetime.date(2020, 9, 15))
    for mode, found in (("OCR mode", figures), ("plain mode", plain)):
        right = partly = 0
        for code, span, value, change in SEED_002:
            same = [f for f in found if f.indicator == code and f.period == span]
            value_ok = [f for f in same if value is None or f.value == Decimal(value)]
            change_ok = [f for f in same if change is None or f.yoy_change == Decimal(change)]
            right += bool(set(map(id, value_ok)) & set(map(id, change_ok)))
            partly += bool(value_ok or change_ok) and not set(map(id, value_ok)) & set(
                map(id, change_ok)
            )
        in_table = {(code, span) for code, span, _v, _c in SEED_002}
        other = [
            f"{f.indicator} {f.period.label}"
            for f in found
            if (f.indicator, f.period) not in in_table
        ]
        print(
            f"seed 002, {mode}: of the {len(SEED_002)} figures of the brief's table, {right} "
            f"right, {partly} with the value or the change only; {len(found)} proposed, of which "
            f"not in the table: {', '.join(other) or 'none'}"
        )


def throughput(seeds: Path) -> None:
    text = "\n".join(path.read_text(encoding="utf-8") for path in sorted(seeds.glob("*.txt")))
    extract_figures(text[:200], date=datetime.date(2020, 9, 15))  # compile the patterns
    started, runs = time.perf_counter(), 10
    for _ in range(runs):
        extract_figures(text, date=datetime.date(2020, 9, 15))
    elapsed = (time.perf_counter() - started) / runs
    print(
        f"speed: the seed pages ({len(text):,} characters) in {elapsed * 1e3:.0f} ms, "
        f"{len(text) / elapsed / 1e3:.0f}k characters a second"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--set", choices=["dev", "heldout", "all"], default="all")
    parser.add_argument("--show-mistakes", action="store_true")
    parser.add_argument("--seeds", type=Path, default=SEEDS)
    args = parser.parse_args()
    sets = {"dev": dev, "heldout": heldout}
    for name, module in sets.items():
        if args.set in (name, "all"):
            report(f"{name} sentences", module.SENTENCES, args.show_mistakes)
            report(f"{name} paragraphs", module.PARAGRAPHS, args.show_mistakes)
    if args.seeds.is_dir():
        seed_report(args.seeds)
        throughput(args.seeds)


if __name__ == "__main__":
    main()
