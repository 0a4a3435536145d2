"""A day's paper entered at the desk in a real browser: the whole flow, counted.

Issue 17 measured the flow before the desk: one issue with one page (scan, 组版/责编/校对), two
articles with bylines (reporter + correspondent, a topic, a place), one photo with its
photographer, and publishing took about 90 clicks and typed fields and 6 saves across 7 admin
screens. The same flow here counts every click and every field filled (a file chosen and a box
dragged on the scan count as one each) and must stay within 30 actions and 2 saves, plus the
one confirmation that publishes. benchmarks/README.md records the count.
"""

import datetime
from pathlib import Path

import pytest
from django.contrib.auth.models import User

from articles.models import Article, Issue, Status
from tests.browser.conftest import wait_until
from tests.factories import IssueFactory, PageFactory, png_bytes

pytestmark = pytest.mark.browser

MAX_ACTIONS, MAX_SAVES = 30, 2
PASSWORD = "a-long-password-for-the-desk"


class Counted:
    """The editor's hands: every click, field, file and drag goes through here and is counted."""

    def __init__(self, page):
        self.page, self.actions, self.saves, self.log = page, 0, 0, []

    def _count(self, what):
        self.actions += 1
        self.log.append(what)

    def click(self, selector, *, save=False):
        self._count(f"click {selector}")
        self.saves += save
        self.page.click(selector)

    def fill(self, selector, value):
        self._count(f"fill {selector}")
        self.page.fill(selector, value)

    def choose_file(self, selector, path):
        self._count(f"file {selector}")
        self.page.set_input_files(selector, str(path))

    def drag_on_scan(self, start, end):
        """Press on the scan at `start` and let go at `end` (fractions of the scan)."""
        self._count(f"drag {start} → {end}")
        box = self.page.locator(".desk-scan__image").bounding_box()
        self.page.mouse.move(
            box["x"] + start[0] * box["width"], box["y"] + start[1] * box["height"]
        )
        self.page.mouse.down()
        self.page.mouse.move(
            box["x"] + end[0] * box["width"], box["y"] + end[1] * box["height"], steps=8
        )
        self.page.mouse.up()


@pytest.fixture
def logged_in_editor(live_site, browser_page):
    # a superuser: the live server's database is emptied between tests, groups with it
    User.objects.create_superuser("desk-editor", password=PASSWORD)
    browser_page.goto(live_site.url + "/admin/login/")
    browser_page.fill("#id_username", "desk-editor")
    browser_page.fill("#id_password", PASSWORD)
    browser_page.click("input[type=submit]")
    browser_page.wait_for_url(live_site.url + "/admin/")
    return browser_page


@pytest.fixture
def scan_file(tmp_path) -> Path:
    path = tmp_path / "scan-page-1.png"
    path.write_bytes(png_bytes(600, 840, color=(240, 236, 225)))
    return path


@pytest.fixture
def photo_file(tmp_path) -> Path:
    path = tmp_path / "photo.png"
    path.write_bytes(png_bytes(120, 80, color=(40, 90, 160)))
    return path


