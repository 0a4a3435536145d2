"""Labelled sentences and paragraphs for the figure extraction, written in our own words.

Each case is (text, issue date "YYYY-MM-DD", labels). A label is one figure, written as
"indicator region period value change [flags]", separated by single spaces:

- indicator: a catalogue code (gdp, industry_value_added, …);
- region: the region's name in the catalogue (吕梁市, 山西省, 全国, …) or the name printed;
- period: 2019, 2019H1, 2019Q3, 2019M8, 2019YTD8 (January to August), 2016-2020 (a five-year
  plan); a trailing "?" marks a period the extraction could only guess (to be confirmed);
- value: number and unit as printed (1512.1亿元, 七千六百五十元, 32.8%), or "-";
- change: year-on-year change, "+5.7%" / "-3.3%" / "0%", a change in percentage points of a rate
  "+0.9pt", or "-";
- flags: "预计" (an estimate), "约" (an approximate value or change: 约, 近, 超过, 突破,
  左右, 以上 …).

`dev` is the set the extraction was tuned on; `heldout` was written first and only measured.
"""

import datetime
import re
from dataclasses import dataclass
from decimal import Decimal

from indicators import periods
from indicators.extraction import extract_figures, parse_number

FIELDS = ["indicator", "region", "period", "value", "unit", "change"]
FLAGS = ["estimate", "approximate", "to_confirm"]
UNIT = re.compile(r"(.+?)(万亿元|亿元|万元|元|万人|人|万平方公里|平方公里|万亩|亩|%)")


@dataclass(frozen=True)
class Key:
    """A figure in comparable form, from a label or from the extraction."""

    indicator: str
    region: str
    period: str
    value: str | None
    unit: str | None
    change: str | None
    estimate: bool
    approximate: bool
    to_confirm: bool


def _number(text: str) -> str:
    return f"{parse_number(text).normalize():f}"


def label_key(label: str) -> Key:
    """A label string (see the module docstring) as a Key."""
    code, region, period, value, change, *flags = label.split()
    number = unit = None
    if value != "-":
        printed, unit = UNIT.fullmatch(value).groups()
        number = _number(printed)
    if change != "-":
        points = change.endswith("pt")
        change = _number(change.removesuffix("pt").removesuffix("%").lstrip("+"))
        change = f"{'0' if change == '-0' else change}{'pt' if points else '%'}"
    else:
        change = None
    return Key(
        code,
        region,
        period.removesuffix("?"),
        number,
        unit,
        change,
        "预计" in flags,
        "约" in flags,
        period.endswith("?"),
    )


def period_code(span) -> str:
    if span.kind == periods.YEAR:
        return f"{span.start.year}"
    if span.kind == periods.HALF:
        return f"{span.start.year}H{1 if span.start.month == 1 else 2}"
    if span.kind == periods.QUARTER:
        return f"{span.start.year}Q{(span.start.month + 2) // 3}"
    if span.kind == periods.MONTH:
        return f"{span.start.year}M{span.start.month}"
    if span.kind == periods.PLAN:
        return f"{span.start.year}-{span.end.year}"
    return f"{span.start.year}YTD{span.end.month}"


def figure_key(figure) -> Key:
    """An extracted Figure as a Key."""
    change = None
    if figure.yoy_change is not None:
        change = f"{figure.yoy_change.normalize():f}%"
    elif figure.change_points is not None:
        change = f"{figure.change_points.normalize():f}pt"
    if change is not None and change.startswith("-0") and Decimal(change[:-1].rstrip("pt")) == 0:
        change = change[1:]
    return Key(
        figure.indicator,
        figure.region,
        period_code(figure.period),
        None if figure.value is None else f"{figure.value.normalize():f}",
        figure.unit or None,
        change,
        figure.is_estimate,
        bool(figure.qualifier),
        figure.period_to_confirm,
    )


def _agreement(a: Key, b: Key) -> int:
    return sum(getattr(a, name) == getattr(b, name) for name in FIELDS)


def _align(got: list[Key], want: list[Key]) -> list[tuple[Key, Key]]:
    """Pairs of an extracted and a labelled figure, most alike first; each used once."""
    pairs = sorted(
        ((_agreement(g, w), i, j) for i, g in enumerate(got) for j, w in enumerate(want)),
        reverse=True,
    )
    used_got, used_want, aligned = set(), set(), []
    for agreement, i, j in pairs:
        if agreement >= 3 and i not in used_got and j not in used_want:
            used_got.add(i), used_want.add(j)
            aligned.append((got[i], want[j]))
    return aligned


def score(cases) -> dict:
    """Precision and recall over `cases`: of whole figures (every field and flag right) and of
    each field on its own (extracted and labelled figures paired by likeness)."""
    found = expected = correct = 0
    field_hits = dict.fromkeys(FIELDS + FLAGS, 0)
    mistakes = []
    for text, date, labels in cases:
        day = datetime.date.fromisoformat(date)
        got = [figure_key(figure) for figure in extract_figures(text, date=day)]
        want = [label_key(label) for label in labels]
        remaining = list(want)
        hits = 0
        for key in got:
            if key in remaining:
                remaining.remove(key)
                hits += 1
        found, expected, correct = found + len(got), expected + len(want), correct + hits
        for g, w in _align(got, want):
            for name in FIELDS + FLAGS:
                field_hits[name] += getattr(g, name) == getattr(w, name)
        if hits != len(got) or hits != len(want):
            mistakes.append((text, date, got, want))

    def ratio(a, b):
        return a / b if b else 1.0

    return {
        "cases": len(cases),
        "expected": expected,
        "found": found,
        "correct": correct,
        "precision": ratio(correct, found),
        "recall": ratio(correct, expected),
        "fields": {
            name: (ratio(hits, found), ratio(hits, expected)) for name, hits in field_hits.items()
        },
        "mistakes": mistakes,
    }
