"""Writing through the API: tokens, model permissions, publishing, optimistic versions."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from articles.models import Article, Correction, Issue, Origin, Page, Photo, PhotoCredit, Status
from tests.factories import (
    ArticleCreditFactory,
    ArticleFactory,
    IssueFactory,
    PageFactory,
    PersonFactory,
    PhotoFactory,
    PlaceFactory,
    PublicationFactory,
    SectionFactory,
    TagFactory,
)

pytestmark = pytest.mark.django_db


def draft_payload(page, **extra):
    return {"issue": page.issue_id, "page": page.pk, "headline": "接口写入的稿件", **extra}


def test_anonymous_write_is_401_with_a_challenge(api):
    response = api.post("/api/v1/articles/", {}, format="json")
    assert response.status_code == 401
    assert response["WWW-Authenticate"].startswith("Token")
    assert response.json()["code"] == "not_authenticated"


def test_a_browser_session_cannot_write_even_as_editor(client, editor):
    """Writes need a service account's token; the editors' tool is the admin."""
    client.force_login(editor)
    page = PageFactory()
    response = client.post(
        "/api/v1/articles/", draft_payload(page), content_type="application/json"
    )
    assert response.status_code == 403
    assert "Token" in response.json()["message"]
    assert not Article.objects.filter(headline="接口写入的稿件").exists()


def test_editor_publishes_a_draft_issue_with_its_articles(editor_api, api):
    issue = IssueFactory(status=Status.DRAFT, published_at=None)
    front = PageFactory(issue=issue, number=1)
    article = ArticleFactory(page=front, status=Status.DRAFT, published_at=None)
    inside = ArticleFactory(
        page=PageFactory(issue=issue, number=2), status=Status.DRAFT, published_at=None
    )
    assert editor_api.post(f"/api/v1/issues/{issue.pk}/publish/").status_code == 200
    for published in (article, inside):
        assert api.get(f"/api/v1/articles/{published.pk}/").status_code == 200


def test_an_issue_with_an_empty_front_page_is_not_published(editor_api, api):
    """The API keeps the admin's rule: page 1 must show an item, else nothing goes public."""
    issue = IssueFactory(status=Status.DRAFT, published_at=None)
    PageFactory(issue=issue, number=1)
    inside = ArticleFactory(
        page=PageFactory(issue=issue, number=2), status=Status.DRAFT, published_at=None
    )
    response = editor_api.post(f"/api/v1/issues/{issue.pk}/publish/")
    assert response.status_code == 400
    assert "第1版" in response.json()["message"]
    issue.refresh_from_db()
    inside.refresh_from_db()
    assert (issue.status, inside.status) == (Status.DRAFT, Status.DRAFT)
    assert api.get(f"/api/v1/issues/{issue.pk}/").status_code == 404


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

    def test_an_edit_without_a_version_is_refused_with_428(self, editor_api):
        article = ArticleFactory()
        response = editor_api.patch(
            f"/api/v1/articles/{article.pk}/", {"headline": "盲改"}, format="json"
        )
        assert response.status_code == 428
        assert response.json()["code"] == "version_required"
        article.refresh_from_db()
        assert article.headline != "盲改"

    def test_if_match_star_is_a_deliberate_overwrite(self, editor_api):
        article = ArticleFactory()
        article.headline = "别人先改了"
        article.save()
        response = editor_api.patch(
            f"/api/v1/articles/{article.pk}/",
            {"headline": "覆盖"},
            format="json",
            HTTP_IF_MATCH="*",
        )
        assert response.status_code == 200
        article.refresh_from_db()
        assert article.headline == "覆盖"


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

    def test_each_token_has_its_own_budget(self, reporter_api, editor_api, monkeypatch):
        from rest_framework.throttling import UserRateThrottle

        monkeypatch.setattr(UserRateThrottle, "THROTTLE_RATES", {"user": "2/min"})
        assert [reporter_api.get("/api/v1/tags/").status_code for _ in range(2)] == [200, 200]
        throttled = reporter_api.get("/api/v1/tags/")
        assert throttled.status_code == 429 and int(throttled["Retry-After"]) > 0
        assert editor_api.get("/api/v1/tags/").status_code == 200  # another token, own budget


@pytest.mark.parametrize("size", [1, 50])
def test_list_queries_do_not_grow_with_page_size(api, django_assert_max_num_queries, size):
    publication, source = PublicationFactory(), PublicationFactory(is_own=False)
    section, tag, place = SectionFactory(), TagFactory(), PlaceFactory()
    for day in range(1, 31):
        issue = IssueFactory(publication=publication, date=datetime.date(2021, 1, day))
        # everything an article can carry, so that every prefetch runs
        article = ArticleFactory(
            page=PageFactory(issue=issue),
            section=section,
            origin=Origin.REPRINT,
            source_publication=source,
        )
        article.tags.add(tag)
        article.places.add(place)
        ArticleCreditFactory(article=article)
        Correction.objects.create(article=article, date=issue.date, text="更正")
        PhotoCredit.objects.create(photo=PhotoFactory(article=article), person=PersonFactory())
    # the articles with their issues, papers and pages; sections, sources, credits, tags,
    # places, corrections, photos, photographers, renditions
    with django_assert_max_num_queries(10):
        response = api.get("/api/v1/articles/", {"page_size": size})
    assert len(response.json()["results"]) == min(size, 30)
    # a page: pages, its published articles, their regions, credits, page-image renditions
    for endpoint in ["issues", "pages", "photos", "people", "tags"]:
        with django_assert_max_num_queries(5):
            assert api.get(f"/api/v1/{endpoint}/", {"page_size": size}).status_code == 200


