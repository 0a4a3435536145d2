"""The page corpus (tests/imports/pages) and how a proposal is scored against it, field by field.

Each page is `NAME.txt` (the text as OCR gives it) beside `NAME.json` (what the parser should
propose). Pages whose name starts with `held_` are the held-out set: written with the others,
never used while developing the parser, scored apart. The JSON holds:

    {"issue_date": null, "page_number": null,          # what parse_page is told, if anything
     "issue": {...}, "page": {...},                     # as in PageProposal.as_json()
     "articles": [{"kicker", "headline", "subheadline", "genre", "origin", "agency",
                   "source": {...}, "dateline": {"place", "date"}, "credits": {...},
                   "signatory", "signed_on", "body_start", "body_end", "interleaved"?}],
     "interleaved_page": false}

A page whose columns OCR interleaved has "articles": null and "max_articles": what is checked
there is that the page and each proposed item are flagged, and that no more items are proposed
than the page holds.

Text is compared after folding what OCR varies without changing the structure: spaces, full-
and half-width punctuation, curly and straight quotes. The body is checked at its two ends: the
start and the end show whether the item was cut at the right places.
"""

import datetime
import difflib
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from imports.lines import Line, PageSource
from imports.parsing import parse_page

PAGES_DIR = Path(__file__).resolve().parent / "pages"
HELD_OUT_PREFIX = "held_"

_FOLD = str.maketrans(
    {
        "，": ",",
        "：": ":",
        "；": ";",
        "（": "(",
        "）": ")",
        "！": "!",
        "？": "?",
        "“": '"',
        "”": '"',
        "‘": "'",
        "’": "'",
        "　": "",
    }
)


def fold(text):
    """Text without spaces and with one form of each punctuation mark."""
    if text is None:
        return None
    return re.sub(r"\s+", "", str(text)).translate(_FOLD) or None


def text_source(text: str) -> PageSource:
    """A PageSource for text as pasted: one Line per line (the readers' text reader does the same
    after checking the encoding)."""
    return PageSource(kind="text", lines=[Line(line) for line in text.splitlines()], text=text)


def load_pages(held_out: bool | None = None) -> list[tuple[str, str, dict]]:
    """[(name, text, expected)] of the corpus; `held_out` True/False picks one set."""
    pages = []
    for path in sorted(PAGES_DIR.glob("*.txt")):
        is_held = path.stem.startswith(HELD_OUT_PREFIX)
        if held_out is not None and is_held != held_out:
            continue
        expected = json.loads(path.with_suffix(".json").read_text(encoding="utf-8"))
        pages.append((path.stem, path.read_text(encoding="utf-8"), expected))
    return pages


def propose(text: str, expected: dict) -> dict:
    day = expected.get("issue_date")
    return parse_page(
        text_source(text),
        issue_date=datetime.date.fromisoformat(day) if day else None,
        page_number=expected.get("page_number"),
    ).as_json()


@dataclass
class Score:
    """Fields compared (name, right?) and the articles proposed that the page does not have."""

    fields: list[tuple[str, bool, object, object]] = field(default_factory=list)
    invented: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)

    def check(self, name: str, want, got):
        self.fields.append((name, want == got, want, got))

    @property
    def right(self) -> int:
        return sum(ok for _name, ok, _want, _got in self.fields)

    @property
    def accuracy(self) -> float:
        return self.right / len(self.fields) if self.fields else 1.0

    def mistakes(self) -> list[str]:
        return [
            f"{name}: want {want!r}, got {got!r}" for name, ok, want, got in self.fields if not ok
        ]


ARTICLE_TEXT_FIELDS = ("kicker", "headline", "subheadline", "signatory")
ARTICLE_PLAIN_FIELDS = ("genre", "origin", "agency", "signed_on")


def _similar(want: dict, got: dict) -> float:
    """How surely a proposed article is the expected one: same headline or same body start."""
    if want.get("headline") and fold(want["headline"]) == fold(got.get("headline")):
        return 1.0
    start = fold(want.get("body_start")) or ""
    if start and (fold(got.get("body")) or "").startswith(start):
        return 0.9
    a, b = fold(want.get("headline")) or "", fold(got.get("headline")) or ""
    ratio = difflib.SequenceMatcher(None, a, b).ratio() if a and b else 0.0
    return ratio if ratio >= 0.6 else 0.0


