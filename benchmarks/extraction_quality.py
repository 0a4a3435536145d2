"""Precision and recall of the figure extraction on our labelled set, plus the seed pages.

    python benchmarks/extraction_quality.py [--show-mistakes]

Prints the figures for the labelled sentences (tests/indicators/labelled_sentences.py) and, when
../shared/seeds is present, which 2020 half-year figures of the brief's table the OCR mode finds
on the seed pages. Pure Python: needs no database.
"""

import argparse
import datetime
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from indicators import periods  # noqa: E402
from indicators.extraction import extract_figures  # noqa: E402
from tests.indicators.labelled_sentences import CASES, score  # noqa: E402

SEEDS = ROOT.parent / "shared" / "seeds"
HALF_YEAR_2020 = [
    "gdp",
    "industry_value_added",
    "fixed_asset_investment",
    "budget_revenue",
    "retail_sales",
    "foreign_trade",
    "urban_income",
    "rural_income",
]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--show-mistakes", action="store_true")
    parser.add_argument("--seeds", type=Path, default=SEEDS)
    args = parser.parse_args()

    started = time.perf_counter()
    result = score()
    elapsed = time.perf_counter() - started
    print(f"labelled sentences: {result['sentences']}, expected figures: {result['expected']}")
    print(f"found {result['found']}, correct {result['correct']}")
    print(f"precision {result['precision']:.3f}  recall {result['recall']:.3f}")
    print(f"time {elapsed * 1000:.1f} ms ({elapsed / len(CASES) * 1e6:.0f} µs a sentence)")
    if args.show_mistakes:
        for text, got, want in result["mistakes"]:
            print(f"- {text}\n  got  {got}\n  want {want}")

    if args.seeds.is_dir():
        half = periods.half(2020, 1)
        found = {}
        for path in sorted(args.seeds.glob("*.txt")):
            text = path.read_text(encoding="utf-8")
            for figure in extract_figures(text, date=datetime.date(2020, 9, 15), ocr=True):
                if figure.period == half:
                    found[figure.indicator] = figure
        print(f"seed pages (OCR mode): {len(found)} of {len(HALF_YEAR_2020)} H1 2020 figures")
        for code in HALF_YEAR_2020:
            figure = found.get(code)
            shown = f"{figure.value} {figure.unit} {figure.yoy_change}%" if figure else "not found"
            print(f"  {code:<24} {shown}")


if __name__ == "__main__":
    main()
