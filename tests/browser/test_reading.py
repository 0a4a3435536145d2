"""A reader's path in a real browser: home → calendar → issue → page → article."""

import pytest

from demo.articles import load_demo_archive

pytestmark = pytest.mark.browser


def _assert_fits_the_screen(page):
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"page is {overflow}px wider than the screen"


def _assert_images_have_alt_text(page):
    assert page.locator("img:not([alt]), img[alt='']").count() == 0


def test_reader_goes_from_home_through_calendar_issue_and_page_to_an_article(
    live_site, browser_page, screenshot
):
    load_demo_archive(synthetic=False)
    page = browser_page

    page.goto(live_site.url + "/")
    assert page.locator(".masthead__date").inner_text().count("农历庚子年七月廿八") == 1
    _assert_fits_the_screen(page)
    screenshot("1-home")

    page.get_by_role("navigation", name="主导航").get_by_role("link", name="往期回顾").click()
    page.wait_for_url("**/archive/")
    screenshot("2-calendar")
    page.locator("#m9").get_by_role("link", name="第10076期").click()
    page.wait_for_url("**/2020/9/15/")
    assert "版面导航" in page.content()
    _assert_fits_the_screen(page)
    screenshot("3-issue")

    page.locator(".page-nav__page h3 a").first.click()
    page.wait_for_url("**/2020/9/15/1/")
    _assert_fits_the_screen(page)
    _assert_images_have_alt_text(page)
    screenshot("4-page")

    page.locator(".item__headline a").first.click()
    page.wait_for_url("**/articles/*/")
    assert page.locator("h1.headline").inner_text()
    assert page.locator("cite.citation").inner_text().endswith("(1).")
    _assert_fits_the_screen(page)
    _assert_images_have_alt_text(page)
    screenshot("5-article")


def test_language_switch_works_without_javascript(live_site, chromium_browser):
    load_demo_archive(synthetic=False)
    context = chromium_browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(live_site.url + "/2020/9/15/")
    page.select_option("#language-select", "en")
    page.locator(".language-switch button").click()
    page.wait_for_load_state()
    assert page.get_by_role("heading", name="Page navigation").is_visible()
    context.close()


def test_the_reading_path_works_without_javascript_and_prints_cleanly(live_site, chromium_browser):
    """Every step of the path is a real link, so a reader with JavaScript off gets as far; the
    print stylesheet leaves navigation off paper and keeps the article."""
    load_demo_archive(synthetic=False)
    context = chromium_browser.new_context(java_script_enabled=False, locale="zh-CN")
    page = context.new_page()
    try:
        page.goto(live_site.url + "/")
        page.get_by_role("navigation", name="主导航").get_by_role("link", name="往期回顾").click()
        page.locator("#m9").get_by_role("link", name="第10076期").click()
        page.wait_for_url("**/2020/9/15/")
        page.locator(".page-nav__page h3 a").first.click()
        page.wait_for_url("**/2020/9/15/1/")
        assert page.locator(".page-image img").first.is_visible()  # the plain page image
        page.locator(".item__headline a").first.click()
        page.wait_for_url("**/articles/*/")
        headline = page.locator("h1.headline").inner_text()
        assert headline

        page.emulate_media(media="print")
        assert page.locator(".site-header").is_hidden()
        assert page.locator(".related").count() == 0 or page.locator(".related").is_hidden()
        assert page.locator("h1.headline").is_visible()
        assert page.locator("h1.headline").inner_text() == headline
    finally:
        context.close()
