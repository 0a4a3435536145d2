"""The page desk (articles/desk.py, PageAdmin.desk_view): a printed page entered and corrected on
one screen, saved in one transaction or not at all, with every error next to its field."""

import datetime
import re

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from articles.desk import PageDesk, desk_page
from articles.models import Article, Page, PageCredit, Person, Photo, Status
from tests.factories import (
    ArticleCreditFactory,
    ArticleFactory,
    IssueFactory,
    PageFactory,
    PersonFactory,
    PhotoFactory,
    PlaceFactory,
    PublicationFactory,
    TagFactory,
    png_bytes,
)
from tests.forms import form_data

pytestmark = pytest.mark.django_db


def desk_data(page, **changes) -> dict:
    """What the desk of `page` submits when saved untouched (every field as shown), with
    `changes` on top: the POST an editor's browser sends."""
    page = desk_page(Page.objects.all()).get(pk=page.pk)
    desk = PageDesk(page=page, user=AnonymousUser())
    data = {**form_data(desk.items.management_form), **form_data(desk.page_form)}
    for form in desk.items.forms:
        data.update(form_data(form))
        data.update(form_data(form.photos.management_form))
        for photo in form.photos.forms:
            data.update(form_data(photo))
    return {**data, **changes}


def desk_url(page):
    return reverse("admin:articles_page_desk", args=[page.pk])


def draft_page(**extra):
    return PageFactory(issue=IssueFactory(status=Status.DRAFT, published_at=None), **extra)


def upload(name="photo.png", size=(40, 30)):
    return SimpleUploadedFile(name, png_bytes(*size), content_type="image/png")


class TestShowing:
    def test_the_desk_shows_the_page_its_credits_and_its_items_in_printed_order(
        self, client, editor
    ):
        page = draft_page(number=1, name="要闻")
        PageCredit.objects.create(page=page, person=PersonFactory(name="李刚"), role="layout")
        second = ArticleFactory(page=page, position=2, headline="第二篇")
        first = ArticleFactory(page=page, position=1, headline="第一篇", kicker="引题")
        ArticleCreditFactory(article=first, person=PersonFactory(name="李雅萍"))
        client.force_login(editor)
        response = client.get(desk_url(page))
        html = response.content.decode()
        assert response.status_code == 200
        assert html.index("第一篇") < html.index("第二篇")
        items = response.context["desk"].items.forms
        assert [form.instance for form in items[:2]] == [first, second]
        assert items[0]["byline"].value() == "记者 李雅萍"
        assert response.context["desk"].page_form["layout"].value() == "李刚"
        assert f"{page.issue.date:%Y-%m-%d} 第{page.issue.number}期 第1版 要闻" in html

    def test_the_desk_is_reached_from_the_page_list_the_page_and_the_issue(self, client, editor):
        page = draft_page()
        client.force_login(editor)
        for url in [
            reverse("admin:articles_page_changelist"),
            reverse("admin:articles_page_change", args=[page.pk]),
            reverse("admin:articles_issue_change", args=[page.issue_id]),
        ]:
            assert desk_url(page) in client.get(url).content.decode(), url


class TestQueries:
    """The desk's queries do not grow with the number of items on the page: not to show it, not
    to save it untouched, not to save it with one item changed."""

    @pytest.fixture(params=[2, 30])
    def full_page(self, request):
        page = draft_page()
        for position in range(request.param):
            article = ArticleFactory(page=page, position=position)
            ArticleCreditFactory(article=article)
            article.tags.add(TagFactory())
            article.places.add(PlaceFactory())
            article.regions.create(x=0.1, y=0.1, width=0.2, height=0.2)
            photo = PhotoFactory(article=article)
            photo.photo_credits.create(person=PersonFactory())
        return page

    def test_showing(self, client, editor, django_assert_max_num_queries, full_page):
        client.force_login(editor)
        # session and user; the page with its issue, credits and scan; permissions; the items
        # with their credits, topics, places, regions, photos, photographers and thumbnails;
        # sections and papers (once for all items); the issue's pages
        with django_assert_max_num_queries(21):
            response = client.get(desk_url(full_page))
        assert response.status_code == 200
        assert len(response.context["desk"].items.forms) == full_page.articles.count() + 1

    def test_saving(self, client, editor, django_assert_max_num_queries, full_page):
        client.force_login(editor)
        untouched = desk_data(full_page)
        # (one of them: whether the page was public before, for tombstones; on PostgreSQL three
        # more: the page's, the items' and the photos' row locks taken first, lock_in_order)
        with django_assert_max_num_queries(35):
            assert client.post(desk_url(full_page), untouched).status_code == 302
        changed = desk_data(full_page, **{"items-0-headline": "改了一篇"})
        with django_assert_max_num_queries(75):
            assert client.post(desk_url(full_page), changed).status_code == 302


