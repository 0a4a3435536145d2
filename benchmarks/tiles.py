"""IIIF tile generation for a 6000×8000 page scan: time, peak memory, files and disk per scan.

    .venv/bin/python benchmarks/tiles.py [--width 6000 --height 8000] [--repeat 3]

Each case runs in a fresh Python process (so ru_maxrss is that case's own peak): the baseline is
the renditions the site already makes of every scan (articles.renditions.render_renditions, Pillow),
then the tiles (articles.iiif.write_tiles, libvips dzsave in the IIIF 3 layout) of the same JPEG
scan. The scan is generated once into benchmarks/data/ (git-ignored); the tiles go to a
temporary folder. Prints the median seconds, the peak memory, the number of files and their
total size, and the ratio of tiles to renditions.
"""

import argparse
import json
import os
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.renditions import DATA, make_scan  # noqa: E402

CHILD = """
import json, resource, sys, tempfile, time
from pathlib import Path
sys.path.insert(0, {root!r})
import django
django.setup()
from PIL import Image
Image.MAX_IMAGE_PIXELS = None
import os
if os.path.exists(os.path.join({root!r}, "articles", "images.py")):  # before issue 16's split
    from articles.images import PAGE_SPECS, render_renditions
else:
    from articles.renditions import PAGE_SPECS, render_renditions
data = Path({path!r}).read_bytes()
started = time.perf_counter()
files, size = 0, 0
if {case!r} == "renditions":
    for spec, fmt, width, height, made in render_renditions(open({path!r}, "rb"), PAGE_SPECS):
        files, size = files + 1, size + len(made)
    elapsed = time.perf_counter() - started
else:
    from articles.iiif import write_tiles
    with tempfile.TemporaryDirectory() as work:
        write_tiles(data, Path(work) / "tiles")
        elapsed = time.perf_counter() - started
        for path in (Path(work) / "tiles").rglob("*"):
            if path.is_file():
                files, size = files + 1, size + path.stat().st_size
peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({{"seconds": elapsed, "peak_mb": peak_mb, "files": files, "bytes": size}}))
"""


def run(case: str, path: Path) -> dict:
    code = CHILD.format(root=str(ROOT), path=str(path), case=case)
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "newsroom.settings"}
    output = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True, env=env, cwd=ROOT
    )
    return json.loads(output.stdout.strip().splitlines()[-1])


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--width", type=int, default=6000)
    parser.add_argument("--height", type=int, default=8000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    DATA.mkdir(parents=True, exist_ok=True)
    scan = DATA / f"scan-{args.width}x{args.height}.jpg"
    if not scan.exists():
        make_scan(scan, args.width, args.height)
    print(f"scan: {scan.name}, {scan.stat().st_size / 2**20:.1f} MB JPEG")
    results = {}
    for case in ("renditions", "tiles"):
        runs = [run(case, scan) for _ in range(args.repeat)]
        results[case] = {
            "seconds": statistics.median(r["seconds"] for r in runs),
            "peak_mb": max(r["peak_mb"] for r in runs),
            "files": runs[0]["files"],
            "mb": runs[0]["bytes"] / 2**20,
        }
        r = results[case]
        print(
            f"{case:>10}: {r['seconds']:.2f} s (median of {args.repeat}),"
            f" peak {r['peak_mb']:.0f} MB, {r['files']} files, {r['mb']:.1f} MB on disk"
        )
    base, tiles = results["renditions"], results["tiles"]
    print(
        f"tiles / renditions: time ×{tiles['seconds'] / base['seconds']:.2f},"
        f" disk ×{tiles['mb'] / base['mb']:.2f},"
        f" peak memory ×{tiles['peak_mb'] / base['peak_mb']:.2f}"
    )


if __name__ == "__main__":
    main()
