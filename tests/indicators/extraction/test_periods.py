"""Period mentions: every kind and printed form, comparison bases, resolution by issue date."""

import datetime

import pytest

from indicators import periods
from indicators.extraction.periods import (
    SINCE_YEAR_START,
    WHOLE_YEAR,
    conventional_period,
    find_periods,
)

SEPTEMBER = datetime.date(2020, 9, 15)
JANUARY = datetime.date(2021, 1, 20)


@pytest.mark.parametrize(
    ("text", "date", "span"),
    [
        ("2019年，", SEPTEMBER, periods.year(2019)),
        ("二〇一九年，", SEPTEMBER, periods.year(2019)),
        ("去年，", JANUARY, periods.year(2020)),
        ("上年，", JANUARY, periods.year(2020)),
        ("今年上半年，", SEPTEMBER, periods.half(2020, 1)),
        ("一季度，", SEPTEMBER, periods.quarter(2020, 1)),
        ("第三季度，", datetime.date(2020, 10, 20), periods.quarter(2020, 3)),
        ("前三季度，", JANUARY, periods.year_to_date(2020, 9)),
        ("8月份，", SEPTEMBER, periods.month(2020, 8)),
        ("12月份，", datetime.date(2022, 3, 2), periods.month(2021, 12)),
        ("1—8月，", SEPTEMBER, periods.year_to_date(2020, 8)),
        ("1-8月，", SEPTEMBER, periods.year_to_date(2020, 8)),
        ("1至8月，", SEPTEMBER, periods.year_to_date(2020, 8)),
        ("一至八月，", SEPTEMBER, periods.year_to_date(2020, 8)),
        ("前8个月，", SEPTEMBER, periods.year_to_date(2020, 8)),
        ("截至8月底，", SEPTEMBER, periods.year_to_date(2020, 8)),
        ("“十三五”期间，", JANUARY, periods.five_year_plan(13)),
        ("2016—2020年，", JANUARY, periods.five_year_plan(13)),
    ],
)
def test_period_forms(text, date, span):
    [mention] = find_periods(text, date)
    assert mention.span == span and not mention.base


@pytest.mark.parametrize(
    "text", ["9月14日，", "2020年9月15日", "2019年以来", "1—3个月培训", "5月份以来"]
)
def test_dates_and_spans_since_are_not_periods_of_a_figure(text):
    assert find_periods(text, SEPTEMBER) == []


@pytest.mark.parametrize(
    ("text", "previous_year"),
    [
        ("比上年增长", True),
        ("与去年同期持平", True),
        ("较1—7月收窄", False),
        ("比2015年增长", False),
    ],
)
def test_comparison_bases_are_marked(text, previous_year):
    [mention] = find_periods(text, SEPTEMBER)
    assert mention.base and mention.base_is_previous_year == previous_year


def test_words_that_need_their_context():
    assert [m.kind for m in find_periods("今年以来，全年", SEPTEMBER)] == [
        SINCE_YEAR_START,
        WHOLE_YEAR,
    ]


def test_the_papers_convention_for_a_figure_without_a_period():
    assert conventional_period(datetime.date(2021, 1, 28), "month") == (periods.year(2020), False)
    assert conventional_period(SEPTEMBER, "month") == (periods.year_to_date(2020, 8), True)
    assert conventional_period(SEPTEMBER, "quarter") == (periods.half(2020, 1), True)
    assert conventional_period(SEPTEMBER, "year") == (periods.year(2019), True)