class TestSaving:
    def test_one_save_enters_a_page_with_credits_items_bylines_photos_and_regions(
        self, client, editor
    ):
        page = draft_page(number=1)
        PersonFactory(name="李雅萍")
        client.force_login(editor)
        data = desk_data(page)
        data.update(
            {
                "page-name": "要闻",
                "page-image": upload("scan.png", (60, 84)),
                "page-layout": "李刚",
                "page-editors": "马龙 臧媛慧",
                "page-proofreaders": "白颖凯",
                "items-0-position": "1",
                "items-0-kicker": "引题",
                "items-0-headline": "第一篇稿件",
                "items-0-subheadline": "副题",
                "items-0-body": "正文第一段。",
                "items-0-byline": "记者 李雅萍 通讯员 王立伟",
                "items-0-tag_names": "脱贫攻坚、大数据",
                "items-0-place_names": "临县",
                "items-0-regions": "0.02 0.03 0.45 0.30",
                "items-0-photos-0-image": upload(),
                "items-0-photos-0-caption": "图片说明",
                "items-0-photos-0-photographers": "肖继旺 薛晋军 摄",
            }
        )
        response = client.post(desk_url(page), data)
        assert response.status_code == 302, response.context["desk"].errors_count()
        page.refresh_from_db()
        assert page.name == "要闻" and page.image
        credits = [(c.role, c.person.name) for c in page.page_credits.order_by("position")]
        assert credits == [
            ("layout", "李刚"),
            ("editor", "马龙"),
            ("editor", "臧媛慧"),
            ("proofreader", "白颖凯"),
        ]
        article = page.articles.get()
        assert (article.issue, article.status) == (page.issue, Status.DRAFT)
        byline = [(c.role, c.person.name) for c in article.article_credits.order_by("position")]
        assert byline == [("reporter", "李雅萍"), ("correspondent", "王立伟")]
        assert Person.objects.filter(name="李雅萍").count() == 1  # the known one, not a copy
        assert sorted(t.name for t in article.tags.all()) == ["大数据", "脱贫攻坚"]
        assert [p.name for p in article.places.all()] == ["临县"]
        region = article.regions.get()
        assert (region.x, region.y, region.width, region.height) == (0.02, 0.03, 0.45, 0.3)
        photo = article.photos.get()
        assert photo.page == page and photo.caption == "图片说明"
        assert [c.person.name for c in photo.photo_credits.order_by("position")] == [
            "肖继旺",
            "薛晋军",
        ]
        assert "版面工作台" in page.history.first().history_change_reason

    def test_items_are_reordered_and_deleted(self, client, editor):
        page = draft_page()
        first = ArticleFactory(page=page, position=1, status=Status.DRAFT, published_at=None)
        second = ArticleFactory(page=page, position=2, status=Status.DRAFT, published_at=None)
        gone = ArticleFactory(page=page, position=3, status=Status.DRAFT, published_at=None)
        client.force_login(editor)
        data = desk_data(page)
        data.update({"items-0-position": "2", "items-1-position": "1", "items-2-DELETE": "on"})
        assert client.post(desk_url(page), data).status_code == 302
        assert list(page.articles.order_by("position")) == [second, first]
        assert not Article.objects.filter(pk=gone.pk).exists()

    def test_an_error_saves_nothing_and_stands_next_to_its_field(self, client, editor):
        page = draft_page()
        client.force_login(editor)
        data = desk_data(page)
        data.update(
            {
                "page-name": "改了版名",
                "items-0-headline": "好的稿件",
                "items-0-regions": "0.9 0.9 0.5 0.5",
                "items-1-headline": "",
                "items-1-body": "没有主题的稿件",
            }
        )
        data["items-TOTAL_FORMS"] = "2"
        response = client.post(desk_url(page), data)
        assert response.status_code == 200
        items = response.context["desk"].items.forms
        assert "区域必须在版面图之内" in str(items[0].errors["regions"])
        assert "headline" in items[1].errors
        page.refresh_from_db()
        assert page.name != "改了版名" and not page.articles.exists()

    def test_namesakes_must_be_told_apart(self, client, editor):
        page = draft_page()
        paper = PublicationFactory()
        PersonFactory(name="马龙", disambiguation="本报记者", affiliation=paper)
        PersonFactory(name="马龙", disambiguation="通讯员")
        client.force_login(editor)
        data = desk_data(page, **{"page-editors": "马龙", "items-0-headline": "稿件"})
        response = client.post(desk_url(page), data)
        error = str(response.context["desk"].page_form.errors["editors"])
        assert "有 2 位“马龙”" in error and "马龙（本报记者） · 吕梁日报" in error
        data["page-editors"] = "马龙（本报记者）"
        assert client.post(desk_url(page), data).status_code == 302
        assert page.page_credits.get().person.disambiguation == "本报记者"

    def test_a_reprint_names_the_paper_of_its_reporters(self, client, editor):
        page = draft_page()
        peoples = PublicationFactory(name="人民日报", slug="peoples-daily", is_own=False)
        client.force_login(editor)
        data = desk_data(page)
        data.update(
            {
                "items-0-headline": "转载的稿件",
                "items-0-byline": "人民日报记者 胡健 乔栋",
                "items-0-origin": "reprint",
                "items-0-source_publication": str(peoples.pk),
                "items-0-source_date": "2020-09-14",
                "items-0-source_page": "10",
            }
        )
        assert client.post(desk_url(page), data).status_code == 302
        article = page.articles.get()
        assert {c.person.affiliation for c in article.article_credits.all()} == {peoples}
        assert desk_data(page)["items-0-byline"] == "人民日报记者 胡健 乔栋"


