"""Figures from the OCR text of a page set in columns, whose lines came out interleaved.

A statement is then interrupted by one or two whole lines of a neighbouring column, always
between spaces. Here each indicator is read on its own, with its unit's dimension fixed, and
a pattern that may skip such a run (15–60 characters bounded by white space, not ending in a
number, so a number is never paired with another column's unit). Proposals from this mode
need the editor's check more than any: see benchmarks/README.md for what it finds on seed 002.
"""

import datetime
import re
from collections.abc import Iterable
from decimal import Decimal

from ..units import UNITS
from . import periods
from .figure import Figure
from .numbers import MULTIPLIERS, NUMBER, parse_number
from .terms import TARGET
from .text import paragraphs

GAP = r"(?:\s\S[^；\n]{13,58}?[^\d\s.]\s)??"
VERB = r"(?:累计)?(?P<est>预计)?(?:为|完成|达到|达|实现|是)?"
CHANGE = (
    r"(?:同比|比上年|较上年|比去年同期|较去年同期)?(?:分别)?"
    r"(?P<dir>增长|下降|减少|提高|回落|增加)\s*(?P<chg>\d+(?:\.\d+)?)\s*%"
)
FALLING = {"下降", "减少", "回落"}


def _unit_pattern(dimension: str) -> str:
    bases = {unit.lstrip("万亿") for unit, (dim, _f) in UNITS.items() if dim == dimension}
    alternatives = "|".join(re.escape(base) for base in sorted(bases, key=len, reverse=True))
    return rf"(?P<mult>万亿|万|亿)?(?P<base>{alternatives})"


def _alias_pattern(aliases: Iterable[str]) -> str:
    """Names that may also be cut in two by an interleaved run (规模以上工业 … 增加值)."""
    alternatives = []
    for alias in sorted(aliases, key=len, reverse=True):
        alternatives.append(re.escape(alias))
        alternatives += [
            re.escape(alias[:cut]) + GAP.removesuffix("??") + re.escape(alias[cut:])
            for cut in range(3, len(alias) - 2)
        ]
    return "|".join(alternatives)


def _regex(aliases: Iterable[str], dimension: str) -> re.Pattern:
    number = rf"(?<![\d.])(?P<num>{NUMBER})"
    value = rf"{GAP}\s*{VERB}{GAP}\s*{number}{GAP}\s*{_unit_pattern(dimension)}"
    change_only = CHANGE.replace("?P<dir>", "?P<dir2>").replace("?P<chg>", "?P<chg2>")
    return re.compile(
        rf"(?P<alias>{_alias_pattern(aliases)})"
        rf"(?:{value}(?:\s*[，、]?\s*{GAP}{CHANGE})?|{GAP}\s*{change_only})"
    )


def extract(text: str, *, date: datetime.date, reader) -> list[Figure]:
    """The figures of an interleaved page, one indicator at a time, in text order."""
    figures = []
    for spec in reader.specs.values():
        dimension = UNITS.get(spec.unit, ("?",))[0]
        regex = _regex(spec.names, dimension)
        for offset, paragraph in paragraphs(text):
            found = [m for m in periods.find_periods(paragraph, date) if m.span and not m.base]
            for match in regex.finditer(paragraph):
                figure = _figure(match, paragraph, offset, spec, date, found, reader)
                if figure is not None:
                    figures.append(figure)
    return sorted(figures, key=lambda figure: figure.span)


def _figure(match, paragraph, offset, spec, date, found, reader) -> Figure | None:
    groups = match.groupdict()
    clause_start = max(paragraph.rfind(mark, 0, match.start()) for mark in "；。！？") + 1
    if TARGET.search(paragraph[clause_start : match.end()]):
        return None
    before = [mention for mention in found if mention.end <= match.start()]
    if not before:
        return None
    value = unit = None
    if groups.get("num"):
        value = parse_number(groups["num"])
        unit = (groups["mult"] or "") + groups["base"]
        if unit not in UNITS:
            value, unit = value * MULTIPLIERS[groups["mult"]], groups["base"]
    direction = groups.get("dir") or groups.get("dir2")
    change = groups.get("chg") or groups.get("chg2")
    yoy = None if change is None else Decimal(change) * (-1 if direction in FALLING else 1)
    return Figure(
        indicator=spec.code,
        region=reader.home_region,
        period=before[-1].span,
        value=value,
        unit=unit or "",
        yoy_change=yoy,
        is_estimate="预计" in paragraph[clause_start : match.end()],
        span=(offset + match.start(), offset + match.end()),
    )
