"""Reading order and line sizes from line boxes (PDF text layers, OCR, ALTO).

A newspaper page is a Manhattan layout: rectangles of text separated by white gutters. The page is
cut recursively at its widest white gap (XY-cut): across the page where a band of white runs
from side to side, between columns where a gutter runs from top to bottom. A headline that spans
three columns closes the gutters above them, so it is cut off first and read before them; inside
a column the lines are read top to bottom. Rows of neighbouring columns that share a baseline are
never read across, because a gutter is always wider than the space between two lines.
"""

import statistics
from dataclasses import dataclass

from ..lines import Box, Line

# A newspaper page is about 0.7 times as wide as it is tall; used to compare horizontal and
# vertical gaps in the same unit when the source gives no image size.
DEFAULT_ASPECT = 0.7
# A gutter is at least this many line heights wide; narrower vertical gaps are word spaces.
MIN_GUTTER = 0.6


@dataclass
class Placed:
    """A line with its box in page units where x and y are comparable (y in page heights)."""

    index: int
    line: Line
    left: float
    top: float
    right: float
    bottom: float

    @property
    def height(self) -> float:
        return self.bottom - self.top


def _placed(lines: list[Line], aspect: float) -> list[Placed]:
    return [
        Placed(
            index,
            line,
            line.box.x * aspect,
            line.box.y,
            (line.box.x + line.box.width) * aspect,
            line.box.y + line.box.height,
        )
        for index, line in enumerate(lines)
    ]


def _gaps(intervals: list[tuple[float, float]]) -> list[tuple[float, float]]:
    """The white gaps between the union of `intervals`, as (start, end)."""
    gaps, reach = [], None
    for start, end in sorted(intervals):
        if reach is not None and start > reach:
            gaps.append((reach, start))
        reach = end if reach is None else max(reach, end)
    return gaps


def _widest(gaps: list[tuple[float, float]]) -> tuple[float, float] | None:
    return max(gaps, key=lambda gap: gap[1] - gap[0], default=None)


def _has_gutter(items: list[Placed], line_height: float) -> bool:
    gap = _widest(_gaps([(item.left, item.right) for item in items]))
    return gap is not None and gap[1] - gap[0] >= MIN_GUTTER * line_height


def _xy_cut(items: list[Placed], line_height: float, blocks: list[list[Placed]]):
    """Append the leaf blocks of `items` to `blocks` in reading order."""
    widest_v = _widest(_gaps([(item.left, item.right) for item in items]))
    widest_h = _widest(_gaps([(item.top, item.bottom) for item in items]))
    v_width = widest_v[1] - widest_v[0] if widest_v else 0.0
    h_width = widest_h[1] - widest_h[0] if widest_h else 0.0
    if widest_v and v_width >= MIN_GUTTER * line_height and v_width >= h_width:
        cut = (widest_v[0] + widest_v[1]) / 2
        _xy_cut([i for i in items if i.right <= cut], line_height, blocks)
        _xy_cut([i for i in items if i.right > cut], line_height, blocks)
        return
    if widest_h:
        cut = (widest_h[0] + widest_h[1]) / 2
        above = [i for i in items if i.bottom <= cut]
        below = [i for i in items if i.bottom > cut]
        # inside one column the lines stay one block; cut where columns start or end, or at
        # the wider space that separates two items in a column
        if h_width >= 0.9 * line_height or any(
            _has_gutter(part, line_height) for part in (above, below)
        ):
            _xy_cut(above, line_height, blocks)
            _xy_cut(below, line_height, blocks)
            return
    blocks.append(sorted(items, key=lambda i: (round(i.top / (line_height / 2)), i.left)))


@dataclass
class Ordered:
    """A line in reading order: its block (a run of lines in one column), its size relative
    to the page's body text, and whether it starts indented or stops short of the block's edge."""

    line: Line
    block: int
    size: float
    indented: bool
    short: bool


def reading_order(lines: list[Line], image_size: tuple[int, int] | None) -> list[Ordered]:
    """The boxed lines of a page in reading order (lines without a box are left out)."""
    boxed = [line for line in lines if line.box is not None and line.text.strip()]
    if not boxed:
        return []
    aspect = image_size[0] / image_size[1] if image_size else DEFAULT_ASPECT
    placed = _placed(boxed, aspect)
    body_height = statistics.median(item.height for item in placed)
    blocks: list[list[Placed]] = []
    _xy_cut(placed, body_height, blocks)
    ordered = []
    for number, block in enumerate(blocks):
        rows = _rows(block)
        left = min(row.left for row in rows)
        right = max(row.right for row in rows)
        for row in rows:
            char = row.height  # a Chinese character is about as wide as its line is tall
            ordered.append(
                Ordered(
                    line=row.line,
                    block=number,
                    size=row.height / body_height,
                    indented=row.left - left > 1.2 * char,
                    short=right - row.right > 1.5 * char,
                )
            )
    return ordered


def _rows(block: list[Placed]) -> list[Placed]:
    """The block's pieces on one baseline as one line: OCR engines cut a printed line where
    it has a wider space (要闻部主办 | 本版组版:李刚)."""
    rows: list[list[Placed]] = []
    for item in sorted(block, key=lambda i: (i.top + i.bottom) / 2):
        middle = (item.top + item.bottom) / 2
        if (
            rows
            and abs(middle - (rows[-1][0].top + rows[-1][0].bottom) / 2) < rows[-1][0].height / 2
        ):
            rows[-1].append(item)
        else:
            rows.append([item])
    merged = []
    for row in rows:
        row.sort(key=lambda i: i.left)
        if len(row) == 1:
            merged.append(row[0])
            continue
        text = " ".join(piece.line.text.strip() for piece in row)
        box = union([piece.line.box for piece in row])
        confidences = [p.line.confidence for p in row if p.line.confidence is not None]
        line = Line(text, box, min(confidences) if confidences else None)
        merged.append(
            Placed(
                row[0].index,
                line,
                min(p.left for p in row),
                min(p.top for p in row),
                max(p.right for p in row),
                max(p.bottom for p in row),
            )
        )
    return merged


def union(boxes: list[Box]) -> Box | None:
    """The smallest box holding all `boxes` (an item's region on the page)."""
    if not boxes:
        return None
    left = min(box.x for box in boxes)
    top = min(box.y for box in boxes)
    right = max(box.x + box.width for box in boxes)
    bottom = max(box.y + box.height for box in boxes)
    return Box(round(left, 4), round(top, 4), round(right - left, 4), round(bottom - top, 4))
