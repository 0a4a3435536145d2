"""Numbers as printed: numerals, values with units and their qualifiers, changes (% vs 百分点)."""

from decimal import Decimal

import pytest

from indicators.extraction.numbers import Amount, Change, amounts_in, changes_in, parse_number
from indicators.extraction.text import normalise


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("1.2万", "12000"),
        ("3.5亿", "350000000"),
        ("一千二百", "1200"),
        ("十二", "12"),
        ("三百零五", "305"),
        ("676.05", "676.05"),
        ("二千一百零三", "2103"),
        ("三万五千", "35000"),
        ("两千", "2000"),
        ("二十五点六", "25.6"),
        ("二〇一九", "2019"),
        ("1,512.1", "1512.1"),
    ],
)
def test_number_forms(text, number):
    assert parse_number(text) == Decimal(number)


@pytest.mark.parametrize(
    ("text", "amount"),
    [
        ("完成1512.1亿元，", Amount(Decimal("1512.1"), "亿", "元")),
        ("三千亿元", Amount(Decimal(3000), "亿", "元")),
        ("一千二百万元", Amount(Decimal(1200), "万", "元")),
        ("1.2万亿元", Amount(Decimal("1.2"), "万亿", "元")),
        ("百分之十一", Amount(Decimal(11), "", "%")),
        ("突破四百亿元", Amount(Decimal(400), "亿", "元", "突破")),
        ("约为23.7亿元", Amount(Decimal("23.7"), "亿", "元", "约")),
        ("50余亿元", Amount(Decimal(50), "亿", "元", "余")),
        ("385万人左右", Amount(Decimal(385), "万", "人", "左右")),
        ("总人口达385万。", Amount(Decimal(385), "万", "")),
        ("2.1万平方公里", Amount(Decimal("2.1"), "万", "平方公里")),
    ],
)
def test_values_keep_number_multiplier_unit_and_qualifier_as_printed(text, amount):
    assert [found for _s, _e, found in amounts_in(text)] == [amount]


@pytest.mark.parametrize(
    "text", ["新增市场主体1.8万户", "接待游客1860万人次", "一般公共预算", "第3版"]
)
def test_counts_of_other_things_are_not_values(text):
    assert amounts_in(text) == []


@pytest.mark.parametrize(
    ("text", "change"),
    [
        ("同比增长5.7%", Change(Decimal("5.7"), "%")),
        ("同比下降3.3个百分点", Change(Decimal("-3.3"), "pt")),
        ("提高0.5个百分点", Change(Decimal("0.5"), "pt")),
        ("增长1.3倍", Change(Decimal(130), "%")),
        ("增速回落至4.6%", Change(Decimal("4.6"), "%")),
        ("降幅收窄至6.1%", Change(Decimal("-6.1"), "%")),
        ("增速为-3.2%", Change(Decimal("-3.2"), "%")),
        ("降幅为10.9%", Change(Decimal("-10.9"), "%")),
        ("与去年同期持平", Change(Decimal(0), "%")),
        ("增长百分之十点二", Change(Decimal("10.2"), "%")),
        ("增长逾15%", Change(Decimal(15), "%", "逾")),
        ("减少18.7%", Change(Decimal("-18.7"), "%")),
    ],
)
def test_changes_keep_the_sign_and_tell_points_from_percent(text, change):
    assert [found for _s, _e, found in changes_in(text)] == [change]


def test_a_rise_to_a_level_is_a_value_not_a_change():
    assert changes_in("森林覆盖率提高到32.8%") == []
    assert [a.number for _s, _e, a in amounts_in("森林覆盖率提高到32.8%")] == [Decimal("32.8")]


def test_a_list_after_one_verb_gives_a_change_each():
    found = [c.number for _s, _e, c in changes_in("分别下降8.9%和12.1%")]
    assert found == [Decimal("-8.9"), Decimal("-12.1")]


def test_full_width_forms_read_as_half_width_at_the_same_offsets():
    printed = "今年１－８月，增长８．９％，ＧＤＰ"
    normal = normalise(printed)
    assert normal == "今年1-8月，增长8.9%，GDP"
    assert len(normal) == len(printed)
