"""axe-core over the reader's pages: no serious or critical accessibility violation.

axe-core is vendored from the npm registry into tests/browser/vendor/axe-core/ (a test tool,
never served to readers). It is run through page.evaluate, which the site's
Content-Security-Policy does not apply to, so the pages are checked with their real CSP.
"""

from pathlib import Path

import pytest

from articles.models import Article, Person
from demo.articles import load_demo_archive
from demo.indicators import load_demo_figures

pytestmark = pytest.mark.browser

AXE_SOURCE = Path(__file__).resolve().parent / "vendor" / "axe-core" / "axe.min.js"
BLOCKING_IMPACTS = {"serious", "critical"}

RUN_AXE = """async () => {
  const results = await axe.run(document, {resultTypes: ["violations"]});
  if (!results.passes.length) throw new Error("axe checked nothing");
  return results.violations.map(v => ({
    id: v.id, impact: v.impact, help: v.help,
    nodes: v.nodes.slice(0, 3).map(n => n.target.join(" ") + " — " + n.failureSummary),
  }));
}"""


def _serious_violations(page, url):
    page.goto(url)
    page.evaluate(AXE_SOURCE.read_text())
    violations = page.evaluate(RUN_AXE)
    return [v for v in violations if v["impact"] in BLOCKING_IMPACTS]


def test_reader_pages_have_no_serious_accessibility_violations(live_site, browser_page):
    load_demo_archive(synthetic=False)
    load_demo_figures()
    article = Article.objects.published().order_by("page__number", "position").first()
    person = Person.objects.filter(articlecredit__isnull=False).first()
    paths = [
        "/",
        "/archive/",
        "/2020/9/15/",
        "/2020/9/15/1/",
        article.get_absolute_url(),
        "/search/?q=吕梁",
        "/indicators/",
        person.get_absolute_url(),
    ]
    failures = {}
    for path in paths:
        found = _serious_violations(browser_page, live_site.url + path)
        if found:
            failures[path] = found
    assert not failures, failures


def test_calendar_opens_on_the_latest_month_compactly_on_a_phone(live_site, chromium_browser):
    load_demo_archive(synthetic=False)
    context = chromium_browser.new_context(
        viewport={"width": 390, "height": 844}, locale="zh-CN", is_mobile=True
    )
    page = context.new_page()
    try:
        page.goto(live_site.url + "/archive/")
        first_month = page.locator(".calendar__month").first
        assert first_month.get_attribute("id") == "m9"  # 2020-09: the demo's latest issues
        box = first_month.bounding_box()
        assert box["y"] + box["height"] < 2 * 844  # within the first two screens
        assert box["height"] < 844 / 2, box  # a month takes under half a phone screen
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0
    finally:
        context.close()
