"""No draft, future-dated or unpublished-issue item appears anywhere in the API."""

import datetime

import pytest
from django.utils import timezone

from articles.models import Status
from tests.factories import (
    ArticleFactory,
    IssueFactory,
    PageFactory,
    PhotoFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def hidden(db):
    """One published article, and three that a reader must never see, each with a photo."""
    visible = ArticleFactory(headline="可见稿件")
    draft = ArticleFactory(headline="草稿稿件", status=Status.DRAFT, published_at=None)
    future = ArticleFactory(
        headline="定时稿件", published_at=timezone.now() + datetime.timedelta(days=1)
    )
    draft_issue = IssueFactory(status=Status.DRAFT, published_at=None)
    in_draft_issue = ArticleFactory(
        headline="未发布期次的稿件", page=PageFactory(issue=draft_issue)
    )
    for article in (visible, draft, future, in_draft_issue):
        PhotoFactory(article=article, caption=f"{article.headline}的图片")
    return {"visible": visible, "hidden": [draft, future, in_draft_issue], "issue": draft_issue}


def all_text(api, url):
    """Every page of a list endpoint, as one string."""
    text, next_url = "", url
    while next_url:
        response = api.get(next_url)
        assert response.status_code == 200, response.content
        text += response.content.decode()
        next_url = response.json().get("next")
    return text


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/articles/",
        "/api/v1/articles/?ordering=date",
        "/api/v1/articles/?genre=news",
        "/api/v1/articles/?origin=own",
        "/api/v1/articles/?date_from=2000-01-01",
        "/api/v1/articles/?q=稿件",
        "/api/v1/issues/",
        "/api/v1/pages/",
        "/api/v1/photos/",
    ],
)
def test_lists_and_filters_show_only_published(api, hidden, url):
    text = all_text(api, url)
    for article in hidden["hidden"]:
        assert article.headline not in text
    if "issues" not in url:
        assert "可见稿件" in text


def test_hidden_articles_and_their_photos_are_404(api, hidden):
    for article in hidden["hidden"]:
        assert api.get(f"/api/v1/articles/{article.pk}/").status_code == 404
        photo = article.photos.get()
        assert api.get(f"/api/v1/photos/{photo.pk}/").status_code == 404
    assert api.get(f"/api/v1/issues/{hidden['issue'].pk}/").status_code == 404


def test_nested_lists_skip_hidden_items(api, hidden):
    draft = hidden["hidden"][0]
    ArticleFactory(page=hidden["visible"].page, headline="同版可见")
    draft.page = hidden["visible"].page
    draft.issue = draft.page.issue
    draft.save()
    page = api.get(f"/api/v1/pages/{draft.page.pk}/").json()
    headlines = [item["headline"] for item in page["articles"]]
    assert "草稿稿件" not in headlines and "同版可见" in headlines


def test_calendar_counts_only_published_issues(api, hidden):
    response = api.get("/api/v1/issues/dates/", {"year": hidden["visible"].issue.date.year})
    body = response.json()
    published_dates = {a.issue.date.isoformat() for a in [hidden["visible"], hidden["hidden"][0]]}
    assert {d["date"] for d in body["dates"]} <= published_dates | {
        a.issue.date.isoformat() for a in hidden["hidden"][:2]
    }
    assert hidden["issue"].date.isoformat() not in {d["date"] for d in body["dates"]}
    assert sum(year["count"] for year in body["years"]) == 3  # draft issue not counted


def test_search_count_ignores_drafts(api, hidden):
    body = api.get("/api/v1/articles/", {"q": "稿件"}).json()
    assert body["count"] == 1 and not body["count_is_estimate"]
