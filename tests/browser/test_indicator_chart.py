"""The indicator page draws its charts in a real browser under a CSP that forbids inline scripts."""

import pytest

from tests.browser.conftest import wait_until
from tests.factories import IndicatorFactory, ObservationFactory, PeriodFactory

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
    wait_until(chart_page, "() => window.Chart && !!Chart.getChart('indicator-value-chart')")
    points = chart_page.evaluate(
        "Chart.getChart('indicator-value-chart').data.datasets[0].data.length"
    )
    assert points == 3
    assert errors == []
