"""Decode time and whole-process peak memory of a pixel bomb: a small PNG of ~99 megapixels.

    .venv/bin/python benchmarks/pixel_bomb.py [--megapixels 99]

The PNG (one colour, a few hundred KB) is written row by row into benchmarks/data/ (git-ignored)
without ever holding its pixels. Each case runs in a fresh Python process (so ru_maxrss is that
case's own peak) and does what an API upload does: inspect_upload() then the photo renditions.

- before: the code as it was before issue 15 (`--before-ref`, default 73e26fa, exported with
  git archive into benchmarks/data/): the bomb is decoded in full, three times (the check, the
  upright size, the renditions);
- after: the default budget: refused from its header with a ValidationError;
- a legitimate 24-megapixel PNG scan (300 dpi broadsheet) under the default budget, accepted.
"""

import argparse
import json
import math
import os
import struct
import subprocess
import sys
import zlib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "benchmarks" / "data"

BEFORE_REF = "73e26fa"  # main before issue 15's fixes

CHILD = """
import json, resource, sys, time
sys.path.insert(0, {root!r})
import django
django.setup()
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
import os
if os.path.exists(os.path.join({root!r}, "articles", "images.py")):  # before issue 16's split
    from articles.images import PHOTO_SPECS, inspect_upload, render_renditions, upright_size
else:
    from articles.renditions import PHOTO_SPECS, render_renditions
    from articles.upload_checks import inspect_upload, upright_size
path = {path!r}
started = time.perf_counter()
outcome = "accepted"
if path:
    upload = SimpleUploadedFile("upload.png", open(path, "rb").read())
    try:
        inspect_upload(upload)  # the form field's check
        upright_size(upload)  # the model's width and height
        made = list(render_renditions(upload, PHOTO_SPECS))
    except ValidationError as error:
        outcome = "refused: " + error.messages[0]
elapsed = time.perf_counter() - started
peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
print(json.dumps({{"seconds": elapsed, "peak_mb": peak_mb, "outcome": outcome}}))
"""


def write_png(path: Path, width: int, height: int) -> None:
    """A one-colour RGB PNG, compressed row by row (never more than a row in memory)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    compressor = zlib.compressobj(9)
    row = b"\0" + b"\xc8\x1e\x1e" * width  # filter byte, then the pixels
    parts = [compressor.compress(row) for _ in range(height)]
    data = b"".join(parts) + compressor.flush()
    with path.open("wb") as out:
        out.write(b"\x89PNG\r\n\x1a\n")
        out.write(chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)))
        out.write(chunk(b"IDAT", data))
        out.write(chunk(b"IEND", b""))


def export(ref: str) -> Path:
    """The project's code at `ref`, exported once into benchmarks/data/."""
    tree = DATA / f"code-{ref}"
    if not tree.exists():
        tree.mkdir(parents=True)
        archive = subprocess.run(
            ["git", "archive", ref, "articles", "newsroom", "publishing", "indicators", "imports"],
            cwd=ROOT,
            check=True,
            capture_output=True,
        ).stdout
        subprocess.run(["tar", "-x", "-C", str(tree)], input=archive, check=True)
    return tree


def run(path: str, code_root: Path = ROOT) -> dict:
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "newsroom.settings"}
    env.pop("IMAGE_MAX_DECODE_MEGAPIXELS", None)
    env["PYTHONPATH"] = str(code_root)
    code = CHILD.format(root=str(code_root), path=path)
    result = subprocess.run(
        [sys.executable, "-c", code],
        env=env,
        capture_output=True,
        text=True,
        check=True,
        cwd=code_root,
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--megapixels", type=float, default=99)
    parser.add_argument("--before-ref", default=BEFORE_REF)
    args = parser.parse_args()
    DATA.mkdir(parents=True, exist_ok=True)
    side = int(math.sqrt(args.megapixels * 1_000_000))
    bomb = DATA / f"bomb-{side}x{side}.png"
    if not bomb.exists():
        write_png(bomb, side, side)
    scan = DATA / "scan-4000x6000.png"
    if not scan.exists():
        write_png(scan, 4000, 6000)
    print(f"bomb: {side}×{side} = {side * side / 1e6:.1f} MP, {bomb.stat().st_size / 1024:.0f} KB")
    baseline = run("")
    print(f"{'case':<44} {'seconds':>8} {'peak MB':>8}  outcome")
    print(
        f"{'Python + Django + Pillow only':<44} "
        f"{baseline['seconds']:>8.2f} {baseline['peak_mb']:>8.0f}"
    )
    cases = [
        (f"before ({args.before_ref}): bomb", str(bomb), export(args.before_ref)),
        ("after: bomb", str(bomb), ROOT),
        ("after: 24 MP PNG scan", str(scan), ROOT),
    ]
    results = {}
    for label, path, code_root in cases:
        results[label] = run(path, code_root)
        r = results[label]
        print(f"{label:<44} {r['seconds']:>8.2f} {r['peak_mb']:>8.0f}  {r['outcome'][:60]}")
    before, after = results[cases[0][0]], results[cases[1][0]]
    extra_before = before["peak_mb"] - baseline["peak_mb"]
    extra_after = max(1.0, after["peak_mb"] - baseline["peak_mb"])
    print(
        f"bomb, after vs before: {before['seconds'] / max(after['seconds'], 1e-6):.0f}× faster, "
        f"{extra_before:.0f} MB vs {extra_after:.0f} MB above the baseline process"
    )


if __name__ == "__main__":
    main()
