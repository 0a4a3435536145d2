"""Numbers as printed: Arabic and Chinese numerals, values with their unit, and changes.

A value is a number with a unit (1512.1亿元, 三千亿元, 32.8%, 385万 where the unit is implied);
a change is a verb with a number (增长5.7%, 下降3.3个百分点, 增长1.3倍, 增速回落至4.6%, 持平).
"""

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

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
CN_SECTIONS = {"亿": 10**8, "万": 10**4}
MULTIPLIERS = {"万": Decimal(10) ** 4, "亿": Decimal(10) ** 8, "万亿": Decimal(10) ** 12}

ARABIC = r"\d+(?:,\d{3})*(?:\.\d+)?"
# At least one digit character, so 千方百计 or 万众 are not numbers.
CHINESE = (
    r"[零〇一二两三四五六七八九十百千万亿]*[零〇一二两三四五六七八九十][零〇一二两三四五六七八九十百千万亿]*"
    r"(?:点[零〇一二三四五六七八九]+)?"
)
NUMBER = rf"(?:{ARABIC}|{CHINESE})"


def _small_section(text: str) -> int:
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


def parse_chinese_integer(text: str) -> int:
    """一千二百 → 1200, 三万五千 → 35000, 三百零五 → 305, 二〇二〇 → 2020 (digit by digit)."""
    if text and all(char in CN_DIGITS for char in text):
        return int("".join(str(CN_DIGITS[char]) for char in text))
    total = 0
    for mark, size in CN_SECTIONS.items():
        if mark in text:
            high, text = text.split(mark, 1)
            total += (_small_section(high) if high else 1) * size
    return total + _small_section(text)


def parse_number(text: str) -> Decimal:
    """Arabic or Chinese numerals with an optional 万/亿/万亿: 1.2万 → 12000, 一千二百 → 1200."""
    number, multiplier = split_multiplier(text)
    return number * (MULTIPLIERS[multiplier] if multiplier else 1)


def split_multiplier(text: str) -> tuple[Decimal, str]:
    """The number and the 万/亿/万亿 printed after it: 一千二百万 → (1200, 万), 1.5 → (1.5, "")."""
    text = text.strip().replace(",", "")
    for suffix in ("万亿", "亿", "万"):
        if text.endswith(suffix) and len(text) > len(suffix):
            return _plain_number(text[: -len(suffix)]), suffix
    return _plain_number(text), ""


def _plain_number(text: str) -> Decimal:
    try:
        return Decimal(text)
    except InvalidOperation:
        whole, _, fraction = text.partition("点")
        number = Decimal(parse_chinese_integer(whole))
        if fraction:
            number += Decimal("0." + "".join(str(CN_DIGITS[char]) for char in fraction))
        return number


@dataclass(frozen=True)
class Amount:
    """A value as printed: number, multiplier (万/亿/万亿 or ""), base unit (元, 人, %, or "" when
    only the multiplier is printed: 385万), and the word that makes it approximate (约, 超过 …)."""

    number: Decimal
    multiplier: str
    base: str
    qualifier: str = ""


@dataclass(frozen=True)
class Change:
    """A change as printed: signed number, "%" or "pt" (percentage points), and its qualifier."""

    number: Decimal
    unit: str
    qualifier: str = ""


BEFORE = r"(?P<pre>约|近|接近|将近|超过|突破|逾|超|不足|不到|迈上|跨上|站上|跨越)"
AFTER = r"(?P<post>左右|及以上|以上|及以下|以下|上下|之多|多)"
BASES = r"(?P<base>美元|元|人(?!次|民|口|均)|亩|平方公里|公里|吨|%)"
# 1512.1亿元, 50余亿元, 三千亿元, 1.2万亿元, 百分之十一, 32.8%
VALUE = (
    rf"{BEFORE}?(?:为|是|达)?\s*(?:百分之(?P<pct>{NUMBER})|(?P<sign>(?<=[为是：（])-)?(?P<num>{NUMBER})"
    rf"\s*(?P<more>余|多)?\s*(?P<mult>万亿|亿|万)?(?P<more2>余|多)?\s*{BASES})\s*{AFTER}?"
)
# 385万 with the unit left to the indicator, only where no other counter word follows.
BARE = rf"{BEFORE}?\s*(?P<num>{ARABIC})\s*(?P<mult>万亿|亿|万)(?P<more>余|多)?(?![\u4e00-\u9fff%])"
BARE_AFTER = r"(?P<post>左右|以上)?"

RISING = "增长|增加|上升|提高|上涨|回升|提升|攀升|增"
FALLING = "下降|减少|回落|降低|下滑|下跌|萎缩|缩减|收缩|负增长|减"
CHANGE_NUMBER = (
    rf"{BEFORE}?\s*(?:百分之(?P<pct>{NUMBER})|(?P<sign>-)?(?P<num>{NUMBER})\s*(?P<unit>%|个?百分点|倍))"
    rf"\s*{AFTER}?"
)
# 增速回落至4.6% / 降幅收窄到6.1%: the growth rate itself; 增速为-3.2%
RATE = (
    r"(?P<rate>增速|增幅|降幅|增长率|增长速度|增长幅度|下降幅度)(?:[^\d，。；%]{0,4}?(?:至|到)|为|是|达到|达|保持在|在)?\s*"
    rf"{BEFORE}?\s*(?P<sign>-)?(?P<num>{ARABIC})\s*%\s*{AFTER}?"
)
CHANGE = rf"(?P<verb>{RISING}|{FALLING})(?!至|到)了?\s*{CHANGE_NUMBER}"
FLAT = r"(?P<flat>(?:同比|与上年|与去年同期|与上年同期|与去年|基本)持平)"
# The rest of a list after a change: 分别增长6.8%和10.3%
LIST_MORE = rf"\s*(?:、|和|与|及)\s*(?P<item>{CHANGE_NUMBER})"

