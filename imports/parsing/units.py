"""From source lines to paragraphs: each line is read for what it is (a lead, a byline, a photo
credit, a source line, a signature, a headline-like line, running text), then lines of running
text are rejoined into paragraphs across the breaks OCR put in the middle of sentences."""

import re
import statistics
from dataclasses import dataclass, field

from ..lines import Box
from . import bylines
from .coherence import Coherence
from .furniture import split_jump_tail
from .text import (
    CLOSERS,
    HAN,
    compact,
    ends_open,
    ends_sentence,
    printed_width,
    visible_length,
)

BODY = "body"
HEAD = "head"
LEAD = "lead"
BYLINE = "byline"
SOURCE = "source"
PHOTO = "photo"
SIGNATURE = "signature"
SALUTATION = "salutation"
SPECIAL = {LEAD, BYLINE, SOURCE, PHOTO, SIGNATURE, SALUTATION}
# What may start an item (a headline group is followed by one of these, or by text).
STARTERS = {LEAD, BYLINE, SOURCE, PHOTO, SALUTATION}

# A headline is short and has no full stop.
HEAD_MAX = 36
# A line this long is running text even without a full stop.
LONG_LINE = 36
# Headline lines this many times taller than the page's body text (when boxes give heights).
HEAD_SIZE = 1.25

_PIECE_BREAK = re.compile(rf"(?<=[{HAN}，。、；：？！…—”’）》,.;:!?)\"])\s+(?=[{HAN}“‘（《(\"])")
_OPEN_BRACKET = re.compile(r"[(（][^)）]{0,16}$")
_CONTINUATION = re.compile(rf"^(?:[，,、；;：:。．！？!?）)”’」』】]|[{HAN}]{{1,3}}[。！？!?])")


@dataclass
class Unit:
    """One line of the page in reading order, with what it was read as."""

    text: str
    box: Box | None = None
    size: float = 1.0
    block: int | None = None
    indented: bool = False
    short: bool = False
    kind: str = BODY
    lead: bylines.Lead | None = None
    credits: bylines.Credits | None = None
    source: bylines.SourceLine | None = None
    signature: bylines.Signature | None = None
    jumps: list[tuple[str, int]] = field(default_factory=list)

    @property
    def pieces(self) -> list[str]:
        """The text cut where OCR put a space for a line break (between two Han characters or
        after punctuation): what was one printed line each."""
        return [piece for piece in _PIECE_BREAK.split(self.text) if piece]

    @property
    def running_pieces(self) -> list[str]:
        """The pieces of running text only: a lead's label and credits are spaced by design
        (本报讯 记者 阎海涛), which says nothing about columns."""
        if self.kind == LEAD and self.lead is not None:
            return [piece for piece in _PIECE_BREAK.split(self.lead.rest) if piece]
        return self.pieces if self.kind in (BODY, HEAD) else []


def classify(unit: Unit) -> Unit:
    """Set `unit.kind` from its text (and size): the order matters, a photo credit also looks
    like a byline and a lead also contains one."""
    text = unit.text
    if (lead := bylines.read_lead(text)) is not None:
        unit.kind, unit.lead = LEAD, lead
    elif (source := bylines.read_source(text)) is not None:
        unit.kind, unit.source = SOURCE, source
    elif (photo := bylines.read_photo_credit(text)) is not None:
        unit.kind, unit.credits = PHOTO, photo
    elif (byline := bylines.read_byline(text)) is not None:
        unit.kind, unit.credits = BYLINE, byline
    elif (signature := bylines.read_signature(text)) is not None:
        unit.kind, unit.signature = SIGNATURE, signature
    elif bylines.is_salutation(text):
        unit.kind = SALUTATION
    elif unit.box is not None:
        # with boxes a headline is set larger; at body size only a short line stands alone
        if unit.size >= HEAD_SIZE and visible_length(text) <= 2 * HEAD_MAX:
            unit.kind = HEAD
        elif head_like(text) and unit.short:
            unit.kind = HEAD
    elif head_like(text):
        unit.kind = HEAD
    return unit


def head_like(text: str) -> bool:
    """Short, no full stop, not stopping after a comma: it may be a headline."""
    text = compact(text)
    length = visible_length(text)
    if not length or length > HEAD_MAX:
        return False
    if "。" in text or ";" in text or "；" in text:
        return False
    if ends_open(text) and not text.endswith(("——", "—")):
        return False
    if text[-1] in "！!？?" and re.search(r"[，,]", text):
        return False  # an exclamation in the text, not a headline
    if re.match(r"^\d{1,2}月\d{1,2}日[，,]", text):
        return False  # a sentence opening with its date
    return len(re.findall(r"[，,、]", text)) <= 3


