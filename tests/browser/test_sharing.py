"""Sharing an article: the copy-link button copies the page's address and the QR code shows,
under the site's CSP."""

import pytest

from tests.browser.conftest import wait_until
from tests.factories import ArticleFactory

pytestmark = pytest.mark.browser


def test_copy_link_button_copies_the_address_and_says_so(live_site, chromium_browser):
    article = ArticleFactory(headline="分享测试稿件")
    context = chromium_browser.new_context(locale="zh-CN")
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=live_site.url)
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    try:
        page.goto(live_site.url + article.get_absolute_url())
        qr_code = page.get_by_role("img", name="本页二维码")
        qr_code.scroll_into_view_if_needed()  # loaded lazily, from its own address
        assert qr_code.is_visible()
        wait_until(page, "() => document.querySelector('.qr-code').complete")
        assert qr_code.evaluate("img => img.naturalWidth") > 0  # a valid SVG, allowed by the CSP
        page.get_by_role("button", name="复制链接").click()
        wait_until(page, "() => document.querySelector('.share__status').textContent !== ''")
        assert page.locator(".share__status").inner_text() == "已复制链接"
        copied = page.evaluate("navigator.clipboard.readText()")
        assert copied == live_site.url + article.get_absolute_url()
        assert not errors
    finally:
        context.close()
