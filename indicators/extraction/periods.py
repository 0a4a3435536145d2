"""Periods as a paper mentions them, resolved against the issue date.

A mention is a kind of period (2019年, 上半年, 一季度, 8月份, 1—8月, 前8个月, 前三季度,
“十三五”) or a word that needs its context (全年, 同期, 今年以来). Mentions after 比/较/与 are
comparison bases (比上年, 较1—7月), not the period of a figure.
"""

import datetime
import re
from dataclasses import dataclass

from .. import periods
from ..periods import PeriodSpan
from .numbers import parse_chinese_integer

SPAN = "span"
WHOLE_YEAR = "whole_year"  # 全年, 年末: the year the context speaks of
SAME = "same"  # 同期: the period just mentioned
SAME_LAST_YEAR = "same_last_year"  # 去年同期为…: the period just mentioned, a year earlier
SINCE_YEAR_START = "since_year_start"  # 今年以来: January to a month the text does not give


@dataclass(frozen=True)
class PeriodMention:
    start: int
    end: int
    kind: str
    span: PeriodSpan | None = None
    year_printed: bool = False  # 2019年, 今年: the year is not a guess from the issue date
    relative: bool = True  # the issue date decides the year (今年, 上半年), not the text (2019年)
    base: bool = False
    base_is_previous_year: bool = False  # 比上年, 较去年同期: a year-on-year comparison


MONTH = r"(?:1[0-2]|[1-9]|十[一二]?|[一二三四五六七八九])"
YEAR = r"(?P<y>\d{4}|[一二三四五六七八九〇零]{4}|今|去|上|前|明|本)\s?年"
DASH = r"\s*[—\-~至到]+\s*"
PATTERNS = [
    ("plan", r"[“\"‘']?十(?P<n>[一二三四五六七八九])五[”\"’']?(?:规划)?(?:期间|时期|末|期)?"),
    ("plan_years", rf"(?P<a>\d{{4}})\s*年?{DASH}(?P<b>\d{{4}})\s*年"),
    ("five_years", r"(?:过去的?|近)五年(?:来|以来|间|里)?|五年来|五年以来"),
    (
        "ytd",
        rf"(?:{YEAR})?(?:(?<!\d)(?:1|一)|(?<![\d.亿万])元)\s*月?份?{DASH}(?P<m>{MONTH})\s*月份?",
    ),
    ("nine_months", rf"(?:{YEAR})?(?:前三个?季度|(?:1|一)\s*[—\-~至到]\s*(?:3|三)\s*季度)"),
    ("first_months", rf"(?:{YEAR})?前(?P<m>{MONTH}|两)个?月"),
    ("quarter", rf"(?:{YEAR})?(?:第?(?P<q>[一二三四1-4])季度|首季度?)"),
    ("half", rf"(?:{YEAR})?(?P<h>上|下)半年"),
    ("month_end", rf"截至(?:{YEAR})?(?P<m>{MONTH})月(?:底|末)"),
    (
        "month",
        rf"(?:{YEAR})?(?<![\d—\-~至到])(?P<m>{MONTH})\s*月(?:份)?(?:当月|末|底)?"
        r"(?!\s*\d+\s*[日号])(?![一二三四五六七八九十]+[日号])(?!份?\s*[—\-~至到])(?!份?以来)",
    ),
    ("same_last_year", r"(?<![比较与同于])(?:去年|上年)同期(?!相比|水平)"),
    ("since", r"(?:今年|年初)以来|今年来|年初至今"),
    ("year", rf"{YEAR}(?:全年|年度|度|末|底)?(?!\s*\d)(?![一二三四五六七八九十]+月)(?!以来)"),
    ("whole_year", r"(?<![今去上前明本\d〇零一二三四五六七八九年])(?:全年|年末|年底|当年)"),
    ("same", r"(?<![去上年比较])同期(?!相比|水平)"),
]
REGEX = re.compile(
    "|".join(f"(?P<{name}>{pattern.replace('?P<', f'?P<{name}_')})" for name, pattern in PATTERNS)
)
PRINTED_SPANS = ("plan", "plan_years")  # periods whose years the text gives
BASE_BEFORE = re.compile(r"(?:比|较|与|同|于|对比|相比|相较|较之)\s*$")
BASE_AFTER = re.compile(r"\s*(?:同期|相比|水平|末相比)")


def _number(text: str) -> int:
    return int(text) if text.isdigit() else parse_chinese_integer(text)


def _year_of(word: str | None, date: datetime.date) -> int | None:
    if not word:
        return None
    relative = {"今": 0, "本": 0, "去": -1, "上": -1, "前": -2, "明": 1}
    if word in relative:
        return date.year + relative[word]
    return _number(word)


