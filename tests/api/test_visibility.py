"""No draft, future-dated or unpublished-issue item appears anywhere in the API."""

import datetime

import pytest
from django.utils import timezone

from articles.models import ArticleCredit, Status
from tests.factories import (
    ArticleFactory,
    IssueFactory,
    PageFactory,
    PersonFactory,
    PhotoFactory,
    TagFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def hidden(db):
    """One published article, and four that a reader must never see, each with a photo, a
    credited person and a topic of its own: a draft, a scheduled article, an article in a draft
    issue and one in an issue scheduled for tomorrow."""
    tomorrow = timezone.now() + datetime.timedelta(days=1)
    visible = ArticleFactory(headline="可见稿件")
    draft = ArticleFactory(headline="草稿稿件", status=Status.DRAFT, published_at=None)
    future = ArticleFactory(headline="定时稿件", published_at=tomorrow)
    draft_issue = IssueFactory(status=Status.DRAFT, published_at=None)
    in_draft_issue = ArticleFactory(
        headline="未发布期次的稿件", page=PageFactory(issue=draft_issue)
    )
    future_issue = IssueFactory(published_at=tomorrow)
    in_future_issue = ArticleFactory(
        headline="定时期次的稿件", page=PageFactory(issue=future_issue)
    )
    for article in (visible, draft, future, in_draft_issue, in_future_issue):
        PhotoFactory(article=article, caption=f"{article.headline}的图片")
        person = PersonFactory(name=f"{article.headline}的记者")
        ArticleCredit.objects.create(article=article, person=person, role="reporter")
        article.tags.add(TagFactory(name=f"{article.headline}的主题"))
    return {
        "visible": visible,
        "hidden": [draft, future, in_draft_issue, in_future_issue],
        "issue": draft_issue,
        "issues": [draft_issue, future_issue],
    }


def all_text(api, url):
    """Every page of a list endpoint, as one string."""
    text, next_url = "", url
    while next_url:
        response = api.get(next_url)
        assert response.status_code == 200, response.content
        text += response.content.decode()
        next_url = response.json().get("next")
    return text


def all_ids(api, url):
    """The ids of every item of a list endpoint, following `next`."""
    found, next_url = [], url
    while next_url:
        body = api.get(next_url).json()
        found += [row["id"] for row in body["results"]]
        next_url = body.get("next")
    return found


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
        "/api/v1/people/",
        "/api/v1/tags/",
    ],
)
def test_lists_and_filters_show_only_published(api, hidden, url):
    text = all_text(api, url)
    for article in hidden["hidden"]:
        assert article.headline not in text
    if "issues" not in url:  # an issue lists pages, not headlines
        assert "可见稿件" in text


def test_issue_and_page_lists_hold_exactly_the_published_ones(api, hidden):
    visible = hidden["visible"]
    published_issues = {a.issue_id for a in [visible, *hidden["hidden"][:2]]}
    assert sorted(all_ids(api, "/api/v1/issues/")) == sorted(published_issues)
    published_pages = {a.page_id for a in [visible, *hidden["hidden"][:2]]}
    assert sorted(all_ids(api, "/api/v1/pages/")) == sorted(published_pages)
    for issue in hidden["issues"]:
        assert api.get(f"/api/v1/issues/{issue.pk}/").status_code == 404
        page = issue.pages.get()
        assert api.get(f"/api/v1/pages/{page.pk}/").status_code == 404


@pytest.mark.parametrize("url", ["/api/v1/issues/", "/api/v1/people/", "/api/v1/tags/"])
def test_list_counts_leave_hidden_items_out(api, hidden, url):
    body = api.get(url).json()
    assert body["count"] == len(all_ids(api, url))


def test_people_and_topics_of_hidden_work_stay_unseen(api, client, hidden):
    for article in hidden["hidden"]:
        person = article.credits.get()
        tag = article.tags.get()
        assert api.get(f"/api/v1/people/{person.pk}/").status_code == 404
        assert api.get(f"/api/v1/tags/{tag.pk}/").status_code == 404
        assert client.get(person.get_absolute_url()).status_code == 404
        assert client.get(tag.get_absolute_url()).status_code == 404
    seen = hidden["visible"].credits.get()
    assert api.get(f"/api/v1/people/{seen.pk}/").status_code == 200
    assert client.get(seen.get_absolute_url()).status_code == 200


def test_filters_by_hidden_subjects_answer_as_for_missing_ones(api, hidden):
    """No existence oracle: an id a reader may not see gets the 400 of an id that never was."""
    draft = hidden["hidden"][0]
    for name, value in (
        ("person", draft.credits.get().pk),
        ("tag", draft.tags.get().pk),
        ("issue", hidden["issue"].pk),
        ("page", hidden["hidden"][2].page_id),
    ):
        seen = api.get("/api/v1/articles/", {name: value})
        missing = api.get("/api/v1/articles/", {name: 987654321})
        assert seen.status_code == missing.status_code == 400
        assert seen.json() == missing.json()
        assert seen.json()["fields"].keys() == {name}


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
