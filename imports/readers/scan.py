"""Page scans (JPEG, PNG, TIFF, WebP) read by OCR, offline: RapidOCR's PP-OCRv4 Chinese models,
which ship inside the `rapidocr-onnxruntime` wheel, run on ONNX Runtime.

The engine's own pipeline finds and reads text on one copy of the page shrunk to 2,000 pixels,
where 9-point text is some 15 pixels high and misread. Here the lines are found on such a copy
(finding is the slow, size-bound step) and read from the page at full size (reading cost does
not depend on size: every line is scaled to 48 pixels high), in batches, so progress can be
reported. Figures in benchmarks/README.md ("OCR").
"""

import io
import threading
from functools import cache

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from PIL import Image, ImageOps

from articles.upload_checks import inspect_upload

from ..lines import Line, PageSource
from .base import ImportInputError, Progress, as_input_error, check_page
from .layout import Piece, page_lines

# First bytes of the image formats we know (inspect_upload() refuses those we do not take).
IMAGE_MAGIC = (
    b"\xff\xd8\xff",  # JPEG
    b"\x89PNG\r\n\x1a\n",
    b"II*\x00",  # TIFF, little-endian
    b"MM\x00*",  # TIFF, big-endian
    b"GIF87a",
    b"GIF89a",
    b"BM",
)
# The page is read at most this size (a 300-dpi A3 page fits); larger scans are shrunk first.
WORK_MAX_SIDE = 5000
# Lines are found on a copy this size: 3 s for an A3 page against 15 s at 3,000 pixels, with
# the same accuracy (benchmarks/README.md).
DETECT_MAX_SIDE = 2000
# Lines read per call, between two progress reports.
BATCH = 24
# The engine's own cut-off: below it a "line" is mostly a rule, a photo's texture or a smudge.
MIN_CONFIDENCE = 0.5
LOW_CONFIDENCE = 0.8
# Narrower than this a page scan is too coarse for 9-point text.
MIN_WIDTH = 1200

_ENGINE_LOCK = threading.Lock()


@cache
def _engine():
    """The OCR engine, loaded once per process (a second or two: three ONNX models)."""
    from rapidocr_onnxruntime import RapidOCR

    return RapidOCR(use_cls=False, print_verbose=False)


def _to_page(picture: Image.Image) -> Image.Image:
    """The picture upright, in RGB, shrunk to WORK_MAX_SIDE."""
    scale = WORK_MAX_SIDE / max(picture.size)
    if picture.format == "JPEG" and scale < 1:
        # decoded at a half, a quarter… of its size where that is still large enough
        picture.draft("RGB", (round(picture.width * scale), round(picture.height * scale)))
    if picture.mode.startswith("I;16") or picture.mode == "I":
        # 16-bit greyscale (archival scans): to 8 bits, where a plain convert() clips to white
        picture = picture.convert("I").point(lambda value: value / 256).convert("L")
    picture = ImageOps.exif_transpose(picture)
    if max(picture.size) > WORK_MAX_SIDE:
        picture.thumbnail((WORK_MAX_SIDE, WORK_MAX_SIDE), Image.Resampling.LANCZOS)
    if picture.mode not in ("RGB", "L"):
        picture = picture.convert("RGBA")
        background = Image.new("RGB", picture.size, (255, 255, 255))
        background.paste(picture, mask=picture.getchannel("A"))
        picture = background
    return picture.convert("RGB")


def ocr_image(
    picture: Image.Image, *, progress: Progress | None = None
) -> tuple[list[Line], list[str]]:
    """The lines of text on `picture` (upright, RGB) in reading order, with boxes and the
    engine's confidence, and warnings about what was read badly."""
    import numpy as np

    engine = _engine()
    page = np.asarray(picture)[:, :, ::-1]  # the engine takes OpenCV's BGR order
    width, height = picture.size
    scale = min(1.0, DETECT_MAX_SIDE / max(width, height))
    small = picture.resize((round(width * scale), round(height * scale)), Image.Resampling.BOX)
    with _ENGINE_LOCK:  # one page at a time: the engine keeps per-call state
        found, _elapsed = engine.text_det(np.asarray(small)[:, :, ::-1])
        if progress:
            progress(0.15)
        quads = [] if found is None else [(quad / scale).astype("float32") for quad in found]
        crops = engine.get_crop_img_list(page, quads)
        # similar widths batch well: the engine pads each batch to its widest line
        order = sorted(range(len(crops)), key=lambda i: crops[i].shape[1] / crops[i].shape[0])
        read = {}
        for start in range(0, len(order), BATCH):
            batch = order[start : start + BATCH]
            results, _elapsed = engine.text_rec([crops[i] for i in batch], return_word_box=True)
            read.update(zip(batch, results, strict=True))
            if progress:
                progress(0.15 + 0.85 * min(start + BATCH, len(order)) / len(order))
    pieces, dropped = [], 0
    for index, quad in enumerate(quads):
        text, score, positions = read[index]
        if score < MIN_CONFIDENCE or not text.strip():
            dropped += 1
            continue
        pieces += _split_at_gaps(text, positions, quad)
    lines = page_lines(pieces, width, height)
    warnings = []
    doubtful = sum(1 for line in lines if line.confidence < LOW_CONFIDENCE)
    if doubtful:
        warnings.append(
            ngettext(
                "%(count)d 行识别置信度低于 %(percent)d%%，请对照原图核对。",
                "%(count)d 行识别置信度低于 %(percent)d%%，请对照原图核对。",
                doubtful,
            )
            % {"count": doubtful, "percent": LOW_CONFIDENCE * 100}
        )
    if dropped:
        warnings.append(
            _("另有 %(count)d 处疑似文字无法辨认（图片、线条或污渍），已略去。")
            % {"count": dropped}
        )
    if progress:
        progress(1.0)
    return lines, warnings


