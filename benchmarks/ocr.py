"""OCR of page scans (issue 18): character accuracy and seconds per page.

    .venv/bin/python benchmarks/ocr.py              # both pages, once each
    .venv/bin/python benchmarks/ocr.py --repeat 3 --pages small

Pages are the test pages of tests/imports/typeset.py rendered at 300 dpi: an A3 page in five
columns (3508 × 4961 px, some 3,400 characters) and a small two-column front page (1748 × 2126
px, some 480). Each is read by the scan reader (`imports.readers.scan.ocr_image`: lines found
on a 2,000-px copy, read from the full page) and, as the baseline in the same run, by the
engine's own pipeline (`RapidOCR.__call__`, which finds and reads on one copy shrunk to 2,000
px); both results go through the same reading order. Accuracy is 1 − edit distance / length
on the page text without white space. The same page's PDF read through its text layer is timed
for comparison. Figures and the machine's load go to stdout; record them in
benchmarks/README.md.
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

import numpy as np  # noqa: E402

from imports.readers import read_page, scan  # noqa: E402
from imports.readers.layout import Piece, page_lines  # noqa: E402
from tests.imports import typeset  # noqa: E402

PAGES = {"a3": typeset.broadsheet_page, "small": typeset.front_page}


def engine_pipeline(picture) -> str:
    """The page read by RapidOCR's own call (the baseline), in our reading order."""
    found, _elapsed = scan._engine()(np.asarray(picture)[:, :, ::-1])
    pieces = []
    for quad, text, score in found or []:
        quad = np.asarray(quad)
        (left, top), (right, bottom) = quad.min(axis=0), quad.max(axis=0)
        pieces.append(Piece(text, float(left), float(top), float(right), float(bottom), score))
    lines = page_lines(pieces, *picture.size)
    return "\n".join(line.text for line in lines)


def reader_pipeline(picture) -> str:
    lines, _warnings = scan.ocr_image(picture)
    return "\n".join(line.text for line in lines)


def timed(function, *args, repeat: int):
    """(result of the last run, seconds of each run)."""
    seconds = []
    for _ in range(repeat):
        start = time.perf_counter()
        result = function(*args)
        seconds.append(time.perf_counter() - start)
    return result, seconds


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--pages", nargs="+", choices=PAGES, default=list(PAGES))
    parser.add_argument("--repeat", type=int, default=1)
    args = parser.parse_args()

    start = time.perf_counter()
    scan._engine()
    print(
        f"engine loaded in {time.perf_counter() - start:.1f} s; load average before: "
        f"{' '.join(f'{x:.2f}' for x in os.getloadavg())} on {os.cpu_count()} cores"
    )
    for name in args.pages:
        page = PAGES[name]()
        picture = scan._to_page(typeset.image(page))
        truth = page.text
        chars = len("".join(truth.split()))
        print(f"\n{name}: {picture.width} × {picture.height} px, {chars} characters")
        results = {}
        for label, pipeline in (
            ("reader", reader_pipeline),
            ("engine (baseline)", engine_pipeline),
        ):
            text, seconds = timed(pipeline, picture, repeat=args.repeat)
            accuracy = typeset.character_accuracy(truth, text)
            results[label] = statistics.median(seconds)
            runs = ", ".join(f"{s:.1f}" for s in seconds)
            print(
                f"  {label:18} accuracy {accuracy:.4f}   seconds/page median "
                f"{statistics.median(seconds):6.1f}  (runs: {runs})"
            )
        ratio = results["reader"] / results["engine (baseline)"]
        print(f"  reader / baseline time: {ratio:.2f}")
        data = typeset.pdf_bytes(page)
        source, seconds = timed(read_page, data, repeat=args.repeat)
        accuracy = typeset.character_accuracy(truth, source.text)
        print(
            f"  {'PDF text layer':18} accuracy {accuracy:.4f}   seconds/page median "
            f"{statistics.median(seconds):6.1f}  (render at 300 dpi + text + JPEG)"
        )
    print(f"\nload average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")


if __name__ == "__main__":
    main()
