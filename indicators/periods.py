"""Periods as plain values: the kinds a statistics release uses and their first and last day.

Pure functions, shared by the extraction (no database) and the models.
"""

import calendar
import datetime
from dataclasses import dataclass

from django.utils.translation import gettext, pgettext_lazy

YEAR = "year"
HALF = "half"
QUARTER = "quarter"
MONTH = "month"
YTD = "ytd"
PLAN = "plan"

# The first year of each five-year plan from the third on (1963–65 had none); the first two began
# in 1953 and 1958.
_THIRD_PLAN_START = 1966


@dataclass(frozen=True)
class PeriodSpan:
    """A period by kind and its first and last day, e.g. (half, 2020-01-01, 2020-06-30)."""

    kind: str
    start: datetime.date
    end: datetime.date

    @property
    def label(self) -> str:
        return period_label(self.kind, self.start, self.end)


def _month_end(year: int, month: int) -> datetime.date:
    return datetime.date(year, month, calendar.monthrange(year, month)[1])


def year(y: int) -> PeriodSpan:
    return PeriodSpan(YEAR, datetime.date(y, 1, 1), datetime.date(y, 12, 31))


def half(y: int, n: int) -> PeriodSpan:
    if n not in (1, 2):
        raise ValueError(f"half-year must be 1 or 2, not {n}")
    first = 1 if n == 1 else 7
    return PeriodSpan(HALF, datetime.date(y, first, 1), _month_end(y, first + 5))


def quarter(y: int, n: int) -> PeriodSpan:
    if not 1 <= n <= 4:
        raise ValueError(f"quarter must be 1–4, not {n}")
    first = 3 * n - 2
    return PeriodSpan(QUARTER, datetime.date(y, first, 1), _month_end(y, first + 2))


def month(y: int, m: int) -> PeriodSpan:
    if not 1 <= m <= 12:
        raise ValueError(f"month must be 1–12, not {m}")
    return PeriodSpan(MONTH, datetime.date(y, m, 1), _month_end(y, m))


def year_to_date(y: int, last_month: int) -> PeriodSpan:
    """January to `last_month` cumulated, as in 1—8月."""
    if not 1 <= last_month <= 12:
        raise ValueError(f"month must be 1–12, not {last_month}")
    return PeriodSpan(YTD, datetime.date(y, 1, 1), _month_end(y, last_month))


