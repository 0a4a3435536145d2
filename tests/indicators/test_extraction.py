"""The figure extraction: number forms, periods, the labelled set and the real seed pages."""

import datetime
from decimal import Decimal

import pytest

from indicators import periods
from indicators.extraction import extract_figures, parse_number
from tests.indicators.labelled_sentences import CASES, figure_key, label_key, score

D = datetime.date(2020, 9, 15)


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("1.2万", "12000"),
        ("3.5亿", "350000000"),
        ("一千二百", "1200"),
        ("十二", "12"),
        ("三百零五", "305"),
        ("676.05", "676.05"),
    ],
)
def test_number_forms(text, number):
    assert parse_number(text) == Decimal(number)


def test_periods_resolve_against_the_article_date():
    [h1] = extract_figures("今年上半年，规模以上工业增加值下降4%。", date=D)
    assert h1.period == periods.half(2020, 1)
    assert h1.yoy_change == Decimal("-4") and h1.value is None
    [ytd] = extract_figures("1—8月，固定资产投资完成318.4亿元，增长8.9%。", date=D)
    assert ytd.period == periods.year_to_date(2020, 8)


def test_span_points_at_the_statement():
    text = "受疫情影响，今年上半年全市地区生产总值为676.05亿元，同比下降3.3%。"
    [figure] = extract_figures(text, date=D)
    assert text[figure.span[0] : figure.span[1]] == "地区生产总值为676.05亿元，同比下降3.3%"


@pytest.mark.parametrize(("text", "date", "labels"), CASES, ids=range(len(CASES)))
def test_labelled_sentence(text, date, labels):
    got = sorted((figure_key(figure) for figure in extract_figures(text, date=date)), key=str)
    assert got == sorted((label_key(label) for label in labels), key=str)


def test_labelled_set_quality_stays_above_target():
    result = score()
    assert result["sentences"] >= 60
    assert result["precision"] >= 0.9 and result["recall"] >= 0.9


HALF_YEAR_2020 = {
    ("gdp", Decimal("676.05"), Decimal("-3.3")),
    ("industry_value_added", None, Decimal("-4")),
    ("fixed_asset_investment", Decimal("235.1"), Decimal("7.3")),
    ("budget_revenue", Decimal("94.76"), Decimal("-16.15")),
    ("retail_sales", Decimal("191.8"), Decimal("-13.9")),
    ("foreign_trade", Decimal("18.99"), Decimal("-2.3")),
    ("urban_income", Decimal("14145"), None),
}


def test_seed_pages_yield_the_2020_half_year_figures(seed_texts):
    found = set()
    for text in seed_texts.values():
        for figure in extract_figures(text, date=D, ocr=True):
            if figure.period == periods.half(2020, 1):
                assert figure.region == "吕梁市"
                found.add((figure.indicator, figure.value, figure.yoy_change))
    assert HALF_YEAR_2020 <= found
    estimates = {
        f.indicator
        for t in seed_texts.values()
        for f in extract_figures(t, date=D, ocr=True)
        if f.is_estimate
    }
    assert "urban_income" in estimates
