"""The editors' admin: clean validation errors, and who may publish or change what."""

import datetime
import re

import pytest
from django.urls import reverse

from articles.models import Article, Issue, Page, Photo, Status
from tests.factories import (
    ArticleFactory,
    IssueFactory,
    PageFactory,
    PersonFactory,
    PhotoFactory,
    PublicationFactory,
)
from tests.forms import admin_change_data

pytestmark = pytest.mark.django_db


def issue_form(publication, **overrides):
    data = {
        "publication": publication.pk,
        "date": "2020-09-16",
        "number": "10077",
        "page_count": "4",
        "status": "draft",
        "published_at_0": "",
        "published_at_1": "",
        "pages-TOTAL_FORMS": "0",
        "pages-INITIAL_FORMS": "0",
        "pages-MIN_NUM_FORMS": "0",
        "pages-MAX_NUM_FORMS": "1000",
    }
    data.update(overrides)
    return data


def article_form(page, **overrides):
    data = {
        "issue": page.issue.pk,
        "page": page.pk,
        "position": "1",
        "genre": "news",
        "headline": "新稿件",
        "origin": "own",
        "status": "draft",
    }
    for prefix in ("article_credits", "photos", "regions", "corrections", "observations"):
        data.update(
            {
                f"{prefix}-TOTAL_FORMS": "0",
                f"{prefix}-INITIAL_FORMS": "0",
                f"{prefix}-MIN_NUM_FORMS": "0",
                f"{prefix}-MAX_NUM_FORMS": "1000",
            }
        )
    data.update(overrides)
    return data


class TestValidation:
    def test_duplicate_issue_number_is_a_clean_error_and_nothing_is_saved(self, client, editor):
        existing = IssueFactory(number=10077, date=datetime.date(2020, 9, 10))
        client.force_login(editor)
        response = client.post(
            reverse("admin:articles_issue_add"), issue_form(existing.publication)
        )
        assert response.status_code == 200
        assert "该报刊已有这个期号" in response.content.decode()
        assert response.context["adminform"].form.errors.keys() == {"number"}
        assert Issue.objects.count() == 1

    def test_duplicate_issue_date_is_a_clean_error(self, client, editor):
        existing = IssueFactory(number=10070, date=datetime.date(2020, 9, 16))
        client.force_login(editor)
        response = client.post(
            reverse("admin:articles_issue_add"), issue_form(existing.publication)
        )
        assert "该报刊在这一天已有一期" in response.content.decode()
        assert response.context["adminform"].form.errors.keys() == {"date"}
        assert Issue.objects.count() == 1

    def test_two_pages_with_one_number_name_the_field_in_chinese(self, client, editor):
        publication = PublicationFactory()
        client.force_login(editor)
        data = issue_form(publication)
        data.update({"pages-TOTAL_FORMS": "2", "pages-0-number": "1", "pages-1-number": "1"})
        response = client.post(reverse("admin:articles_issue_add"), data)
        assert response.status_code == 200
        errors = str(response.context["inline_admin_formsets"][0].formset.non_form_errors())
        assert "版次" in errors and "number" not in errors
        assert Issue.objects.count() == 0

    def test_a_second_page_with_a_taken_number_names_the_field(self, client, editor):
        page = PageFactory(number=1)
        client.force_login(editor)
        response = client.post(
            reverse("admin:articles_page_add"),
            {
                "issue": page.issue_id,
                "number": "1",
                "page_credits-TOTAL_FORMS": "0",
                "page_credits-INITIAL_FORMS": "0",
            },
        )
        assert response.status_code == 200
        assert response.context["adminform"].form.errors.keys() == {"number"}

    def test_invalid_serial_number_names_the_field(self, client, editor):
        client.force_login(editor)
        response = client.post(
            reverse("admin:articles_publication_add"),
            {"name": "测试报", "slug": "test-paper", "serial_number": "14-0028"},
        )
        assert response.status_code == 200
        assert "国内统一刊号的格式应为" in response.content.decode()
        assert response.context["adminform"].form.errors.keys() == {"serial_number"}

    def test_page_from_another_issue_is_refused(self, client, editor):
        page = PageFactory()
        other_issue = IssueFactory()
        client.force_login(editor)
        response = client.post(
            reverse("admin:articles_article_add"), article_form(page, issue=other_issue.pk)
        )
        assert response.status_code == 200
        assert "所选版面不属于这一期" in response.content.decode()
        assert not Article.objects.exists()

    def test_a_file_that_is_not_an_image_is_refused(self, client, editor):
        from django.core.files.uploadedfile import SimpleUploadedFile

        page = PageFactory()
        client.force_login(editor)
        data = article_form(page)
        data.update(
            {
                "photos-TOTAL_FORMS": "1",
                "photos-0-image": SimpleUploadedFile("fake.jpg", b"not really a picture"),
                "photos-0-caption": "假图片",
                "photos-0-page": page.pk,
                "photos-0-position": "0",
            }
        )
        response = client.post(reverse("admin:articles_article_add"), data)
        assert response.status_code == 200
        assert not Article.objects.exists()
        assert response.context["inline_admin_formsets"][1].formset.errors[0]["image"]


