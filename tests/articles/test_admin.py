"""The editors' admin: clean validation errors, and who may publish or change what."""

import datetime

import pytest
from django.urls import reverse

from articles.models import Article, Issue, Status
from tests.factories import ArticleFactory, IssueFactory, PageFactory, PublicationFactory

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
        assert Issue.objects.count() == 1

    def test_duplicate_issue_date_is_a_clean_error(self, client, editor):
        existing = IssueFactory(number=10070, date=datetime.date(2020, 9, 16))
        client.force_login(editor)
        response = client.post(
            reverse("admin:articles_issue_add"), issue_form(existing.publication)
        )
        assert "该报刊在这一天已有一期" in response.content.decode()
        assert Issue.objects.count() == 1

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
    def test_can_create_a_draft_but_not_publish_it(self, client, reporter):
        page = PageFactory()
        client.force_login(reporter)
        response = client.post(
            reverse("admin:articles_article_add"), article_form(page, status="published")
        )
        assert response.status_code == 302
        article = Article.objects.get()
        # status is read-only for reporters: whatever they send, the article stays a draft
        assert article.status == Status.DRAFT

    def test_cannot_change_published_content(self, client, reporter):
        article = ArticleFactory()
        client.force_login(reporter)
        url = reverse("admin:articles_article_change", args=[article.pk])
        response = client.post(url, article_form(article.page, headline="篡改"))
        assert response.status_code == 403
        article.refresh_from_db()
        assert article.headline != "篡改"

    def test_can_edit_own_draft(self, client, reporter):
        article = ArticleFactory(status=Status.DRAFT, published_at=None)
        client.force_login(reporter)
        url = reverse("admin:articles_article_change", args=[article.pk])
        response = client.post(url, article_form(article.page, headline="改好了"))
        assert response.status_code == 302
        article.refresh_from_db()
        assert article.headline == "改好了"

    def test_cannot_delete_published_content(self, client, reporter):
        article = ArticleFactory()
        client.force_login(reporter)
        response = client.post(
            reverse("admin:articles_article_delete", args=[article.pk]), {"post": "yes"}
        )
        assert response.status_code == 403
        assert Article.objects.filter(pk=article.pk).exists()

    def test_publish_action_is_not_offered(self, client, reporter):
        ArticleFactory(status=Status.DRAFT, published_at=None)
        client.force_login(reporter)
        response = client.get(reverse("admin:articles_article_changelist"))
        assert response.status_code == 200
        form = response.context["action_form"]  # None when no action at all is allowed
        actions = [choice[0] for choice in form.fields["action"].choices] if form else []
        assert "publish" not in actions

    def test_cannot_change_a_published_issue(self, client, reporter):
        issue = IssueFactory()
        client.force_login(reporter)
        url = reverse("admin:articles_issue_change", args=[issue.pk])
        response = client.post(url, issue_form(issue.publication, number="1"))
        assert response.status_code == 403
        issue.refresh_from_db()
        assert issue.number != 1


class TestEditor:
    def test_publish_action_publishes_the_issue_and_its_drafts(self, client, editor):
        issue = IssueFactory(status=Status.DRAFT, published_at=None)
        article = ArticleFactory(
            page=PageFactory(issue=issue), status=Status.DRAFT, published_at=None
        )
        client.force_login(editor)
        response = client.post(
            reverse("admin:articles_issue_changelist"),
            {"action": "publish", "_selected_action": [issue.pk]},
        )
        assert response.status_code == 302
        assert list(Article.objects.published()) == [article]

    def test_unpublish_action_hides_an_article(self, client, editor):
        article = ArticleFactory()
        client.force_login(editor)
        client.post(
            reverse("admin:articles_article_changelist"),
            {"action": "unpublish", "_selected_action": [article.pk]},
        )
        assert not Article.objects.published().exists()

    def test_can_change_published_content(self, client, editor):
        article = ArticleFactory()
        client.force_login(editor)
        url = reverse("admin:articles_article_change", args=[article.pk])
        data = article_form(article.page, headline="更正后的标题", status="published")
        data["published_at_0"] = "2020-09-15"
        data["published_at_1"] = "06:00:00"
        response = client.post(url, data)
        assert response.status_code == 302
        article.refresh_from_db()
        assert article.headline == "更正后的标题"


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
