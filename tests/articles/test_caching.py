"""The page cache: anonymous pages are served from it, edits invalidate it, 304 on revalidation."""

import datetime
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles.models import Status
from articles.services import publish_article, unpublish_article
from tests.factories import (
    ArticleFactory,
    IssueFactory,
    PageFactory,
    PublicationFactory,
    TagFactory,
)

pytestmark = pytest.mark.django_db


def test_second_anonymous_request_is_served_without_queries(
    client, archive, django_assert_num_queries
):
    first = client.get("/2020/9/15/1/")
    with django_assert_num_queries(0):
        second = client.get("/2020/9/15/1/")
    assert second.status_code == 200 and second.content == first.content


def test_saving_an_article_shows_the_change_at_once(client, archive, committed):
    assert "市委常委会召开会议" in client.get("/").content.decode()
    archive.lead.headline = "标题改过了"
    with committed():
        archive.lead.save()
    assert "标题改过了" in client.get("/").content.decode()


def test_publishing_and_deleting_change_cached_pages(client, archive, editor, committed):
    url = "/2020/9/15/1/"
    assert "尚未发布的草稿稿件" not in client.get(url).content.decode()
    with committed():
        publish_article(article=archive.draft, user=editor)
    assert "尚未发布的草稿稿件" in client.get(url).content.decode()
    with committed():
        archive.second.delete()
    assert "昔日贫困户" not in client.get(url).content.decode()


def test_tagging_an_article_updates_the_tag_page(client, archive, committed):
    url = archive.tag.get_absolute_url()
    client.get(url)
    other = archive.previous_issue.pages.first()
    from tests.factories import ArticleFactory

    article = ArticleFactory(page=other, headline="新打上标签的稿件")
    client.get(url)
    with committed():
        article.tags.add(archive.tag)
    assert "新打上标签的稿件" in client.get(url).content.decode()


def test_a_scheduled_article_appears_when_its_time_comes_without_any_save(
    client, archive, monkeypatch
):
    url = "/2020/9/15/2/"
    assert "定时发布的稿件" not in client.get(url).content.decode()
    later = timezone.now() + datetime.timedelta(days=2)
    monkeypatch.setattr(timezone, "now", lambda: later)
    assert "定时发布的稿件" in client.get(url).content.decode()


def test_conditional_get_answers_304(client, archive):
    response = client.get("/2020/9/15/")
    assert response["ETag"] and response["Last-Modified"]
    assert client.get("/2020/9/15/", HTTP_IF_NONE_MATCH=response["ETag"]).status_code == 304
    revalidated = client.get("/2020/9/15/", HTTP_IF_MODIFIED_SINCE=response["Last-Modified"])
    assert revalidated.status_code == 304


def test_etag_changes_when_the_content_changes(client, archive, committed):
    etag = client.get("/2020/9/15/")["ETag"]
    archive.lead.headline = "改动后的标题"
    with committed():
        archive.lead.save()
    response = client.get("/2020/9/15/", HTTP_IF_NONE_MATCH=etag)
    assert response.status_code == 200 and response["ETag"] != etag


def test_staff_pages_are_never_cached_or_shared(client, archive, editor):
    anonymous = client.get("/2020/9/15/1/").content.decode()
    client.force_login(editor)
    response = client.get("/2020/9/15/1/")
    assert "尚未发布的草稿稿件" in response.content.decode()
    assert "private" in response["Cache-Control"] and "ETag" not in response
    client.logout()
    assert client.get("/2020/9/15/1/").content.decode() == anonymous


