"""Zooming into the printed page: the zoom rendition is fetched only then, the page pans by
dragging and by keyboard, the regions still lead to their articles, and without JavaScript the
page is a plain image with links."""

import pytest
from django.core.files.base import ContentFile

from articles.models import ArticleRegion
from tests.browser.conftest import wait_until
from tests.factories import ArticleFactory, PageFactory, png_bytes

pytestmark = pytest.mark.browser


@pytest.fixture
def scanned_page(live_site):
    """A scan wider than "large" (1600 px), so its zoom rendition is a file of its own."""
    page = PageFactory(number=1, image=ContentFile(png_bytes(2000, 2800), name="scan.png"))
    first = ArticleFactory(page=page, issue=page.issue, headline="左上角的稿件")
    second = ArticleFactory(page=page, issue=page.issue, kicker="引题", headline="右下角的稿件")
    ArticleRegion.objects.create(article=first, x=0.02, y=0.02, width=0.45, height=0.45)
    ArticleRegion.objects.create(article=second, x=0.52, y=0.52, width=0.45, height=0.45)
    assert page.rendition("zoom").width == 2000 > page.rendition("large").width
    return page, first, second


def open_page(browser_page, live_site, page) -> list[str]:
    """Open the page view; returns the list of image URLs the browser fetches, as it grows."""
    fetched = []
    browser_page.on("request", lambda request: fetched.append(request.url))
    browser_page.goto(live_site.url + page.get_absolute_url())
    wait_until(browser_page, "() => document.querySelector('.page-image img').complete")
    return fetched


def test_zooming_in_fetches_the_zoom_rendition_and_regions_still_lead_to_their_articles(
    live_site, browser_page, screenshot, scanned_page
):
    page, _, second = scanned_page
    zoom_urls = {live_site.url + page.picture[key] for key in ("zoom_src", "zoom_webp_src")}
    fetched = open_page(browser_page, live_site, page)
    assert not zoom_urls & set(fetched), "the zoom rendition loads only when zooming"

    browser_page.get_by_role("button", name="放大").click()
    image = browser_page.locator(".page-image img")
    wait_until(
        browser_page,
        "url => document.querySelector('.page-image img').currentSrc === url",
        arg=live_site.url + page.picture["zoom_webp_src"],  # chromium reads WebP
    )
    assert image.evaluate("img => img.complete && !img.srcset")  # no smaller size to fall back to
    image.evaluate("img => img.decode()")  # painted, for the screenshot
    assert browser_page.locator(".page-image__level").text_content() == "显示比例 200%"
    screenshot("page-zoomed")

    region = browser_page.get_by_role("link", name="引题：右下角的稿件").first
    region.click()
    browser_page.wait_for_url(live_site.url + second.get_absolute_url())


def test_the_zoomed_page_pans_by_dragging_without_opening_the_region_dragged(
    live_site, browser_page, scanned_page
):
    page, _, second = scanned_page
    open_page(browser_page, live_site, page)
    browser_page.get_by_role("button", name="放大").click()
    frame = browser_page.locator(".page-image__frame")
    frame.scroll_into_view_if_needed()
    # the middle of the page in view: the top-left corner of the lower region is there
    before = frame.evaluate(
        """frame => {
            frame.scrollLeft = (frame.scrollWidth - frame.clientWidth) / 2;
            frame.scrollTop = (frame.scrollHeight - frame.clientHeight) / 2;
            return [frame.scrollLeft, frame.scrollTop];
        }"""
    )
    box = browser_page.locator(f'.page-region[data-article="{second.pk}"]').bounding_box()
    x, y = box["x"] + 20, box["y"] + 20
    browser_page.mouse.move(x, y)
    browser_page.mouse.down()
    browser_page.mouse.move(x + 60, y + 40, steps=5)
    browser_page.mouse.up()
    after = frame.evaluate("frame => [frame.scrollLeft, frame.scrollTop]")
    # the page follows the mouse (to a pixel: scroll positions may be fractional)
    assert abs(after[0] - (before[0] - 60)) <= 1 and abs(after[1] - (before[1] - 40)) <= 1
    assert browser_page.url == live_site.url + page.get_absolute_url()


def test_zoom_by_keyboard(live_site, browser_page, scanned_page):
    page, _, _ = scanned_page
    open_page(browser_page, live_site, page)
    frame = browser_page.get_by_role("group", name="放大的版面图：用方向键或拖动来移动")
    frame.focus()
    browser_page.keyboard.press("+")
    level = browser_page.locator(".page-image__level")
    wait_until(
        browser_page,
        "() => document.querySelector('.page-image__level').textContent === '显示比例 200%'",
    )
    # the sharper rendition zooming swaps in must have loaded, or the frame has no height to scroll
    wait_until(browser_page, "() => document.querySelector('.page-image img').complete")
    frame.evaluate("frame => { frame.scrollLeft = 0; }")
    browser_page.keyboard.press("ArrowRight")
    wait_until(browser_page, "() => document.querySelector('.page-image__frame').scrollLeft > 0")
    browser_page.keyboard.press("0")
    assert level.text_content() == "显示比例 100%"
    assert browser_page.get_by_role("button", name="缩小").get_attribute("aria-disabled") == "true"


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