VALUE_RE = re.compile(VALUE)
BARE_RE = re.compile(BARE + BARE_AFTER)
# 实现5.7%的增长, 出现3.3%的降幅
RATE_AFTER = (
    rf"{BEFORE}?\s*(?P<num>{ARABIC})\s*%\s*{AFTER}?\s*的\s*"
    r"(?P<rate_after>增长|增速|增幅|降幅|下降|负增长)"
)
# 增长15.2, with the % sign lost in print or OCR: a decimal under 100 closing its clause
CHANGE_NO_SIGN = (
    rf"(?P<verb>{RISING}|{FALLING})(?!至|到)了?\s*(?P<num>\d{{1,2}}\.\d+)(?=\s*[，。；])"
)
CHANGE_RES = [
    re.compile(RATE),
    re.compile(CHANGE),
    re.compile(FLAT),
    re.compile(RATE_AFTER),
    re.compile(CHANGE_NO_SIGN),
]
LIST_MORE_RE = re.compile(LIST_MORE)


def _qualifier(match: re.Match) -> str:
    groups = match.groupdict()
    return (
        (groups.get("pre") or "")
        + (groups.get("more") or groups.get("more2") or "")
        + (groups.get("post") or "")
    )


def amount_of(match: re.Match) -> Amount | None:
    """The Amount a VALUE_RE or BARE_RE match states (None for a number that is not one)."""
    groups = match.groupdict()
    try:
        if groups.get("pct"):
            return Amount(parse_number(groups["pct"]), "", "%", _qualifier(match))
        number, inner = split_multiplier(groups["num"])
    except (ValueError, KeyError):
        return None
    if groups.get("sign"):
        number = -number
    multiplier = groups.get("mult") or inner
    return Amount(number, multiplier, groups.get("base") or "", _qualifier(match))


def change_of(match: re.Match, verb: str | None = None) -> Change | None:
    """The Change a CHANGE_RE (or LIST_MORE_RE with the list's `verb`) match states."""
    groups = match.groupdict()
    if groups.get("flat"):
        return Change(Decimal(0), "%", "约" if groups["flat"].startswith("基本") else "")
    try:
        number = parse_number(groups.get("pct") or groups["num"])
    except (ValueError, KeyError):
        return None
    if groups.get("rate") or groups.get("rate_after"):
        word = groups.get("rate") or groups["rate_after"]
        falling = word in ("降幅", "下降幅度", "下降", "负增长")
        if groups.get("sign"):
            number = -number
        return Change(-number if falling else number, "%", _qualifier(match))
    if groups.get("sign"):
        number = -number  # 增长-4.2%
    verb = groups.get("verb") or verb or ""
    unit = groups.get("unit") or "%"
    if unit == "倍":
        number, unit = number * 100, "%"
    elif unit.endswith("百分点"):
        unit = "pt"
    falling = bool(re.fullmatch(FALLING, verb))
    return Change(-number if falling else number, unit, _qualifier(match))


# Either end of a range (增长8%—10%, 1400亿—1500亿元): a range is not a figure.
RANGE_AFTER = re.compile(r"\s*[—\-~至到]\s*\d")
RANGE_BEFORE = re.compile(r"\d\s*(?:%|[万亿]?元?)\s*[—\-~至到]\s*$")


def _in_range(text: str, start: int, end: int) -> bool:
    return bool(RANGE_AFTER.match(text, end) or RANGE_BEFORE.search(text, 0, start))


# A bound on a noun is not a value (5000万元以上项目投资, 500万元以下的企业).
THRESHOLD = re.compile(r"及?以上|及?以下")
# A number right after a verb of change is by how much, not how much (比上年增加1121元).
BY_HOW_MUCH = re.compile(rf"(?:{RISING}|{FALLING}|多|少)了?\s*$")


def amounts_in(text: str) -> list[tuple[int, int, Amount]]:
    """Every value printed in `text` with its span."""
    found = []
    for regex in (VALUE_RE, BARE_RE):
        for match in regex.finditer(text):
            amount = amount_of(match)
            start = match.start("num") if match.group("num") else match.start()
            if amount is None or _in_range(text, start, match.end()):
                continue
            if BY_HOW_MUCH.search(text, max(0, match.start() - 4), match.start()):
                continue
            after = text[match.end() : match.end() + 1]
            if THRESHOLD.fullmatch(match.groupdict().get("post") or "") and (
                "\u4e00" <= after <= "\u9fff"
            ):
                continue
            found.append((match.start(), match.end(), amount))
    return found


def changes_in(text: str) -> list[tuple[int, int, Change]]:
    """Every change printed in `text` with its span; a list after one verb gives one each."""
    found = []
    for regex in CHANGE_RES:
        for match in regex.finditer(text):
            change = change_of(match)
            if change is None or _in_range(text, match.start(), match.end()):
                continue
            found.append((match.start(), match.end(), change))
            verb, end = match.groupdict().get("verb"), match.end()
            while verb and (more := LIST_MORE_RE.match(text, end)):
                following = change_of(more, verb)
                if following is None:
                    break
                found.append(
                    (
                        more.start() + len(more.group()) - len(more.group().lstrip("、和与及 ")),
                        more.end(),
                        following,
                    )
                )
                end = more.end()
    return found