class TestReporter:
    def test_publish_action_is_not_offered(self, client, reporter):
        ArticleFactory(status=Status.DRAFT, published_at=None)
        client.force_login(reporter)
        response = client.get(reverse("admin:articles_article_changelist"))
        assert response.status_code == 200
        form = response.context["action_form"]  # None when no action at all is allowed
        actions = [choice[0] for choice in form.fields["action"].choices] if form else []
        assert "publish" not in actions


class TestEditor:
    def test_the_publish_action_leads_to_the_publish_step(self, client, editor):
        """Selecting an issue and "publish" shows what will go public; it publishes nothing."""
        issue = IssueFactory(status=Status.DRAFT, published_at=None)
        ArticleFactory(page=PageFactory(issue=issue), status=Status.DRAFT, published_at=None)
        client.force_login(editor)
        response = client.post(
            reverse("admin:articles_issue_changelist"),
            {"action": "publish", "_selected_action": [issue.pk]},
        )
        assert response["Location"] == reverse("admin:articles_issue_publish", args=[issue.pk])
        assert not Article.objects.published().exists()

    def test_unpublish_action_hides_an_article(self, client, editor):
        article = ArticleFactory()
        client.force_login(editor)
        client.post(
            reverse("admin:articles_article_changelist"),
            {"action": "unpublish", "_selected_action": [article.pk]},
        )
        assert not Article.objects.published().exists()


def test_every_admin_page_renders_for_an_editor(client, editor):
    """Changelists, add forms and change forms of every model open without error."""
    article = ArticleFactory()
    PublicationFactory(name="人民日报", slug="peoples-daily", is_own=False)
    client.force_login(editor)
    from django.contrib import admin

    for model in admin.site._registry:
        if model._meta.app_label != "articles":
            continue
        prefix = f"admin:{model._meta.app_label}_{model._meta.model_name}"
        assert client.get(reverse(f"{prefix}_changelist")).status_code == 200
        assert client.get(reverse(f"{prefix}_add")).status_code == 200
        obj = model.objects.first()
        if obj is not None:
            assert client.get(reverse(f"{prefix}_change", args=[obj.pk])).status_code == 200
    history = reverse("admin:articles_article_history", args=[article.pk])
    assert client.get(history).status_code == 200


def test_admin_speaks_chinese(client, editor):
    client.force_login(editor)
    response = client.get(reverse("admin:articles_article_changelist"))
    html = response.content.decode()
    assert "稿件" in html
    assert "体裁" in html


@pytest.mark.parametrize("role", ["editor", "reporter"])
def test_editors_and_reporters_can_type_regions_of_a_draft(client, request, role):
    """The page-image regions inline is there for the editorial groups, not only superusers."""
    client.force_login(request.getfixturevalue(role))
    article = ArticleFactory(status=Status.DRAFT, published_at=None)
    url = reverse("admin:articles_article_change", args=[article.pk])
    assert "regions-TOTAL_FORMS" in client.get(url).content.decode()
    data = article_form(article.page, headline=article.headline, expected_version=article.version)
    data.update(
        {
            "regions-TOTAL_FORMS": "1",
            "regions-0-x": "0.1",
            "regions-0-y": "0.2",
            "regions-0-width": "0.5",
            "regions-0-height": "0.3",
        }
    )
    assert client.post(url, data).status_code == 302
    assert article.regions.get().width == 0.5