OPENER = 4


def _openers(units: list[Unit]) -> set[str]:
    """Paragraph openings the page repeats (会议指出, 会议原则同意): the first characters of
    lines that follow a finished sentence, seen at least twice."""
    seen: dict[str, int] = {}
    for before, unit in zip(units, units[1:], strict=False):
        if ends_sentence(before.text) and unit.kind == BODY:
            start = compact(unit.text)[:OPENER]
            if len(start) == OPENER and re.fullmatch(f"[{HAN}]+", start):
                seen[start] = seen.get(start, 0) + 1
    return {start for start, count in seen.items() if count >= 2}


def strict_head_like(text: str) -> bool:
    """On a page whose columns OCR interleaved, every line of a column looks short and
    unfinished: only a line without inner punctuation that does not stop on a function word
    is taken for a headline there."""
    text = compact(text)
    return (
        head_like(text)
        and 4 <= visible_length(text) <= 24
        and not re.search(r"[，,、；;：:。]", text)
        and not text.endswith(tuple("的和与及等在对为把被将向从至第了着"))
    )


@dataclass
class Paragraph:
    """Units rejoined into one paragraph (or a single headline, byline, … line)."""

    units: list[Unit] = field(default_factory=list)
    kind: str = BODY
    subhead: bool = False

    @property
    def raw(self) -> str:
        """The lines joined with the spaces OCR gave (a byline's names are told apart by them)."""
        return " ".join(unit.text for unit in self.units)

    @property
    def text(self) -> str:
        return compact(self.raw)

    @property
    def pieces(self) -> list[str]:
        return [piece for unit in self.units for piece in unit.pieces]

    @property
    def breaks(self) -> list[tuple[str, str]]:
        """The (before, after) text of every line break inside the paragraph's running text."""
        pieces = [piece for unit in self.units for piece in unit.running_pieces]
        return list(zip(pieces, pieces[1:], strict=False))

    @property
    def size(self) -> float:
        return max(unit.size for unit in self.units)

    @property
    def boxes(self) -> list[Box]:
        return [unit.box for unit in self.units if unit.box is not None]


def _starts_item(units: list[Unit], index: int) -> bool:
    """units[index] is a headline-like line followed (after more headline lines) by what opens
    an item: a lead, a byline, a source line, a photo credit, an address."""
    probe = index
    while probe < len(units) and units[probe].kind == HEAD:
        probe += 1
    return probe < len(units) and units[probe].kind in STARTERS


