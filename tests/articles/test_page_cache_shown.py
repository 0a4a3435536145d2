"""articles.page_cache.SHOWN follows the templates: an article page shows of the articles it lists
as related items and as neighbours, and the issue page of its articles, only the fields SHOWN
names for them, since a save that changes any other field leaves that page cached. A template
that starts printing another field of them fails here until SHOWN names it too. The same for
what the pages show of a printed page (PAGE_SHOWN)."""

import datetime

import pytest
from django.db import models

from articles.models import Article, Issue, Page
from articles.page_cache import PAGE_SHOWN, SHOWN
from tests.factories import ArticleFactory, IssueFactory, PageFactory

pytestmark = pytest.mark.django_db


def marked_texts(kind: str) -> dict[str, str]:
    """A distinct marker for every free-text field of an article that SHOWN[kind] leaves out."""
    shown = set(SHOWN[kind])
    return {
        field.name: f"标记{index}{field.name}"[: field.max_length or 200]
        for index, field in enumerate(Article._meta.concrete_fields)
        if isinstance(field, models.CharField | models.TextField)
        and not field.choices
        and field.editable
        and field.name not in shown
    }


@pytest.mark.parametrize(
    ("kind", "where"),
    [("related", "related by a shared topic, in another issue"), ("page", "the next on its page")],
)
def test_an_article_page_shows_of_its_related_items_and_neighbours_only_what_shown_names(
    client, archive, kind, where
):
    texts = marked_texts(kind)
    assert {"body", "kicker", "subheadline"} <= set(texts)  # the test has something to find
    if kind == "related":
        other_issue = IssueFactory(
            publication=archive.issue.publication, date=datetime.date(2019, 5, 6), number=9801
        )
        listed = ArticleFactory(page=PageFactory(issue=other_issue, number=1), **texts)
        listed.tags.add(archive.tag)
    else:
        listed = archive.second
        Article.objects.filter(pk=listed.pk).update(**texts)
        listed.refresh_from_db()
        assert listed.page_id == archive.lead.page_id, where

    html = client.get(archive.lead.get_absolute_url()).content.decode()

    assert listed.headline in html, f"the page lists the article ({where})"
    printed = [name for name, marker in texts.items() if marker in html]
    assert printed == [], f"add {printed} to SHOWN[{kind!r}] in articles/page_cache.py"


def test_the_issue_page_shows_of_its_articles_only_what_shown_names(client, archive):
    texts = marked_texts("issue")
    Article.objects.filter(issue=archive.issue).update(**texts)

    html = client.get("/2020/9/15/").content.decode()

    assert archive.lead.headline in html
    printed = [name for name, marker in texts.items() if marker in html]
    assert printed == [], f"add {printed} to SHOWN['issue'] in articles/page_cache.py"


# A distinct marker in every field of a page a reader could be shown (not its scan: renditions)
PAGE_MARKERS = {
    "name": "标记版名",
    "department": "标记主办部门",
    "department_email": "marker-department@example.com",
    "pdf": "pages/pdf/2020/09/marker-pdf/page.pdf",
    "source_text": "标记导入原文",
}


@pytest.mark.parametrize(
    ("kind", "where"),
    [
        ("page", "an article page of the page"),
        ("page", "the home page (the page is in the latest issue)"),
        ("issue", "the issue page"),
    ],
)
def test_pages_show_of_a_printed_page_only_what_page_shown_names(client, archive, kind, where):
    Page.objects.filter(pk=archive.lead.page_id).update(**PAGE_MARKERS)
    url = {
        "an article page of the page": archive.lead.get_absolute_url(),
        "the home page (the page is in the latest issue)": "/",
        "the issue page": "/2020/9/15/",
    }[where]

    html = client.get(url).content.decode()

    assert PAGE_MARKERS["name"] in html, f"{where} names the page"
    shown = PAGE_SHOWN[kind]
    printed = [name for name, mark in PAGE_MARKERS.items() if mark in html and name not in shown]
    assert printed == [], f"add {printed} to PAGE_SHOWN[{kind!r}] in articles/page_cache.py"


def test_only_the_mastheads_show_an_issues_page_count(client, archive):
    """ISSUE_SHOWN: the issue page and the home page print 今日N版; the printed pages, their
    text and the articles print the issue's number, not its page count."""
    Issue.objects.filter(pk=archive.issue.pk).update(page_count=77)
    for url in ["/2020/9/15/", "/"]:
        assert "今日77版" in client.get(url).content.decode(), url
    for kind, url in [
        ("printed", "/2020/9/15/1/"),
        ("printed", "/2020/9/15/1/text/"),
        ("page", archive.lead.get_absolute_url()),
    ]:
        html = client.get(url).content.decode()
        assert "第10076期" in html, url
        assert "77版" not in html, f"add page_count to ISSUE_SHOWN[{kind!r}] ({url})"
