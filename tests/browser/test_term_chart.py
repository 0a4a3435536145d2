"""The search page's term-through-the-years chart draws in a real browser, on desktop and phone."""

import datetime

import pytest

from tests.factories import ArticleFactory, IssueFactory, PageFactory

pytestmark = pytest.mark.browser


def test_the_term_by_year_chart_draws_a_bar_per_year(live_site, browser_page):
    for year, count in [(2017, 2), (2018, 1), (2020, 3)]:
        for day in range(1, count + 1):
            issue = IssueFactory(date=datetime.date(year, 3, day))
            ArticleFactory(headline=f"乡村振兴{year}{day}", page=PageFactory(issue=issue))
    browser_page.goto(live_site.url + "/search/?q=乡村振兴")
    chart = browser_page.get_by_role("img", name="各年见报篇数")
    assert chart.is_visible()
    # drawn, not just present: every bar has its box on screen, heights in proportion
    boxes = browser_page.evaluate(
        """() => [...document.querySelectorAll('.term-chart__year')].map(g => {
            const box = g.querySelector('rect').getBoundingClientRect();
            return [g.dataset.year, box.width, box.height];
        })"""
    )
    assert [year for year, _, _ in boxes] == ["2017", "2018", "2019", "2020"]
    assert all(width > 0 for _, width, _ in boxes)
    heights = {year: height for year, _, height in boxes}
    assert heights["2019"] == 0 and heights["2020"] > heights["2017"] > heights["2018"] > 0
    assert heights["2020"] == pytest.approx(3 * heights["2018"], rel=0.05)
    assert browser_page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
