"""Writing through the API: tokens, model permissions, publishing, optimistic versions."""

import datetime

import pytest

from articles.models import Article, Issue, Status
from tests.factories import ArticleFactory, IssueFactory, PageFactory, PublicationFactory

pytestmark = pytest.mark.django_db


def draft_payload(page, **extra):
    return {"issue": page.issue_id, "page": page.pk, "headline": "接口写入的稿件", **extra}


def test_anonymous_write_is_401_with_a_challenge(api):
    response = api.post("/api/v1/articles/", {}, format="json")
    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Token")
    assert response.json()["code"] == "not_authenticated"


def test_token_without_permission_is_403(no_permission_api):
    page = PageFactory()
    response = no_permission_api.post("/api/v1/articles/", draft_payload(page), format="json")
    assert response.status_code == 403
    assert not Article.objects.filter(headline="接口写入的稿件").exists()


def test_reporter_creates_a_draft_that_readers_cannot_see(reporter_api, api):
    page = PageFactory()
    response = reporter_api.post(
        "/api/v1/articles/", draft_payload(page, status="published"), format="json"
    )
    assert response.status_code == 201, response.json()
    created = Article.objects.get(pk=response.json()["id"])
    assert created.status == Status.DRAFT  # status is not writable: publishing is an action
    assert api.get(f"/api/v1/articles/{created.pk}/").status_code == 404


def test_reporter_cannot_publish(reporter_api):
    article = ArticleFactory(status=Status.DRAFT, published_at=None)
    response = reporter_api.post(f"/api/v1/articles/{article.pk}/publish/")
    assert response.status_code == 403
    article.refresh_from_db()
    assert article.status == Status.DRAFT


def test_reporter_cannot_change_published_content(reporter_api):
    article = ArticleFactory()
    response = reporter_api.patch(
        f"/api/v1/articles/{article.pk}/", {"headline": "篡改"}, format="json"
    )
    assert response.status_code == 403
    article.refresh_from_db()
    assert article.headline != "篡改"


def test_editor_publishes_and_readers_see_it(editor_api, api):
    article = ArticleFactory(status=Status.DRAFT, published_at=None)
    response = editor_api.post(f"/api/v1/articles/{article.pk}/publish/")
    assert response.status_code == 200 and response.json()["status"] == "published"
    assert api.get(f"/api/v1/articles/{article.pk}/").status_code == 200


def test_editor_publishes_a_draft_issue_with_its_articles(editor_api, api):
    issue = IssueFactory(status=Status.DRAFT, published_at=None)
    article = ArticleFactory(page=PageFactory(issue=issue), status=Status.DRAFT, published_at=None)
    assert editor_api.post(f"/api/v1/issues/{issue.pk}/publish/").status_code == 200
    assert api.get(f"/api/v1/articles/{article.pk}/").status_code == 200


def test_a_page_from_another_issue_is_a_400_naming_the_field(reporter_api):
    page = PageFactory()
    other = IssueFactory()
    response = reporter_api.post(
        "/api/v1/articles/", {**draft_payload(page), "issue": other.pk}, format="json"
    )
    assert response.status_code == 400
    assert "page" in response.json()["fields"]
    assert not Article.objects.filter(headline="接口写入的稿件").exists()


def test_duplicate_issue_number_is_a_400(reporter_api):
    existing = IssueFactory(number=10076)
    response = reporter_api.post(
        "/api/v1/issues/",
        {
            "publication": existing.publication.slug,
            "date": "2031-01-01",
            "number": 10076,
            "page_count": 4,
        },
        format="json",
    )
    assert response.status_code == 400
    assert Issue.objects.count() == 1


class TestVersions:
    def test_stale_if_match_is_412_naming_who_changed_it(self, editor_api):
        article = ArticleFactory()
        opened = article.version
        article.headline = "别人先改了"
        article.save()
        response = editor_api.patch(
            f"/api/v1/articles/{article.pk}/",
            {"headline": "我的修改"},
            format="json",
            HTTP_IF_MATCH=f'"{opened}"',
        )
        assert response.status_code == 412
        assert "已被" in response.json()["message"]
        article.refresh_from_db()
        assert article.headline == "别人先改了"

    def test_current_version_goes_through_and_returns_the_new_etag(self, editor_api):
        article = ArticleFactory()
        response = editor_api.patch(
            f"/api/v1/articles/{article.pk}/",
            {"headline": "新标题", "version": article.version},
            format="json",
        )
        assert response.status_code == 200
        assert response["ETag"] == f'"{article.version + 1}"'


class TestHttp:
    def test_etag_and_304(self, api):
        article = ArticleFactory()
        first = api.get(f"/api/v1/articles/{article.pk}/")
        assert first["Cache-Control"] == "public, max-age=60"
        assert "Last-Modified" in first
        again = api.get(f"/api/v1/articles/{article.pk}/", HTTP_IF_NONE_MATCH=first["ETag"])
        assert again.status_code == 304

    def test_cors_open_for_reading(self, api):
        response = api.get("/api/v1/articles/", HTTP_ORIGIN="https://data.example.org")
        assert response["Access-Control-Allow-Origin"] == "*"

    def test_throttled_clients_get_429_with_retry_after(self, api, monkeypatch):
        from rest_framework.throttling import AnonRateThrottle

        monkeypatch.setattr(AnonRateThrottle, "THROTTLE_RATES", {"anon": "3/min"})
        codes = [api.get("/api/v1/tags/").status_code for _ in range(3)]
        last = api.get("/api/v1/tags/")
        assert codes == [200, 200, 200] and last.status_code == 429
        assert int(last["Retry-After"]) > 0
        assert last.json()["code"] == "throttled"


@pytest.mark.parametrize("size", [1, 50])
def test_list_queries_do_not_grow_with_page_size(api, django_assert_max_num_queries, size):
    publication = PublicationFactory()
    for day in range(1, 31):
        issue = IssueFactory(publication=publication, date=datetime.date(2021, 1, day))
        ArticleFactory(page=PageFactory(issue=issue))
    with django_assert_max_num_queries(8):
        response = api.get("/api/v1/articles/", {"page_size": size})
    assert len(response.json()["results"]) == min(size, 30)
    # a page: pages, its published articles, their regions, credits, page-image renditions
    for endpoint in ["issues", "pages", "photos", "people", "tags"]:
        with django_assert_max_num_queries(5):
            assert api.get(f"/api/v1/{endpoint}/", {"page_size": size}).status_code == 200