def test_changelist_offers_what_editors_look_for(client, editor):
    """Filters, date hierarchy and search on the article list; a view-on-site link on an item."""
    article = ArticleFactory()
    other = PublicationFactory(name="人民日报", slug="peoples-daily", is_own=False)
    ArticleFactory(page=PageFactory(issue=IssueFactory(publication=other)))
    client.force_login(editor)
    html = client.get(reverse("admin:articles_article_changelist")).content.decode()
    for title in ["报刊", "出版日期", "版次", "体裁", "状态", "来源"]:
        assert f'data-filter-title="{title}"' in html
    assert 'class="toplinks"' in html  # the date hierarchy
    assert 'id="changelist-search"' in html
    change = client.get(reverse("admin:articles_article_change", args=[article.pk]))
    view_on_site = re.search(r'href="([^"]*)" class="viewsitelink"', change.content.decode())
    assert client.get(view_on_site.group(1))["Location"].endswith(article.get_absolute_url())


def page_form(issue, **overrides):
    return {
        "issue": issue.pk,
        "number": "7",
        "name": "加版",
        "department": "",
        "department_email": "",
        "page_credits-TOTAL_FORMS": "0",
        "page_credits-INITIAL_FORMS": "0",
        **overrides,
    }


def photo_form(page, **overrides):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.factories import png_bytes

    return {
        "image": SimpleUploadedFile("photo.png", png_bytes(), content_type="image/png"),
        "caption": "后台上传的图片",
        "page": page.pk,
        "position": "0",
        "photo_credits-TOTAL_FORMS": "0",
        "photo_credits-INITIAL_FORMS": "0",
        **overrides,
    }


class TestPublishedContainers:
    """B7: pages and photos follow their issue (or article) in the admin too: the refusal names
    the published container on the field, and nothing is saved. Every role and action, moving
    included: tests/production/test_permission_matrix.py."""

    def test_reporter_cannot_add_a_page_to_a_published_issue(self, client, reporter):
        issue = IssueFactory()
        client.force_login(reporter)
        response = client.post(reverse("admin:articles_page_add"), page_form(issue))
        assert response.status_code == 200
        errors = response.context["adminform"].form.errors
        assert str(issue) in errors["issue"][0] and "已发布" in errors["issue"][0]
        assert not Page.objects.filter(name="加版").exists()

    def test_reporter_adds_a_page_to_a_draft_issue(self, client, reporter):
        issue = IssueFactory(status=Status.DRAFT, published_at=None)
        client.force_login(reporter)
        response = client.post(reverse("admin:articles_page_add"), page_form(issue))
        assert response.status_code == 302
        assert Page.objects.filter(name="加版", issue=issue).exists()

    @pytest.mark.parametrize("with_article", [False, True], ids=["standing-alone", "of-article"])
    def test_reporter_cannot_add_a_photo_to_published_content(self, client, reporter, with_article):
        article = ArticleFactory()
        client.force_login(reporter)
        extra = {"article": article.pk} if with_article else {}
        response = client.post(
            reverse("admin:articles_photo_add"), photo_form(article.page, **extra)
        )
        assert response.status_code == 200
        field = "article" if with_article else "page"
        assert "已发布" in response.context["adminform"].form.errors[field][0]
        assert not Photo.objects.exists()


class TestRevertingHistory:
    """Restoring an earlier version is a change: it needs the change permission, and published
    content stays locked for reporters (django-simple-history itself lets viewers revert)."""

    def revert(self, client, obj, data):
        first = obj.history.earliest()
        name = obj._meta.model_name
        url = reverse(f"admin:articles_{name}_simple_history", args=[obj.pk, first.pk])
        return client.post(url, data)

    def test_reporter_cannot_revert_a_published_article(self, client, reporter):
        article = ArticleFactory(headline="最初的标题")
        article.headline = "编辑改定的标题"
        article.save()
        client.force_login(reporter)
        response = self.revert(client, article, article_form(article.page, headline="最初的标题"))
        assert response.status_code == 403
        article.refresh_from_db()
        assert article.headline == "编辑改定的标题"

    def test_someone_who_may_only_view_cannot_revert(self, client, django_user_model):
        from django.contrib.auth.models import Permission

        viewer = django_user_model.objects.create_user("viewer", is_staff=True)
        viewer.user_permissions.add(Permission.objects.get(codename="view_page"))
        page = PageFactory(issue=IssueFactory(status=Status.DRAFT, published_at=None), name="旧名")
        page.name = "新名"
        page.save()
        client.force_login(viewer)
        response = self.revert(client, page, page_form(page.issue, number=page.number, name="旧名"))
        assert response.status_code == 403
        page.refresh_from_db()
        assert page.name == "新名"


