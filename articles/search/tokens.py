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
RUNS = re.compile(rf"[{HAN}]+|[^\W_{HAN}]+")
HAN_RUN = re.compile(rf"[{HAN}]+")
# PostgreSQL refuses lexemes over 2,047 bytes; no real word is this long.
MAX_WORD = 60


def normalize(text: str) -> str:
    """Full-width letters and digits folded (ＡＢ１ → ab1), lower case."""
    return unicodedata.normalize("NFKC", text).lower()


@dataclass(frozen=True)
class Run:
    text: str
    is_han: bool


def runs(text: str) -> list[Run]:
    """Runs of Chinese characters and runs of other letters/digits, in text order."""
    found = []
    for match in RUNS.findall(normalize(text)):
        is_han = bool(HAN_RUN.fullmatch(match))
        found.append(Run(match if is_han else match[:MAX_WORD], is_han))
    return found


def run_tokens(run: Run) -> list[str]:
    """One token per character of a Chinese run (bigram, last one alone); a word is one token."""
    if not run.is_han:
        return [run.text]
    chars = run.text
    return [chars[i : i + 2] for i in range(len(chars) - 1)] + [chars[-1]]


def positioned_tokens(fields: Iterable[str], start: int = 1) -> list[tuple[str, int]]:
    """(token, position) for several fields; a gap between fields stops phrases spanning them."""
    tokens, position = [], start
    for field in fields:
        for run in runs(field):
            for token in run_tokens(run):
                tokens.append((token, position))
                position += 1
        position += 1
    return tokens


def words(fields: Iterable[str]) -> set[str]:
    """Whole words (rjieba segmentation of Chinese runs; other words as they are), for ranking."""
    found = set()
    for field in fields:
        for run in runs(field):
            if run.is_han and len(run.text) > 1:
                found.update(rjieba.cut(run.text))
            else:
                found.add(run.text)
    return found
