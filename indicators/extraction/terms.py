"""Indicator names as printed, and the words that change what a figure is.

Names come from the catalogue (and the editors' aliases in the database). Guards keep a name from
matching inside another one: 人均地区生产总值 is not GDP, 规上工业企业 are not value added,
城镇常住人口 is not the population.
"""

import re
from dataclasses import dataclass

from ..catalogue import INDICATOR_PAIRS, IndicatorSpec

# A name after these is part of something else: 人均地区生产总值, 占GDP比重, and parts of the
# indicator (园区规模工业增加值, 民营规上工业增加值, 5千万以下固定资产投资).
NOT_AFTER = (
    r"(?<!人均)(?<!人均地区)(?<!人均国内)(?<!占)(?<!园区)(?<!开发区)(?<!民营)(?<!国有)(?<!私营)"
    r"(?<!外资)(?<!以下)"
)
NOT_AFTER_BY_CODE = {
    "budget_revenue": r"(?<!全口径)",  # 全口径财政收入 is the total, 财政总收入
    "population": r"(?<!城镇)(?<!农村)(?<!城市)(?<!乡村)(?<!贫困)(?<!脱贫)(?<!流动)",
    # the part sold by businesses above the reporting threshold, not the whole
    "retail_sales": r"(?<!限额以上)(?<!限上)(?<!限额以下)",
}
NOT_BEFORE_BY_CODE = {
    "foreign_trade": r"(?!企业|银行|商品|业务|权)",
    "fixed_asset_investment": r"(?!项目|价格)",
    "urban_income": r"(?!中位数)",
    "rural_income": r"(?!中位数)",
}
# A loose name counts only right before a figure, and never after a comparison (高于城镇居民).
LOOSE_BEFORE = r"(?<!于)(?<!比)(?<!较)"
LOOSE_NEXT = (
    r"(?=\s*(?:同比|累计|全年|分别|比上年|较上年|首次|再次|已经|已|共|年均|年平均)*\s*"
    r"(?:增长|下降|增速|增幅|降幅|减少|回落|提高|完成|实现|达到|达|为|突破|超过|约|近|接近|\d"
    r"|[一二三四五六七八九十两]+(?:点|[百千万亿])))"
)

ESTIMATE = re.compile(r"预计|预估|估计")
ESTIMATE_AFTER = re.compile(r"(?:均|都|皆)?为预计数|预计数|预计值")
# Words that make what follows in the sentence a target or a plan, not a result.
TARGET = re.compile(
    r"力争|确保|争取|力求|(?<!于)(?<!超)(?<!出)预期|目标|规划|计划|拟|要(?:实现|达到|完成|突破|保持)"
)
# A forecast: a target unless the sentence says it is an estimate (预计全年将达到190亿元).
FORECAST = re.compile(r"有望|将(?:达到|突破|实现|增长|完成|超过)")
# …unless the target is reported as met (完成全年目标任务的78%).
TARGET_MET = re.compile(r"(?:完成|实现|超额完成)[^，。；]{0,6}目标")
DISTRIBUTE = re.compile(r"分别")

# Words that may stand between a region or period and the figure of an indicator named before
# (其中孝义市增长15.3%, 上半年下降3.3%).
FILLERS = re.compile(
    r"其中|分县市看|分区域看|分地区看|从[^，。；]{1,6}看|同比|比上年同期|比去年同期|累计|分别|共计"
    r"|合计|总计|全年|完成|实现|达到|达|为|是|有|也|亦|则|均|都|仍|已|了|的|首次|继续|保持|持续"
    r"|名义|实际|按可比价格计算|初步核算|据统计|经核算|而|和|与|及|共|[、，：（）\s]"
)
# Phrases that say how a figure was computed, not what it is about.
METHOD = re.compile(
    r"按(?:可比|现行)?价格?计算|按常住人口计算|按常住地分|初步核算|据统计|经核算|扣除价格因素后?"
)
# A clause that starts by naming one of these speaks of something else (其中工业投资增长15.1%,
# 出口15.2亿元): the figures in it are not the indicator's.
OTHER_THING = re.compile(
    r"投资|收入|支出|产值|增加值|销售额|营业额|交易额|零售额|出口|进口|工业|产业|行业"
    r"|企业|利润|税收|消费|零售|存款|贷款|余额|电量|产量|价格|指数|人口|人次|游客|工资|项目|产品"
    r"|资金|金额|面积"
)


