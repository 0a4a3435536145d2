"""OCR mode: a page whose columns the OCR interleaved (seed 002) still yields its 2020 figures."""

import datetime
from decimal import Decimal

from indicators import periods
from indicators.extraction import extract_figures

D = datetime.date(2020, 9, 15)
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
    found, estimates = set(), set()
    for text in seed_texts.values():
        for figure in extract_figures(text, date=D, ocr=True):
            if figure.period == periods.half(2020, 1):
                assert figure.region == "吕梁市"
                found.add((figure.indicator, figure.value, figure.yoy_change))
            if figure.is_estimate:
                estimates.add(figure.indicator)
    assert HALF_YEAR_2020 <= found
    assert "urban_income" in estimates
