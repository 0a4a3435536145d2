"""The 数字报 reader's ways in: page thumbnails in 版面导航, the front page as a map of its items
on the home page, and an article's place shown on a thumbnail of its page."""

import pytest
from django.core.files.base import ContentFile

from articles.models import ArticleRegion
from tests.browser.conftest import wait_until
from tests.factories import ArticleFactory, IssueFactory, PageFactory, png_bytes

pytestmark = pytest.mark.browser


@pytest.fixture
def printed_issue(live_site):
    issue = IssueFactory()
    pages = [
        PageFactory(
            issue=issue,
            number=number,
            name=name,
            image=ContentFile(png_bytes(600, 840, color), name=f"scan-{number}.png"),
        )
        for number, name, color in [(1, "要闻", (200, 30, 30)), (2, "综合", (30, 30, 200))]
    ]
    lead = ArticleFactory(issue=issue, page=pages[0], headline="市委常委会召开会议", position=1)
    other = ArticleFactory(issue=issue, page=pages[0], headline="昔日贫困户玩转高科技", position=2)
    ArticleRegion.objects.create(article=lead, x=0.05, y=0.05, width=0.9, height=0.3)
    ArticleRegion.objects.create(article=other, x=0.5, y=0.6, width=0.45, height=0.35)
    return issue, pages, lead, other


def test_the_issue_page_shows_every_page_as_a_thumbnail_with_its_name(
    live_site, browser_page, screenshot, printed_issue
):
    issue, pages, _, _ = printed_issue
    browser_page.goto(live_site.url + issue.get_absolute_url())
    thumbnails = browser_page.locator(".page-nav .page-thumb img")
    assert thumbnails.count() == len(pages)
    for index in range(len(pages)):
        # loaded (lazily: the page's load event does not wait for it) and drawn, not broken
        wait_until(browser_page, "img => img.complete", thumbnails.nth(index).element_handle())
        assert thumbnails.nth(index).evaluate("img => img.complete && img.naturalWidth > 0")
    screenshot("issue-thumbnails")
    browser_page.get_by_role("link", name="第2版 · 综合").click()
    browser_page.wait_for_url(live_site.url + pages[1].get_absolute_url())


def test_clicking_an_item_on_the_front_page_image_opens_it(
    live_site, browser_page, screenshot, printed_issue
):
    _, _, _, other = printed_issue
    browser_page.goto(live_site.url + "/")
    region = browser_page.locator(f'.page-map .page-region[data-article="{other.pk}"]')
    region.hover()
    assert region.locator(".page-region__label").is_visible()
    screenshot("home-front-page-map")
    region.click()
    browser_page.wait_for_url(live_site.url + other.get_absolute_url())


def test_the_article_page_highlights_its_region_on_a_thumbnail_of_its_page(
    live_site, browser_page, screenshot, printed_issue
):
    _, pages, _, other = printed_issue
    browser_page.goto(live_site.url + other.get_absolute_url())
    thumbnail = browser_page.locator(".article-place img")
    wait_until(browser_page, "img => img.complete", thumbnail.element_handle())  # lazy
    assert thumbnail.evaluate("img => img.complete && img.naturalWidth > 0")
    mark = browser_page.locator(".article-place__mark")
    assert mark.count() == 1 and mark.is_visible()
    image, box = thumbnail.bounding_box(), mark.bounding_box()
    # x 0.5, y 0.6, 0.45 × 0.35 of the page
    assert abs(box["x"] - (image["x"] + 0.5 * image["width"])) <= 2
    assert abs(box["y"] - (image["y"] + 0.6 * image["height"])) <= 2
    assert abs(box["width"] - 0.45 * image["width"]) <= 2
    screenshot("article-place")
    browser_page.locator(".article-place a").click()
    browser_page.wait_for_url(live_site.url + pages[0].get_absolute_url())
