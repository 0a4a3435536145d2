"""Highlighting matches in Python: ts_headline cannot, because our lexemes are bigrams.

Text is escaped first and then marked, so article text can never inject markup.
"""

import re

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from ..models.images import box_style
from .query import Query, QueryError, parse_query
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
    return _marked(text, fold(text), pattern(query), 0, len(text))


def _marked(text: str, folded: str, regex, start: int, end: int) -> SafeString:
    """text[start:end] escaped, with the matches of `regex` in `folded` (fold(text)) marked."""
    pieces, cursor = [], start
    if regex is not None:
        for match in regex.finditer(folded, start, end):
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
        folded = fold(text) if regex and text else ""
        found = regex.search(folded) if folded else None
        if found:
            start = max(0, found.start() - width // 3)
            end = min(len(text), start + width)
            marked = _marked(text, folded, regex, start, end)
            prefix = "…" if start > 0 else ""
            suffix = "…" if end < len(text) else ""
            return mark_safe(prefix + marked + suffix)
    first = next((text for text in fields if text), "")
    return mark_safe(escape(first[:width]) + ("…" if len(first) > width else ""))


def hits_on_page(page, items, raw_query: str) -> list[dict]:
    """Where `raw_query` is found on `page`'s scan: [{"style", "box"}], CSS in percent over the
    image and "x y width height" in fractions (ArticleRegion.style and .box).

    The lines the import kept with their boxes are searched first, since they mark the very
    line; where no line has a box, the regions of the items (headline or text) that match.
    A page without a scan has nothing to mark.
    """
    if not page.image:
        return []
    try:
        query = parse_query(raw_query) if raw_query.strip() else None
    except QueryError:
        return []
    regex = pattern(query) if query else None
    if regex is None:
        return []
    lines = page.source_text.splitlines() if page.source_boxes else []
    boxes = [
        box
        for line, box in zip(lines, page.source_boxes, strict=False)
        if box and regex.search(fold(line))
    ]
    if not boxes:
        boxes = [
            [region.x, region.y, region.width, region.height]
            for item in items
            if any(regex.search(fold(text)) for text in (item.headline, item.kicker, item.body))
            for region in item.regions.all()
        ]
    return [
        {"style": box_style(*box), "box": " ".join(f"{value:.5f}" for value in box)}
        for box in boxes
    ]
