"""Which figures a text states: where the period and region come from, what is not a figure."""

import datetime
from decimal import Decimal

from indicators import periods
from indicators.extraction import extract_figures

SEPTEMBER = datetime.date(2020, 9, 15)
JANUARY = datetime.date(2021, 1, 20)


def one(text, date=SEPTEMBER, **kwargs):
    [figure] = extract_figures(text, date=date, **kwargs)
    return figure


def test_span_points_at_the_statement():
    text = "受疫情影响，今年上半年全市地区生产总值为676.05亿元，同比下降3.3%。"
    figure = one(text)
    assert text[figure.span[0] : figure.span[1]] == "地区生产总值为676.05亿元，同比下降3.3%"


def test_the_period_of_an_earlier_sentence_of_the_paragraph():
    figure = one(
        "今年前三季度，全市经济稳中向好。其中，规上工业增加值增长5.1%。",
        date=datetime.date(2020, 10, 26),
    )
    assert figure.period == periods.year_to_date(2020, 9) and not figure.period_to_confirm


def test_without_a_period_a_january_issue_reports_last_year():
    figure = one("全市地区生产总值完成1501.6亿元，增长3.6%。", date=datetime.date(2021, 2, 8))
    assert figure.period == periods.year(2020) and not figure.period_to_confirm


def test_without_a_period_later_in_the_year_the_period_is_proposed_to_be_confirmed():
    monthly = one("全市规模以上工业增加值同比增长3.1%。")
    assert monthly.period == periods.year_to_date(2020, 8)
    assert monthly.period_to_confirm and monthly.warnings
    quarterly = one("全市地区生产总值同比下降3.3%。", date=datetime.date(2020, 7, 22))
    assert quarterly.period == periods.half(2020, 1) and quarterly.period_to_confirm


def test_since_the_start_of_the_year_is_to_be_confirmed():
    figure = one("今年以来，全市固定资产投资同比增长9.2%。")
    assert figure.period == periods.year_to_date(2020, 8) and figure.period_to_confirm


def test_a_period_from_an_earlier_paragraph_is_to_be_confirmed():
    first, second = extract_figures(
        "1—8月，全市固定资产投资增长8.9%。\n全市社会消费品零售总额下降9.8%。", date=SEPTEMBER
    )
    assert not first.period_to_confirm
    assert second.period == periods.year_to_date(2020, 8) and second.period_to_confirm


def test_without_an_issue_date_relative_periods_are_to_be_confirmed():
    [relative] = extract_figures("今年上半年，全市地区生产总值下降3.3%。")
    assert relative.period_to_confirm
    [absolute] = extract_figures("2019年全市地区生产总值增长5.7%。")
    assert not absolute.period_to_confirm


def test_all_the_whole_year_of_a_january_report_is_last_year():
    figure = one("2020年极不平凡。全年地区生产总值增长3.6%。", date=datetime.date(2021, 1, 22))
    assert figure.period == periods.year(2020)


def test_comparison_periods_are_not_the_figures_period():
    first, second = extract_figures(
        "全市地区生产总值增长3.6%，增速比前三季度提高4.4个百分点。规上工业增加值增长5.8%。",
        date=datetime.date(2021, 2, 5),
    )
    assert first.period == second.period == periods.year(2020)


def test_several_figures_of_a_sentence_and_their_lists():
    figures = extract_figures(
        "上半年，规上工业增加值和固定资产投资、社会消费品零售总额分别同比下降4.0%、增长7.3%、下降13.9%。",
        date=SEPTEMBER,
    )
    assert [(f.indicator, f.yoy_change) for f in figures] == [
        ("industry_value_added", Decimal("-4.0")),
        ("fixed_asset_investment", Decimal("7.3")),
        ("retail_sales", Decimal("-13.9")),
    ]


def test_one_indicator_for_several_regions_and_periods():
    figures = extract_figures(
        "2019年全市地区生产总值增长5.7%，全省增长6.2%，其中孝义市增长6.3%；今年上半年下降3.3%。",
        date=SEPTEMBER,
    )
    assert [(f.region, f.period, f.yoy_change) for f in figures] == [
        ("吕梁市", periods.year(2019), Decimal("5.7")),
        ("山西省", periods.year(2019), Decimal("6.2")),
        ("孝义市", periods.year(2019), Decimal("6.3")),
        ("吕梁市", periods.half(2020, 1), Decimal("-3.3")),
    ]