def test_each_language_has_its_own_cached_page(client, archive):
    chinese = client.get("/archive/2020/", HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    english = client.get("/archive/2020/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "往期回顾" in chinese and "Back issues" in english


def test_not_found_pages_are_not_cached(client, archive):
    assert client.get("/2020/9/17/").status_code == 404
    archive.draft_issue.status = Status.PUBLISHED
    archive.draft_issue.published_at = timezone.now()
    archive.draft_issue.save()
    assert client.get("/2020/9/16/").status_code == 200


def test_a_process_rereads_the_shared_version_after_the_check_interval(
    client, archive, settings, monkeypatch
):
    """Another worker's edit (a version bumped in the shared cache only) shows within the window."""
    from django.core.cache import cache

    from publishing import caching

    settings.PUBLIC_PAGE_VERSION_CHECK_SECONDS = 60
    client.get("/2020/9/15/")
    Article = type(archive.lead)
    Article.objects.filter(pk=archive.lead.pk).update(headline="另一个进程改的标题")  # no signal
    newer = dict(caching.content_version(), version=caching.content_version()["version"] + 1)
    cache.set(caching.VERSION_KEY, newer)  # what a bump in another process leaves behind
    assert "另一个进程改的标题" not in client.get("/2020/9/15/").content.decode()
    monkeypatch.setattr(caching.time, "monotonic", lambda: caching._local["read_at"] + 61)
    assert "另一个进程改的标题" in client.get("/2020/9/15/").content.decode()


# Readers' data (publishing.caching.reader_data): the article page with the page cache off ---------


@pytest.fixture
def page_cache_off(settings):
    settings.PUBLIC_PAGE_CACHE_SECONDS = 0


def test_readers_data_follows_edits_of_the_article_and_its_links(
    client, archive, page_cache_off, committed
):
    url = archive.lead.get_absolute_url()
    client.get(url)
    archive.lead.headline = "数据缓存之后改的标题"
    with committed():
        archive.lead.save()
        archive.lead.places.clear()
    page = client.get(url).content.decode()
    assert "数据缓存之后改的标题" in page
    assert f'href="/places/{archive.place.pk}/"' not in page


def test_readers_data_is_gone_when_the_article_is_unpublished(
    client, archive, editor, page_cache_off, committed
):
    url = archive.lead.get_absolute_url()
    assert client.get(url).status_code == 200
    with committed():
        unpublish_article(article=archive.lead, user=editor)
    assert client.get(url).status_code == 404


def test_staff_previews_never_reach_readers_data(client, archive, editor, page_cache_off):
    """Staff read the database themselves: drafts they see are not kept for readers."""
    client.force_login(editor)
    assert client.get(archive.draft.get_absolute_url()).status_code == 200
    assert 'rel="next"' in client.get(archive.second.get_absolute_url()).content.decode()
    client.logout()
    assert client.get(archive.draft.get_absolute_url()).status_code == 404
    second = client.get(archive.second.get_absolute_url()).content.decode()
    assert 'rel="next"' not in second and "尚未发布的草稿稿件" not in second


def test_a_scheduled_article_joins_related_items_when_due(
    client, archive, page_cache_off, monkeypatch
):
    url = archive.lead.get_absolute_url()
    assert "定时发布的稿件" not in client.get(url).content.decode()
    later = timezone.now() + datetime.timedelta(days=2)
    monkeypatch.setattr(timezone, "now", lambda: later)
    assert "定时发布的稿件" in client.get(url).content.decode()


YEAR_COUNT = re.compile(r'(\d{4})年 <span class="count">(\d+)篇')


def shown_year_counts(response) -> dict[int, int]:
    """The 历年篇数 of a subject's page: {year: articles}."""
    return {int(y): int(n) for y, n in YEAR_COUNT.findall(response.content.decode())}


@pytest.fixture
def topic_over_two_years(db):
    """A topic of 25 articles (two pages of the list): 15 printed in 2019, 10 in 2020."""
    topic, paper = TagFactory(name="跨年的话题"), PublicationFactory()
    for year, how_many in ((2019, 15), (2020, 10)):
        page = PageFactory(issue=IssueFactory(publication=paper, date=datetime.date(year, 5, 4)))
        for _ in range(how_many):
            ArticleFactory(page=page).tags.add(topic)
    return topic


def test_a_subjects_pages_share_one_count_of_its_years_until_it_changes(
    client, topic_over_two_years, editor, page_cache_off, committed
):
    topic = topic_over_two_years
    url = topic.get_absolute_url()
    assert shown_year_counts(client.get(url)) == {2019: 15, 2020: 10}
    with CaptureQueriesContext(connection) as second_page:
        response = client.get(f"{url}?page=2")
    assert shown_year_counts(response) == {2019: 15, 2020: 10}
    assert not any("GROUP BY" in query["sql"] for query in second_page.captured_queries)

    with committed():
        page = PageFactory(issue=IssueFactory(date=datetime.date(2021, 3, 1)))
        ArticleFactory(page=page).tags.add(topic)
    assert shown_year_counts(client.get(f"{url}?page=2")) == {2019: 15, 2020: 10, 2021: 1}
    with committed():
        unpublish_article(article=topic.articles.get(issue__date__year=2021), user=editor)
    assert shown_year_counts(client.get(url)) == {2019: 15, 2020: 10}


def test_staff_counts_with_drafts_never_reach_readers(
    client, topic_over_two_years, editor, page_cache_off
):
    topic = topic_over_two_years
    draft = ArticleFactory(
        page=topic.articles.filter(issue__date__year=2020).first().page,
        status=Status.DRAFT,
        published_at=None,
    )
    draft.tags.add(topic)
    client.force_login(editor)
    assert shown_year_counts(client.get(topic.get_absolute_url())) == {2019: 15, 2020: 11}
    client.logout()
    assert shown_year_counts(client.get(topic.get_absolute_url())) == {2019: 15, 2020: 10}


def test_site_header_is_rendered_once_per_language_and_keeps_each_pages_address(
    client, archive, settings
):
    from django.core.cache import cache
    from django.core.cache.utils import make_template_fragment_key

    settings.PUBLIC_PAGE_CACHE_SECONDS = 0  # render every page, so the fragment is reused
    first = client.get("/2020/9/15/").content.decode()
    assert cache.get(make_template_fragment_key("site-header", ["zh-hans"])) is not None
    second = client.get("/2020/9/15/1/?utm_source=x").content.decode()
    for page, path in ((first, "/2020/9/15/"), (second, "/2020/9/15/1/")):
        # the language switch returns the reader to the page they were on, not the first one
        # (without parameters the page does not read: those are not part of it, see below)
        assert f'<input name="next" type="hidden" value="{path}">' in page
        assert '<option value="zh-hans" lang="zh-hans" selected>' in page
        assert "往期回顾" in page
    english = client.get("/2020/9/15/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert '<option value="en" lang="en" selected>' in english and "Back issues" in english
    assert "往期回顾" not in english.split("</header>")[0]


# What the page cache keys on: the parameters a view reads, the host --------------------------


def entries():
    from publishing import caching

    return len(caching._local_pages._entries)


def test_unique_query_strings_are_served_from_the_cache_and_leave_no_entry(
    client, archive, django_assert_num_queries
):
    first = client.get("/2020/9/15/1/")
    kept = entries()
    with django_assert_num_queries(0):
        for number in range(20):
            again = client.get(f"/2020/9/15/1/?utm_source=x{number}&_={number}")
            assert again.status_code == 200 and again.content == first.content
    assert entries() == kept


def test_a_parameter_the_view_reads_is_keyed_in_one_spelling(client, db):
    from tests.factories import ArticleCreditFactory, ArticleFactory, PersonFactory

    person = PersonFactory(name="翻页记者")
    for number in range(25):
        ArticleCreditFactory(person=person, article=ArticleFactory(headline=f"第{number}篇"))
    url = person.get_absolute_url()
    second = client.get(url, {"page": "2"}).content
    kept = entries()
    for query in ("page=02", "page=2&utm_source=x", "utm_source=y&page=2", "page=1&page=2"):
        assert client.get(f"{url}?{query}").content == second, query
    assert entries() == kept
    assert client.get(url, {"page": "x"}).content == client.get(url).content
    assert client.get(url, {"page": "²"}).status_code == 200


def test_page_numbers_past_the_end_show_the_last_page_without_an_entry_each(client, db):
    from tests.factories import ArticleCreditFactory, PersonFactory

    person = PersonFactory(name="只有一页的记者")
    ArticleCreditFactory(person=person)
    url = person.get_absolute_url()
    client.get(url)
    kept = entries()
    for number in range(2, 12):
        assert client.get(url, {"page": number}).status_code == 200
    assert entries() == kept


def test_a_parameter_a_page_does_not_read_never_reaches_it(client, archive):
    page = client.get("/2020/9/15/1/?next=%22%3E%3Cb%3Eplanted%3C%2Fb%3E").content.decode()
    assert "planted" not in page


def test_each_host_gets_its_own_links_in_cached_pages_feeds_and_sitemaps(client, archive, settings):
    settings.ALLOWED_HOSTS = ["first.example", "second.example"]
    for url in ("/sitemap.xml", "/sitemap-articles.xml", "/feeds/latest/rss/"):
        first = client.get(url, HTTP_HOST="first.example").content.decode()
        second = client.get(url, HTTP_HOST="second.example").content.decode()
        assert "first.example" in first, url
        assert "second.example" in second and "first.example" not in second, url
