"""From pieces of text with positions to printed lines in reading order (PDF text layers, OCR).

Pieces (a PDF's characters, an OCR engine's text boxes) are joined into lines where they sit on
one row with no more than half a character between them, so the lines of two columns are never
joined across their gutter. Lines are then stacked into blocks (a column's run of lines of one
size) and the blocks read by recursive cuts at the widest white gap, across or down the page
(XY-cut): lines never interleave between columns. See docs/import-sources.md for the limits.
"""

from dataclasses import dataclass

from ..lines import Box, Line

# Pieces further apart than this many line heights are not one line (a column gutter is wider).
JOIN_GAP = 0.5
# Pieces of one line overlap by no more than this many line heights (OCR boxes a little).
OVERLAP = 0.25
# A gap this wide (in line heights) inside a line is printed as a space.
SPACE_GAP = 0.25
# Pieces of one line overlap vertically by at least this share of the smaller one's height.
SAME_ROW = 0.5
# Lines of one block differ in height by less than this ratio (a headline is its own block).
SAME_SIZE = 1.3
# Lines of one block are at most this many line heights apart vertically.
BLOCK_LEADING = 0.8
# A block of this many lines is a column of running text, not a headline or masthead lines.
COLUMN_LINES = 4


@dataclass
class Piece:
    """Text with its box in page units (points or pixels), origin at the top left."""

    text: str
    left: float
    top: float
    right: float
    bottom: float
    confidence: float | None = None
    # how many pieces went into it, to average their confidence
    weight: int = 1
    # the right end of trailing white space, which is text but not part of the box
    reach: float | None = None

    @property
    def width(self) -> float:
        return self.right - self.left

    @property
    def height(self) -> float:
        return self.bottom - self.top

    def overlap_y(self, other: "Piece") -> float:
        return min(self.bottom, other.bottom) - max(self.top, other.top)

    def overlap_x(self, other: "Piece") -> float:
        return min(self.right, other.right) - max(self.left, other.left)

    def continues_with(self, other: "Piece") -> bool:
        """Whether `other` (further right) reads on from this piece on the same printed line."""
        small, large = sorted((self.height, other.height))
        if small <= 0 or large / small > 1.6:
            return False
        if self.overlap_y(other) < SAME_ROW * small:
            return False
        gap = other.left - max(self.right, self.reach or self.right)
        return -OVERLAP * large <= gap <= JOIN_GAP * large

    def extend(self, other: "Piece") -> None:
        """Append `other` (which continues_with() this piece) to it; white space adds to the
        text, not to the box (an indent or a trailing space must not widen a line)."""
        if not other.text.strip():
            self.text += other.text
            self.reach = max(other.right, self.reach or other.right)
            return
        gap = other.left - max(self.right, self.reach or self.right)
        wide = gap >= SPACE_GAP * max(self.height, other.height)
        spaced = self.text.endswith((" ", "\u3000")) or other.text.startswith((" ", "\u3000"))
        self.text += (" " if wide and not spaced else "") + other.text
        if self.confidence is not None and other.confidence is not None:
            total = self.weight + other.weight
            weighted = self.confidence * self.weight + other.confidence * other.weight
            self.confidence, self.weight = weighted / total, total
        self.left, self.top = min(self.left, other.left), min(self.top, other.top)
        self.right, self.bottom = max(self.right, other.right), max(self.bottom, other.bottom)
        self.reach = None


def join_lines(pieces: list[Piece]) -> list[Piece]:
    """The printed lines the pieces make, each piece appended to the line it continues.

    Pieces are taken left to right, so each line grows to the right; a line whose right end is
    far behind the current piece can take no more and is not looked at again.
    """
    finished: list[Piece] = []
    open_lines: list[Piece] = []
    for piece in sorted(pieces, key=lambda p: (p.left, p.top)):
        # a piece at most 1.6 times a line's height joins within 0.8 of its height
        finished += [line for line in open_lines if line.right < piece.left - line.height]
        open_lines = [line for line in open_lines if line.right >= piece.left - line.height]
        candidates = [line for line in open_lines if line.continues_with(piece)]
        if candidates:
            best = max(candidates, key=lambda line: line.overlap_y(piece))
            best.extend(piece)
        else:
            open_lines.append(Piece(**vars(piece)))
    lines = finished + open_lines
    for line in lines:
        line.text = line.text.strip()
    return [line for line in lines if line.text]


def _blocks(lines: list[Piece]) -> list[list[Piece]]:
    """Lines stacked into blocks: each line joins the block whose last line is just above it,
    overlaps it across and is of the same size; a line under two blocks starts its own."""
    blocks: list[list[Piece]] = []
    open_blocks: list[list[Piece]] = []
    for line in sorted(lines, key=lambda p: (p.top, p.left)):
        # lines come top down: a block ended further above than any line may leap is closed
        open_blocks = [
            block
            for block in open_blocks
            if line.top - block[-1].bottom <= BLOCK_LEADING * SAME_SIZE * block[-1].height
        ]
        joins = []
        for block in open_blocks:
            last = block[-1]
            small, large = sorted((last.height, line.height))
            # across, the block's span counts, not its last line alone: a paragraph's short
            # last line and the next one's indented first line need not overlap
            left = min(p.left for p in block[-4:])
            right = max(p.right for p in block[-4:])
            across = min(right, line.right) - max(left, line.left)
            if (
                across > SAME_ROW * min(right - left, line.width)
                and large / small < SAME_SIZE
                and -SAME_ROW * small <= line.top - last.bottom <= BLOCK_LEADING * large
            ):
                joins.append(block)
        if len(joins) == 1:
            joins[0].append(line)
        else:
            blocks.append([line])
            open_blocks.append(blocks[-1])
    return blocks


