"""The indicator page draws its charts in a real browser under a CSP that forbids inline scripts."""

import datetime

import pytest

from indicators import periods
from tests.browser.conftest import wait_until
from tests.factories import (
    ArticleFactory,
    IndicatorFactory,
    IssueFactory,
    ObservationFactory,
    PageFactory,
    PeriodFactory,
    RegionFactory,
)

pytestmark = pytest.mark.browser


@pytest.fixture
def chart_page(chromium_browser):
    """A page in the shared headless chromium (tests/browser/conftest.py)."""
    context = chromium_browser.new_context(locale="zh-CN")
    yield context.new_page()
    context.close()


def test_chart_is_drawn_without_inline_scripts(live_site, chart_page):
    gdp = IndicatorFactory(code="gdp", name="地区生产总值")
    for year in (2017, 2018, 2019):
        ObservationFactory(indicator=gdp, period=PeriodFactory(year=year))
    errors = []
    chart_page.on("pageerror", lambda error: errors.append(str(error)))
    chart_page.on(
        "console", lambda message: errors.append(message.text) if message.type == "error" else None
    )

    def strict_csp(route):
        response = route.fetch()
        headers = {**response.headers, "content-security-policy": "script-src 'self'"}
        route.fulfill(response=response, headers=headers)

    chart_page.route(f"{live_site.url}/indicators/**", strict_csp)
    chart_page.goto(f"{live_site.url}/indicators/gdp/")
    wait_until(chart_page, "() => window.Chart && !!Chart.getChart('indicator-value-chart-year')")
    points = chart_page.evaluate(
        "Chart.getChart('indicator-value-chart-year').data.datasets[0].data.length"
    )
    assert points == 3
    assert errors == []


def test_year_and_half_year_figures_are_drawn_apart_and_a_revision_is_marked(live_site, chart_page):
    """The GDP chart of issue 19: 1512.1 for 2019 and 676.05 for H1 2020 on one line read as a
    55 % fall; and a revised figure replaced the printed one without a mark."""
    gdp = IndicatorFactory(code="gdp", name="地区生产总值")
    city = RegionFactory(name="吕梁市", division_code="141100")

    def reported_on(date):
        return ArticleFactory(page=PageFactory(issue=IssueFactory(date=date)))

    ObservationFactory(indicator=gdp, region=city, period=PeriodFactory(year=2018), value=1430)
    year = PeriodFactory(year=2019)
    ObservationFactory(
        indicator=gdp,
        region=city,
        period=year,
        value=1500,
        article=reported_on(datetime.date(2020, 2, 1)),
    )
    ObservationFactory(
        indicator=gdp,
        region=city,
        period=year,
        value=1512.1,
        article=reported_on(datetime.date(2020, 9, 15)),
    )
    h1 = periods.half(2020, 1)
    ObservationFactory(
        indicator=gdp,
        region=city,
        period=PeriodFactory(kind=h1.kind, start=h1.start, end=h1.end),
        value=676.05,
    )
    chart_page.goto(f"{live_site.url}/indicators/gdp/")
    wait_until(
        chart_page,
        "() => window.Chart && !!Chart.getChart('indicator-value-chart-year')"
        " && !!Chart.getChart('indicator-value-chart-half')",
    )
    drawn = chart_page.evaluate(
        """() => ['year', 'half'].map((kind) => {
            const chart = Chart.getChart('indicator-value-chart-' + kind);
            return {
                labels: chart.data.labels,
                lines: chart.data.datasets.map((set) => [set.label, set.data, set.showLine]),
            };
        })"""
    )
    assert drawn[0]["labels"] == ["2018年", "2019年"]
    assert drawn[0]["lines"] == [
        ["吕梁市", [1430, 1512.1], None],
        ["吕梁市 · 初次见报", [None, 1500], False],
    ]
    assert drawn[1] == {"labels": ["2020年上半年"], "lines": [["吕梁市", [676.05], None]]}
    revised_row = chart_page.locator("tbody tr", has_text="2019年")
    assert "修订" in revised_row.inner_text() and "初次见报 1500" in revised_row.inner_text()
