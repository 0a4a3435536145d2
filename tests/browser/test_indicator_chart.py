"""The indicator page draws its charts in a real browser under a CSP that forbids inline scripts."""

import os
import shutil

import pytest

from tests.conftest import require_or_skip
from tests.factories import IndicatorFactory, ObservationFactory, PeriodFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")


@pytest.fixture
def browser_page(monkeypatch):
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        require_or_skip("NEWSROOM_REQUIRE_BROWSER", "playwright is not installed")
    if not shutil.which(CHROMIUM):
        require_or_skip("NEWSROOM_REQUIRE_BROWSER", f"no Chromium at {CHROMIUM}")
    # Playwright's sync API runs an event loop in this thread; the test's own ORM calls are safe.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        yield browser.new_page()
        browser.close()


def test_chart_is_drawn_without_inline_scripts(live_server, browser_page):
    gdp = IndicatorFactory(code="gdp", name="地区生产总值")
    for year in (2017, 2018, 2019):
        ObservationFactory(indicator=gdp, period=PeriodFactory(year=year))
    errors = []
    browser_page.on("pageerror", lambda error: errors.append(str(error)))
    browser_page.on(
        "console", lambda message: errors.append(message.text) if message.type == "error" else None
    )

    def strict_csp(route):
        response = route.fetch()
        headers = {**response.headers, "content-security-policy": "script-src 'self'"}
        route.fulfill(response=response, headers=headers)

    browser_page.route(f"{live_server.url}/indicators/**", strict_csp)
    browser_page.goto(f"{live_server.url}/indicators/gdp/")
    browser_page.wait_for_function("window.Chart && Chart.getChart('indicator-value-chart')")
    points = browser_page.evaluate(
        "Chart.getChart('indicator-value-chart').data.datasets[0].data.length"
    )
    assert points == 3
    assert errors == []