@dataclass
class _Block:
    """A run of lines read together, with its extent and its core (see _core) worked out once."""

    lines: list[Piece]

    def __post_init__(self):
        self.left = min(p.left for p in self.lines)
        self.top = min(p.top for p in self.lines)
        self.right = max(p.right for p in self.lines)
        self.bottom = max(p.bottom for p in self.lines)
        # the ends less half a line height: a box may reach that far into a gutter (an OCR box
        # drawn wide, punctuation hanging out of its column) without closing it
        core_left = min(p.left + p.height / 2 for p in self.lines)
        core_right = max(p.right - p.height / 2 for p in self.lines)
        if core_left > core_right:
            core_left = core_right = (core_left + core_right) / 2
        self.core = (core_left, core_right)
        self.running = len(self.lines) >= COLUMN_LINES


def _gaps(spans: list[tuple[float, float]]) -> list[tuple[float, float]]:
    """The white gaps (start, end) between the spans, in order."""
    gaps, reach = [], None
    for start, end in sorted(spans):
        if reach is not None and start > reach:
            gaps.append((reach, start))
        reach = end if reach is None else max(reach, end)
    return gaps


def _gutter(blocks: list[_Block]) -> float | None:
    """Where the widest white gap from top to bottom of `blocks` runs (x), if there is one."""
    gaps = _gaps([b.core for b in blocks])
    start, end = max(gaps, key=lambda gap: gap[1] - gap[0], default=(0, 0))
    return (start + end) / 2 if end > start else None


def _split(blocks: list[_Block], x: float) -> tuple[list[_Block], list[_Block]]:
    return [b for b in blocks if b.core[1] <= x], [b for b in blocks if b.core[1] > x]


def _columns(blocks: list[_Block]) -> float | None:
    """The gutter (x) between columns of running text: a gutter with a block of at least
    COLUMN_LINES lines on either side."""
    gutter = _gutter(blocks)
    if gutter is None:
        return None
    sides = _split(blocks, gutter)
    return gutter if all(any(b.running for b in side) for side in sides) else None


def _cut(blocks: list[_Block], ordered: list[_Block]) -> None:
    """Append `blocks` to `ordered` in reading order (a recursive XY-cut).

    Lines above the columns that are not running text (masthead, page header, a headline over
    several columns) are read first, even where a gutter happens to run on through them.
    Columns of running text are read one after the other, each to its foot. Where a headline
    spans the gutters between columns, the page is cut across at the highest gap under which
    columns begin, so that a column is read to its foot even where one item ends and the next
    begins in it (a cut at the widest gap would read the next column's top first). What is not
    running text is read row by row, left to right.
    """
    if len(blocks) <= 1:
        ordered.extend(blocks)
        return
    rows = _gaps([(b.top, b.bottom) for b in blocks])

    def cut_across(end: float) -> None:
        _cut([b for b in blocks if b.bottom <= end], ordered)
        _cut([b for b in blocks if b.bottom > end], ordered)

    def columns_below(end: float) -> bool:
        return _columns([b for b in blocks if b.top >= end]) is not None

    if any(b.running for b in blocks):
        # the masthead or a headline over columns: read first, whatever gutters run through it
        for _start, end in rows:
            if any(b.running for b in blocks if b.bottom <= end):
                break
            if columns_below(end):
                return cut_across(end)
        gutter = _columns(blocks)
        if gutter is not None:
            for side in _split(blocks, gutter):
                _cut(side, ordered)
            return
        for _start, end in rows:
            if columns_below(end):
                return cut_across(end)
    if rows:
        edges = [-float("inf"), *(end for _start, end in rows), float("inf")]
        for top, bottom in zip(edges, edges[1:], strict=False):
            _cut([b for b in blocks if top <= b.top < bottom], ordered)
        return
    gutter = _gutter(blocks)
    if gutter is not None:
        for side in _split(blocks, gutter):
            _cut(side, ordered)
        return
    ordered.extend(sorted(blocks, key=lambda b: b.top))


def reading_blocks(lines: list[Piece]) -> list[list[Piece]]:
    """The lines stacked into blocks (a column's run of lines of one size), the blocks in
    reading order: column by column, each column top to bottom, columns and rows of the page in
    the order the widest gaps between them give. The parser reads boxed lines by this too."""
    blocks = [_Block(lines) for lines in _blocks(lines)]
    ordered: list[_Block] = []
    try:
        _cut(blocks, ordered)
    except RecursionError:  # a page of a thousand rows nested in one another: top to bottom
        ordered = sorted(blocks, key=lambda b: (b.top, b.left))
    return [block.lines for block in ordered]


def reading_order(lines: list[Piece]) -> list[Piece]:
    """The lines in reading order (reading_blocks, flattened)."""
    return [line for block in reading_blocks(lines) for line in block]


def page_lines(pieces: list[Piece], width: float, height: float) -> list[Line]:
    """Lines in reading order with boxes in fractions of a page `width` × `height` (same units
    as the pieces)."""
    result = []
    for piece in reading_order(join_lines(pieces)):
        left, top = max(piece.left, 0.0), max(piece.top, 0.0)
        right, bottom = min(piece.right, width), min(piece.bottom, height)
        box = Box(
            round(left / width, 5),
            round(top / height, 5),
            round(max(right - left, 0.0) / width, 5),
            round(max(bottom - top, 0.0) / height, 5),
        )
        confidence = None if piece.confidence is None else round(piece.confidence, 4)
        result.append(Line(piece.text, box=box, confidence=confidence))
    return result
