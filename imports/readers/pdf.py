"""Page PDFs from the layout system, read with PDFium (`pypdfium2`): the characters of the text
layer with their positions become lines with boxes, and the page is rendered as the image the
editor checks them against. A page without a usable text layer (a scan saved as PDF, or fonts
without a Unicode map) is rendered and read by OCR instead, with a warning.
"""

import threading

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils.translation import gettext as _

from articles.upload_checks import PDF_MAGIC, inspect_pdf

from ..lines import PageSource
from .base import ImportInputError, Progress, as_input_error, check_page
from .layout import Piece, page_lines
from .scan import jpeg, ocr_page

# The page is rendered at this resolution, and never larger than RENDER_MAX_SIDE pixels (an A3
# page at 300 dpi fits; a broadsheet comes out at about 200 dpi).
RENDER_DPI = 300
RENDER_MAX_SIDE = 5000
# A0 is 841 × 1189 mm; a page larger than this on either side is not a newspaper page.
MAX_PAGE_MM = 1200
# Fewer readable characters than this and the page has no text layer worth reading.
MIN_TEXT_CHARS = 20
POINTS_PER_MM = 72 / 25.4

# PDFium is not thread-safe: one document at a time in a process.
_PDFIUM_LOCK = threading.Lock()


def _readable(char: str) -> bool:
    """A character a text layer means: not a replacement or private-use code, which is what
    fonts without a Unicode map come out as."""
    code = ord(char)
    return char.isprintable() and code != 0xFFFD and not 0xE000 <= code <= 0xF8FF


def _open(data: bytes):
    import pypdfium2 as pdfium
    import pypdfium2.raw as pdfium_c

    try:
        return pdfium.PdfDocument(data)
    except pdfium.PdfiumError as error:
        if error.err_code == pdfium_c.FPDF_ERR_PASSWORD:
            raise ImportInputError(
                _("PDF 已加密，需要密码才能打开：请导出一份不加密的 PDF。"), code="encrypted"
            ) from None
        if error.err_code == pdfium_c.FPDF_ERR_SECURITY:
            raise ImportInputError(
                _("PDF 使用了不支持的加密方式：请导出一份不加密的 PDF。"), code="encrypted"
            ) from None
        raise ImportInputError(
            _("PDF 文件已损坏或不完整，无法打开：请重新导出或重新上传。"), code="corrupt"
        ) from None


def _device_transform(page, width: int, height: int):
    """The affine map from PDF user space to the rendered bitmap's pixels (top-left origin),
    taken from PDFium itself so that /Rotate and crop boxes come out as in the rendering."""
    import ctypes

    import pypdfium2.raw as pdfium_c

    def device(x: float, y: float) -> tuple[float, float]:
        dx, dy = ctypes.c_int(), ctypes.c_int()
        pdfium_c.FPDF_PageToDevice(page.raw, 0, 0, width, height, 0, x, y, dx, dy)
        return dx.value, dy.value

    # three points 1000 units apart keep the integer rounding of PageToDevice out of the scale
    ox, oy = device(0, 0)
    ax, ay = device(1000, 0)
    bx, by = device(0, 1000)
    a, b = (ax - ox) / 1000, (ay - oy) / 1000
    c, d = (bx - ox) / 1000, (by - oy) / 1000
    return lambda x, y: (ox + a * x + c * y, oy + b * x + d * y)


def _pieces(page, transform) -> list[Piece]:
    """The text layer as runs of characters that follow each other on one line, in the order
    the PDF draws them (pdfium's own line breaks and inserted spaces left out)."""
    import pypdfium2.raw as pdfium_c

    textpage = page.get_textpage()
    pieces: list[Piece] = []
    run: Piece | None = None
    try:
        for index in range(textpage.count_chars()):
            char = chr(pdfium_c.FPDFText_GetUnicode(textpage.raw, index))
            if pdfium_c.FPDFText_IsGenerated(textpage.raw, index) or char in "\r\n":
                continue
            left, bottom, right, top = textpage.get_charbox(index, loose=True)
            x0, y0 = transform(left, top)
            x1, y1 = transform(right, bottom)
            piece = Piece(char, min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1))
            if piece.height <= 0:
                continue
            if run is not None and run.continues_with(piece):
                run.extend(piece)
            elif char.isspace():
                continue  # white space starts no run: an indent is not part of a line's box
            else:
                run = piece
                pieces.append(run)
    finally:
        textpage.close()
    return pieces


class PdfReader:
    """A page of a PDF: its text layer as lines with boxes, or OCR when it has none."""

    kind = "pdf"

    def accepts(self, head: bytes) -> bool:
        return head.startswith(PDF_MAGIC)

    def read(self, data: bytes, *, page: int = 1, progress: Progress | None = None) -> PageSource:
        try:
            inspect_pdf(ContentFile(data))
        except ValidationError as error:
            raise as_input_error(error) from None
        with _PDFIUM_LOCK:
            document = _open(data)
            try:
                warnings = check_page(page, len(document))
                pdf_page = document[page - 1]
                width_pt, height_pt = pdf_page.get_size()
                if max(width_pt, height_pt) > MAX_PAGE_MM * POINTS_PER_MM:
                    raise ImportInputError(
                        _(
                            "PDF 页面太大：%(w).0f × %(h).0f 毫米，不是报纸版面"
                            "（上限 %(limit)d 毫米）。"
                        )
                        % {
                            "w": width_pt / POINTS_PER_MM,
                            "h": height_pt / POINTS_PER_MM,
                            "limit": MAX_PAGE_MM,
                        },
                        code="page_too_large",
                    )
                scale = min(RENDER_DPI / 72, RENDER_MAX_SIDE / max(width_pt, height_pt))
                bitmap = pdf_page.render(scale=scale, grayscale=False)
                picture = bitmap.to_pil().convert("RGB")
                width, height = picture.size
                pieces = _pieces(pdf_page, _device_transform(pdf_page, width, height))
            finally:
                document.close()
        readable = sum(
            1 for p in pieces for char in p.text if _readable(char) and not char.isspace()
        )
        if readable < MIN_TEXT_CHARS:
            source = ocr_page(picture, kind=self.kind, image=jpeg(picture), progress=progress)
            source.warnings[:0] = [
                *warnings,
                _(
                    "PDF 没有可用的文字层（可能是扫描件，或字体缺少编码表），"
                    "已改用 OCR 识别，请仔细核对。"
                ),
            ]
            return source
        if progress:
            progress(1.0)
        lines = page_lines(pieces, width, height)
        return PageSource(
            kind=self.kind,
            lines=lines,
            text="\n".join(line.text for line in lines),
            image=jpeg(picture),
            image_size=(width, height),
            warnings=warnings,
        )
