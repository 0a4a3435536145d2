"""The demo archive: the real issue's facts, and idempotency."""

import datetime

import pytest
from django.apps import apps
from django.core.management import call_command

from articles.models import Article, Issue, Page, PageCredit, Person, Photo
from demo import articles as demo_archive
from demo.articles import issue_number_for

pytestmark = pytest.mark.django_db


def row_counts():
    return {
        model.__name__: model.objects.count()
        for model in (Issue, Page, Article, Photo, Person, PageCredit)
    }


def test_running_the_demo_command_twice_leaves_the_same_rows():
    call_command("load_demo", "--no-synthetic", "--no-users")
    first = row_counts()
    call_command("load_demo", "--no-synthetic", "--no-users")
    assert row_counts() == first
    assert first["Issue"] == 1 and first["Photo"] == 1


def every_row_count() -> dict[str, int]:
    """Rows of every model of the archive's apps, history and search index included."""
    return {
        model._meta.label: model._default_manager.count()
        for app in ("articles", "indicators")
        for model in apps.get_app_config(app).get_models()
    }


def test_the_full_demo_command_run_twice_leaves_the_same_rows(monkeypatch):
    """Synthetic issues included (two weeks of them, to stay quick), every table counted."""
    monkeypatch.setattr(demo_archive, "SYNTHETIC_WEEKLY_FROM", datetime.date(2020, 8, 25))
    monkeypatch.setattr(demo_archive, "SYNTHETIC_DAILY_FROM", datetime.date(2020, 9, 1))
    call_command("load_demo", "--no-users")
    first = every_row_count()
    call_command("load_demo", "--no-users")
    second = every_row_count()
    assert second == first  # history tables too: a second run saves nothing
    assert first["articles.Issue"] == 1 + 1 + 12  # 10076, one Tuesday in August, 12 days of Sept
    assert first["articles.ArticleRegion"] == 6 and first["indicators.Observation"] > 0


def test_demo_issue_holds_what_the_printed_page_shows():
    call_command("load_demo", "--no-synthetic", "--no-users")
    issue = Issue.objects.get(number=10076)
    assert issue.date == datetime.date(2020, 9, 15)
    assert (issue.weekday, issue.lunar_date, issue.page_count) == ("星期二", "庚子年七月廿八", 4)
    assert issue.publication.serial_number == "CN14-0028"
    assert issue.pages.count() == 4

    front = issue.pages.get(number=1)
    assert (front.name, front.department) == ("要闻", "要闻部")
    credits = [(c.get_role_display(), c.person.name) for c in front.page_credits.all()]
    assert credits == [("组版", "李刚"), ("责编", "马龙"), ("责编", "臧媛慧"), ("校对", "白颖凯")]

    reprint = front.articles.get(origin="reprint")
    assert reprint.source_line == "《人民日报》（2020年9月14日第10版）"
    # in printed order (ArticleCredit.position), not alphabetical
    assert [c.person.name for c in reprint.article_credits.all()] == ["胡健", "乔栋"]
    assert {p.affiliation.name for p in reprint.credits.all()} == {"人民日报"}

    photo = Photo.objects.get()
    assert [c.person.name for c in photo.photo_credits.all()] == ["肖继旺", "薛晋军"]
    assert photo.width > 0 and photo.article.genre == "photo"

    appeal = front.articles.get(genre="appeal")
    assert appeal.signature.startswith("吕梁市消费扶贫月活动组委会")


def test_demo_front_page_has_an_image_to_zoom_into_with_a_region_for_each_item(client):
    call_command("load_demo", "--no-synthetic", "--no-users")
    front = Page.objects.prefetch_related("renditions").get(issue__number=10076, number=1)
    assert (front.image.width, front.image.height) == (2400, 3400)
    widths = {(r.spec, r.format): r.width for r in front.renditions.all()}
    sizes = {"thumbnail": 320, "medium": 800, "large": 1600, "zoom": 2400}  # zoom ≠ large
    assert widths == {(spec, fmt): w for spec, w in sizes.items() for fmt in ("webp", "jpeg")}

    items = list(front.articles.order_by("position"))
    assert len(items) == 6 and all(article.regions.exists() for article in items)
    html = client.get(front.get_absolute_url()).content.decode()
    for article in items:
        assert f'<a class="page-region" href="{article.get_absolute_url()}"' in html


def test_demo_keeps_a_draft_that_readers_cannot_see():
    call_command("load_demo", "--no-synthetic", "--no-users")
    drafts = Article.objects.exclude(pk__in=Article.objects.published())
    assert drafts.count() == 1


def test_synthetic_issue_numbers_count_publishing_days_from_the_real_issue():
    assert issue_number_for(datetime.date(2020, 9, 15)) == 10076
    assert issue_number_for(datetime.date(2020, 9, 16)) == 10077
    # 2020-09-13 is a Sunday, when the paper does not print: the 14th is the issue before.
    assert issue_number_for(datetime.date(2020, 9, 14)) == 10075
    assert issue_number_for(datetime.date(2020, 9, 12)) == 10074


def test_demo_users_are_created_with_fresh_passwords(capsys):
    from django.contrib.auth.models import User

    call_command("load_demo", "--no-synthetic")
    first = capsys.readouterr().out
    call_command("load_demo", "--no-synthetic")
    second = capsys.readouterr().out
    assert User.objects.filter(username__in=["admin", "editor", "reporter"]).count() == 3
    assert User.objects.get(username="reporter").groups.get().name == "记者"
    assert first != second  # the printed passwords change on every run


def test_load_demo_prints_the_address_the_run_command_serves(db, monkeypatch):
    """The README runs the site on ${PORT:-8000}; the log-ins are printed for that address, with
    how to keep a password that does not change on the next load."""
    import io

    monkeypatch.setenv("PORT", "8765")
    out = io.StringIO()
    call_command("load_demo", "--no-synthetic", stdout=out)
    printed = out.getvalue()
    assert "http://127.0.0.1:8765/admin/" in printed and ":8000" not in printed
    assert "changepassword admin" in printed and "--no-users" in printed