class Assembler:
    """Rejoins running text; `line_width` is the typical length of a printed line when the source
    gives one OCR line per line (None when lines are whole paragraphs)."""

    def __init__(
        self, units: list[Unit], coherence: Coherence, boxed: bool, *, interleaved: bool = False
    ):
        self.units = units
        self.coherence = coherence
        self.boxed = boxed
        self.interleaved = interleaved
        self.openers = _openers(units)
        running = [unit for unit in units if unit.kind in (BODY, HEAD, LEAD)]
        indented = sum(unit.indented for unit in running)
        self.indented_layout = indented >= 3 and indented >= 0.15 * len(running)
        widths = [
            printed_width(unit.text)
            for unit in units
            if unit.kind in (BODY, HEAD) and re.search(r"[，,、。]", unit.text)
        ]
        median = statistics.median(widths) if widths else 0
        self.line_width = median if 0 < median <= 30 else None

    def _joins(self, left: str, right: str, *, word_only: bool = False) -> bool:
        if word_only:
            return bool(self.coherence.joins(left, right, seen_here=10**9))
        return bool(self.coherence.joins(left, right))

    def continues(self, paragraph: Paragraph, following: Unit, index: int) -> bool:
        """Does `paragraph` go on in `following` (the unit at `index`)?"""
        last = paragraph.units[-1]
        text, next_text = paragraph.text, compact(following.text)
        if (
            _OPEN_BRACKET.search(text)
            and following.kind not in (LEAD, SOURCE)
            and re.search(r"[)）]", next_text[:24])
        ):
            return True  # "(通讯员" / "高飞 摄)": a bracket closes on the next line
        if (
            following.kind == SALUTATION
            and not ends_sentence(text)
            and (ends_open(text) or self._joins(paragraph.pieces[-1], following.pieces[0]))
        ):
            return True  # "…我们向全市市" / "民发出如下倡议:" is a sentence, not an address
        if following.kind in SPECIAL or (paragraph.kind in SPECIAL and paragraph.kind != LEAD):
            return False
        if split_jump_tail(text)[1] or any(kind in ("下转", "转") for kind, _page in last.jumps):
            return False
        if bylines.split_photo_tail(text)[1] is not None:
            return False  # a caption ends with its credit
        if self.boxed and following.block == last.block and last.kind != HEAD:
            # inside a column the layout says it: a paragraph ends on a short line, or the next
            # one starts indented; a full line ending in a full stop goes on
            same_size = max(following.size, last.size) < HEAD_SIZE * min(following.size, last.size)
            if same_size and following.kind != HEAD:
                return not last.short and not following.indented
        if self.indented_layout and not (
            paragraph.kind == HEAD and not paragraph.units[0].indented
        ):
            # every paragraph starts indented: a line that is not goes on, unless it is a
            # headline after a finished sentence or before an item's lead
            if following.indented:
                return False
            return not (
                following.kind == HEAD and (ends_sentence(text) or _starts_item(self.units, index))
            )
        if ends_sentence(text):
            return False
        if _CONTINUATION.match(next_text):
            return True
        if following.kind == HEAD and (_starts_item(self.units, index) or self.interleaved):
            return False
        if next_text[:OPENER] in self.openers and not self._joins(
            paragraph.pieces[-1], following.pieces[0]
        ):
            # "会议指出" again: a new paragraph, whatever OCR lost at the end of this one
            return False
        if self.boxed and (
            following.size >= HEAD_SIZE * last.size or last.size >= HEAD_SIZE * following.size
        ):
            return False
        if ends_open(text) or (paragraph.kind == LEAD and following.kind in (BODY, HEAD)):
            return True  # a lead never ends before its first sentence does
        last_text = compact(last.text)
        if visible_length(last_text) >= LONG_LINE:
            return True
        if re.search(r"[，,、。；;：:]", last_text) and paragraph.kind != HEAD:
            return True
        left, right = paragraph.pieces[-1], following.pieces[0] if following.pieces else ""
        if self._joins(left, right) and (
            re.search(r"[，,、]", last_text + next_text) or visible_length(next_text) >= LONG_LINE
        ):
            return True
        return self._same_column_line(last_text, next_text, left, right)

    def _same_column_line(self, last_text: str, next_text: str, left: str, right: str) -> bool:
        """One OCR line per printed line: a line as long as the next one, which goes on as
        running text, is a line of the same paragraph (a headline would be shorter or
        longer, and followed by a lead)."""
        if not self.line_width:
            return False
        width = printed_width(last_text)
        body_like = ends_sentence(next_text) or bool(re.search(r"[，,、。；;]", next_text))
        if not body_like or width < 0.75 * self.line_width:
            return False
        return width >= printed_width(next_text) - 1 and (
            bool(re.search(r"[，,、；;]", last_text)) or self._joins(left, right)
        )

    def _misplaced(self, paragraph: Paragraph, index: int) -> bool:
        """units[index] is a complete paragraph OCR put inside a broken sentence, whose end is in
        units[index + 1] ("…现在我们'驿" / another paragraph / "站'分配来…")."""
        if index + 1 >= len(self.units) or paragraph.kind == HEAD:
            return False
        middle, after = self.units[index], self.units[index + 1]
        if middle.kind != BODY or after.kind not in (BODY, HEAD) or not ends_sentence(middle.text):
            return False
        left = paragraph.pieces[-1].rstrip(CLOSERS + "'")
        if self._joins(left, middle.pieces[0]):
            return False
        after_start = after.pieces[0].lstrip(CLOSERS + "'") if after.pieces else ""
        return bool(_CONTINUATION.match(compact(after.text))) or self._joins(
            left, after_start, word_only=True
        )

    def paragraphs(self) -> list[Paragraph]:
        result: list[Paragraph] = []
        units = self.units
        index = 0
        while index < len(units):
            unit = units[index]
            paragraph = Paragraph([unit], kind=unit.kind)
            index += 1
            while index < len(units):
                if (
                    paragraph.kind in (BODY, LEAD)
                    and not ends_sentence(paragraph.text)
                    and self._misplaced(paragraph, index)
                ):
                    # read the misplaced paragraph after the sentence it interrupted
                    units[index], units[index + 1] = units[index + 1], units[index]
                if not self.continues(paragraph, units[index], index):
                    break
                paragraph.units.append(units[index])
                if paragraph.kind == HEAD:
                    paragraph.kind = BODY
                index += 1
            result.append(paragraph)
        return result
