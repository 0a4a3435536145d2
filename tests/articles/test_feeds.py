"""RSS and Atom feeds: latest, per section, per tag; published articles only."""

import datetime
import random
import re

import pytest
from django.utils import timezone

from articles.feeds import FEED_LENGTH
from articles.models import Article, Status
from tests.articles.archive_data import UNPUBLISHED_HEADLINES
from tests.factories import (
    ArticleFactory,
    IssueFactory,
    PageFactory,
    SectionFactory,
    TagFactory,
)

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "url, content_type",
    [
        ("/feeds/latest/rss/", "application/rss+xml"),
        ("/feeds/latest/atom/", "application/atom+xml"),
    ],
)
def test_latest_feeds_list_published_articles_only(client, archive, url, content_type):
    response = client.get(url)
    assert response.status_code == 200 and response["Content-Type"].startswith(content_type)
    body = response.content.decode()
    assert "市委常委会召开会议" in body and "李雅萍" in body
    for headline in UNPUBLISHED_HEADLINES:
        assert headline not in body


def test_section_feed_lists_only_that_sections_articles(client, archive):
    ArticleFactory(page=archive.lead.page, headline="别的栏目稿件", section=SectionFactory())
    body = client.get("/feeds/sections/shizheng/rss/").content.decode()
    assert "市委常委会召开会议" in body and "别的栏目稿件" not in body
    assert client.get("/feeds/sections/shizheng/atom/").status_code == 200


def test_tag_feed_lists_published_articles_on_that_topic(client, archive):
    body = client.get(f"/feeds/tags/{archive.tag.pk}/rss/").content.decode()
    assert "市委常委会召开会议" in body and "昔日贫困户" in body
    for headline in UNPUBLISHED_HEADLINES:
        assert headline not in body
    assert client.get(f"/feeds/tags/{archive.tag.pk}/atom/").status_code == 200


def test_feeds_list_the_newest_by_when_readers_could_first_read_them(client, db):
    """An item's date is the later of its own and its issue's publish times; the feed holds the
    FEED_LENGTH newest by it, ties in printed order: checked against that rule worked out here,
    over issues published late (back issues), items published after their issue, drafts, and
    whole issues published at one moment."""
    start = timezone.now() - datetime.timedelta(days=200)
    tag = TagFactory()
    rng = random.Random(7)
    for day in range(40):  # more issues than a feed's length
        on_the_day = start + datetime.timedelta(days=day)
        issue = IssueFactory(
            date=datetime.date(2019, 3, 1) + datetime.timedelta(days=day),
            # every third issue put online long after its items were (a back issue), two of them
            # at the same moment
            published_at=on_the_day if day % 3 else start + datetime.timedelta(60 + day % 2),
        )
        pages = [PageFactory(issue=issue, number=number) for number in (1, 2)]
        for position in range(2):
            late = rng.random() < 0.3  # an item published after its day
            article = ArticleFactory(
                page=pages[position % 2],
                position=position,
                published_at=on_the_day + datetime.timedelta(rng.randint(40, 120) if late else 0),
                status=Status.DRAFT if rng.random() < 0.1 else Status.PUBLISHED,
            )
            if rng.random() < 0.5:
                article.tags.add(tag)

    def expected(articles) -> list[str]:
        visible = [a for a in articles.select_related("issue") if a.issue.is_published]
        visible.sort(
            key=lambda a: (
                -max(a.published_at, a.issue.published_at).timestamp(),
                -a.issue.date.toordinal(),
                a.page_number,
                a.position,
                a.pk,
            )
        )
        return [a.get_absolute_url() for a in visible[:FEED_LENGTH]]

    for url, articles in [
        ("/feeds/latest/rss/", Article.objects.published()),
        (f"/feeds/tags/{tag.pk}/rss/", Article.objects.published().filter(tags=tag)),
    ]:
        body = client.get(url).content.decode()
        listed = re.findall(r"<link>http://testserver(/articles/\d+/)</link>", body)
        assert listed == expected(articles)
