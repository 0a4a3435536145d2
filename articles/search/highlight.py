"""Highlighting matches in Python: ts_headline cannot, because our lexemes are bigrams.

Text is escaped first and then marked, so article text can never inject markup.
"""

import re

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from .query import Query
from .tokens import fold


def pattern(query: Query) -> re.Pattern | None:
    """A regex matching any term; the runs of a term may be separated by non-word characters."""
    alternatives = []
    for term in query.terms:
        for spelling in term.spellings:  # the text may use the other script (see scripts.py)
            parts = [re.escape(part) for part in spelling.text.split()]
            alternatives.append(r"[\W_]*".join(parts))
    alternatives.sort(key=len, reverse=True)
    return re.compile("|".join(alternatives)) if alternatives else None


def mark(text: str, query: Query) -> SafeString:
    """The whole text, escaped, with every match wrapped in <mark>."""
    return _marked(text, pattern(query), 0, len(text))


def _marked(text: str, regex, start: int, end: int) -> SafeString:
    pieces, cursor = [], start
    if regex is not None:
        for match in regex.finditer(fold(text), start, end):
            if match.end() == match.start():
                continue
            pieces.append(escape(text[cursor : match.start()]))
            pieces.append(f"<mark>{escape(text[match.start() : match.end()])}</mark>")
            cursor = match.end()
    pieces.append(escape(text[cursor:end]))
    return mark_safe("".join(pieces))


def snippet(fields: list[str], query: Query, width: int = 120) -> SafeString:
    """About `width` characters around the first match in the first field that has one."""
    regex = pattern(query)
    for text in fields:
        found = regex.search(fold(text)) if regex and text else None
        if found:
            start = max(0, found.start() - width // 3)
            end = min(len(text), start + width)
            marked = _marked(text, regex, start, end)
            prefix = "…" if start > 0 else ""
            suffix = "…" if end < len(text) else ""
            return mark_safe(prefix + marked + suffix)
    first = next((text for text in fields if text), "")
    return mark_safe(escape(first[:width]) + ("…" if len(first) > width else ""))
