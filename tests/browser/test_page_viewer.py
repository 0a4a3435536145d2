"""Deep zoom of the printed page: OpenSeadragon over the scan's own IIIF tiles, the regions still
lead to their articles, a search hit is marked on the scan, and without JavaScript the page is a
plain image with links."""

import re
import time
from urllib.parse import urlparse

import pytest
from django.core.files.base import ContentFile

from articles import iiif
from articles.models import ArticleRegion
from tests.browser.conftest import wait_until
from tests.factories import ArticleFactory, PageFactory, png_bytes

pytestmark = pytest.mark.browser

VIEWER_OPEN = "() => document.querySelector('.page-image--deep-zoom') !== null"
TILE = re.compile(
    r"/iiif/pages/\d+/[0-9a-f]{10}/(full|\d+,\d+,\d+,\d+)/(\d+),(\d+)/0/default\.jpg$"
)


@pytest.fixture
def scanned_page(live_site):
    """A 2000×2800 scan: four tile scales (512-px tiles at 1, 2, 4 and 8)."""
    page = PageFactory(number=1, image=ContentFile(png_bytes(2000, 2800), name="scan.png"))
    first = ArticleFactory(
        page=page, issue=page.issue, headline="左上角的稿件", body="本报讯 开展消费扶贫。"
    )
    second = ArticleFactory(page=page, issue=page.issue, kicker="引题", headline="右下角的稿件")
    ArticleRegion.objects.create(article=first, x=0.02, y=0.02, width=0.45, height=0.45)
    ArticleRegion.objects.create(article=second, x=0.52, y=0.52, width=0.45, height=0.45)
    assert iiif.tile_info(page)["width"] == 2000
    return page, first, second


def open_page(browser_page, live_site, page, query="") -> list[str]:
    """Open the page view and wait for the viewer and its first tile; returns the URLs fetched,
    as the list grows."""
    fetched = []
    browser_page.on("request", lambda request: fetched.append(request.url))
    browser_page.goto(live_site.url + page.get_absolute_url() + query)
    wait_until(browser_page, VIEWER_OPEN)
    # the viewer opens before it asks for tiles; on a loaded machine, well before
    deadline = time.monotonic() + 15
    while not any(TILE.search(url) for url in fetched) and time.monotonic() < deadline:
        browser_page.wait_for_timeout(100)  # lets Playwright deliver the request events
    return fetched


def tile_scales(urls, page) -> set[float]:
    """Pixels of the scan per pixel of each tile fetched (1 = full resolution)."""
    scales = set()
    for url in urls:
        found = TILE.search(url)
        if found:
            region, width = found.group(1), int(found.group(2))
            region_width = 2000 if region == "full" else int(region.split(",")[2])
            scales.add(round(region_width / width))
    return scales


def test_openseadragon_loads_only_our_own_tiles_and_zooms(
    live_site, browser_page, screenshot, scanned_page
):
    page, _, _ = scanned_page
    fetched = open_page(browser_page, live_site, page)
    own = urlparse(live_site.url).netloc
    assert {urlparse(url).netloc for url in fetched} == {own}, "nothing from another site"
    tiles = [url for url in fetched if TILE.search(url)]
    assert tiles, "the viewer draws the page from its IIIF tiles"
    assert all(f"/iiif/pages/{page.pk}/{iiif.scan_tag(page)}/" in url for url in tiles)
    assert not any("/renditions/" in url and "zoom" in url for url in fetched)
    before = tile_scales(fetched, page)

    browser_page.get_by_role("button", name="放大").click()
    browser_page.get_by_role("button", name="放大").click()
    wait_until(
        browser_page,
        "() => document.querySelector('.page-image__level').textContent === '显示比例 400%'",
    )
    # zoomed in, the viewer asks for sharper tiles than any it needed for the whole page
    deadline = time.monotonic() + 15
    while min(tile_scales(fetched, page)) >= min(before) and time.monotonic() < deadline:
        browser_page.wait_for_timeout(100)  # lets Playwright deliver the request events
    assert min(tile_scales(fetched, page)) < min(before)
    screenshot("page-deep-zoom")
    browser_page.get_by_role("button", name="还原").click()
    wait_until(
        browser_page,
        "() => document.querySelector('.page-image__level').textContent === '显示比例 100%'",
    )
    assert browser_page.get_by_role("button", name="缩小").get_attribute("aria-disabled") == "true"


def test_a_region_over_the_zoomable_page_opens_its_article(live_site, browser_page, scanned_page):
    page, _, second = scanned_page
    open_page(browser_page, live_site, page)
    region = browser_page.locator(f'.page-image__viewer .page-region[data-article="{second.pk}"]')
    region.hover()
    assert region.locator(".page-region__label").is_visible()  # the headline shows on hover
    region.click()
    browser_page.wait_for_url(live_site.url + second.get_absolute_url())


def test_a_search_hit_is_marked_on_the_scan(live_site, browser_page, screenshot, scanned_page):
    page, first, _ = scanned_page
    browser_page.goto(live_site.url + "/search/?q=消费扶贫")
    browser_page.get_by_role("link", name="在第1版版面上查看").click()
    wait_until(browser_page, VIEWER_OPEN)
    assert "q=" in browser_page.url
    mark = browser_page.locator(".page-image__viewer .page-hit")
    assert mark.count() == 1
    region = browser_page.locator(f'.page-image__viewer .page-region[data-article="{first.pk}"]')
    mark_box, region_box = mark.bounding_box(), region.bounding_box()
    # the item's region (the import kept no line boxes for this page) is what is marked
    for key in ("x", "y", "width", "height"):
        assert abs(mark_box[key] - region_box[key]) <= 2
    screenshot("page-search-hit")


def test_a_search_hit_is_marked_on_its_line_where_the_import_kept_line_boxes(
    live_site, browser_page, scanned_page
):
    page, _, _ = scanned_page
    page.source_text = "市委常委会召开会议\n全市开展消费扶贫行动"
    page.source_boxes = [[0.1, 0.1, 0.3, 0.02], [0.55, 0.6, 0.4, 0.02]]
    page.save()
    open_page(browser_page, live_site, page, "?q=消费扶贫")
    mark = browser_page.locator(".page-image__viewer .page-hit")
    assert mark.count() == 1
    viewer = browser_page.locator(".page-image__viewer").bounding_box()
    box = mark.bounding_box()
    # on the right half, 60 % down the page: where that line is printed
    assert box["x"] > viewer["x"] + viewer["width"] / 2
    assert box["width"] < viewer["width"] / 2


def test_without_javascript_the_page_is_an_image_with_links(
    live_site, chromium_browser, scanned_page
):
    page, first, _ = scanned_page
    context = chromium_browser.new_context(java_script_enabled=False, locale="zh-CN")
    try:
        reader = context.new_page()
        reader.goto(live_site.url + page.get_absolute_url())
        assert reader.locator(".page-image img").is_visible()
        assert not reader.locator(".page-image__tools").is_visible()
        reader.get_by_role("link", name="左上角的稿件").first.click()
        reader.wait_for_url(live_site.url + first.get_absolute_url())
    finally:
        context.close()
