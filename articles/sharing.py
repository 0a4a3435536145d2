"""The share box's QR code: an address as a standalone SVG image, made here (no third-party
service sees the reader's address). Pure: no database."""

import functools
import io

import segno


# Each process encodes each address once (the image depends on the address alone), and with a
# fixed mask: choosing the best of eight cost four-fifths of the encoding, and any mask gives a
# valid code that phones read.
@functools.lru_cache(maxsize=2048)
def qr_svg(url: str) -> bytes:
    """The QR code of `url` as an SVG document, square, scaled by its viewBox, on white."""
    out = io.BytesIO()
    segno.make(url, error="m", mask=0).save(
        out, kind="svg", scale=3, border=2, xmldecl=False, omitsize=True,
        svgclass=None, lineclass=None, light="#fff", nl=False,
    )  # fmt: skip
    return out.getvalue()
