"""A reader clicks an article's region on the printed page and lands on that article."""

import pytest
from django.core.files.base import ContentFile

from articles.models import ArticleRegion
from tests.browser.conftest import wait_until
from tests.factories import ArticleFactory, PageFactory, png_bytes

pytestmark = pytest.mark.browser

# The plain page image stays (no tiles), or the deep-zoom viewer has opened and hidden it.
VIEWER_SETTLED = """() => {
  const section = document.querySelector(".page-image");
  return !section.dataset.tiles || section.querySelector(".page-image__canvas").hidden;
}"""


def test_clicking_a_region_opens_its_article(live_site, browser_page, screenshot):
    page = PageFactory(number=1, image=ContentFile(png_bytes(600, 840), name="scan.png"))
    first = ArticleFactory(page=page, issue=page.issue, headline="左上角的稿件")
    second = ArticleFactory(page=page, issue=page.issue, headline="右下角的稿件")
    ArticleRegion.objects.create(article=first, x=0.02, y=0.02, width=0.45, height=0.45)
    ArticleRegion.objects.create(article=second, x=0.52, y=0.52, width=0.45, height=0.45)

    browser_page.goto(live_site.url + page.get_absolute_url())
    # With the scan's tiles, the viewer moves the region links onto the zoomable page once the
    # tiles open (static/js/page-viewer.js): a hover before that lands on a link about to move.
    wait_until(browser_page, VIEWER_SETTLED)
    region = browser_page.locator(f'.page-region[data-article="{second.pk}"]')
    region.hover()
    assert region.locator(".page-region__label").is_visible()  # the headline shows on hover
    screenshot("page-regions")
    region.click()
    browser_page.wait_for_url(live_site.url + second.get_absolute_url())
    assert "右下角的稿件" in browser_page.content()