def test_urban_and_rural_incomes_named_together():
    urban, rural = extract_figures(
        "2019年，城乡居民人均可支配收入分别为29181元和9963元，分别增长6.8%和10.3%。", date=SEPTEMBER
    )
    assert (urban.indicator, urban.value, urban.yoy_change) == (
        "urban_income",
        Decimal(29181),
        Decimal("6.8"),
    )
    assert (rural.indicator, rural.value, rural.yoy_change) == (
        "rural_income",
        Decimal(9963),
        Decimal("10.3"),
    )


def test_parts_of_an_indicator_are_not_its_figures():
    [figure] = extract_figures(
        "上半年，全市一般公共预算收入完成94.76亿元，其中税收收入78.5亿元，下降17.2%。",
        date=SEPTEMBER,
    )
    assert (figure.value, figure.yoy_change) == (Decimal("94.76"), None)


def test_the_whole_city_is_the_papers_unless_the_paragraph_opens_on_another():
    figure = one("孝义市经济运行稳中向好。上半年，全市地区生产总值增长1.1%。")
    assert figure.region == "孝义市"
    figures = extract_figures(
        "上半年，全市地区生产总值下降3.3%。其中，孝义市增长1.1%。全市规上工业增加值下降4%。",
        date=SEPTEMBER,
    )
    assert [f.region for f in figures] == ["吕梁市", "孝义市", "吕梁市"]


def test_an_unknown_region_is_proposed_with_a_warning():
    figure = one("上半年，榆林市地区生产总值同比下降2.4%。")
    assert figure.region == "榆林市" and "榆林市" in figure.warnings[0]


def test_the_ambiguous_fiscal_revenue_is_proposed_as_budget_revenue_with_a_warning():
    figure = one("2019年，全市财政收入完成192.6亿元。")
    assert figure.indicator == "budget_revenue" and figure.warnings


def test_percentage_points_are_not_percent():
    assert extract_figures("2019年，全市进出口总额下降12.8个百分点。", date=SEPTEMBER) == []
    forest = one("2019年，全市森林覆盖率达到32.8%，比上年提高0.9个百分点。")
    assert (forest.value, forest.yoy_change, forest.change_points) == (
        Decimal("32.8"),
        None,
        Decimal("0.9"),
    )


def test_growth_on_another_base_is_not_year_on_year():
    figure = one("一季度，全市地区生产总值增长19.3%，两年平均增长5.1%。", date=JANUARY)
    assert figure.yoy_change == Decimal("19.3")
    assert extract_figures("全市规上工业增加值环比增长3.6%。", date=SEPTEMBER) == []
    assert extract_figures("全市城镇居民人均可支配收入比2015年增长40.2%。", date=JANUARY) == []


def test_average_growth_over_a_five_year_plan():
    figure = one("“十三五”期间，全市地区生产总值年均增长5.9%。", date=JANUARY)
    assert figure.period == periods.five_year_plan(13) and figure.yoy_change == Decimal("5.9")


def test_estimates_and_approximations_are_flagged():
    figure = one("预计全年全市地区生产总值增长3.5%左右。", date=datetime.date(2020, 12, 30))
    assert figure.is_estimate and figure.qualifier == "左右"
    exact = one(
        "2021年，全市社会消费品零售总额首次突破四百亿元，达到412.6亿元。",
        date=datetime.date(2022, 1, 24),
    )
    assert (exact.value, exact.qualifier) == (Decimal("412.6"), "")


def test_targets_and_future_periods_are_not_figures():
    for text, date in [
        ("力争全年地区生产总值增长6%左右。", SEPTEMBER),
        ("2020年主要预期目标是：地区生产总值增长6%左右，固定资产投资增长10%。", JANUARY),
        ("“十四五”期间，全市固定资产投资年均增长8%左右。", JANUARY),
        ("今年全市地区生产总值增长8%。", JANUARY),
    ]:
        assert extract_figures(text, date=date) == []


