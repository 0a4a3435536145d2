"""Two editors on every model an editor can change, in the admin: the second save, made from a
copy opened before the first, is refused with who saved first, when and what they changed, and
nothing of the second editor's is saved over it (publishing.editing, publishing.versions)."""

import pytest
from django.contrib.auth.models import User
from django.urls import reverse

from tests.factories import (
    ArticleFactory,
    IssueFactory,
    ObservationFactory,
    PageFactory,
    PersonFactory,
    PhotoFactory,
    PlaceFactory,
    TagFactory,
)
from tests.forms import admin_change_data

pytestmark = pytest.mark.django_db

# model: (a factory, the field both editors change, the first's value, the second's value)
MODELS = {
    "issue": (IssueFactory, "page_count", "8", "12"),
    "page": (PageFactory, "name", "第一位编辑的版名", "第二位编辑的版名"),
    "article": (ArticleFactory, "headline", "第一位编辑的标题", "第二位编辑的标题"),
    "photo": (PhotoFactory, "caption", "第一位编辑的说明", "第二位编辑的说明"),
    "person": (PersonFactory, "disambiguation", "本报记者", "通讯员"),
    "tag": (TagFactory, "name", "第一位编辑的话题", "第二位编辑的话题"),
    "place": (PlaceFactory, "name", "第一位编辑的地点", "第二位编辑的地点"),
    "observation": (ObservationFactory, "note", "第一位编辑的备注", "第二位编辑的备注"),
}


def change_url(obj):
    opts = obj._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[obj.pk])


@pytest.mark.parametrize("model", sorted(MODELS))
def test_the_second_save_of_two_editors_is_refused(client, model):
    factory, field, first_value, second_value = MODELS[model]
    obj = factory()
    first = User.objects.create_superuser("first-editor", password="a-long-password-1")
    second = User.objects.create_superuser("second-editor", password="a-long-password-2")
    url = change_url(obj)

    client.force_login(second)
    opened_by_second = admin_change_data(client.get(url))  # opened, not saved yet
    client.force_login(first)
    saved = client.post(url, {**admin_change_data(client.get(url)), field: first_value})
    assert saved.status_code == 302, saved.context and saved.context["adminform"].form.errors

    client.force_login(second)
    refused = client.post(url, {**opened_by_second, field: second_value})
    assert refused.status_code == 200
    errors = str(refused.context["adminform"].form.non_field_errors())
    assert "已被 first-editor 于" in errors  # who and when
    assert first_value in errors  # what they changed
    obj.refresh_from_db()
    assert str(getattr(obj, field)) == first_value


def test_a_save_from_the_current_version_goes_through_and_counts_up(client, editor):
    page = PageFactory()
    client.force_login(editor)
    data = admin_change_data(client.get(change_url(page)))
    assert client.post(change_url(page), {**data, "name": "新版名"}).status_code == 302
    page.refresh_from_db()
    assert (page.name, page.version) == ("新版名", 2)


def test_an_inline_row_changed_elsewhere_is_refused_on_its_row(client, editor):
    """The issue form lists its pages: a page renamed in between is not renamed back."""
    page = PageFactory(name="原版名")
    client.force_login(editor)
    url = change_url(page.issue)
    opened = admin_change_data(client.get(url))
    page.name = "别处改的版名"
    page.save()
    response = client.post(url, {**opened, "pages-0-name": "这里改的版名"})
    assert response.status_code == 200
    row = response.context["inline_admin_formsets"][0].formset.forms[0]
    assert "已被" in str(row.non_field_errors())
    page.refresh_from_db()
    assert page.name == "别处改的版名"


def test_history_reads_as_the_paper_does(client, editor):
    """Labels, not code names; choices by their label; local time; "—" for nothing."""
    article = ArticleFactory(subheadline="")
    client.force_login(editor)
    url = change_url(article)
    data = admin_change_data(client.get(url))
    client.post(url, {**data, "subheadline": "新的副题", "genre": "feature"})
    html = client.get(reverse("admin:articles_article_history", args=[article.pk])).content
    html = html.decode()
    assert "副题：</strong>— → 新的副题" in html
    assert "体裁：</strong>消息 → 通讯" in html
    assert "None" not in html and "subheadline" not in html
    record = article.history.first()
    local = record.history_date.astimezone(__import__("zoneinfo").ZoneInfo("Asia/Shanghai"))
    assert local.strftime("%Y-%m-%d %H:%M") in html


@pytest.mark.django_db(transaction=True)
def test_restoring_a_version_saves_it_in_a_transaction(client):
    """Django runs the change form in a transaction, django-simple-history's restore form not:
    the version check would lock its row outside any (an error on PostgreSQL)."""
    article = ArticleFactory(headline="最初的标题")
    article.headline = "后来的标题"
    article.save()
    client.force_login(User.objects.create_superuser("restorer", password="a-long-password-3"))
    first = article.history.earliest()
    url = reverse("admin:articles_article_simple_history", args=[article.pk, first.pk])
    response = client.post(url, admin_change_data(client.get(url)))
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.headline == "最初的标题" and article.version == 3
