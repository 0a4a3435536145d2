"""Nothing is lost or overwritten in the admin, and nobody gets in where they don't belong."""

import datetime

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db.models.fields.files import FieldFile
from django.urls import reverse
from django.utils import timezone

from articles.models import Article, ArticleCredit, Correction, PhotoCredit
from tests.articles.test_admin import article_form
from tests.factories import (
    ArticleFactory,
    IssueFactory,
    PageCreditFactory,
    PersonFactory,
    PhotoFactory,
    PlaceFactory,
    TagFactory,
)

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
        response = restore(client, article, original)
        assert response.status_code == 302, response.context["adminform"].form.errors
        article.refresh_from_db()
        assert article.headline == "最初的标题"
        assert article.version > original.version  # the restore is a new version

    def test_restoring_an_article_brings_back_its_tags_and_places(self, client, editor):
        article = ArticleFactory()
        article.tags.add(TagFactory(name="脱贫攻坚"))
        article.places.add(PlaceFactory(name="临县"))
        tagged = article.history.first()
        article.tags.set([TagFactory(name="乡村振兴")])
        article.places.clear()
        client.force_login(editor)
        assert restore(client, article, tagged).status_code == 302
        assert [tag.name for tag in article.tags.all()] == ["脱贫攻坚"]
        assert [place.name for place in article.places.all()] == ["临县"]

    def test_an_editor_restores_an_earlier_issue(self, client, editor):
        issue = IssueFactory(number=10076, page_count=4)
        original = issue.history.earliest()
        issue.number, issue.page_count = 10077, 8
        issue.save()
        client.force_login(editor)
        response = restore(client, issue, original)
        assert response.status_code == 302, response.context["adminform"].form.errors
        issue.refresh_from_db()
        assert (issue.number, issue.page_count) == (10076, 4)
        assert issue.history.count() == 3 and issue.history.first().history_user == editor

    def test_an_editor_restores_an_earlier_photo(self, client, editor):
        photo = PhotoFactory(caption="原来的图片说明", alt_text="原来的替代文字", position=1)
        original = photo.history.earliest()
        photo.caption, photo.alt_text, photo.position = "改错的说明", "", 5
        photo.save()
        client.force_login(editor)
        response = restore(client, photo, original)
        assert response.status_code == 302, response.context["adminform"].form.errors
        photo.refresh_from_db()
        assert (photo.caption, photo.alt_text, photo.position) == (
            "原来的图片说明",
            "原来的替代文字",
            1,
        )
        assert photo.image.name == original.image  # the same file, still there
        assert photo.image.storage.exists(photo.image.name)

    def test_tag_and_place_changes_are_recorded(self, editor):
        article = ArticleFactory()
        versions = article.history.count()
        tag, place = TagFactory(), PlaceFactory()
        article.tags.add(tag)
        article.places.add(place)
        assert article.history.count() == versions + 2
        latest = article.history.first()
        assert [row.tag for row in latest.tags.all()] == [tag]
        assert [row.place for row in latest.places.all()] == [place]
        earliest = article.history.earliest()
        assert not earliest.tags.exists()

    def test_credits_and_corrections_keep_who_changed_them(self, client, editor):
        article = ArticleFactory()
        person = PersonFactory(name="王记者")
        client.force_login(editor)
        data = article_form(article.page, headline=article.headline, status="published")
        data.update(split_datetime(article.published_at))
        data.update(
            {
                "article_credits-TOTAL_FORMS": "1",
                "article_credits-0-role": "reporter",
                "article_credits-0-person": person.pk,
                "article_credits-0-position": "0",
                "corrections-TOTAL_FORMS": "1",
                "corrections-0-date": "2020-09-16",
                "corrections-0-text": "昨日本报第1版稿件中的数字有误，特此更正。",
            }
        )
        assert client.post(change_url(article), data).status_code == 302
        credit = ArticleCredit.history.get()
        correction = Correction.history.get()
        assert (credit.history_type, credit.history_user, credit.person) == ("+", editor, person)
        assert (correction.history_user, correction.text[:2]) == (editor, "昨日")
        ArticleCredit.objects.get().delete()
        assert ArticleCredit.history.filter(history_type="-").exists()
        page_credit = PageCreditFactory()
        photo_credit = PhotoCredit.objects.create(photo=PhotoFactory(), person=person)
        assert page_credit.history.count() == 1 and photo_credit.history.count() == 1


def restore(client, obj, version):
    """Open `version` of `obj` in the admin's history and save it back unchanged, as an editor
    pressing "restore" does."""
    name = f"admin:{obj._meta.app_label}_{obj._meta.model_name}_simple_history"
    url = reverse(name, args=[obj.pk, version.pk])
    form = client.get(url).context["adminform"].form
    data = {}
    for field_name in form.fields:
        value = form[field_name].value()
        if isinstance(value, datetime.datetime):
            data.update(split_datetime(value, field_name))
        elif isinstance(value, list | tuple):
            data[field_name] = [str(item) for item in value]
        elif isinstance(value, bool):
            if value:
                data[field_name] = "on"
        elif value is not None and not isinstance(value, FieldFile):
            data[field_name] = str(value)
    return client.post(url, data)


def split_datetime(value, name="published_at"):
    """A datetime as the admin's split date and time inputs (both empty for None)."""
    if value is None:
        return {f"{name}_0": "", f"{name}_1": ""}
    local = timezone.localtime(value)
    return {f"{name}_0": f"{local:%Y-%m-%d}", f"{name}_1": f"{local:%H:%M:%S}"}


class TestDeleting:
    def test_editor_deletes_published_article_and_history_keeps_it(self, client, editor):
        article = ArticleFactory(headline="将被删除")
        client.force_login(editor)
        url = reverse("admin:articles_article_delete", args=[article.pk])
        assert client.post(url, {"post": "yes"}).status_code == 302
        assert not Article.objects.filter(pk=article.pk).exists()
        deleted = Article.history.filter(id=article.pk, history_type="-").get()
        assert deleted.headline == "将被删除" and deleted.history_user == editor


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