def test_bulk_delete_spares_published_content_for_those_who_may_not_publish(
    client, django_user_model
):
    """The "delete selected" action asks each row's delete permission, so the rule holds there
    too, and a refusal deletes nothing."""
    from django.contrib.auth.models import Permission

    clerk = django_user_model.objects.create_user("clerk", is_staff=True)
    clerk.user_permissions.add(
        *Permission.objects.filter(codename__in=["view_page", "delete_page"])
    )
    draft_page = PageFactory(issue=IssueFactory(status=Status.DRAFT, published_at=None))
    published_page = PageFactory()
    client.force_login(clerk)
    response = client.post(
        reverse("admin:articles_page_changelist"),
        {
            "action": "delete_selected",
            "post": "yes",
            "_selected_action": [draft_page.pk, published_page.pk],
        },
    )
    assert response.status_code == 403
    assert Page.objects.filter(pk__in=[draft_page.pk, published_page.pk]).count() == 2


class TestPublishingAnIssue:
    """Trap 2: an issue went online from its own form with every article still a draft. Now the
    form has no status, and publishing is one step that shows what goes public."""

    def draft_issue_with_front_page(self):
        issue = IssueFactory(status=Status.DRAFT, published_at=None)
        front = PageFactory(issue=issue, number=1, name="要闻")
        lead = ArticleFactory(page=front, headline="头条", status=Status.DRAFT, published_at=None)
        inside = ArticleFactory(
            page=PageFactory(issue=issue, number=2),
            headline="二版稿件",
            status=Status.DRAFT,
            published_at=None,
        )
        return issue, lead, inside

    def test_the_issue_form_cannot_publish(self, client, editor):
        issue, lead, _inside = self.draft_issue_with_front_page()
        client.force_login(editor)
        url = reverse("admin:articles_issue_change", args=[issue.pk])
        data = admin_change_data(client.get(url))
        data.update({"status": "published", "published_at_0": "2020-09-15"})
        assert client.post(url, data).status_code == 302
        issue.refresh_from_db()
        assert issue.status == Status.DRAFT
        assert not Article.objects.published().exists()

    def test_the_publish_step_shows_what_goes_public(self, client, editor):
        issue, lead, inside = self.draft_issue_with_front_page()
        loose = PhotoFactory(article=None, page=lead.page, caption="独立的图片")
        loose.photo_credits.create(person=PersonFactory(name="肖继旺"))
        client.force_login(editor)
        html = client.get(reverse("admin:articles_issue_publish", args=[issue.pk])).content
        html = html.decode()
        for text in ["第1版 要闻", "头条", "二版稿件", "独立的图片", "肖继旺 摄", "确认发布本期"]:
            assert text in html, text
        assert reverse("articles:preview", args=[issue.get_absolute_url().lstrip("/")]) in html

    def test_one_confirmation_publishes_the_issue_with_the_chosen_articles(self, client, editor):
        issue, lead, inside = self.draft_issue_with_front_page()
        client.force_login(editor)
        response = client.post(
            reverse("admin:articles_issue_publish", args=[issue.pk]), {"article": [lead.pk]}
        )
        assert response.status_code == 302
        assert list(Article.objects.published()) == [lead]  # the other stays a draft
        issue.refresh_from_db()
        lead.refresh_from_db()
        assert issue.status == Status.PUBLISHED and lead.published_at == issue.published_at

    def test_an_empty_front_page_is_refused_and_nothing_goes_public(self, client, editor):
        issue, lead, inside = self.draft_issue_with_front_page()
        client.force_login(editor)
        url = reverse("admin:articles_issue_publish", args=[issue.pk])
        response = client.post(url, {"article": [inside.pk]})
        assert response.status_code == 200
        assert "头版为空的期次不能发布" in response.content.decode()
        issue.refresh_from_db()
        assert issue.status == Status.DRAFT and not Article.objects.published().exists()

    def test_a_reporter_may_not_open_the_publish_step(self, client, reporter):
        issue, lead, _inside = self.draft_issue_with_front_page()
        client.force_login(reporter)
        url = reverse("admin:articles_issue_publish", args=[issue.pk])
        assert client.get(url).status_code == 403
        assert client.post(url, {"article": [lead.pk]}).status_code == 403
        issue.refresh_from_db()
        assert issue.status == Status.DRAFT


