"""How text becomes search tokens: overlapping character bigrams for Chinese, words for the rest.

Why bigrams and not a segmenter: a dictionary segmenter (jieba) indexes
中华人民共和国中央军事委员会 as one word, so 中华人民共和国 would never be found.
Overlapping bigrams with positions, queried as a phrase, find exactly the articles
that contain the query as a substring (the same answer as ``LIKE '%q%'``).
The segmenter (rjieba) is used only to rank whole-word matches higher.

Every character of a Chinese run gets one token at its own position: the character and the next
one (``中国``, ``国人``, ``人民``), and at the end of the run the last character alone (``民``). A
query run then maps to the same tokens, except that its last character may be followed by more
Chinese text in an article; a one-character run at the end of a query is therefore matched as a
prefix (``年:*``), and a longer one simply ends with its last bigram.
"""

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

import rjieba

HAN = r"\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f"
# One match per run: group 1 a run of Chinese characters, group 2 a run of other letters/digits.
RUNS = re.compile(rf"([{HAN}]+)|([^\W_{HAN}]+)")
HAN_RUN = re.compile(rf"[{HAN}]+")
# PostgreSQL refuses lexemes over 2,047 bytes; no real word is this long.
MAX_WORD = 60


def _compatibility_characters() -> tuple[re.Pattern, dict[str, str]]:
    """A pattern for the BMP characters NFKC changes, and each one's full decomposition."""
    codes = [
        code
        for code in range(0x10000)
        if not 0xD800 <= code < 0xE000 and unicodedata.normalize("NFKC", chr(code)) != chr(code)
    ]
    ranges: list[list[int]] = []
    for code in codes:
        if ranges and ranges[-1][1] == code - 1:
            ranges[-1][1] = code
        else:
            ranges.append([code, code])
    members = "".join(
        re.escape(chr(first)) + ("-" + re.escape(chr(last)) if last > first else "")
        for first, last in ranges
    )
    return re.compile(f"[{members}]"), {
        chr(code): unicodedata.normalize("NFKD", chr(code)) for code in codes
    }


# Chinese text is full of full-width punctuation (，；：), which NFKC changes, so unicodedata's
# quick check fails and every article takes its slow path (3× the cost of the rest of the
# tokenising). Replacing those characters by their decompositions first gives exactly the NFKC
# result (NFKD of the replaced text equals NFKD of the original) and lets the quick check pass.
_COMPATIBILITY, _DECOMPOSITION = _compatibility_characters()


def normalize(text: str) -> str:
    """NFKC (full-width letters and digits folded: ＡＢ１ → ab1), lower case."""
    for char in set(_COMPATIBILITY.findall(text)):
        text = text.replace(char, _DECOMPOSITION[char])
    return unicodedata.normalize("NFKC", text).lower()


_FIRST_OF_NFKC = {char: unicodedata.normalize("NFKC", char)[:1] or char for char in _DECOMPOSITION}


def fold(text: str) -> str:
    """Like normalize(), but one character for one (the first of each character's NFKC), so that
    offsets found in the folded text are valid in the original (for highlighting)."""
    if text.isascii():
        return text.lower()
    if max(text) > "\uffff":  # the table covers the BMP; rare characters take the slow path
        return "".join((unicodedata.normalize("NFKC", c) or c)[:1] for c in text).lower()
    return _COMPATIBILITY.sub(lambda found: _FIRST_OF_NFKC[found.group()], text).lower()


@dataclass(frozen=True)
class Run:
    text: str
    is_han: bool


def runs(text: str) -> list[Run]:
    """Runs of Chinese characters and runs of other letters/digits, in text order."""
    return [
        Run(han, True) if han else Run(other[:MAX_WORD], False)
        for han, other in RUNS.findall(normalize(text))
    ]


def _han_tokens(chars: str) -> list[str]:
    # chars[i : i + 2] is the bigram at i, and the last character alone at the end of the run.
    return [chars[i : i + 2] for i in range(len(chars))]


def run_tokens(run: Run) -> list[str]:
    """One token per character of a Chinese run (bigram, last one alone); a word is one token."""
    return _han_tokens(run.text) if run.is_han else [run.text]


def field_tokens(text: str) -> list[str]:
    """The tokens of one field in text order: run_tokens() of each of its runs, concatenated.

    Written without Run objects because indexing calls it for every article (the benchmark
    builds a million articles with it).
    """
    tokens: list[str] = []
    for han, other in RUNS.findall(normalize(text)):
        if han:
            tokens += _han_tokens(han)
        else:
            tokens.append(other[:MAX_WORD])
    return tokens


def positioned_fields(fields: Iterable[str], start: int = 1) -> list[tuple[int, list[str]]]:
    """(position of the first token, tokens) per field; one position is left empty after each
    field, so that no phrase spans two fields."""
    segments, position = [], start
    for field in fields:
        tokens = field_tokens(field)
        segments.append((position, tokens))
        position += len(tokens) + 1
    return segments


def positioned_tokens(fields: Iterable[str], start: int = 1) -> list[tuple[str, int]]:
    """(token, position) for several fields, as positioned_fields() numbers them."""
    return [
        (token, position)
        for first, tokens in positioned_fields(fields, start)
        for position, token in enumerate(tokens, first)
    ]


def words(fields: Iterable[str]) -> set[str]:
    """Whole words (rjieba segmentation of Chinese runs; other words as they are), for ranking."""
    found = set()
    for field in fields:
        for han, other in RUNS.findall(normalize(field)):
            if len(han) > 1:
                found.update(rjieba.cut(han))
            else:
                found.add(han or other[:MAX_WORD])
    return found