def test_numbers_that_are_not_figures():
    for text in [
        "9月14日，全市经济运行分析会召开。",
        "咨询电话：0358-8222000。",
        "全市地区生产总值增速居全省第3位。",
        "全市共有规模以上工业企业582家。",
        "全市人均地区生产总值达到4.4万元。",
        "全市一般公共预算支出完成260.4亿元，增长6.5%。",
    ]:
        assert extract_figures(text, date=SEPTEMBER) == []


def test_as_json_carries_the_new_fields():
    data = one("今年以来，全市固定资产投资增长约9%。").as_json()
    assert data["period_to_confirm"] is True and data["qualifier"] == "约"
    assert data["warnings"] and data["change_points"] is None


def test_growth_of_regions_compared_in_brackets():
    figures = extract_figures(
        "上半年，全市固定资产投资增长12.4%，比全省（8.1%）和全国平均水平（6.5%）分别高4.3和5.9个百分点。",
        date=SEPTEMBER,
    )
    assert {(f.region, f.yoy_change) for f in figures} == {
        ("吕梁市", Decimal("12.4")),
        ("山西省", Decimal("8.1")),
        ("全国", Decimal("6.5")),
    }


def test_one_figure_said_in_two_sentences_of_a_paragraph():
    [figure] = extract_figures(
        "三、社会消费品零售总额增长4.4%。1—8月，全市社会消费品零售总额完成261.3亿元。",
        date=SEPTEMBER,
    )
    assert (figure.value, figure.yoy_change) == (Decimal("261.3"), Decimal("4.4"))


def test_two_different_values_of_one_indicator_stay_two_figures():
    figures = extract_figures(
        "年末全市户籍人口402.3万人，增长0.1%；常住人口338.9万人，下降0.2%。",
        date=datetime.date(2021, 3, 20),
    )
    assert [f.value for f in figures] == [Decimal("402.3"), Decimal("338.9")]


def test_gross_domestic_product_is_the_countrys():
    figure = one("一季度，国内生产总值同比增长4.5%。", date=datetime.date(2023, 4, 20))
    assert figure.region == "全国"


def test_forms_seen_in_other_papers():
    # 元至九月 (January to September), 规模工业增加值, a percent sign lost in print
    figures = extract_figures(
        "元至九月，全县规模工业增加值增长8.6%，固定资产投资增长10.2，社会消费品零售总额增长7.9%。",
        date=datetime.date(2019, 10, 25),
    )
    assert [(f.indicator, f.period, f.yoy_change) for f in figures] == [
        ("industry_value_added", periods.year_to_date(2019, 9), Decimal("8.6")),
        ("fixed_asset_investment", periods.year_to_date(2019, 9), Decimal("10.2")),
        ("retail_sales", periods.year_to_date(2019, 9), Decimal("7.9")),
    ]


def test_a_threshold_is_not_a_value():
    [figure] = extract_figures(
        "1—8月，全市固定资产投资增长8.9%，其中500万元以上项目投资增长12.1%。", date=SEPTEMBER
    )
    assert (figure.value, figure.yoy_change) == (None, Decimal("8.9"))


def test_later_paragraphs_take_the_period_of_the_last_figure():
    text = (
        "一季度，全县地区生产总值增长5.1%。\n"
        "3月末，全县金融机构存款余额增长6.4%。\n"
        "全县农村居民人均可支配收入4120元，增长7.3%。"
    )
    gdp, income = extract_figures(text, date=datetime.date(2023, 4, 25))
    assert income.period == gdp.period == periods.quarter(2023, 1)
    assert income.period_to_confirm


def test_a_region_named_before_another_figure_is_still_the_topic():
    figure = one("上半年，临县居民人均可支配收入8120元。其中，农村居民人均可支配收入6230元。")
    assert figure.region == "临县"


def test_parts_and_prices_named_like_an_indicator_are_not_it():
    for text in [
        "1—8月，全市限额以上社会消费品零售总额同比增长3.5%。",
        "全年固定资产投资价格比上年上升2.7%。",
    ]:
        assert extract_figures(text, date=SEPTEMBER) == []