class TestNewIssue:
    def test_a_new_issue_gets_its_pages_and_opens_the_first_pages_desk(self, client, editor):
        previous = IssueFactory(number=10075, date=datetime.date(2020, 9, 14), page_count=4)
        client.force_login(editor)
        add = client.get(reverse("admin:articles_issue_add"))
        initial = add.context["adminform"].form.initial
        assert (initial["number"], initial["page_count"]) == (10076, 4)  # the next issue
        data = {**admin_change_data(add), "date": "2020-09-15", "_desk": "1"}
        response = client.post(reverse("admin:articles_issue_add"), data)
        issue = Issue.objects.exclude(pk=previous.pk).get()
        assert [page.number for page in issue.pages.order_by("number")] == [1, 2, 3, 4]
        front = issue.pages.get(number=1)
        assert response["Location"] == reverse("admin:articles_page_desk", args=[front.pk])
        assert issue.status == Status.DRAFT


class TestArticlePhotos:
    def test_a_photo_of_an_article_is_printed_on_its_page(self, client, editor):
        """Trap 3's cause: the photo inline asked for its page again; it now takes the
        article's, and an upload survives a failed save."""
        page = PageFactory()
        client.force_login(editor)
        data = article_form(page, headline="")
        data.update(
            {
                "photos-TOTAL_FORMS": "1",
                "photos-0-image": photo_form(page)["image"],
                "photos-0-caption": "说明",
                "photos-0-position": "0",
            }
        )
        failed = client.post(reverse("admin:articles_article_add"), data)
        assert failed.status_code == 200
        html = failed.content.decode()
        assert "已收到“photo.png”" in html
        token = re.search(r'name="photos-0-image__kept" value="([^"]+)"', html).group(1)
        data = article_form(page, headline="补上主题")
        data.update(
            {
                "photos-TOTAL_FORMS": "1",
                "photos-0-image__kept": token,
                "photos-0-caption": "说明",
                "photos-0-position": "0",
            }
        )
        assert client.post(reverse("admin:articles_article_add"), data).status_code == 302
        photo = Photo.objects.get()
        assert photo.page == page and photo.article.headline == "补上主题"


def test_a_failed_save_of_a_photo_keeps_its_upload(client, editor):
    page = PageFactory()
    client.force_login(editor)
    data = {**photo_form(page), "page": ""}  # the page is missing: an error elsewhere
    failed = client.post(reverse("admin:articles_photo_add"), data)
    assert failed.status_code == 200
    token = re.search(r'name="image__kept" value="([^"]+)"', failed.content.decode()).group(1)
    data = {**photo_form(page), "image__kept": token}
    del data["image"]
    assert client.post(reverse("admin:articles_photo_add"), data).status_code == 302
    assert Photo.objects.get().image.name.startswith("originals/photos/")


def test_the_page_choice_follows_the_chosen_issue(client, editor):
    """When the issue of an article changes, its page choice is reloaded with that issue's
    pages (static/articles/pick-page.js asks this address)."""
    issue = IssueFactory(number=10076)
    PageFactory(issue=issue, number=2, name="综合")
    PageFactory(issue=issue, number=1, name="要闻")
    PageFactory(name="别的期次的版")
    client.force_login(editor)
    answer = client.get(reverse("admin:articles_issue_pages", args=[issue.pk])).json()
    labels = [page["text"] for page in answer["results"]]
    assert labels == [
        f"{issue.date:%Y-%m-%d} 第10076期 第1版 要闻",
        f"{issue.date:%Y-%m-%d} 第10076期 第2版 综合",
    ]
    assert client.get(reverse("admin:articles_issue_pages", args=["x"])).status_code == 404
