"""A labelled set for the figure extraction, written by us (not taken from the seed pages).

Each case is (sentence, article date, expected figures). A figure is written compactly as
(indicator code, region, period, value with unit or None, year-on-year change or None, estimate)
with periods as 2019, 2020H1, 2020Q1, 2020M7, 2020YTD8. Sentences without a figure expect [].
`score()` gives precision and recall of `extract_figures` on the set; the test and
benchmarks/extraction_quality.py both use it.
"""

import datetime

from indicators.extraction import extract_figures

D = datetime.date(2020, 9, 15)
J = datetime.date(2021, 1, 20)

CASES = [
    # value + growth, each verb
    (
        "2019年，全市地区生产总值完成1512.1亿元，增长5.7%。",
        D,
        [("gdp", "吕梁市", "2019", "1512.1亿元", "5.7", False)],
    ),
    (
        "2018年全市地区生产总值达到1420.5亿元，比上年增长6.1%。",
        D,
        [("gdp", "吕梁市", "2018", "1420.5亿元", "6.1", False)],
    ),
    (
        "今年上半年，全市地区生产总值为676.05亿元，同比下降3.3%。",
        D,
        [("gdp", "吕梁市", "2020H1", "676.05亿元", "-3.3", False)],
    ),
    (
        "今年一季度，全市生产总值实现301.2亿元，同比下降9.4%。",
        D,
        [("gdp", "吕梁市", "2020Q1", "301.2亿元", "-9.4", False)],
    ),
    (
        "1—8月，固定资产投资完成318.4亿元，同比增长8.9%。",
        D,
        [("fixed_asset_investment", "吕梁市", "2020YTD8", "318.4亿元", "8.9", False)],
    ),
    (
        "1-7月份，全市一般公共预算收入完成112.3亿元，同比下降12.6%。",
        D,
        [("budget_revenue", "吕梁市", "2020YTD7", "112.3亿元", "-12.6", False)],
    ),
    (
        "前三季度，社会消费品零售总额完成280.7亿元，同比下降8.2%。",
        J,
        [("retail_sales", "吕梁市", "2020YTD9", "280.7亿元", "-8.2", False)],
    ),
    (
        "去年，全市进出口总额达到38.6亿元，增长12.4%。",
        J,
        [("foreign_trade", "吕梁市", "2020", "38.6亿元", "12.4", False)],
    ),
    (
        "2019年城镇居民人均可支配收入29181元，增长6.8%。",
        D,
        [("urban_income", "吕梁市", "2019", "29181元", "6.8", False)],
    ),
    (
        "2019年农村居民人均可支配收入达到9963元，增长10.3%。",
        D,
        [("rural_income", "吕梁市", "2019", "9963元", "10.3", False)],
    ),
    (
        "今年7月份，规模以上工业增加值完成86.4亿元，同比增长3.1%。",
        D,
        [("industry_value_added", "吕梁市", "2020M7", "86.4亿元", "3.1", False)],
    ),
    (
        "前7个月，全市规上工业增加值完成530.8亿元，同比下降1.2%。",
        D,
        [("industry_value_added", "吕梁市", "2020YTD7", "530.8亿元", "-1.2", False)],
    ),
    (
        "2019年孝义市地区生产总值完成486.3亿元，增长6.3%。",
        D,
        [("gdp", "孝义市", "2019", "486.3亿元", "6.3", False)],
    ),
    (
        "上半年，汾阳市固定资产投资完成41.2亿元，同比增长15.6%。",
        D,
        [("fixed_asset_investment", "汾阳市", "2020H1", "41.2亿元", "15.6", False)],
    ),
    (
        "2019年全省地区生产总值达到17026.7亿元，增长6.2%。",
        D,
        [("gdp", "山西省", "2019", "17026.7亿元", "6.2", False)],
    ),
    (
        "今年上半年，离石区一般公共预算收入为5.1亿元，同比下降18.3%。",
        D,
        [("budget_revenue", "离石区", "2020H1", "5.1亿元", "-18.3", False)],
    ),
    (
        "2019年，全市社会消费品零售总额实现430.2亿元，同比增长7.9%。",
        D,
        [("retail_sales", "吕梁市", "2019", "430.2亿元", "7.9", False)],
    ),
    (
        "2017年全市固定资产投资完成380亿元，增长9%。",
        D,
        [("fixed_asset_investment", "吕梁市", "2017", "380亿元", "9", False)],
    ),
    # several figures in one sentence
    (
        "2019年，全市规模以上工业增加值完成963.2亿元，增长4.6%；固定资产投资完成523.3亿元，增长11.2%。",
        D,
        [
            ("industry_value_added", "吕梁市", "2019", "963.2亿元", "4.6", False),
            ("fixed_asset_investment", "吕梁市", "2019", "523.3亿元", "11.2", False),
        ],
    ),
    (
        "今年上半年，社会消费品零售总额191.8亿元，下降13.9%；进出口总额18.99亿元，下降2.3%。",
        D,
        [
            ("retail_sales", "吕梁市", "2020H1", "191.8亿元", "-13.9", False),
            ("foreign_trade", "吕梁市", "2020H1", "18.99亿元", "-2.3", False),
        ],
    ),
    (
        "2019年城镇和农村居民收入都有提高：城镇居民人均可支配收入29181元，农村居民人均可支配收入9963元。",
        D,
        [
            ("urban_income", "吕梁市", "2019", "29181元", None, False),
            ("rural_income", "吕梁市", "2019", "9963元", None, False),
        ],
    ),
    # value only
    (
        "2019年，全市一般公共预算收入完成192.6亿元。",
        D,
        [("budget_revenue", "吕梁市", "2019", "192.6亿元", None, False)],
    ),
    (
        "今年上半年，交城县进出口总额为2.35亿元。",
        D,
        [("foreign_trade", "交城县", "2020H1", "2.35亿元", None, False)],
    ),
    ("2019年底全市总人口385万人。", D, [("population", "吕梁市", "2019", "385万人", None, False)]),
    (
        "2019年全市森林覆盖率达到32.5%。",
        D,
        [("forest_cover", "吕梁市", "2019", "32.5%", None, False)],
    ),
    # growth only
    (
        "今年上半年，规模以上工业增加值下降4%。",
        D,
        [("industry_value_added", "吕梁市", "2020H1", None, "-4", False)],
    ),
    (
        "1—8月，全市规上工业增加值同比增长2.7%。",
        D,
        [("industry_value_added", "吕梁市", "2020YTD8", None, "2.7", False)],
    ),
    (
        "今年一季度，固定资产投资同比下降21.5%。",
        D,
        [("fixed_asset_investment", "吕梁市", "2020Q1", None, "-21.5", False)],
    ),
    (
        "2019年，全市进出口总额增长18.2%。",
        D,
        [("foreign_trade", "吕梁市", "2019", None, "18.2", False)],
    ),
    (
        "今年上半年，孝义市社会消费品零售总额同比下降11.4%。",
        D,
        [("retail_sales", "孝义市", "2020H1", None, "-11.4", False)],
    ),
    (
        "去年全市一般公共预算收入比上年增长10.2%。",
        J,
        [("budget_revenue", "吕梁市", "2020", None, "10.2", False)],
    ),
    (
        "2019年，地区生产总值增长5.7%，增速居全省前列。",
        D,
        [("gdp", "吕梁市", "2019", None, "5.7", False)],
    ),
    # estimates
    (
        "今年上半年，城镇居民人均可支配收入预计为14145元。",
        D,
        [("urban_income", "吕梁市", "2020H1", "14145元", None, True)],
    ),
    (
        "上半年农村居民人均可支配收入预计为5094元。",
        D,
        [("rural_income", "吕梁市", "2020H1", "5094元", None, True)],
    ),
    (
        "预计今年全年地区生产总值达到1480亿元左右。",
        D,
        [("gdp", "吕梁市", "2020", "1480亿元", None, True)],
    ),
    (
        "前三季度，全市固定资产投资预计完成372亿元，同比增长6.5%。",
        D,
        [("fixed_asset_investment", "吕梁市", "2020YTD9", "372亿元", "6.5", True)],
    ),
    (
        "今年上半年，汾阳市城镇居民人均可支配收入预计为15230元，同比增长1.8%。",
        D,
        [("urban_income", "汾阳市", "2020H1", "15230元", "1.8", True)],
    ),
    # Chinese number forms
    (
        "2019年全市农村居民人均可支配收入接近1万元，其中文水县农村居民人均可支配收入达到1.2万元。",
        D,
        [("rural_income", "文水县", "2019", "1.2万元", None, False)],
    ),
    (
        "今年上半年，柳林县一般公共预算收入完成3.5亿元，同比下降9.8%。",
        D,
        [("budget_revenue", "柳林县", "2020H1", "3.5亿元", "-9.8", False)],
    ),
    (
        "2019年，岚县进出口总额达到一千二百万元。",
        D,
        [("foreign_trade", "岚县", "2019", "一千二百万元", None, False)],
    ),
    (
        "2019年，石楼县农村居民人均可支配收入为七千八百元，增长11.5%。",
        D,
        [("rural_income", "石楼县", "2019", "七千八百元", "11.5", False)],
    ),
    (
        "2019年全省地区生产总值为1.7万亿元，增长6.2%。",
        D,
        [("gdp", "山西省", "2019", "1.7万亿元", "6.2", False)],
    ),
    (
        "2019年，兴县固定资产投资完成二十三亿元。",
        D,
        [("fixed_asset_investment", "兴县", "2019", "二十三亿元", None, False)],
    ),
    # period from the paragraph's context
    (
        "2019年，全市经济运行稳中有进。地区生产总值完成1512.1亿元，增长5.7%。",
        D,
        [("gdp", "吕梁市", "2019", "1512.1亿元", "5.7", False)],
    ),
    (
        "受疫情影响，今年上半年各项指标有所回落。一般公共预算收入94.76亿元，下降16.15%。",
        D,
        [("budget_revenue", "吕梁市", "2020H1", "94.76亿元", "-16.15", False)],
    ),
    (
        "2020年8月份，全市规模以上工业增加值同比增长5.3%。",
        J,
        [("industry_value_added", "吕梁市", "2020M8", None, "5.3", False)],
    ),
    (
        "今年第二季度，全市地区生产总值为374.85亿元，同比增长1.2%。",
        D,
        [("gdp", "吕梁市", "2020Q2", "374.85亿元", "1.2", False)],
    ),
    # no figure at all
    ("9月14日，市长主持召开市政府常务会议，听取全市主要经济指标完成情况汇报。", D, []),
    ("会上要求各部门盯住规上工业增加值和固定资产投资两项指标，一刻不能放松。", D, []),
    ("力争全年地区生产总值增长6%左右。", D, []),
    ("今年的目标是固定资产投资增长10%以上。", D, []),
    ("全市新建5G基站1200个，新增农村公路330公里。", D, []),
    ("今年上半年，全市累计完成荒山造林30万亩。", D, []),
    ("吕梁地处山西省中部西侧，2004年撤地设市。", D, []),
    ("全市10个贫困县全部脱贫摘帽，1439个贫困村全部退出。", D, []),
    ("地区生产总值等主要指标的统计口径今年有所调整。", D, []),
    ("本报讯 9月14日上午，全市经济运行分析会召开。", D, []),
    ("市统计局将于下月发布前三季度主要经济数据。", D, []),
    ("各县（市、区）要确保一般公共预算收入增长8%。", D, []),
    ("居民收入稳步提高，消费市场逐步回暖。", D, []),
    ("固定资产投资项目开工率持续提高。", D, []),
    ("全市共有规模以上工业企业512家。", D, []),
    ("今年以来，我市精准施策，推动经济回升向好。", D, []),
]