@pytest.mark.parametrize("viewport_name", ["desktop"], indirect=True)
def test_a_days_paper_in_at_most_30_actions_and_2_saves(
    live_site, logged_in_editor, scan_file, photo_file, screenshot
):
    IssueFactory(number=10075, date=datetime.date(2020, 9, 14), page_count=4)  # yesterday's
    page, hands = logged_in_editor, Counted(logged_in_editor)

    # the issue: the next number and the page count come from yesterday's issue
    hands.click('a[href="/admin/articles/issue/add/"]')
    assert page.input_value("#id_number") == "10076" and page.input_value("#id_page_count") == "4"
    hands.fill("#id_date", "2020-09-15")
    hands.click('input[name="_desk"]', save=True)
    page.wait_for_selector(".desk-scan")

    # the page: name, scan and credits
    hands.fill("#id_page-name", "要闻")
    hands.choose_file("#id_page-image", scan_file)
    wait_until(page, "() => document.querySelector('.desk-scan__image').naturalWidth > 0")
    hands.fill("#id_page-layout", "李刚")
    hands.fill("#id_page-editors", "马龙 臧媛慧")
    hands.fill("#id_page-proofreaders", "白颖凯")

    # the first article, and its region drawn on the scan
    hands.fill("#id_items-0-kicker", "吕梁山区搬迁新村办起数据标注车间")
    hands.fill("#id_items-0-headline", "昔日贫困户 玩转高科技")
    hands.fill("#id_items-0-subheadline", "一家企业的三百个岗位")
    hands.fill("#id_items-0-body", "搬迁户在家门口学会了给图片做标注。\n\n培训三个月后上岗。")
    hands.fill("#id_items-0-byline", "记者 李雅萍 通讯员 王立伟")
    hands.fill("#id_items-0-tag_names", "脱贫攻坚、大数据")
    hands.fill("#id_items-0-place_names", "临县")
    hands.drag_on_scan((0.05, 0.05), (0.55, 0.40))
    assert page.input_value("#id_items-0-regions")

    # the second article (its card appeared by itself) with a photo and its photographer
    hands.fill("#id_items-1-headline", "市委常委会召开会议")
    hands.fill("#id_items-1-body", "会议研究了下一阶段的工作。")
    hands.fill("#id_items-1-byline", "记者 付永文")
    hands.choose_file("#id_items-1-photos-0-image", photo_file)
    hands.fill("#id_items-1-photos-0-caption", "会议现场")
    hands.fill("#id_items-1-photos-0-photographers", "肖继旺")
    hands.drag_on_scan((0.60, 0.05), (0.95, 0.45))
    screenshot("desk-filled")

    hands.click('input[name="_publish"]', save=True)
    page.wait_for_selector("#publish-form")
    screenshot("publish-step")
    hands.click('#publish-form input[type="submit"]')
    page.wait_for_selector(".messagelist .success")

    print(f"\ndesk flow: {hands.actions} actions, {hands.saves} saves + 1 publish confirmation")
    assert hands.actions <= MAX_ACTIONS, hands.log
    assert hands.saves <= MAX_SAVES

    issue = Issue.objects.get(number=10076)
    assert issue.status == Status.PUBLISHED
    front = issue.pages.get(number=1)
    assert front.name == "要闻" and front.image
    assert [(c.role, c.person.name) for c in front.page_credits.order_by("position")] == [
        ("layout", "李刚"),
        ("editor", "马龙"),
        ("editor", "臧媛慧"),
        ("proofreader", "白颖凯"),
    ]
    first, second = front.articles.order_by("position")
    assert (first.status, second.status) == (Status.PUBLISHED, Status.PUBLISHED)
    assert [(c.role, c.person.name) for c in first.article_credits.order_by("position")] == [
        ("reporter", "李雅萍"),
        ("correspondent", "王立伟"),
    ]
    assert {t.name for t in first.tags.all()} == {"脱贫攻坚", "大数据"}
    region = first.regions.get()
    assert region.x == pytest.approx(0.05, abs=0.01) and region.width == pytest.approx(
        0.5, abs=0.01
    )
    assert second.regions.get().x == pytest.approx(0.60, abs=0.01)
    photo = second.photos.get()
    assert photo.caption == "会议现场" and photo.photo_credits.get().person.name == "肖继旺"
    assert issue.pages.count() == 4  # 今日4版: the other pages wait for their desks

    page.goto(live_site.url + front.get_absolute_url())
    assert "昔日贫困户 玩转高科技" in page.content() and "市委常委会召开会议" in page.content()


@pytest.mark.parametrize("viewport_name", ["desktop"], indirect=True)
def test_a_region_is_drawn_with_the_mouse_and_moved_with_the_keys(live_site, logged_in_editor):
    from django.core.files.base import ContentFile

    page_row = PageFactory(
        issue=IssueFactory(status=Status.DRAFT, published_at=None),
        image=ContentFile(png_bytes(600, 840), name="scan.png"),
    )
    article = Article.objects.create(
        issue=page_row.issue, page=page_row, headline="要画区域的稿件", position=1
    )
    page = logged_in_editor
    page.goto(f"{live_site.url}/admin/articles/page/{page_row.pk}/desk/")
    page.click("#id_items-0-headline")  # this item is the one being drawn
    Counted(page).drag_on_scan((0.10, 0.20), (0.50, 0.60))
    region = page.locator(".desk-region").first
    assert region.is_visible()
    region.focus()
    for _ in range(4):
        page.keyboard.press("ArrowRight")  # 4 × 0.5 % of the page to the right
    page.keyboard.press("Shift+ArrowDown")  # and a step taller
    x, y, width, height = map(float, page.input_value("#id_items-0-regions").split())
    assert (x, y) == (pytest.approx(0.12, abs=0.005), pytest.approx(0.20, abs=0.005))
    assert (width, height) == (pytest.approx(0.40, abs=0.005), pytest.approx(0.405, abs=0.005))
    page.click('input[name="_save"]')
    page.wait_for_selector(".messagelist .success")
    saved = article.regions.get()
    assert saved.x == pytest.approx(0.12, abs=0.005) and saved.height == pytest.approx(
        0.405, abs=0.005
    )
