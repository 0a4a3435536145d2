"""Shared browser fixtures: headless Debian chromium through Playwright, and a live server.

Reuse them in any browser test:

    @pytest.mark.browser
    def test_something(live_site, browser_page):
        browser_page.goto(live_site.url + "/")

The tests skip when chromium or Playwright is missing, and fail instead when CI sets
NEWSROOM_REQUIRE_BROWSER=1.
"""

import os
import shutil
import time
from pathlib import Path

import pytest

from tests.conftest import require_or_skip

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
SCREENSHOTS_DIR = Path(__file__).resolve().parent.parent / "screenshots"
VIEWPORTS = {"desktop": {"width": 1280, "height": 900}, "phone": {"width": 390, "height": 844}}


@pytest.fixture(scope="session")
def chromium_browser():
    """One headless chromium for the whole test session."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        require_or_skip("NEWSROOM_REQUIRE_BROWSER", "playwright is not installed")
    if not (os.path.exists(CHROMIUM) or shutil.which("chromium")):
        require_or_skip("NEWSROOM_REQUIRE_BROWSER", f"chromium not found at {CHROMIUM}")
    # Playwright's sync API keeps an event loop in this thread while it runs, so Django would
    # refuse database work (fixtures, the test body) from it; that is safe here because nothing
    # else runs in this thread.
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    try:
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
            )
            yield browser
            browser.close()
    finally:
        if previous is None:
            os.environ.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        else:
            os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture
def live_site(chromium_browser, live_server, transactional_db, settings):
    """The live server (with a database the server thread can see) also serving uploaded media."""
    settings.ROOT_URLCONF = "tests.browser.urls"
    return live_server


@pytest.fixture(params=sorted(VIEWPORTS))
def viewport_name(request):
    """Run a test once per viewport: "desktop" and "phone"."""
    return request.param


@pytest.fixture
def browser_page(chromium_browser, viewport_name):
    """A fresh page (own cookies) in the given viewport, JavaScript on, Chinese preferred."""
    context = chromium_browser.new_context(
        viewport=VIEWPORTS[viewport_name], locale="zh-CN", is_mobile=viewport_name == "phone"
    )
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def screenshot(browser_page, viewport_name):
    """screenshot("step") saves tests/screenshots/<viewport>-<step>.png (gitignored)."""
    SCREENSHOTS_DIR.mkdir(exist_ok=True)

    def take(step: str):
        browser_page.screenshot(
            path=SCREENSHOTS_DIR / f"{viewport_name}-{step}.png", full_page=True
        )

    return take


def wait_until(page, expression: str, arg=None, timeout: float = 15.0):
    """Wait until the JavaScript `expression` (a function of `arg`) is truthy in `page`.

    Playwright's own wait_for_function compiles its predicate with eval inside the page, which
    the site's Content-Security-Policy forbids; page.evaluate goes through the DevTools protocol
    and is not subject to it, so this polls from Python instead.
    """
    deadline = time.monotonic() + timeout
    while not page.evaluate(expression, arg):
        if time.monotonic() > deadline:
            pytest.fail(f"still false after {timeout:.0f} s: {expression}")
        time.sleep(0.05)