def _split_at_gaps(text: str, positions, quad) -> list[Piece]:
    """A recognised line cut where a gap wider than half its height separates two characters.

    Found on a shrunk page, the lines of two columns with a narrow gutter can come out as one
    box (4 of 240 lines on the A3 test page at 2,000 pixels); read as one line they would mix
    the columns. The recogniser tells where each character sits (the CTC column of its peak),
    so the line is cut in the gutter, and the layout joins back what is only a wide space.
    """
    (left, top), (right, bottom) = quad.min(axis=0), quad.max(axis=0)
    left, top, right, bottom = float(left), float(top), float(right), float(bottom)
    columns, words, word_columns, _states, confidences = positions
    chars = [char for word in words for char in word]
    cols = [col for word in word_columns for col in word]
    if len(chars) != len(text) or len(cols) < 2 or columns <= 0:
        return [Piece(text, left, top, right, bottom, _mean(confidences))]
    per_column = (right - left) / columns  # page units per column of the recogniser's output
    steps = [b - a for a, b in zip(cols, cols[1:], strict=False)]
    pitch = sorted(steps)[len(steps) // 2] * per_column  # the usual distance between characters
    pieces, first = [], 0
    for index, step in enumerate(steps, start=1):
        if step * per_column - pitch > 0.5 * (bottom - top):
            pieces.append((first, index))
            first = index
    pieces.append((first, len(chars)))
    if len(pieces) == 1:
        return [Piece(text, left, top, right, bottom, _mean(confidences))]
    return [
        Piece(
            "".join(chars[start:end]),
            left if start == 0 else left + cols[start] * per_column - pitch / 2,
            top,
            right if end == len(chars) else left + cols[end - 1] * per_column + pitch / 2,
            bottom,
            _mean(confidences[start:end]),
        )
        for start, end in pieces
    ]


def _mean(values) -> float:
    return float(sum(values) / len(values)) if values else 0.0


def ocr_page(
    picture: Image.Image, *, kind: str, image: bytes, progress: Progress | None = None
) -> PageSource:
    """A PageSource from the OCR of `picture` (upright RGB), shown to the editor as `image`."""
    lines, warnings = ocr_image(picture, progress=progress)
    if not lines:
        raise ImportInputError(
            _("图片上没有识别出文字：请确认这是一个版面的扫描图，而且方向正确、足够清晰。"),
            code="no_text",
        )
    if picture.width < MIN_WIDTH:
        warnings.insert(
            0,
            _("扫描图只有 %(width)d 像素宽，分辨率偏低，识别结果可能不准（建议 300 dpi）。")
            % {"width": picture.width},
        )
    return PageSource(
        kind=kind,
        lines=lines,
        text="\n".join(line.text for line in lines),
        image=image,
        image_size=picture.size,
        warnings=warnings,
    )


def jpeg(picture: Image.Image) -> bytes:
    buffer = io.BytesIO()
    picture.save(buffer, "JPEG", quality=85, optimize=True)
    return buffer.getvalue()


class ScanReader:
    """A page scan: checked as every uploaded image is (articles.upload_checks.inspect_upload), then
    read by OCR. A multi-page TIFF gives the page asked for."""

    kind = "scan"

    def accepts(self, head: bytes) -> bool:
        return head.startswith(IMAGE_MAGIC) or (head[:4] == b"RIFF" and head[8:12] == b"WEBP")

    def read(self, data: bytes, *, page: int = 1, progress: Progress | None = None) -> PageSource:
        try:
            info = inspect_upload(ContentFile(data))
        except ValidationError as error:
            raise as_input_error(error) from None
        with Image.open(io.BytesIO(data)) as original:
            frames = getattr(original, "n_frames", 1)
            warnings = check_page(page, frames)
            original.seek(page - 1)
            rotated = original.getexif().get(0x0112, 1) != 1
            size = original.size  # before _to_page(), which may decode a JPEG smaller
            picture = _to_page(original)
            as_is = info.format in ("JPEG", "PNG") and frames == 1 and not rotated
            shrunk = picture.size != size
        source = ocr_page(
            picture,
            kind=self.kind,
            image=data if as_is and not shrunk else jpeg(picture),
            progress=progress,
        )
        source.warnings[:0] = warnings
        return source
