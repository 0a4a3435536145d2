"""Saving one article leaves the cached pages that do not show it cached, while every page that
shows it (its own, its page, its issue, the home page, lists, related items) is fresh at once,
and unpublishing it takes it off every page (articles/page_cache.py, docs/caching.md)."""

import datetime

import pytest
from django.utils import timezone

from articles.services import unpublish_article
from tests.factories import (
    ArticleCreditFactory,
    ArticleFactory,
    IssueFactory,
    PageFactory,
    TagFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def elsewhere(archive):
    """An article in an issue of another day, sharing nothing with the lead article."""
    issue = IssueFactory(
        publication=archive.issue.publication, date=datetime.date(2019, 3, 2), number=9800
    )
    article = ArticleFactory(page=PageFactory(issue=issue, number=1), headline="别处的一篇报道")
    article.tags.add(TagFactory(name="另一个话题"))
    return article


@pytest.fixture
def ready(archive, elsewhere, committed, monkeypatch):
    """The archive as committed (its own bumps done) and one clock: a page rendered after a bump
    may be kept at once (in production a margin covers the clocks of other hosts)."""
    from publishing import caching

    monkeypatch.setattr(caching, "BUMP_MARGIN_NS", 0)
    with committed():
        pass
    return archive


def pages_showing_the_lead(archive) -> list[str]:
    return [
        archive.lead.get_absolute_url(),
        "/2020/9/15/1/",
        "/2020/9/15/",
        "/",
        archive.reporter.get_absolute_url(),
        archive.tag.get_absolute_url(),
        archive.place.get_absolute_url(),
        archive.second.get_absolute_url(),  # neighbour on the page, and related by the tag
    ]


def test_an_edit_reaches_every_page_that_shows_the_article_at_once(
    client, archive, ready, committed
):
    urls = pages_showing_the_lead(archive)
    for url in urls:
        assert "市委常委会召开会议" in client.get(url).content.decode(), url
    archive.lead.headline = "改过的会议标题"
    with committed():
        archive.lead.save()
    for url in urls:
        page = client.get(url).content.decode()
        assert "改过的会议标题" in page, url


def test_an_edit_leaves_unrelated_pages_cached(
    client, archive, ready, elsewhere, committed, django_assert_num_queries
):
    unrelated = [elsewhere.get_absolute_url(), "/2019/3/2/", "/2019/3/2/1/", "/2020/9/14/"]
    for url in unrelated:
        assert client.get(url).status_code == 200, url
    archive.lead.headline = "又改了一次的标题"
    with committed():
        archive.lead.save()
    with django_assert_num_queries(0):
        for url in unrelated:
            assert client.get(url).status_code == 200, url
    assert "又改了一次的标题" in client.get(archive.lead.get_absolute_url()).content.decode()


def test_an_edit_of_an_unrelated_article_leaves_this_one_cached(
    client, archive, ready, elsewhere, committed, django_assert_num_queries
):
    url = archive.lead.get_absolute_url()
    client.get(url)
    elsewhere.headline = "别处改过的标题"
    with committed():
        elsewhere.save()
    with django_assert_num_queries(0):
        assert client.get(url).status_code == 200
    assert "别处改过的标题" in client.get(elsewhere.get_absolute_url()).content.decode()


def test_tagging_an_article_reaches_the_related_items_of_that_tags_articles(
    client, archive, ready, elsewhere, committed
):
    url = archive.second.get_absolute_url()
    assert "别处的一篇报道" not in client.get(url).content.decode()
    with committed():
        elsewhere.tags.add(archive.tag)
    assert "别处的一篇报道" in client.get(url).content.decode()
    with committed():
        elsewhere.tags.remove(archive.tag)
    assert "别处的一篇报道" not in client.get(url).content.decode()


def test_unpublishing_takes_the_article_off_every_page_and_out_of_search(
    client, archive, ready, editor, committed
):
    urls = pages_showing_the_lead(archive)[1:]
    for url in urls:
        client.get(url)
    lead_url = archive.lead.get_absolute_url()
    assert client.get(lead_url).status_code == 200
    with committed():
        unpublish_article(article=archive.lead, user=editor)
    assert client.get(lead_url).status_code == 404
    for url in urls:
        response = client.get(url)
        assert "市委常委会召开会议" not in response.content.decode(), url
    assert "市委常委会召开会议" not in client.get("/search/", {"q": "常委会"}).content.decode()


def test_a_new_credit_shows_on_the_persons_page(client, archive, ready, committed):
    url = archive.reporter.get_absolute_url()
    assert "昔日贫困户" not in client.get(url).content.decode()
    with committed():
        ArticleCreditFactory(article=archive.second, person=archive.reporter)
    assert "昔日贫困户" in client.get(url).content.decode()


def test_a_page_another_worker_kept_after_an_edit_is_not_rendered_again(
    client, archive, ready, committed, settings, monkeypatch, django_assert_num_queries
):
    """Each worker reads tag versions at most once a check interval: a worker whose copies
    predate a bump must serve the page another worker kept after it, not render it again and
    keep it under the old versions (which made every page an edit touches render twice or
    three times). Two workers simulated in one process by swapping this process's copies."""
    from publishing import caching

    settings.PUBLIC_PAGE_VERSION_CHECK_SECONDS = 60
    url = archive.lead.get_absolute_url()
    client.get(url)
    before_the_edit = dict(caching._local_tags._entries)  # this worker's copies
    archive.lead.headline = "另一个进程看到的新标题"
    with committed():
        archive.lead.save()  # the other worker's save: its copies see the bump at once
    assert "另一个进程看到的新标题" in client.get(url).content.decode()  # and it keeps the page
    monkeypatch.setattr(caching._local_tags, "_entries", before_the_edit)
    monkeypatch.setattr(caching, "_local_pages", caching._LocalPages(max_entries=10))
    with django_assert_num_queries(0):
        page = client.get(url).content.decode()
    assert "另一个进程看到的新标题" in page


@pytest.fixture
def listing(archive, elsewhere, committed):
    """An article of another day that lists the lead article among its related items only (it
    shares the lead's topic, but not its page or issue)."""
    with committed():
        elsewhere.tags.add(archive.tag)
    return elsewhere


def test_a_body_edit_leaves_the_pages_listing_the_article_cached(
    client, archive, ready, listing, committed, django_assert_num_queries
):
    """The related items show a headline and a date: correcting the text of an article leaves
    the pages listing it as they were, while every page printing its text shows the new one."""
    url = listing.get_absolute_url()
    assert archive.lead.headline in client.get(url).content.decode()
    archive.lead.body = "9月14日，市委常委会召开扩大会议。\n\n会议研究了改革方案。"
    with committed():
        archive.lead.save()
    with django_assert_num_queries(0):
        assert archive.lead.headline in client.get(url).content.decode()
    for printing_it in [archive.lead.get_absolute_url(), "/2020/9/15/1/", "/2020/9/15/1/text/"]:
        assert "召开扩大会议" in client.get(printing_it).content.decode(), printing_it


def test_a_headline_edit_reaches_the_pages_listing_the_article_among_related_items(
    client, archive, ready, listing, committed
):
    url = listing.get_absolute_url()
    assert "市委常委会召开会议" in client.get(url).content.decode()
    archive.lead.headline = "相关报道里也该改过的标题"
    with committed():
        archive.lead.save()
    assert "相关报道里也该改过的标题" in client.get(url).content.decode()


def test_moving_an_item_on_its_page_reaches_its_neighbours(client, archive, ready, committed):
    """上一篇 / 下一篇 follow the printed order: a new position changes whose neighbour it is."""
    url = archive.second.get_absolute_url()
    assert "上一篇" in client.get(url).content.decode()
    archive.lead.position = 3
    with committed():
        archive.lead.save()
    page = client.get(url).content.decode()
    assert "上一篇" not in page
    assert "市委常委会召开会议" in page  # as the next item (and a related one)


def test_a_correction_shows_on_its_article_and_leaves_the_other_pages_cached(
    client, archive, ready, listing, committed, django_assert_num_queries
):
    """A correction is printed under its article alone: the pages listing the article, its
    page and its issue keep their cached copies."""
    others = [listing.get_absolute_url(), "/2020/9/15/1/", "/2020/9/15/"]
    for url in [archive.lead.get_absolute_url(), *others]:
        assert client.get(url).status_code == 200, url
    with committed():
        archive.lead.corrections.create(date=datetime.date(2020, 9, 16), text="会议日期应为9月13日")
    assert "会议日期应为9月13日" in client.get(archive.lead.get_absolute_url()).content.decode()
    with django_assert_num_queries(0):
        for url in others:
            assert client.get(url).status_code == 200, url


def test_a_publish_time_passing_leaves_the_pages_not_showing_the_article_cached(
    client, archive, ready, elsewhere, monkeypatch, django_assert_num_queries
):
    """When a scheduled article's time comes, its page, issue and the articles sharing its
    topic show it at once; the other issues' pages keep their cached copies."""
    showing_it = [
        "/2020/9/15/2/",
        "/2020/9/15/",
        archive.lead.get_absolute_url(),  # among its related items
        archive.tag.get_absolute_url(),
    ]
    unrelated = [elsewhere.get_absolute_url(), "/2019/3/2/", "/2019/3/2/1/"]
    for url in [*showing_it, *unrelated]:
        assert "定时发布的稿件" not in client.get(url).content.decode(), url
    later = timezone.now() + datetime.timedelta(days=2)
    monkeypatch.setattr(timezone, "now", lambda: later)
    for url in showing_it:
        assert "定时发布的稿件" in client.get(url).content.decode(), url
    with django_assert_num_queries(0):
        for url in unrelated:
            assert client.get(url).status_code == 200, url


def test_a_new_topic_shows_on_the_article_and_leaves_the_pages_listing_it_cached(
    client, archive, ready, listing, committed, django_assert_num_queries
):
    """Related items show no topics: a topic the listing article does not share changes
    nothing on its page, while the article's own page shows it."""
    with committed():
        topic = TagFactory(name="新加的话题")  # a new tag is a change of its own (everything)
    url = listing.get_absolute_url()
    client.get(url)
    with committed():
        archive.lead.tags.add(topic)
    assert "新加的话题" in client.get(archive.lead.get_absolute_url()).content.decode()
    with django_assert_num_queries(0):
        assert client.get(url).status_code == 200