class TestTwoEditors:
    def test_a_second_save_of_the_desk_is_refused_with_who_when_and_what(
        self, client, editor, django_user_model
    ):
        page = draft_page(name="原版名")
        opened = desk_data(page)  # our editor opens the desk
        other = django_user_model.objects.create_superuser("second", password="x-long-password")
        client.force_login(other)
        first = desk_data(page, **{"page-name": "第二位编辑的版名", "items-0-headline": "新稿"})
        assert client.post(desk_url(page), first).status_code == 302

        client.force_login(editor)
        opened.update({"page-name": "我的版名", "items-0-headline": "我的稿件"})
        response = client.post(desk_url(page), opened)
        assert response.status_code == 200
        html = response.content.decode()
        assert "已被 second 于" in html
        assert "第二位编辑的版名" in html and "新增《新稿》" in html
        page.refresh_from_db()
        assert page.name == "第二位编辑的版名"
        assert not Article.objects.filter(headline="我的稿件").exists()

    def test_an_item_changed_elsewhere_is_refused_on_its_own_card(self, client, editor):
        page = draft_page()
        article = ArticleFactory(
            page=page, headline="原标题", status=Status.DRAFT, published_at=None
        )
        opened = desk_data(page)
        article.headline = "在稿件页面改的标题"
        article.save()
        client.force_login(editor)
        opened["items-0-headline"] = "工作台上改的标题"
        response = client.post(desk_url(page), opened)
        assert response.status_code == 200
        item = response.context["desk"].items.forms[0]
        assert "已被" in str(item.non_field_errors())
        article.refresh_from_db()
        assert article.headline == "在稿件页面改的标题"


