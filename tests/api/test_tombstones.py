"""Tombstones: a harvester learns what stopped being public, and only (kind, id, when)."""

import datetime

import pytest
from django.utils import timezone

from articles.models import Status
from articles.services import unpublish_article, unpublish_issue
from indicators.models import ObservationStatus
from publishing.models import Tombstone
from tests.factories import (
    ArticleFactory,
    IssueFactory,
    ObservationFactory,
    PageFactory,
    PhotoFactory,
)

pytestmark = pytest.mark.django_db


def tombstones(api, **params) -> set[tuple[str, int]]:
    response = api.get("/api/v1/tombstones/", params)
    assert response.status_code == 200, response.content
    return {(row["kind"], row["id"]) for row in response.json()["results"]}


def test_withdrawing_an_article_leaves_a_tombstone_with_kind_id_and_time_only(api, editor):
    article = ArticleFactory(headline="后来撤回的稿件")
    unpublish_article(article=article, user=editor)
    body = api.get("/api/v1/tombstones/").json()
    assert body["count"] == 1
    [row] = body["results"]
    assert set(row) == {"kind", "id", "removed_at"}
    assert (row["kind"], row["id"]) == ("article", article.pk)
    assert "后来撤回的稿件" not in str(body)


def test_unpublishing_an_issue_buries_what_was_public_in_it(api, editor):
    issue = IssueFactory()
    page = PageFactory(issue=issue)
    article = ArticleFactory(page=page)
    draft = ArticleFactory(page=page, status=Status.DRAFT, published_at=None)
    photo = PhotoFactory(article=article, page=page)
    figure = ObservationFactory(article=article)
    unpublish_issue(issue=issue, user=editor)
    assert tombstones(api) == {
        ("issue", issue.pk),
        ("page", page.pk),
        ("article", article.pk),
        ("photo", photo.pk),
        ("figure", figure.pk),
    }
    assert ("article", draft.pk) not in tombstones(api)  # never public: its id is not told


def test_deleting_public_content_leaves_tombstones_and_drafts_leave_none(api):
    article = ArticleFactory()
    photo = PhotoFactory(article=article, page=article.page)
    draft = ArticleFactory(status=Status.DRAFT, published_at=None)
    article_id, photo_id = article.pk, photo.pk
    article.delete()
    draft.delete()
    assert tombstones(api) == {("article", article_id), ("photo", photo_id)}


def test_a_photo_moved_onto_an_unpublished_page_and_a_withdrawn_figure(api):
    photo = PhotoFactory(article=None, page=PageFactory())
    photo.page = PageFactory(issue=IssueFactory(status=Status.DRAFT, published_at=None))
    photo.save()
    figure = ObservationFactory()
    figure.status = ObservationStatus.PROPOSED
    figure.save()
    assert tombstones(api) == {("photo", photo.pk), ("figure", figure.pk)}


def test_editing_public_content_leaves_no_tombstone(api):
    article = ArticleFactory()
    article.headline = "改了标题"
    article.save()
    assert tombstones(api) == set()


def test_updated_since_and_kind_select_tombstones(api, editor):
    old, new = ArticleFactory(), ArticleFactory()
    unpublish_article(article=old, user=editor)
    Tombstone.objects.update(removed_at=timezone.now() - datetime.timedelta(days=3))
    unpublish_article(article=new, user=editor)
    since = (timezone.now() - datetime.timedelta(days=1)).isoformat()
    assert tombstones(api, updated_since=since) == {("article", new.pk)}
    assert tombstones(api, kind="issue") == set()
    assert api.get("/api/v1/tombstones/", {"updated_since": "昨天"}).status_code == 400
    assert api.get("/api/v1/tombstones/", {"kind": "person"}).status_code == 400


@pytest.mark.parametrize("endpoint", ["issues", "pages", "photos", "observations", "articles"])
def test_every_harvested_list_takes_updated_since(api, endpoint):
    article = ArticleFactory()
    PhotoFactory(article=article, page=article.page)
    ObservationFactory(article=article)
    past = (timezone.now() - datetime.timedelta(hours=1)).isoformat()
    future = (timezone.now() + datetime.timedelta(hours=1)).isoformat()
    assert api.get(f"/api/v1/{endpoint}/", {"updated_since": past}).json()["results"]
    assert not api.get(f"/api/v1/{endpoint}/", {"updated_since": future}).json()["results"]
    assert api.get(f"/api/v1/{endpoint}/", {"updated_since": "x"}).status_code == 400


def test_the_schema_documents_tombstones_and_updated_since(api):
    schema = api.get("/api/v1/schema/?format=json").json()
    operation = schema["paths"]["/api/v1/tombstones/"]["get"]
    assert {p["name"] for p in operation["parameters"]} >= {"updated_since", "kind", "cursor"}
    for path in ("/api/v1/issues/", "/api/v1/pages/", "/api/v1/photos/", "/api/v1/observations/"):
        names = {p["name"] for p in schema["paths"][path]["get"]["parameters"]}
        assert "updated_since" in names, path


def test_an_object_removed_twice_has_one_tombstone_at_the_latest_time(api, editor):
    from articles.services import publish_article

    article = ArticleFactory()
    unpublish_article(article=article, user=editor)
    first = Tombstone.objects.get().removed_at
    publish_article(article=article, user=editor)
    unpublish_article(article=article, user=editor)
    assert Tombstone.objects.get().removed_at > first


def test_what_appears_with_its_issue_is_in_the_changes_feed(api, editor):
    from articles.services import publish_issue

    issue = IssueFactory(status=Status.DRAFT, published_at=None)
    page = PageFactory(issue=issue, number=1)
    article = ArticleFactory(page=page, status=Status.DRAFT, published_at=None)
    photo = PhotoFactory(article=article, page=page)
    figure = ObservationFactory(article=article)
    for model in (type(page), type(photo), type(figure)):
        model.objects.update(updated_at=timezone.now() - datetime.timedelta(days=2))
    since = (timezone.now() - datetime.timedelta(minutes=1)).isoformat()
    publish_issue(issue=issue, user=editor)
    for endpoint, obj in (("pages", page), ("photos", photo), ("observations", figure)):
        rows = api.get(f"/api/v1/{endpoint}/", {"updated_since": since}).json()["results"]
        assert [row["id"] for row in rows] == [obj.pk], endpoint
