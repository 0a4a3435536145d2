"""ALTO XML (versions 2 to 4), the libraries' format for OCR text with coordinates: each
TextLine becomes a line, its words (String) joined as printed, its box in fractions of the Page.

The XML is parsed by defusedxml with DTDs forbidden: an ALTO file needs none, and a DTD is how
entity bombs and external entities (files, URLs) get in. Lines keep the file's order, which is
the reading order the OCR software or the library established.
"""

import re
from xml.etree.ElementTree import Element, ParseError

from django.utils.translation import gettext as _

from ..lines import Box, Line, PageSource
from .base import ImportInputError, Progress, check_page

ALTO_MAX_BYTES = 20 * 2**20  # a dense broadsheet page's ALTO is a few megabytes
NAMESPACES = {
    "http://www.loc.gov/standards/alto/ns-v2#",
    "http://www.loc.gov/standards/alto/ns-v3#",
    "http://www.loc.gov/standards/alto/ns-v4#",
    "http://schema.ccs-gmbh.com/ALTO",  # the first version's, still found in old collections
}
# Units per pixel of a 300-dpi image (how a page given in mm10 or inch1200 gets an image size).
PIXELS_PER_UNIT = {"pixel": 1.0, "mm10": 300 / 254, "inch1200": 300 / 1200}
EDGES = ("HPOS", "VPOS", "WIDTH", "HEIGHT")
XML_START = re.compile(rb"\A(?:\xef\xbb\xbf)?\s*<(?:\?xml|!|[A-Za-z])")


def _local(element: Element) -> str:
    return element.tag.rsplit("}", 1)[-1]


def _children(element: Element, name: str) -> list[Element]:
    return [child for child in element.iter() if _local(child) == name]


def _number(element: Element, name: str) -> float | None:
    value = element.get(name)
    try:
        return float(value) if value is not None else None
    except ValueError:
        return None


def _parse(data: bytes) -> Element:
    from defusedxml import DefusedXmlException
    from defusedxml.ElementTree import fromstring

    try:
        return fromstring(data, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    except DefusedXmlException:
        raise ImportInputError(
            _("XML 文件含有 DTD 或实体声明，出于安全考虑不予读取（ALTO 文件不需要它们）。"),
            code="hostile_xml",
        ) from None
    except ParseError as error:
        line, column = error.position
        raise ImportInputError(
            _("XML 格式错误（第 %(line)d 行第 %(column)d 列）：文件不完整或已损坏。")
            % {"line": line, "column": column + 1},
            code="corrupt",
        ) from None


def _line_text(text_line: Element) -> str:
    parts = []
    for child in text_line:
        name = _local(child)
        if name in ("String", "HYP"):
            parts.append(child.get("CONTENT", ""))
        elif name == "SP":
            parts.append(" ")
    return "".join(parts).strip()


def _line_box(text_line: Element, width: float, height: float) -> Box | None:
    edges = [_number(text_line, name) for name in EDGES]
    if None in edges:
        strings = [s for s in text_line if _local(s) == "String"]
        boxes = [[_number(s, name) for name in EDGES] for s in strings]
        boxes = [box for box in boxes if None not in box]
        if not boxes:
            return None
        left, top = min(b[0] for b in boxes), min(b[1] for b in boxes)
        right, bottom = max(b[0] + b[2] for b in boxes), max(b[1] + b[3] for b in boxes)
        edges = [left, top, right - left, bottom - top]
    x, y, w, h = edges
    return Box(round(x / width, 5), round(y / height, 5), round(w / width, 5), round(h / height, 5))


def _confidence(text_line: Element) -> float | None:
    scores = [_number(s, "WC") for s in text_line if _local(s) == "String"]
    scores = [score for score in scores if score is not None]
    return round(sum(scores) / len(scores), 4) if scores else None


class AltoReader:
    """A page of an ALTO file, its lines in the file's order."""

    kind = "alto"

    def accepts(self, head: bytes) -> bool:
        return bool(XML_START.match(head))

    def read(self, data: bytes, *, page: int = 1, progress: Progress | None = None) -> PageSource:
        if len(data) > ALTO_MAX_BYTES:
            raise ImportInputError(
                _("XML 文件太大：%(mb).1f MB，上限为 %(limit)d MB。")
                % {"mb": len(data) / 2**20, "limit": ALTO_MAX_BYTES // 2**20},
                code="too_large",
            )
        root = _parse(data)
        if _local(root) != "alto":
            raise ImportInputError(
                _("不是 ALTO 文件：XML 的根元素是 <%(root)s>，应为 <alto>。")
                % {"root": _local(root)},
                code="not_alto",
            )
        warnings = []
        namespace = root.tag[1:].split("}")[0] if root.tag.startswith("{") else ""
        if namespace not in NAMESPACES:
            warnings.append(
                _("未知的 ALTO 命名空间“%(ns)s”，按 ALTO 4 读取。") % {"ns": namespace or "-"}
            )
        units = [u.text.strip() for u in _children(root, "MeasurementUnit") if u.text]
        unit = units[0] if units else "pixel"
        if unit not in PIXELS_PER_UNIT:
            raise ImportInputError(
                _("不支持的 ALTO 度量单位“%(unit)s”：只支持 pixel、mm10 和 inch1200。")
                % {"unit": unit},
                code="unit",
            )
        pages = _children(root, "Page")
        warnings += check_page(page, len(pages))
        layout_page = pages[page - 1]
        width, height = _number(layout_page, "WIDTH"), _number(layout_page, "HEIGHT")
        if not width or not height or width <= 0 or height <= 0:
            raise ImportInputError(
                _("ALTO 的 <Page> 缺少有效的 WIDTH 和 HEIGHT，无法确定文字在版面上的位置。"),
                code="no_page_size",
            )
        lines = []
        for text_line in _children(layout_page, "TextLine"):
            text = _line_text(text_line)
            if text:
                box = _line_box(text_line, width, height)
                lines.append(Line(text, box=box, confidence=_confidence(text_line)))
        if not lines:
            raise ImportInputError(_("ALTO 文件中没有任何文字行（TextLine）。"), code="empty")
        if any(line.box is None for line in lines):
            warnings.append(_("部分文字行没有坐标，无法在版面上定位。"))
        scale = PIXELS_PER_UNIT[unit]
        if progress:
            progress(1.0)
        return PageSource(
            kind=self.kind,
            lines=lines,
            text="\n".join(line.text for line in lines),
            image_size=(round(width * scale), round(height * scale)),
            warnings=warnings,
        )
