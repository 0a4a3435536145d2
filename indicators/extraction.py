"""Propose figures from running text: pure functions, no database.

`extract_figures(text, date=...)` reads statements such as
"今年上半年，全市地区生产总值为676.05亿元，同比下降3.3%" and returns one Figure per figure found:
the indicator code, region, period, value and unit as printed, the year-on-year change (sign kept),
the estimate flag (预计) and the character span. An editor checks the proposals in the admin.

Periods and regions are taken from the nearest mention before the figure in the same paragraph
(今年 and 上半年 resolved against the article's date); without a region the paper's own city is
meant, without a period the figure is not proposed.
"""

import datetime
import re
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from . import periods
from .catalogue import HOME_REGION, INDICATORS, REGIONS, IndicatorSpec
from .units import UNITS


@dataclass(frozen=True)
class Figure:
    indicator: str
    region: str
    period: periods.PeriodSpan
    value: Decimal | None
    unit: str
    yoy_change: Decimal | None
    is_estimate: bool
    span: tuple[int, int]

    def as_json(self) -> dict:
        """The figure as the extract_figures command prints it."""
        return {
            "indicator": self.indicator,
            "region": self.region,
            "period": {
                "kind": self.period.kind,
                "start": self.period.start.isoformat(),
                "end": self.period.end.isoformat(),
            },
            "value": None if self.value is None else str(self.value),
            "unit": self.unit,
            "yoy_change": None if self.yoy_change is None else str(self.yoy_change),
            "is_estimate": self.is_estimate,
            "span": list(self.span),
        }


# --- numbers ---------------------------------------------------------------------------------

CN_DIGITS = {
    "零": 0,
    "〇": 0,
    "一": 1,
    "二": 2,
    "两": 2,
    "三": 3,
    "四": 4,
    "五": 5,
    "六": 6,
    "七": 7,
    "八": 8,
    "九": 9,
}
CN_SMALL_UNITS = {"十": 10, "百": 100, "千": 1000}
MULTIPLIERS = {"万": Decimal(10) ** 4, "亿": Decimal(10) ** 8, "万亿": Decimal(10) ** 12}


def parse_chinese_integer(text: str) -> int:
    """一千二百 → 1200, 十二 → 12, 三百零五 → 305, 二〇二〇 → 2020 (digit by digit)."""
    if text and all(char in CN_DIGITS for char in text):
        return int("".join(str(CN_DIGITS[char]) for char in text))
    total, digit = 0, None
    for char in text:
        if char in CN_DIGITS:
            digit = CN_DIGITS[char]
        elif char in CN_SMALL_UNITS:
            total += (1 if digit is None else digit) * CN_SMALL_UNITS[char]
            digit = None
        else:
            raise ValueError(f"not a Chinese numeral: {text}")
    return total + (digit or 0)


def parse_number(text: str) -> Decimal:
    """Arabic or Chinese numerals with an optional 万/亿: 1.2万 → 12000, 一千二百 → 1200."""
    text = text.strip().replace(",", "").replace("，", "")
    multiplier = Decimal(1)
    for suffix in ("万亿", "亿", "万"):
        if text.endswith(suffix) and len(text) > len(suffix):
            multiplier, text = MULTIPLIERS[suffix], text[: -len(suffix)]
            break
    try:
        number = Decimal(text)
    except InvalidOperation:
        whole, _, fraction = text.partition("点")
        number = Decimal(parse_chinese_integer(whole))
        if fraction:
            number += Decimal("0." + "".join(str(CN_DIGITS[char]) for char in fraction))
    return number * multiplier


# --- patterns --------------------------------------------------------------------------------