class TestUploadsSurviveAFailedSave:
    def test_the_scan_and_a_photo_are_kept_and_used_by_the_next_save(self, client, editor):
        page = draft_page()
        client.force_login(editor)
        data = desk_data(page)
        data.update(
            {
                "page-image": upload("scan.png", (60, 84)),
                "items-0-headline": "",  # the photo needs its item: an error
                "items-0-photos-0-image": upload("photo.png"),
                "items-0-photos-0-caption": "说明",
            }
        )
        failed = client.post(desk_url(page), data)
        assert failed.status_code == 200
        html = failed.content.decode()
        assert "已收到“scan.png”" in html and "已收到“photo.png”" in html
        kept = dict(_hidden_inputs(html, "__kept"))
        assert set(kept) == {"page-image__kept", "items-0-photos-0-image__kept"}

        again = desk_data(page)
        again.update(kept)
        again.update(
            {
                "items-0-headline": "补上的主题",
                "items-0-photos-0-caption": "说明",
            }
        )
        assert client.post(desk_url(page), again).status_code == 302
        page.refresh_from_db()
        assert page.image.name.startswith("originals/pages/")
        photo = Photo.objects.get()
        assert photo.image.name.startswith("originals/photos/") and photo.width == 40

    def test_a_forged_token_is_ignored(self, client, editor):
        page = draft_page()
        client.force_login(editor)
        data = desk_data(page)
        data.update(
            {
                "items-0-headline": "稿件",
                "items-0-photos-0-caption": "说明",
                "items-0-photos-0-image__kept": "originals/photos/other.jpg",
            }
        )
        response = client.post(desk_url(page), data)
        assert response.status_code == 200
        assert "image" in response.context["desk"].items.forms[0].photos.forms[0].errors


def _hidden_inputs(html, suffix):
    for name, value in re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]+)"', html):
        if name.endswith(suffix):
            yield name, value


class TestWhoMay:
    def test_a_reporter_sees_a_published_page_read_only_and_cannot_save_it(self, client, reporter):
        article = ArticleFactory(headline="已发布的稿件")
        client.force_login(reporter)
        shown = client.get(desk_url(article.page))
        assert shown.status_code == 200 and not shown.context["editable"]
        assert 'name="_save"' not in shown.content.decode()
        data = desk_data(article.page, **{"items-0-headline": "记者改的"})
        assert client.post(desk_url(article.page), data).status_code == 403
        article.refresh_from_db()
        assert article.headline == "已发布的稿件"

    def test_a_reporter_on_a_draft_page_cannot_delete_without_the_permission(
        self, client, reporter
    ):
        page = draft_page()
        article = ArticleFactory(page=page, status=Status.DRAFT, published_at=None)
        client.force_login(reporter)
        data = desk_data(page, **{"items-0-DELETE": "on"})
        response = client.post(desk_url(page), data)
        assert response.status_code == 200
        assert "删除" in str(response.context["desk"].items.non_form_errors())
        assert Article.objects.filter(pk=article.pk).exists()

    def test_nothing_on_the_desk_reaches_anonymous_readers(self, client, editor):
        published = IssueFactory(date=datetime.date(2020, 9, 15))
        page = PageFactory(issue=published, number=1)
        client.force_login(editor)
        data = desk_data(page, **{"items-0-headline": "还在草稿的稿件"})
        assert client.post(desk_url(page), data).status_code == 302
        client.logout()
        assert "还在草稿的稿件" not in client.get(page.get_absolute_url()).content.decode()
        assert client.get(desk_url(page)).status_code == 302  # to the log-in page
        draft = Article.objects.get(headline="还在草稿的稿件")
        assert client.get(draft.get_absolute_url()).status_code == 404
        assert client.get(f"/api/v1/articles/{draft.pk}/").status_code == 404
