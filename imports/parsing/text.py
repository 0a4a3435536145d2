"""Character-level helpers: what OCR does to spaces, punctuation and numbers, undone."""

import datetime
import re

from indicators.extraction import parse_chinese_integer

HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
HAN_RE = re.compile(f"[{HAN}]")
# Closing marks that may follow a sentence end: 。” 。) !"
CLOSERS = "”’\"')）」』】》"
OPENERS = "“‘\"'(（「『【《"
SENTENCE_ENDS = "。！？!?…"
# A line ending in one of these has not finished its clause.
OPEN_ENDINGS = "，,、；;：:—－-(（《“‘「『【"
BULLETS = "□■●◆◇▲△★☆◎○•·▶►→"
FULLWIDTH_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")


def clean(text: str) -> str:
    """One source line as the parser reads it: the markdown quote mark some OCR tools prefix,
    full-width and no-break spaces, tabs and runs of spaces reduced to one space; full-width
    digits as ASCII digits (numbers must parse whichever the OCR chose)."""
    text = text.replace("\ufeff", "").replace("\u3000", " ").replace("\xa0", " ")
    text = text.replace("\t", " ")
    text = text.translate(FULLWIDTH_DIGITS)
    text = re.sub(r"^\s*>\s?", "", text)
    return re.sub(r" {2,}", " ", text).strip()


def is_indented(raw: str) -> bool:
    """A paragraph's first line starts with two spaces (full-width or not) in print."""
    return raw.startswith(("\u3000", "  ", "\t"))


def han_count(text: str) -> int:
    return len(HAN_RE.findall(text))


def visible_length(text: str) -> int:
    """Characters that take room in print, spaces not counted."""
    return len(text.replace(" ", ""))


def printed_width(text: str) -> float:
    """How much of a printed line the text fills, in Chinese characters: digits, Latin letters
    and ASCII punctuation are set half as wide."""
    text = text.replace(" ", "")
    narrow = sum(1 for char in text if char.isascii())
    return len(text) - narrow / 2


def _is_tight(char: str) -> bool:
    """Characters that are never separated by a space in Chinese text: Han and CJK punctuation."""
    return bool(HAN_RE.match(char)) or char in "，。、；：？！…—·“”‘’（）《》〈〉「」『』【】％"


def compact(text: str) -> str:
    """Text with the spaces OCR put at line breaks and around numbers removed; a space is kept
    only between two Latin letters or digits (2004 2000 stays two numbers, sky tree two words)."""
    out = []
    parts = text.split(" ")
    for index, part in enumerate(parts):
        if not part:
            continue
        if out and index:
            before, after = out[-1][-1], part[0]
            if not (_is_tight(before) or _is_tight(after)) and before.isalnum() and after.isalnum():
                out.append(" ")
        out.append(part)
    return "".join(out)


def _balanced(text: str) -> bool:
    straight = text.count('"') % 2 == 0
    return straight and all(
        text.count(opening) == text.count(closing)
        for opening, closing in ("“”", "《》", "()", "（）", "「」")
    )


def compact_headline(text: str) -> str:
    """A headline without OCR's line-break spaces, keeping a space that separates two parallel
    phrases (乐享消费 美好生活): both halves at least four characters and each complete."""
    pieces = text.split(" ")
    if len(pieces) == 2:
        left, right = compact(pieces[0]), compact(pieces[1])
        if (
            min(han_count(left), han_count(right)) >= 4
            and _balanced(left)
            and _balanced(right)
            and not left.endswith(tuple(OPEN_ENDINGS))
        ):
            return f"{left} {right}"
    return compact(text)


def ends_sentence(text: str) -> bool:
    """The text ends with a sentence end, possibly followed by closing quotes or brackets."""
    stripped = text.rstrip(CLOSERS + " ")
    return bool(stripped) and stripped[-1] in SENTENCE_ENDS


def ends_open(text: str) -> bool:
    """The text stops in the middle of a clause (after a comma, a dash, an opening bracket)."""
    return bool(text) and text.rstrip()[-1] in OPEN_ENDINGS


def strip_bullet(text: str) -> tuple[str, bool]:
    """The text without the bullet a layout puts before a byline or a brief (□ ■ ●)."""
    stripped = text.lstrip(BULLETS + " ")
    return stripped, stripped != text.lstrip(" ")


def chinese_number(text: str) -> int | None:
    """An Arabic or Chinese numeral as an int (12, 十二, 二〇二〇, 一百零九); None if not one."""
    text = text.strip()
    if text.isdigit():
        return int(text)
    try:
        return parse_chinese_integer(text) if text else None
    except (KeyError, ValueError):
        return None


NUM = r"[0-9〇零一二两三四五六七八九十]+"
FULL_DATE = re.compile(rf"(?P<y>{NUM})\s*年\s*(?P<m>{NUM})\s*月\s*(?:(?P<d>{NUM})\s*[日号])?")
MONTH_DAY = re.compile(r"(?<![0-9年])(?P<m>\d{1,2})\s*月\s*(?P<d>\d{1,2})\s*日")


def make_date(year: int | None, month: int | None, day: int | None) -> datetime.date | None:
    """A date from printed parts, None when they do not make one."""
    try:
        return datetime.date(year, month, day) if year and month and day else None
    except ValueError:
        return None


def event_date(month: int, day: int, issue_date: datetime.date | None) -> datetime.date | None:
    """The date a lead's 9月14日 means: in the issue's year, or the year before when that month
    is still to come (a January paper reporting on 12月30日)."""
    if issue_date is None:
        return None
    year = issue_date.year
    if month > issue_date.month + 1:
        year -= 1
    return make_date(year, month, day)