CN_NUM_CHARS = "零〇一二两三四五六七八九十百千"
NUMBER = rf"(?<![\d.])(?P<num>\d+(?:\.\d+)?|[{CN_NUM_CHARS}]+(?:点[零〇一二三四五六七八九]+)?)"
UNIT = r"(?P<mult>万亿|万|亿)?(?P<base>平方公里|元|人|亩|吨|%|％)"
VERB = r"(?:累计)?(?P<est>预计)?(?:为|完成|达到|达|实现|是)?"
CHANGE = (
    r"(?:同比|比上年|较上年|比去年同期|较去年同期)?(?:分别)?"
    r"(?P<dir>增长|下降|减少|提高|回落|增加)\s*(?P<chg>\d+(?:\.\d+)?)\s*[%％]"
)
SEPARATOR = r"\s*[，,、]?\s*"
NOT_A_FIGURE = re.compile(r"力争|目标|计划|预期|确保|争取|目标任务")
FALLING = {"下降", "减少", "回落"}


def _alias_pattern(catalogue: Iterable[IndicatorSpec]) -> tuple[str, dict[str, str]]:
    by_alias = {}
    for spec in catalogue:
        for alias in spec.names:
            by_alias.setdefault(alias, spec.code)
    alternatives = "|".join(re.escape(alias) for alias in sorted(by_alias, key=len, reverse=True))
    return f"(?P<alias>{alternatives})", by_alias


def _figure_regex(alias: str, gap: str = "", unit: str = UNIT) -> re.Pattern:
    value_form = rf"{gap}\s*{VERB}{gap}\s*{NUMBER}{gap}\s*{unit}(?:{SEPARATOR}{gap}{CHANGE})?"
    change = CHANGE.replace("?P<dir>", "?P<dir2>").replace("?P<chg>", "?P<chg2>")
    change_only = rf"{gap}\s*{change}"
    return re.compile(rf"{alias}(?:{value_form}|{change_only})")


# Scanned pages set in columns come out of OCR with the lines of neighbouring columns interleaved:
# a statement is interrupted by one or two whole lines of another column, always between spaces.
# In OCR mode the pattern may skip such a run (15–60 characters, bounded by white space, not ending
# in a number, so a number is never paired with another column's unit).
OCR_GAP = r"(?:\s\S[^；;\n]{13,58}?[^\d\s.]\s)??"


def _unit_pattern(dimension: str) -> str:
    """UNIT restricted to the units of one dimension (money: 元, 万元, 亿元 …)."""
    bases = {
        unit[-1] if unit != "平方公里" else unit
        for unit, (dim, _f) in UNITS.items()
        if dim == dimension
    }
    bases = {"%" if base == "%" else base for base in bases}
    if "%" in bases:
        bases.add("％")
    alternatives = "|".join(re.escape(base) for base in sorted(bases, key=len, reverse=True))
    return rf"(?P<mult>万亿|万|亿)?(?P<base>{alternatives})"


def _split_alias_pattern(aliases: Iterable[str]) -> str:
    """Aliases that may also be cut in two by an interleaved run (规模以上工业 … 增加值)."""
    alternatives = []
    for alias in sorted(aliases, key=len, reverse=True):
        alternatives.append(re.escape(alias))
        alternatives += [
            re.escape(alias[:cut]) + OCR_GAP.removesuffix("??") + re.escape(alias[cut:])
            for cut in range(3, len(alias) - 2)
        ]
    return "|".join(alternatives)


YEAR_WORD = r"(?:(?P<y>\d{4}|[二〇零一九]{4}|今|去|上|明)年)"
PERIOD_PATTERNS = [
    ("first_three_quarters", rf"{YEAR_WORD}?前三季度"),
    ("quarter", rf"{YEAR_WORD}?第?(?P<q>[一二三四1-4])季度"),
    ("half", rf"{YEAR_WORD}?(?P<h>上|下)半年"),
    (
        "ytd",
        rf"{YEAR_WORD}?(?:1|一)\s*[—\-–－~～至到]+\s*(?P<m>1[0-2]|[1-9]|十[一二]?|[二三四五六七八九])\s*月(?:份)?",
    ),
    ("first_months", rf"{YEAR_WORD}?前(?P<m>1[0-2]|[1-9]|十[一二]?|[二三四五六七八九])个月"),
    (
        "month",
        rf"{YEAR_WORD}(?P<m>1[0-2]|[1-9]|十[一二]?|[一二三四五六七八九])月(?:份)?(?!\s*\d|[一二三四五六七八九十]+日)",
    ),
    ("year", r"(?<![比较同])(?P<y>\d{4}|今|去|上)年(?:全年|底|末)?(?!\s*\d)|(?P<whole>全年)"),
]
PERIOD_REGEX = re.compile(
    "|".join(
        f"(?P<{name}>{pattern.replace('?P<', f'?P<{name}_')})" for name, pattern in PERIOD_PATTERNS
    )
)