def _align(expected: list[dict], proposed: list[dict]) -> list[tuple[int, int]]:
    """Pairs (expected index, proposed index) in printed order with the largest total similarity."""
    n, m = len(expected), len(proposed)
    best = [[0.0] * (m + 1) for _ in range(n + 1)]
    for i in range(n - 1, -1, -1):
        for j in range(m - 1, -1, -1):
            sim = _similar(expected[i], proposed[j])
            best[i][j] = max(best[i + 1][j], best[i][j + 1], sim + best[i + 1][j + 1] if sim else 0)
    pairs, i, j = [], 0, 0
    while i < n and j < m:
        sim = _similar(expected[i], proposed[j])
        if sim and best[i][j] == sim + best[i + 1][j + 1]:
            pairs.append((i, j))
            i, j = i + 1, j + 1
        elif best[i][j] == best[i + 1][j]:
            i += 1
        else:
            j += 1
    return pairs


def _article_fields(prefix: str, want: dict) -> list[str]:
    names = [*ARTICLE_TEXT_FIELDS, *ARTICLE_PLAIN_FIELDS]
    names += ["source.publication", "source.date", "source.page", "dateline.place", "dateline.date"]
    names += [f"credits.{role}" for role in want.get("credits", {})]
    names += ["body_start", "body_end"]
    if "interleaved" in want:
        names.append("interleaved")
    return [f"{prefix}{name}" for name in names]


def score_page(expected: dict, got: dict) -> Score:
    """Compare a proposal (as_json) with the expected structure of its page."""
    score = Score()
    for key, want in expected.get("issue", {}).items():
        score.check(f"issue.{key}", want, got["issue"].get(key))
    for key, want in expected.get("page", {}).items():
        if key == "credits":
            for role, names in want.items():
                score.check(f"page.credits.{role}", names, got["page"]["credits"].get(role, []))
        else:
            score.check(f"page.{key}", want, got["page"].get(key))
    if "interleaved_page" in expected:
        flagged = any("多栏交错" in warning for warning in got["warnings"])
        score.check("page.interleaved", expected["interleaved_page"], flagged)

    proposed = got["articles"]
    if expected.get("articles") is None:
        # a page whose text cannot be cut into items (interleaved columns): every item the
        # parser proposes must be flagged, and it may not propose more items than the page has
        for have in proposed:
            score.check("article.interleaved", True, have.get("interleaved"))
        score.check("articles.at_most", True, len(proposed) <= expected["max_articles"])
        return score
    wanted = expected["articles"]
    pairs = dict(_align(wanted, proposed))
    matched = set(pairs.values())
    for index, want in enumerate(wanted):
        if index not in pairs:
            score.missing.append(want.get("headline") or want.get("body_start") or "?")
            for name in _article_fields("article.", want):
                score.fields.append((name, False, "(article)", None))
            continue
        have = proposed[pairs[index]]
        for key in ARTICLE_TEXT_FIELDS:
            score.check(f"article.{key}", fold(want.get(key)), fold(have.get(key)))
        for key in ARTICLE_PLAIN_FIELDS:
            score.check(f"article.{key}", want.get(key), have.get(key))
        for key in ("publication", "date", "page"):
            score.check(
                f"article.source.{key}", want.get("source", {}).get(key), have["source"].get(key)
            )
        for key in ("place", "date"):
            score.check(
                f"article.dateline.{key}",
                want.get("dateline", {}).get(key),
                have["dateline"].get(key),
            )
        for role, names in want.get("credits", {}).items():
            score.check(f"article.credits.{role}", names, have["credits"].get(role, []))
        body = fold(have.get("body")) or ""
        start, end = fold(want.get("body_start")) or "", fold(want.get("body_end")) or ""
        score.check("article.body_start", start, body[: len(start)])
        score.check("article.body_end", end, body[-len(end) :] if end else "")
        if "interleaved" in want:
            score.check("article.interleaved", want["interleaved"], have.get("interleaved"))
    for index, have in enumerate(proposed):
        if index not in matched:
            score.invented.append(have.get("headline") or (have.get("body") or "")[:20])
    score.check("articles.count", len(wanted), len(proposed))
    return score


def seed_line(text: str, start: str) -> str:
    """The line of a seed page that starts with `start`, without the gaps OCR leaves between
    characters: what a test expects the parser to take from that page, read from the page
    rather than copied into the test."""
    line = next(line for line in text.splitlines() if line.startswith(start))
    return line.replace(" ", "")


def seed_email(text: str) -> str:
    """The address printed after 邮箱 on a seed page."""
    return re.search(r"邮箱[:：]\s*([\w.+-]+@[\w.-]+)", text).group(1)
