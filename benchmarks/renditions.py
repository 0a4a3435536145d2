"""Rendition time and whole-process peak memory for a 6000×8000 page scan.

    .venv/bin/python benchmarks/renditions.py [--width 6000 --height 8000]

Each case runs in a fresh Python process (so ru_maxrss is that case's own peak): the baseline
process that only imports Pillow and Django, then the renditions of the same scan stored as JPEG,
PNG and TIFF. Scans are generated once into benchmarks/data/ (git-ignored). Target: peak under
400 MB. A page view served from existing renditions decodes no image: see
tests/articles/test_images.py::test_page_view_uses_renditions_and_decodes_no_image.
"""

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "benchmarks" / "data"

CHILD = """
import io, json, resource, sys, time
sys.path.insert(0, {root!r})
import django
django.setup()  # articles.renditions reads the decode budget from the settings
from PIL import Image
Image.MAX_IMAGE_PIXELS = None
from articles.renditions import PAGE_SPECS, render_renditions
path = {path!r}
started = time.perf_counter()
sizes = []
if path:
    with open(path, "rb") as source:
        for spec, fmt, width, height, data in render_renditions(source, PAGE_SPECS):
            sizes.append((spec, fmt, width, height, len(data)))
elapsed = time.perf_counter() - started
peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({{"seconds": elapsed, "peak_mb": peak_mb, "renditions": sizes}}))
"""


def make_scan(path: Path, width: int, height: int):
    from PIL import Image, ImageDraw

    image = Image.new("L", (width, height), 245)
    draw = ImageDraw.Draw(image)
    for top in range(200, height - 200, 40):  # text-like lines, as on a printed page
        draw.line([(200, top), (width - 200, top)], fill=40, width=14)
    image = image.convert("RGB")
    options = {"quality": 85} if path.suffix == ".jpg" else {}
    if path.suffix == ".tif":
        options = {"compression": "tiff_lzw"}
    image.save(path, **options)


def run(path: Path | None) -> dict:
    code = CHILD.format(root=str(ROOT), path=str(path) if path else "")
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "newsroom.settings"}
    output = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, env=env, cwd=ROOT
    ).stdout
    return json.loads(output.strip().splitlines()[-1])


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--width", type=int, default=6000)
    parser.add_argument("--height", type=int, default=8000)
    args = parser.parse_args()
    DATA.mkdir(parents=True, exist_ok=True)
    baseline = run(None)
    print(f"baseline process (imports only): peak {baseline['peak_mb']:.0f} MB")
    print(f"{'scan':<8} {'file MB':>8} {'seconds':>8} {'peak MB':>8} {'renditions'}")
    for suffix in (".jpg", ".png", ".tif"):
        path = DATA / f"scan-{args.width}x{args.height}{suffix}"
        if not path.exists():
            started = time.perf_counter()
            make_scan(path, args.width, args.height)
            print(f"  (made {path.name} in {time.perf_counter() - started:.1f} s)")
        result = run(path)
        made = ", ".join(f"{s}:{w}×{h}" for s, f, w, h, _ in result["renditions"] if f == "jpeg")
        print(
            f"{suffix[1:]:<8} {path.stat().st_size / 2**20:>8.1f} {result['seconds']:>8.2f} "
            f"{result['peak_mb']:>8.0f} {made}"
        )


if __name__ == "__main__":
    main()