def a_year_earlier(span: PeriodSpan) -> PeriodSpan | None:
    """The same period of the year before (去年同期); None for a five-year plan."""
    y, first = span.start.year - 1, span.start.month
    if span.kind == YEAR:
        return year(y)
    if span.kind == HALF:
        return half(y, 1 if first == 1 else 2)
    if span.kind == QUARTER:
        return quarter(y, (first + 2) // 3)
    if span.kind == MONTH:
        return month(y, first)
    if span.kind == YTD:
        return year_to_date(y, span.end.month)
    return None


def five_year_plan(number: int) -> PeriodSpan:
    """The years of the `number`th five-year plan: 13 (十三五) → 2016–2020."""
    if number < 1:
        raise ValueError(f"no five-year plan {number}")
    first = {1: 1953, 2: 1958}.get(number, _THIRD_PLAN_START + 5 * (number - 3))
    return PeriodSpan(PLAN, datetime.date(first, 1, 1), datetime.date(first + 4, 12, 31))


def plan_number(start: datetime.date) -> int | None:
    """Which five-year plan begins on `start` (None if none does)."""
    for number in range(1, 40):
        if five_year_plan(number).start == start:
            return number
    return None


def expected_span(kind: str, start: datetime.date) -> PeriodSpan | None:
    """The only valid end for a period of `kind` starting on `start`, None if `start` is invalid.

    Year-to-date periods may end at any month, so for them only the start is checked (returns a
    span ending in the start month).
    """
    try:
        if start.day != 1:
            return None
        if kind == YEAR and start.month == 1:
            return year(start.year)
        if kind == HALF and start.month in (1, 7):
            return half(start.year, 1 if start.month == 1 else 2)
        if kind == QUARTER and start.month in (1, 4, 7, 10):
            return quarter(start.year, (start.month + 2) // 3)
        if kind == MONTH:
            return month(start.year, start.month)
        if kind == YTD and start.month == 1:
            return year_to_date(start.year, 1)
        if kind == PLAN and (number := plan_number(start)):
            return five_year_plan(number)
    except ValueError:
        return None
    return None


def is_valid(kind: str, start: datetime.date, end: datetime.date) -> bool:
    """Whether (kind, start, end) is a real calendar period of that kind."""
    span = expected_span(kind, start)
    if span is None:
        return False
    if kind == YTD:
        return end.year == start.year and end == _month_end(end.year, end.month)
    return span.end == end


# The parts of a period's label, as the paper prints them (English: Q3, Aug).
QUARTER_NAMES = [
    pgettext_lazy("quarter of a year", "一"),
    pgettext_lazy("quarter of a year", "二"),
    pgettext_lazy("quarter of a year", "三"),
    pgettext_lazy("quarter of a year", "四"),
]
MONTH_NAMES = [
    pgettext_lazy("month in a period label", "1月"),
    pgettext_lazy("month in a period label", "2月"),
    pgettext_lazy("month in a period label", "3月"),
    pgettext_lazy("month in a period label", "4月"),
    pgettext_lazy("month in a period label", "5月"),
    pgettext_lazy("month in a period label", "6月"),
    pgettext_lazy("month in a period label", "7月"),
    pgettext_lazy("month in a period label", "8月"),
    pgettext_lazy("month in a period label", "9月"),
    pgettext_lazy("month in a period label", "10月"),
    pgettext_lazy("month in a period label", "11月"),
    pgettext_lazy("month in a period label", "12月"),
]


# The plans an archive of today's papers meets, by name (English: 13th Five-Year Plan).
PLAN_NAMES = {
    9: pgettext_lazy("five-year plan", "九五"),
    10: pgettext_lazy("five-year plan", "十五"),
    11: pgettext_lazy("five-year plan", "十一五"),
    12: pgettext_lazy("five-year plan", "十二五"),
    13: pgettext_lazy("five-year plan", "十三五"),
    14: pgettext_lazy("five-year plan", "十四五"),
    15: pgettext_lazy("five-year plan", "十五五"),
}


def plan_name(number: int) -> str:
    """十三五 for 13: the plan's number in Chinese numerals followed by 五."""
    digits = "一二三四五六七八九"
    tens, ones = divmod(number, 10)
    numeral = ("" if tens < 2 else digits[tens - 1]) + ("十" if tens else "")
    return numeral + (digits[ones - 1] if ones else "") + "五"


def period_label(kind: str, start: datetime.date, end: datetime.date) -> str:
    """The period as the paper prints it: 2019年, 2020年上半年, 2020年第三季度, 2020年1—8月,
    2016—2020年（“十三五”时期）.

    In the active language (English: 2019, H1 2020, Q3 2020, Jan–Aug 2020, 2016–2020 (13th
    Five-Year Plan)).
    """
    year = start.year
    if kind == YEAR:
        return gettext("%(year)d年") % {"year": year}
    if kind == HALF:
        if start.month == 1:
            return gettext("%(year)d年上半年") % {"year": year}
        return gettext("%(year)d年下半年") % {"year": year}
    if kind == QUARTER:
        quarter = QUARTER_NAMES[(start.month - 1) // 3]
        return gettext("%(year)d年第%(quarter)s季度") % {"year": year, "quarter": quarter}
    if kind == MONTH:
        month = MONTH_NAMES[start.month - 1]
        return gettext("%(year)d年%(month)s") % {"year": year, "month": month}
    if kind == YTD:
        month = MONTH_NAMES[end.month - 1]
        return gettext("%(year)d年1—%(month)s") % {"year": year, "month": month}
    if kind == PLAN and (number := plan_number(start)):
        return gettext("%(start)d—%(end)d年（“%(plan)s”时期）") % {
            "start": year,
            "end": end.year,
            "plan": PLAN_NAMES.get(number) or plan_name(number),
        }
    return f"{start:%Y-%m-%d}—{end:%Y-%m-%d}"
