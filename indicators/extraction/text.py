"""Character forms a page may use, read alike, and where paragraphs, sentences and clauses end.

`normalise` maps one character to one character, so an offset in the normalised text is the
same offset in the text as printed (spans point into the original).
"""

import re
from collections.abc import Iterator

_WIDE = "０１２３４５６７８９．％＋﹪～〜–―─－！？（）"
_NARROW = "0123456789.%+%~~———-！？（）"
_TABLE = str.maketrans(
    {
        **dict(zip(_WIDE, _NARROW, strict=True)),
        **{chr(code): chr(code - 0xFEE0) for code in range(ord("Ａ"), ord("Ｚ") + 1)},
        **{chr(code): chr(code - 0xFEE0) for code in range(ord("ａ"), ord("ｚ") + 1)},
        "\u3000": " ",
        ";": "；",
        "!": "！",
        "?": "？",
        "(": "（",
        ")": "）",
    }
)
# OCR and some desks use ASCII commas and colons as Chinese punctuation; between digits a comma
# groups thousands (1,512.1) and a colon tells the time, so those stay.
_ASCII_COMMA = re.compile(r",(?!\d{3}(?!\d))|(?<!\d),")
_ASCII_COLON = re.compile(r":(?!\d)|(?<!\d):")

SENTENCE_ENDS = "。！？\n"
CLAUSE_ENDS = "，；："


def normalise(text: str) -> str:
    """Half-width digits, letters and signs, one dash, Chinese clause punctuation; same length."""
    text = text.translate(_TABLE)
    text = _ASCII_COMMA.sub("，", text)
    return _ASCII_COLON.sub("：", text)


def paragraphs(text: str) -> Iterator[tuple[int, str]]:
    """(offset, paragraph) for each line of `text`: a paragraph a line, as OCR and the CMS give."""
    offset = 0
    for line in text.split("\n"):
        yield offset, line
        offset += len(line) + 1


def bounds(text: str, ends: str) -> list[tuple[int, int]]:
    """(start, end) of each run of `text` closed by one of `ends` (the mark stays in the run)."""
    runs, start = [], 0
    for match in re.finditer(f"[{re.escape(ends)}]", text):
        runs.append((start, match.end()))
        start = match.end()
    if start < len(text):
        runs.append((start, len(text)))
    return runs
