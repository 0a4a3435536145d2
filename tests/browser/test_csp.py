"""The site and the admin work under the Content-Security-Policy: nothing is blocked."""

import pytest
from django.contrib.auth.models import User

from tests.factories import ArticleFactory, PhotoFactory

pytestmark = pytest.mark.browser


def test_site_and_admin_run_without_csp_violations(live_site, chromium_browser):
    article = ArticleFactory(headline="策略测试稿件")
    PhotoFactory(article=article)
    User.objects.create_superuser("csp-editor", password="a-long-test-password-1")
    context = chromium_browser.new_context(locale="zh-CN")
    page = context.new_page()
    violations = []
    page.on(
        "console",
        lambda message: (
            "Content Security Policy" in message.text and violations.append(message.text)
        ),
    )
    try:
        for path in ["/", article.get_absolute_url(), article.issue.get_absolute_url()]:
            page.goto(live_site.url + path)
        page.goto(live_site.url + "/admin/login/")
        page.fill("#id_username", "csp-editor")
        page.fill("#id_password", "a-long-test-password-1")
        page.click("input[type=submit]")
        page.wait_for_url(live_site.url + "/admin/")
        for path in [
            f"/admin/articles/article/{article.pk}/change/",
            "/admin/articles/article/add/",
            "/admin/articles/article/",
            f"/admin/articles/article/{article.pk}/history/",
            f"/admin/articles/page/{article.page_id}/desk/",
            f"/admin/articles/issue/{article.issue_id}/publish/",
            "/preview" + article.get_absolute_url(),
            "/api/v1/docs/",
            # (/api/v1/redoc/ works too; its footer logo from the ReDoc CDN is blocked, by design)
        ]:
            page.goto(live_site.url + path)
            page.wait_for_load_state("networkidle")
        # the admin's own scripts ran: the date shortcut links exist only when JS works
        page.goto(live_site.url + "/admin/articles/article/add/")
        assert page.locator(".datetimeshortcuts").count() > 0
    finally:
        context.close()
    assert violations == []