def _period_code(span) -> str:
    from indicators import periods

    if span.kind == periods.YEAR:
        return f"{span.start.year}"
    if span.kind == periods.HALF:
        return f"{span.start.year}H{1 if span.start.month == 1 else 2}"
    if span.kind == periods.QUARTER:
        return f"{span.start.year}Q{(span.start.month + 2) // 3}"
    if span.kind == periods.MONTH:
        return f"{span.start.year}M{span.start.month}"
    return f"{span.start.year}YTD{span.end.month}"


def figure_key(figure) -> tuple:
    """An extracted Figure in the compact form of the labels."""
    value = None
    if figure.value is not None:
        value = f"{figure.value.normalize():f}{figure.unit}"
    change = None if figure.yoy_change is None else f"{figure.yoy_change.normalize():f}"
    return (
        figure.indicator,
        figure.region,
        _period_code(figure.period),
        value,
        change,
        figure.is_estimate,
    )


def label_key(label) -> tuple:
    """A label with its printed value normalised the same way (一千二百万元 → 1200万元)."""
    import re

    from indicators.extraction import parse_number

    code, region, period, value, change, estimate = label
    if value is not None:
        number, unit = re.fullmatch(r"(.+?)(万亿元|亿元|万元|元|万人|%)", value).groups()
        value = f"{parse_number(number).normalize():f}{unit}"
    if change is not None:
        change = f"{parse_number(change).normalize():f}"
    return (code, region, period, value, change, estimate)


def score(cases=CASES) -> dict:
    """Precision and recall over the whole set, and the cases that went wrong."""
    true_positive = found = expected = 0
    mistakes = []
    for text, date, labels in cases:
        got = [figure_key(figure) for figure in extract_figures(text, date=date)]
        want = [label_key(label) for label in labels]
        hits = sum(1 for key in got if key in want)
        true_positive += hits
        found += len(got)
        expected += len(want)
        if sorted(got, key=str) != sorted(want, key=str):
            mistakes.append((text, got, want))
    return {
        "sentences": len(cases),
        "expected": expected,
        "found": found,
        "correct": true_positive,
        "precision": true_positive / found if found else 1.0,
        "recall": true_positive / expected if expected else 1.0,
        "mistakes": mistakes,
    }
