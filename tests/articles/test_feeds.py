"""RSS and Atom feeds: latest, per section, per tag; published articles only."""

import pytest

from tests.articles.archive_data import UNPUBLISHED_HEADLINES
from tests.factories import ArticleFactory, SectionFactory

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
