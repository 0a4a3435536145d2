"""Reading order and line sizes from line boxes (PDF text layers, OCR, ALTO).

The reading order is the readers' (imports.readers.layout.reading_blocks: lines stacked into
blocks, the blocks read by a recursive XY-cut tuned for newspaper pages, where rows of
neighbouring columns that share a baseline are never read across): one order for the text the
editor sees and for the parser. Here each block's lines get what the parser needs: pieces of one
printed line joined, each line's size relative to the page's body text, and whether it starts
indented or stops short (stands alone).
"""

import statistics
from dataclasses import dataclass

from ..lines import Box, Line
from ..readers.layout import Piece, reading_blocks

# A newspaper page is about 0.7 times as wide as it is tall; used to compare horizontal and
# vertical gaps in the same unit when the source gives no image size.
DEFAULT_ASPECT = 0.7
# A first line this much taller than the next is set in a larger size (a subheadline).
LARGER = 1.15


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
    blocks = _blocks_in_order(placed)
    ordered = []
    for number, block in enumerate(blocks):
        rows = _rows(block)
        left = min(row.left for row in rows)
        right = max(row.right for row in rows)
        for position, row in enumerate(rows):
            char = row.height  # a Chinese character is about as wide as its line is tall
            # a line alone in its block, or set larger than the lines under it, stands alone
            # (a subheadline a size above the text joins the text's block)
            alone = len(rows) == 1 or (position == 0 and row.height > LARGER * rows[1].height)
            ordered.append(
                Ordered(
                    line=row.line,
                    block=number,
                    size=row.height / body_height,
                    indented=row.left - left > 1.2 * char,
                    short=alone or right - row.right > 1.5 * char,
                )
            )
    return ordered


def _blocks_in_order(placed: list[Placed]) -> list[list[Placed]]:
    """The lines in blocks, in reading order, by the readers' XY-cut (imports.readers.layout):
    one reading order for the text the editor sees and for the parser. Single lines read one
    after the other on one row (pieces of a printed line that OCR cut at a wide space:
    要闻部主办 | 本版组版:李刚) become one block, which _rows() joins into one line."""
    by_piece = {}
    pieces = []
    for item in placed:
        piece = Piece(item.line.text, item.left, item.top, item.right, item.bottom)
        by_piece[id(piece)] = item
        pieces.append(piece)
    blocks: list[list[Placed]] = []
    for block in reading_blocks(pieces):
        items = [by_piece[id(piece)] for piece in block]
        previous = blocks[-1] if blocks else None
        if previous and len(items) == 1 and all(_same_row(p, items[0]) for p in previous):
            previous.append(items[0])
        else:
            blocks.append(items)
    return blocks


def _same_row(a: Placed, b: Placed) -> bool:
    return abs((a.top + a.bottom) / 2 - (b.top + b.bottom) / 2) < min(a.height, b.height) / 2


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