def _month_number(text: str) -> int:
    return int(text) if text.isdigit() else parse_chinese_integer(text)


def _resolve_year(text: str | None, date: datetime.date) -> int:
    if not text or text == "今":
        return date.year
    if text in ("去", "上"):
        return date.year - 1
    if text == "明":
        return date.year + 1
    return int(text) if text.isdigit() else parse_chinese_integer(text)


def _period_from(match: re.Match, date: datetime.date) -> periods.PeriodSpan | None:
    """The period a mention means, resolved against the article's date.

    Without a year, a period still mostly ahead of `date` is last year's (前三季度 in a January
    article), one mostly behind it this year's (前三季度 estimated in mid-September)."""
    span = _period_in_year(match, date)
    if span is None or match.group(f"{match.lastgroup}_y") or span.end <= date:
        return span
    if date - span.start >= span.end - date:
        return span
    if span.kind == periods.YEAR and match.group("year_whole"):
        return span  # 全年 in a running year: a forecast or target for this year
    previous = date.replace(year=date.year - 1, month=1, day=1)
    return _period_in_year(match, previous)


def _period_in_year(match: re.Match, date: datetime.date) -> periods.PeriodSpan | None:
    name = match.lastgroup
    groups = {
        key.removeprefix(f"{name}_"): value
        for key, value in match.groupdict().items()
        if key.startswith(f"{name}_")
    }
    y = _resolve_year(groups.get("y"), date)
    try:
        if name == "first_three_quarters":
            return periods.year_to_date(y, 9)
        if name == "quarter":
            q = groups["q"]
            return periods.quarter(y, int(q) if q.isdigit() else "一二三四".index(q) + 1)
        if name == "half":
            return periods.half(y, 1 if groups["h"] == "上" else 2)
        if name in ("ytd", "first_months"):
            return periods.year_to_date(y, _month_number(groups["m"]))
        if name == "month":
            return periods.month(y, _month_number(groups["m"]))
        if name == "year":
            return periods.year(y)
    except ValueError:
        return None
    return None


def find_periods(text: str, date: datetime.date) -> list[tuple[int, periods.PeriodSpan]]:
    """Every period mentioned in `text` with its end offset, resolved against the article's date."""
    found = []
    for match in PERIOD_REGEX.finditer(text):
        span = _period_from(match, date)
        if span is not None:
            found.append((match.end(), span))
    return found


def find_regions(text: str, names: Iterable[str], home: str) -> list[tuple[int, str]]:
    """Every region mentioned in `text` with its end offset; 全市 is the paper's own city."""
    aliases = {name: name for name in names}
    aliases["全市"] = home
    aliases["全省"] = "山西省"
    pattern = "|".join(re.escape(alias) for alias in sorted(aliases, key=len, reverse=True))
    return [(match.end(), aliases[match.group()]) for match in re.finditer(pattern, text)]


def _nearest_before(mentions: list[tuple[int, object]], offset: int):
    before = [value for end, value in mentions if end <= offset]
    return before[-1] if before else None


def catalogue_from(indicators) -> list[IndicatorSpec]:
    """IndicatorSpecs for indicator rows (anything with code, name, unit and alias_list)."""
    return [
        IndicatorSpec(
            code=indicator.code,
            name=indicator.name,
            name_en="",
            unit=indicator.unit,
            category="",
            measure="",
            aliases=tuple(alias for alias in indicator.alias_list if alias != indicator.name),
        )
        for indicator in indicators
    ]


def _printed_unit(value: Decimal, multiplier: str | None, base: str) -> tuple[Decimal, str]:
    base = "%" if base == "％" else base
    unit = (multiplier or "") + base
    if unit in UNITS:
        return value, unit
    return value * MULTIPLIERS[multiplier], base


