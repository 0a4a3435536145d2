"""Simplified and traditional spellings of what a reader typed (OpenCC), so either finds both.

The archive holds simplified text (the paper since 1956) and traditional text (older pages,
quotations, Hong Kong and Taiwan sources); a reader types one or the other. The index keeps the
text as printed and the query is widened instead, so that a search shows what the page says
and highlights it as printed, and nothing has to be re-indexed when OpenCC's tables change.
"""

from functools import cache

import opencc


@cache
def _converter(config: str) -> opencc.OpenCC:
    # building a converter loads its dictionaries (a few ms): once per process
    return opencc.OpenCC(config)


def other_spellings(text: str) -> list[str]:
    """The text in the other script(s), without the text itself: simplified → traditional
    (Mainland, Hong Kong and Taiwan standards differ only in rare characters, so one is enough)
    and traditional → simplified; empty when the text reads the same in both."""
    spellings = []
    for config in ("t2s", "s2t"):
        converted = _converter(config).convert(text)
        if converted != text and converted not in spellings:
            spellings.append(converted)
    return spellings
