"""Nothing is lost or overwritten in the admin, and nobody gets in where they don't belong."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.urls import reverse

from articles.models import Article, Issue, Status
from tests.articles.test_admin import article_form
from tests.factories import ArticleFactory, IssueFactory

pytestmark = pytest.mark.django_db


def change_url(article):
    return reverse("admin:articles_article_change", args=[article.pk])


class TestTwoEditors:
    def test_second_save_over_an_old_copy_is_refused_with_who_when_and_what(
        self, client, editor, django_user_model
    ):
        article = ArticleFactory(headline="原标题")
        opened_version = article.version
        other = django_user_model.objects.create_user("second", is_staff=True, is_superuser=True)

        # the other editor saves first
        client.force_login(other)
        first = article_form(article.page, headline="第二位编辑的标题")
        first["expected_version"] = opened_version
        assert client.post(change_url(article), first).status_code == 302

        # our editor saves the copy opened before that
        client.force_login(editor)
        mine = article_form(article.page, headline="我的标题")
        mine["expected_version"] = opened_version
        response = client.post(change_url(article), mine)

        assert response.status_code == 200
        html = response.content.decode()
        assert "已被 second 于" in html
        assert "第二位编辑的标题" in html  # the difference is shown
        assert reverse("admin:articles_article_history", args=[article.pk]) in html
        article.refresh_from_db()
        assert article.headline == "第二位编辑的标题"  # nothing silently overwritten

    def test_a_save_from_the_current_version_goes_through(self, client, editor):
        article = ArticleFactory()
        client.force_login(editor)
        form = client.get(change_url(article)).context["adminform"].form
        data = article_form(article.page, headline="新标题")
        data["expected_version"] = form["expected_version"].initial
        assert client.post(change_url(article), data).status_code == 302
        article.refresh_from_db()
        assert article.headline == "新标题"
        assert article.version == 2


class TestHistory:
    def test_history_shows_who_changed_what(self, client, editor):
        article = ArticleFactory(headline="第一版")
        client.force_login(editor)
        data = article_form(article.page, headline="第二版")
        data["expected_version"] = article.version
        client.post(change_url(article), data)
        response = client.get(reverse("admin:articles_article_history", args=[article.pk]))
        html = response.content.decode()
        assert response.status_code == 200
        assert "editor" in html
        record = article.history.first()
        assert record.history_user == editor and record.headline == "第二版"

    def test_an_editor_restores_an_earlier_version(self, client, editor):
        article = ArticleFactory(headline="最初的标题")
        original = article.history.earliest()
        article.headline = "改坏了的标题"
        article.save()
        client.force_login(editor)
        url = reverse("admin:articles_article_simple_history", args=[article.pk, original.pk])
        form = client.get(url).context["adminform"].form
        data = {
            name: field.widget.format_value(form[name].value()) or ""
            for name, field in form.fields.items()
            if form[name].value() is not None
        }
        data.update(
            {"tags": [], "places": [], "published_at_0": "2020-09-15", "published_at_1": "06:00"}
        )
        response = client.post(url, data)
        assert response.status_code == 302, response.context["adminform"].form.errors
        article.refresh_from_db()
        assert article.headline == "最初的标题"
        assert article.version > original.version  # the restore is a new version


class TestDeleting:
    def test_editor_deletes_published_article_and_history_keeps_it(self, client, editor):
        article = ArticleFactory(headline="将被删除")
        client.force_login(editor)
        url = reverse("admin:articles_article_delete", args=[article.pk])
        assert client.post(url, {"post": "yes"}).status_code == 302
        assert not Article.objects.filter(pk=article.pk).exists()
        deleted = Article.history.filter(id=article.pk, history_type="-").get()
        assert deleted.headline == "将被删除" and deleted.history_user == editor

    def test_reporter_cannot_delete_a_published_issue(self, client, reporter):
        issue = IssueFactory()
        client.force_login(reporter)
        url = reverse("admin:articles_issue_delete", args=[issue.pk])
        assert client.post(url, {"post": "yes"}).status_code == 403
        assert Issue.objects.filter(pk=issue.pk).exists()


# Who may do what in the admin: (user fixture, action, model, expected HTTP status).
MATRIX = [
    # anonymous: sent to the log-in page for everything
    ("anonymous", "view", "article", 302),
    ("anonymous", "add", "article", 302),
    # reporter: sees and adds; published items are read-only (view page 200, change POST 403)
    ("reporter", "view", "article", 200),
    ("reporter", "add", "article", 200),
    ("reporter", "change_published", "article", 403),
    ("reporter", "delete_published", "article", 403),
    ("reporter", "add", "publication", 403),
    ("reporter", "change_published", "issue", 403),
    # editor: everything
    ("editor", "view", "article", 200),
    ("editor", "add", "article", 200),
    ("editor", "change_published", "article", 200),
    ("editor", "delete_published", "article", 200),
    ("editor", "add", "publication", 200),
    ("editor", "change_published", "issue", 200),
]


@pytest.mark.parametrize("role, action, model, expected", MATRIX)
def test_admin_permission_matrix(request, client, role, action, model, expected):
    if role != "anonymous":
        client.force_login(request.getfixturevalue(role))
    obj = {"article": ArticleFactory, "issue": IssueFactory}.get(model, lambda: None)()
    if action == "view":
        url = reverse(f"admin:articles_{model}_changelist")
        response = client.get(url)
    elif action == "add":
        response = client.get(reverse(f"admin:articles_{model}_add"))
    elif action == "change_published":
        url = reverse(f"admin:articles_{model}_change", args=[obj.pk])
        response = client.post(url, {}) if role == "reporter" else client.get(url)
    else:
        url = reverse(f"admin:articles_{model}_delete", args=[obj.pk])
        response = client.get(url)
    assert response.status_code == expected


def test_reporter_cannot_publish_through_the_action(client, reporter):
    article = ArticleFactory(status=Status.DRAFT, published_at=None)
    client.force_login(reporter)
    client.post(
        reverse("admin:articles_article_changelist"),
        {"action": "publish", "_selected_action": [article.pk]},
    )
    article.refresh_from_db()
    assert article.status == Status.DRAFT


class TestLogin:
    def test_repeated_failures_lock_the_account_for_that_address(self, client, settings, editor):
        settings.AXES_FAILURE_LIMIT = 3
        editor.set_password("the-right-password-1")
        editor.save()
        login = reverse("admin:login")
        for _ in range(3):
            client.post(login, {"username": "editor", "password": "wrong"})
        response = client.post(login, {"username": "editor", "password": "the-right-password-1"})
        assert response.status_code == 429
        assert "_auth_user_id" not in client.session

    def test_a_correct_password_logs_in_before_the_limit(self, client, editor):
        editor.set_password("the-right-password-1")
        editor.save()
        client.post(reverse("admin:login"), {"username": "editor", "password": "wrong"})
        response = client.post(
            reverse("admin:login"), {"username": "editor", "password": "the-right-password-1"}
        )
        assert response.status_code == 302
        assert client.session["_auth_user_id"] == str(editor.pk)

    def test_staff_sessions_expire(self, settings):
        assert settings.SESSION_COOKIE_AGE <= 12 * 3600
        assert settings.SESSION_EXPIRE_AT_BROWSER_CLOSE

    def test_weak_passwords_are_refused(self):
        user = get_user_model()(username="newreporter")
        for weak in ["12345678", "password", "short", "newreporter1"]:
            with pytest.raises(ValidationError):
                validate_password(weak, user)
        validate_password("秋收的小米很香-2020", user)


def test_figures_keep_their_history_too(client, editor):
    from tests.factories import ObservationFactory

    observation = ObservationFactory()
    observation.note = "更正了单位"
    observation.save()
    assert observation.history.count() == 2
    client.force_login(editor)
    url = reverse("admin:indicators_observation_history", args=[observation.pk])
    assert client.get(url).status_code == 200