def _span_in(name: str, groups: dict, year: int) -> PeriodSpan | None:
    if name in ("ytd", "first_months", "month_end"):
        last = 2 if groups["m"] == "两" else _number(groups["m"])
        if last == 12:
            return periods.year(year)  # 1—12月 is the year
        return periods.year_to_date(year, last)
    if name == "nine_months":
        return periods.year_to_date(year, 9)
    if name == "quarter":
        q = groups.get("q") or "1"
        return periods.quarter(year, int(q) if q.isdigit() else "一二三四".index(q) + 1)
    if name == "half":
        return periods.half(year, 1 if groups["h"] == "上" else 2)
    if name == "month":
        return periods.month(year, _number(groups["m"]))
    if name == "year":
        return periods.year(year)
    return None


def _resolve(name: str, groups: dict, date: datetime.date) -> tuple[PeriodSpan | None, bool]:
    """The span a mention means and whether its year was printed (or said: 今年, 去年).

    Without a year, a period still mostly ahead of `date` is last year's (前三季度 in a January
    issue), one mostly behind it this year's (前三季度 reported in late October)."""
    if name == "plan":
        return periods.five_year_plan(10 + "一二三四五六七八九".index(groups["n"]) + 1), True
    if name == "five_years":
        # A work report's 五年来: the plan that ended last year, if one did.
        number = periods.plan_number(datetime.date(date.year - 5, 1, 1))
        return (periods.five_year_plan(number) if number else None), True
    if name == "plan_years":
        first, last = int(groups["a"]), int(groups["b"])
        number = periods.plan_number(datetime.date(first, 1, 1))
        if number and last == first + 4:
            return periods.five_year_plan(number), True
        return None, True
    year = _year_of(groups.get("y"), date)
    if year is not None:
        return _span_in(name, groups, year), True
    span = _span_in(name, groups, date.year)
    if span is not None and span.end > date and date - span.start < span.end - date:
        span = _span_in(name, groups, date.year - 1)
    return span, False


def find_periods(text: str, date: datetime.date) -> list[PeriodMention]:
    """Every period mentioned in `text`, resolved against `date` (the issue date)."""
    found = []
    for match in REGEX.finditer(text):
        name = match.lastgroup
        groups = {
            key.removeprefix(f"{name}_"): value
            for key, value in match.groupdict().items()
            if key.startswith(f"{name}_") and value is not None
        }
        base = bool(
            BASE_BEFORE.search(text, max(0, match.start() - 3), match.start())
            or BASE_AFTER.match(text, match.end())
        )
        previous_year = base and groups.get("y") in ("上", "去")
        if name in ("since", "whole_year", "same", "same_last_year"):
            kind = {
                "since": SINCE_YEAR_START,
                "whole_year": WHOLE_YEAR,
                "same": SAME,
                "same_last_year": SAME_LAST_YEAR,
            }[name]
            found.append(PeriodMention(match.start(), match.end(), kind, base=base))
            continue
        try:
            span, printed = _resolve(name, groups, date)
        except ValueError:
            continue
        if span is None:
            continue
        found.append(
            PeriodMention(
                match.start(),
                match.end(),
                SPAN,
                span,
                year_printed=printed,
                relative=len(groups.get("y") or "") != 4 and name not in PRINTED_SPANS,
                base=base,
                base_is_previous_year=previous_year,
            )
        )
    return found


def latest_period(date: datetime.date, frequency: str) -> PeriodSpan:
    """The latest period whose figures are out by `date` for an indicator published every
    `frequency` ("month", "quarter", "year"): January to last month, the last quarter's
    cumulation, or last year."""
    last_month = date.month - 1
    if frequency == "year" or last_month < 2:
        return periods.year(date.year - 1)
    if frequency == "quarter":
        quarters = last_month // 3
        if quarters == 0:
            return periods.year(date.year - 1)
        if quarters == 1:
            return periods.quarter(date.year, 1)
        if quarters == 2:
            return periods.half(date.year, 1)
        return periods.year_to_date(date.year, 3 * quarters)
    return periods.year_to_date(date.year, last_month)


def conventional_period(date: datetime.date, frequency: str) -> tuple[PeriodSpan, bool]:
    """The period of a figure printed on `date` without one, and whether it is only a guess.

    The paper's convention: in January and February a figure without a period is last year's
    (annual results and work reports); later in the year it is the latest release, a guess."""
    if date.month <= 2:
        return periods.year(date.year - 1), False
    return latest_period(date, frequency), True