def extract_figures(
    text: str,
    *,
    date: datetime.date,
    catalogue: list[IndicatorSpec] | None = None,
    regions: list[str] | None = None,
    home_region: str = HOME_REGION,
    ocr: bool = False,
) -> list[Figure]:
    """The figures stated in `text`, an article published on `date`, in text order.

    `ocr=True` reads text of a scanned page whose columns are interleaved (see OCR_GAP).
    """
    catalogue = catalogue or INDICATORS
    context = _Context(
        date=date,
        region_names=regions or [name for name, _code, _parent in REGIONS],
        home_region=home_region,
        units={spec.code: spec.unit for spec in catalogue},
    )
    if ocr:
        return _extract_ocr(text, catalogue, context)
    alias, code_by_alias = _alias_pattern(catalogue)
    return list(_scan(text, _figure_regex(alias), code_by_alias.__getitem__, context))


@dataclass(frozen=True)
class _Context:
    date: datetime.date
    region_names: list[str]
    home_region: str
    units: dict[str, str]


def _scan(text: str, regex: re.Pattern, code_of, context: _Context):
    """Figures of every match of `regex`, paragraph by paragraph (periods do not cross them)."""
    offset = 0
    for paragraph in text.split("\n"):
        period_mentions = find_periods(paragraph, context.date)
        region_mentions = find_regions(paragraph, context.region_names, context.home_region)
        for match in regex.finditer(paragraph):
            code = code_of(match.group("alias"))
            figure = _figure(
                match, paragraph, offset, code, context, period_mentions, region_mentions
            )
            if figure is not None:
                yield figure
        offset += len(paragraph) + 1


def _extract_ocr(text: str, catalogue, context: _Context) -> list[Figure]:
    """One indicator at a time, its unit fixed, so a skipped run cannot lend it another's figure."""
    figures = []
    for spec in catalogue:
        alias = f"(?P<alias>{_split_alias_pattern(spec.names)})"
        regex = _figure_regex(alias, gap=OCR_GAP, unit=_unit_pattern(UNITS[spec.unit][0]))
        figures += _scan(text, regex, lambda _alias, code=spec.code: code, context)
    return sorted(figures, key=lambda figure: figure.span)


def _clause_before(paragraph: str, start: int) -> str:
    clause_start = max(paragraph.rfind(mark, 0, start) for mark in "；;。！？") + 1
    return paragraph[clause_start:start]


def _figure(match, paragraph, offset, code, context, period_mentions, region_mentions):
    """The Figure a match states, or None when it is a target, lacks a period or has a foreign
    unit (地区生产总值 … 385万人 is some other figure, not this indicator's)."""
    groups = match.groupdict()
    before = _clause_before(paragraph, match.start())
    if NOT_A_FIGURE.search(before + match.group()):
        return None
    period = _nearest_before(period_mentions, match.start())
    if period is None:
        return None
    sentence_start = max(paragraph.rfind(mark, 0, match.start()) for mark in "。！？") + 1
    region = (
        _nearest_before(
            [(end, name) for end, name in region_mentions if end > sentence_start], match.start()
        )
        or context.home_region
    )
    value, unit = None, ""
    if groups.get("num"):
        value, unit = _printed_unit(parse_number(groups["num"]), groups["mult"], groups["base"])
        if UNITS[unit][0] != UNITS.get(context.units[code], ("?",))[0]:
            return None
    direction, change = (
        (groups["dir"], groups["chg"])
        if groups.get("dir")
        else (groups.get("dir2"), groups.get("chg2"))
    )
    yoy_change = None
    if change:
        yoy_change = Decimal(change) * (-1 if direction in FALLING else 1)
    is_estimate = "预计" in before + match.group()
    return Figure(
        indicator=code,
        region=region,
        period=period,
        value=value,
        unit=unit,
        yoy_change=yoy_change,
        is_estimate=is_estimate,
        span=(offset + match.start(), offset + match.end()),
    )
