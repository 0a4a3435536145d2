"""Does one piece of OCR text continue into the next? The test behind paragraph rejoining and
the detection of interleaved columns (see docs/import.md, "Interleaved columns").

Two pieces "join" when the two characters on either side of the break form a dictionary word
with their neighbours (a line break in the middle of 计划生育) or a pair of characters that occurs
elsewhere on the same page. Inside running text about two breaks in three join; where OCR put
lines of different columns side by side about one in three does. Both rates are measured on each
page (inside its lines, and between random pairs of its lines), so the test adapts to a page's
vocabulary without a corpus.
"""

import math
import random
import re
from collections import Counter
from collections.abc import Iterable

import rjieba

from .text import HAN_RE

WINDOW = 4
# Rates used when a page is too short to measure its own.
COHERENT_RATE = 0.68
RANDOM_RATE = 0.36
SAMPLE = 300
# How many breaks an item needs before it is judged at all, and how much more likely
# "interleaved" must be than "running text" (log-likelihood ratio); a page as a whole needs more.
ITEM_MIN_BREAKS = 8
ITEM_LLR = 4.0
PAGE_MIN_BREAKS = 12
PAGE_LLR = 5.0


def word_across(left: str, right: str) -> bool:
    """The segmenter puts a word of two or more characters across the break."""
    position = len(left)
    start = 0
    for token in rjieba.cut(left + right, hmm=False):
        end = start + len(token)
        if start < position < end:
            return True
        if end >= position:
            return False
        start = end
    return False


class Coherence:
    """The join test for one page; build it once from all the page's text."""

    def __init__(self, text: str):
        self.flat = re.sub(r"\s+", "", text)
        self.pairs = Counter(self.flat[i : i + 2] for i in range(len(self.flat) - 1))
        self.coherent_rate, self.random_rate = self._calibrate()

    def joins(self, left: str, right: str, *, seen_here: int = 2) -> bool | None:
        """Whether `left` reads on into `right`; None when the break is between anything but two
        Han characters (after a comma or a number any continuation reads well).

        `seen_here` is how often the pair must occur in the page text for it to count as known:
        two when the break itself is part of that text (joined there), one when it is not."""
        left, right = left.rstrip(), right.lstrip()
        if not left or not right or not (HAN_RE.match(left[-1]) and HAN_RE.match(right[0])):
            return None
        if self.pairs[left[-1] + right[0]] >= seen_here:
            return True
        return word_across(left[-WINDOW:], right[:WINDOW])

    def _calibrate(self) -> tuple[float, float]:
        """The join rate inside the page's lines and between random pairs of its positions."""
        positions = [
            i
            for i in range(WINDOW, len(self.flat) - WINDOW)
            if HAN_RE.match(self.flat[i - 1]) and HAN_RE.match(self.flat[i])
        ]
        if len(positions) < SAMPLE:
            return COHERENT_RATE, RANDOM_RATE
        rng = random.Random(len(self.flat))  # the same page gives the same answer every time
        inside = rng.sample(positions, SAMPLE)
        coherent = sum(
            bool(self.joins(self.flat[i - WINDOW : i], self.flat[i : i + WINDOW])) for i in inside
        )
        lefts, rights = rng.sample(positions, SAMPLE), rng.sample(positions, SAMPLE)
        chance = sum(
            bool(self.joins(self.flat[i - WINDOW : i], self.flat[j : j + WINDOW], seen_here=1))
            for i, j in zip(lefts, rights, strict=True)
        )
        coherent_rate = min(max(coherent / SAMPLE, 0.45), 0.9)
        random_rate = min(max(chance / SAMPLE, 0.1), coherent_rate - 0.15)
        return coherent_rate, random_rate

    def interleaving_evidence(self, breaks: Iterable[tuple[str, str]]) -> tuple[float, int, int]:
        """(log-likelihood ratio for "these breaks join lines of different columns", how many
        breaks could be judged, how many of them joined)."""
        joined = judged = 0
        for left, right in breaks:
            verdict = self.joins(left, right)
            if verdict is None:
                continue
            judged += 1
            joined += verdict
        p_text, p_mixed = self.coherent_rate, self.random_rate
        llr = joined * math.log(p_mixed / p_text) + (judged - joined) * math.log(
            (1 - p_mixed) / (1 - p_text)
        )
        return llr, judged, joined

    def looks_interleaved(self, breaks: Iterable[tuple[str, str]], *, page: bool = False) -> bool:
        """Enough breaks, strong enough evidence, and fewer joins than halfway between the two
        rates: breaks in running text join less often than positions inside a line do (a line
        often ends at a word's end), so the ratio alone would flag a page of short lines."""
        llr, judged, joined = self.interleaving_evidence(breaks)
        min_breaks, min_llr = (PAGE_MIN_BREAKS, PAGE_LLR) if page else (ITEM_MIN_BREAKS, ITEM_LLR)
        midway = (self.coherent_rate + self.random_rate) / 2
        return judged >= min_breaks and llr >= min_llr and joined <= midway * judged