# --- Content inside published issues and articles (B5, B6) ------------------------------------


def draft_issue():
    return IssueFactory(status=Status.DRAFT, published_at=None)


def photo_upload(page, **extra):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.factories import png_bytes

    image = SimpleUploadedFile("photo.png", png_bytes(), content_type="image/png")
    return {"image": image, "page": page.pk, "caption": "接口上传的图片", **extra}


class TestPublishedContainers:
    """Nothing reaches readers through a reporter's token: not by creating content inside a
    published issue or article, not by moving content into one."""

    def test_reporter_cannot_add_a_page_to_a_published_issue(self, reporter_api, api):
        issue = IssueFactory()
        response = reporter_api.post(
            "/api/v1/pages/", {"issue": issue.pk, "number": 9, "name": "加版"}, format="json"
        )
        assert response.status_code == 403
        assert str(issue) in response.json()["message"]  # says which issue is published
        assert not Page.objects.filter(name="加版").exists()
        assert all(
            page["number"] != 9 for page in api.get(f"/api/v1/issues/{issue.pk}/").json()["pages"]
        )

    def test_reporter_cannot_move_a_page_out_of_a_published_issue(self, reporter_api):
        page = PageFactory()
        response = reporter_api.patch(
            f"/api/v1/pages/{page.pk}/", {"issue": draft_issue().pk}, format="json"
        )
        assert response.status_code == 403

    @pytest.mark.parametrize("with_article", [False, True], ids=["standing-alone", "of-article"])
    def test_reporter_cannot_upload_a_photo_into_published_content(
        self, reporter_api, with_article
    ):
        article = ArticleFactory()
        extra = {"article": article.pk} if with_article else {}
        response = reporter_api.post(
            "/api/v1/photos/", photo_upload(article.page, **extra), format="multipart"
        )
        assert response.status_code == 403
        assert not Photo.objects.exists()

    def test_a_reporters_photo_of_a_draft_article_in_a_published_issue_stays_hidden(
        self, reporter_api, api
    ):
        article = ArticleFactory(status=Status.DRAFT, published_at=None)
        response = reporter_api.post(
            "/api/v1/photos/", photo_upload(article.page, article=article.pk), format="multipart"
        )
        assert response.status_code == 201
        assert api.get(f"/api/v1/photos/{response.json()['id']}/").status_code == 404

    def test_a_reporters_draft_article_in_a_published_issue_stays_hidden(
        self, reporter_api, api, client
    ):
        """An article has a status of its own: the reporter may write it into a published
        issue, or move it there, and it stays a draft that readers do not see."""
        published_page = PageFactory()
        created = reporter_api.post(
            "/api/v1/articles/",
            draft_payload(published_page, headline="记者写进已发布期次的稿件"),
            format="json",
        )
        assert created.status_code == 201
        elsewhere = ArticleFactory(
            page=PageFactory(issue=draft_issue()), status=Status.DRAFT, published_at=None
        )
        moved = reporter_api.patch(
            f"/api/v1/articles/{elsewhere.pk}/",
            {"issue": published_page.issue_id, "page": published_page.pk},
            format="json",
            HTTP_IF_MATCH=f'"{elsewhere.version}"',
        )
        assert moved.status_code == 200
        for pk in (created.json()["id"], elsewhere.pk):
            assert Article.objects.get(pk=pk).status == Status.DRAFT
            assert api.get(f"/api/v1/articles/{pk}/").status_code == 404
        page_json = api.get(f"/api/v1/pages/{published_page.pk}/").json()
        assert page_json["articles"] == []
        assert (
            "记者写进已发布期次的稿件"
            not in client.get(published_page.get_absolute_url()).content.decode()
        )


# What a search itself reads, whatever the page size and the number of matches: the count (on
# PostgreSQL the session's settings and the planner's estimate), the matches' summary (facets,
# newest rows) and the candidates' scores.
SEARCH_STATEMENTS = {"sqlite": 2, "postgresql": 4}


@pytest.mark.parametrize("ordering", ["relevance", "-date"])
@pytest.mark.parametrize("size", [1, 10])
def test_search_loads_its_page_with_the_lists_queries(
    api, django_assert_num_queries, ordering, size
):
    """The search loads its page's articles once, with the list's own queryset: beyond finding
    the matches (a fixed number of statements) it costs the queries of the plain list."""
    publication, source = PublicationFactory(), PublicationFactory(is_own=False)
    section, tag, place = SectionFactory(), TagFactory(), PlaceFactory()
    for day in range(1, 13):
        issue = IssueFactory(publication=publication, date=datetime.date(2021, 1, day))
        article = ArticleFactory(
            page=PageFactory(issue=issue),
            headline=f"消费扶贫第{day}站",
            section=section,
            origin=Origin.REPRINT,
            source_publication=source,
        )
        article.tags.add(tag)
        article.places.add(place)
        ArticleCreditFactory(article=article)
        Correction.objects.create(article=article, date=issue.date, text="更正")
        PhotoCredit.objects.create(photo=PhotoFactory(article=article), person=PersonFactory())
    with CaptureQueriesContext(connection) as listing:
        listed = api.get("/api/v1/articles/", {"page_size": size})
    params = {"q": "消费扶贫", "page_size": size, "ordering": ordering}
    with django_assert_num_queries(len(listing) + SEARCH_STATEMENTS[connection.vendor]):
        found = api.get("/api/v1/articles/", params)
    assert len(found.json()["results"]) == len(listed.json()["results"]) == size
    assert found.json()["count"] == 12
    assert found.json()["results"][0]["photos"] and found.json()["results"][0]["snippet"]