# Patterns that name an indicator without one of its names: 全市经济增长6.0% is GDP growth.
EXTRA_PATTERNS = {
    "industry_value_added": (
        (
            "规上工业企业实现增加值",
            r"规(?:模以)?上工业(?:企业)?(?:累计)?(?:完成|实现)(?:工业)?增加值",
        ),
    ),
    "gdp": (
        (
            "经济",
            r"(?<=全市|全省|全国|我市|我省|本市|全县|全区|我国)经济"
            r"(?=(?:同比|年均|年平均|比上年)?(?:增长|下降)\s*\d)",
        ),
    ),
}


# Names that say whose figure it is: 国内生产总值 is the country's.
NATIONAL_NAMES = {"国内生产总值"}


@dataclass(frozen=True)
class IndicatorMention:
    start: int
    end: int
    codes: tuple[str, ...]
    ambiguous: bool = False  # named by a word that may mean another indicator (财政收入)
    national: bool = False


class Terms:
    """The indicator names of a catalogue, compiled once."""

    def __init__(self, catalogue: list[IndicatorSpec]):
        self.specs = {spec.code: spec for spec in catalogue}
        patterns: list[tuple[str, str, str]] = []  # (pattern, kind, key), longest first
        for spec in catalogue:
            before = NOT_AFTER + NOT_AFTER_BY_CODE.get(spec.code, "")
            after = NOT_BEFORE_BY_CODE.get(spec.code, "")
            for alias in spec.names:
                patterns.append((before + re.escape(alias) + after, "name", spec.code, alias))
            for alias in spec.loose_aliases:
                pattern = before + LOOSE_BEFORE + re.escape(alias) + LOOSE_NEXT
                patterns.append((pattern, "name", spec.code, alias))
            for label, pattern in EXTRA_PATTERNS.get(spec.code, ()):
                patterns.append((pattern, "name", spec.code, label))
        for codes, pair_patterns in INDICATOR_PAIRS.items():
            if all(code in self.specs for code in codes):
                for pattern in pair_patterns:
                    patterns.append((NOT_AFTER + pattern, "pair", ",".join(codes), pattern))
        # Longer names first, so 地区生产总值 wins over 生产总值 at the same place.
        patterns.sort(key=lambda item: len(item[3]), reverse=True)
        self.keys = [(kind, key, alias) for _pattern, kind, key, alias in patterns]
        # Checking the first character before trying every name makes the scan several times
        # faster (names never start with a digit or punctuation).
        firsts = {alias[0] for *_rest, alias in patterns if alias[0].isalnum()} | set("城")
        alternatives = "|".join(f"(?P<n{i}>{p[0]})" for i, p in enumerate(patterns))
        self.regex = re.compile(f"(?=[{re.escape(''.join(sorted(firsts)))}])(?:{alternatives})")

    def find(self, text: str) -> list[IndicatorMention]:
        """Every indicator named in `text`."""
        found = []
        for match in self.regex.finditer(text):
            kind, key, alias = self.keys[int(match.lastgroup[1:])]
            codes = tuple(key.split(",")) if kind == "pair" else (key,)
            ambiguous = kind == "name" and alias in self.specs[key].ambiguous_aliases
            found.append(
                IndicatorMention(
                    match.start(), match.end(), codes, ambiguous, alias in NATIONAL_NAMES
                )
            )
        return found