def test_older_and_local_names_of_indicators():
    figures = extract_figures(
        "去年，全市城市居民人均可支配收入以及农民人均纯收入分别达到28650元和9120元；"
        "地方公共预算收入完成38.2亿元。",
        date=datetime.date(2016, 2, 10),
    )
    assert [(f.indicator, f.value) for f in figures] == [
        ("urban_income", Decimal(28650)),
        ("rural_income", Decimal(9120)),
        ("budget_revenue", Decimal("38.2")),
    ]


def test_a_negative_growth_in_brackets():
    figures = extract_figures(
        "1—3月，全市规上工业增加值增长1.2%，高于全国平均水平（-6.5%）7.7个百分点。",
        date=datetime.date(2020, 4, 25),
    )
    assert {(f.region, f.yoy_change) for f in figures} == {
        ("吕梁市", Decimal("1.2")),
        ("全国", Decimal("-6.5")),
    }


def test_a_month_said_of_one_sentence_is_not_the_paragraphs_period():
    figure = one(
        "1—6月，全市规上工业企业营业收入增长3.1%。其中6月当月下降2.4%。"
        "全市规上工业增加值增长1.5%。",
        date=datetime.date(2023, 7, 20),
    )
    assert figure.period == periods.year_to_date(2023, 6)


def test_parts_of_an_indicator_named_with_a_prefix_are_not_it():
    [figure] = extract_figures(
        "1—11月，全县规模工业增加值增长4.5%。园区规模工业增加值增长4.8%，"
        "5千万以下固定资产投资下降43.5%。",
        date=datetime.date(2020, 12, 20),
    )
    assert (figure.indicator, figure.yoy_change) == ("industry_value_added", Decimal("4.5"))


def test_an_ambiguous_name_gives_way_to_the_plain_one():
    [figure] = extract_figures(
        "1—11月，全市一般公共预算收入9.8亿元，下降3.5%；地方财政收入6.8亿元，增长1.2%。",
        date=datetime.date(2020, 12, 20),
    )
    assert figure.value == Decimal("9.8") and not figure.warnings


def test_a_national_text_stays_national():
    figures = extract_figures(
        "全年国内生产总值增长3%\n货物进出口总额增长7.7%", date=datetime.date(2023, 3, 6)
    )
    assert [f.region for f in figures] == ["全国", "全国"]


def test_the_county_a_report_names_first_is_what_the_whole_county_means():
    figures = extract_figures(
        "2022年交口县国民经济和社会发展统计公报\n全县上下奋力拼搏。\n"
        "全年全县地区生产总值完成45.6亿元，增长4.3%。",
        date=datetime.date(2023, 4, 10),
    )
    assert [f.region for f in figures] == ["交口县"]
    [unknown] = extract_figures(
        "2022年云和县国民经济和社会发展统计公报\n全年全县地区生产总值增长4.1%。",
        date=datetime.date(2023, 4, 10),
    )
    assert unknown.region == "云和县" and "云和县" in unknown.warnings[0]


def test_a_region_in_a_lead_without_figures_carries_to_the_next_paragraphs():
    [figure] = extract_figures(
        "今年以来，兴县上下攻坚克难。\n一季度，地区生产总值增长7.6%。",
        date=datetime.date(2023, 4, 25),
    )
    assert figure.region == "兴县"


def test_a_pointing_word_after_zai_is_still_the_subject_and_has_one_name():
    figures = extract_figures(
        "1—5月，在全区努力下，社会消费品零售总额增长12.7%。我区固定资产投资增长9.8%。",
        date=datetime.date(2017, 6, 20),
    )
    assert [f.region for f in figures] == ["全区", "全区"]


def test_a_loose_restatement_gives_way_to_the_exact_figure():
    [figure] = extract_figures(
        "1—5月，全区规模以上工业增加值增长10.3%。今年以来，规模以上工业增加值增速保持在10%左右。",
        date=datetime.date(2017, 6, 20),
    )
    assert (figure.yoy_change, figure.qualifier) == (Decimal("10.3"), "")


def test_the_total_fiscal_revenue_is_not_budget_revenue():
    [figure] = extract_figures(
        "1—5月，全口径财政收入完成108.8亿元，区级地方财政收入完成34.4亿元。",
        date=datetime.date(2012, 6, 21),
    )
    assert figure.value == Decimal("34.4")
