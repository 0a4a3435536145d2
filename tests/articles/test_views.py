"""The public reading site: every page type, the visibility rules and bad addresses."""

import datetime
import json
import re

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from articles.models import Article, Correction, Origin
from tests.articles.archive_data import UNPUBLISHED_HEADLINES
from tests.factories import (
    ArticleCreditFactory,
    ArticleFactory,
    IssueFactory,
    ObservationFactory,
    PageFactory,
    PeriodFactory,
    PersonFactory,
    PhotoFactory,
    PlaceFactory,
    PublicationFactory,
    TagFactory,
)

pytestmark = pytest.mark.django_db


def text(response) -> str:
    return response.content.decode()


def assert_nothing_unpublished(response):
    for headline in UNPUBLISHED_HEADLINES:
        assert headline not in text(response)


# Home -------------------------------------------------------------------------------------------


def test_home_shows_the_masthead_as_printed(client, archive):
    response = client.get("/")
    assert response.status_code == 200
    page = text(response)
    for printed in [
        "吕梁日报",
        "中共吕梁市委机关报",
        "CN14-0028",
        "21-28",
        "2020年9月15日",
        "星期二",
        "农历庚子年七月廿八",
        "第10076期",
        "今日4版",
    ]:
        assert printed in page


def test_home_shows_the_front_page_items_photo_and_links_to_other_pages(client, archive):
    page = text(client.get("/"))
    assert "市委常委会召开会议" in page and "昔日贫困户，玩转高科技" in page
    assert archive.photo.picture["src"] in page and 'alt="会场全景"' in page
    assert archive.photo.image.url not in page  # originals are never linked
    assert 'href="/2020/9/15/2/"' in page
    assert_nothing_unpublished(client.get("/"))


def test_home_skips_a_draft_issue_even_when_it_is_newer(client, archive):
    assert "第10077期" not in text(client.get("/"))


def test_home_without_any_issue_says_so(client, db):
    response = client.get("/")
    assert response.status_code == 200
    assert "还没有已发布的报纸" in text(response)


# Back issues ------------------------------------------------------------------------------------


def test_calendar_links_days_with_an_issue_and_shows_its_number(client, archive):
    page = text(client.get("/archive/2020/"))
    assert re.search(r'href="/2020/9/15/">.*?第10076期', page, re.S)
    assert 'href="/2020/9/16/"' not in page  # the draft issue's day shows as a day without one
    assert "<table" not in page and "onchange" not in page
    assert '2020年</a> <span class="count">2期' in page  # per-year count: published issues only


def test_calendar_defaults_to_the_latest_year_and_unknown_years_are_404(client, archive):
    assert 'href="/2020/9/14/"' in text(client.get("/archive/"))
    assert client.get("/archive/1999/").status_code == 404


def test_jump_to_date_opens_that_days_issue(client, archive):
    response = client.get("/archive/date/", {"date": "2020-09-15"})
    assert response.status_code == 302 and response["Location"] == "/2020/9/15/"


def test_jump_to_a_day_without_issue_says_so_and_offers_neighbours(client, archive):
    response = client.get("/archive/date/", {"date": "2020-09-13"})
    assert response.status_code == 404
    assert "没有出版报纸" in text(response) and 'href="/2020/9/14/"' in text(response)


def test_jump_to_a_day_of_a_draft_issue_does_not_reveal_it(client, archive):
    assert client.get("/archive/date/", {"date": "2020-09-16"}).status_code == 404


@pytest.mark.parametrize("value", ["2020-13-45", "tomorrow", ""])
def test_jump_to_a_malformed_date_is_a_form_error(client, archive, value):
    response = client.get("/archive/date/", {"date": value})
    assert response.status_code == 400
    assert 'role="alert"' in text(response)


def test_open_an_issue_by_number(client, archive):
    response = client.get("/issues/", {"number": "10076"}, follow=True)
    assert response.redirect_chain[-1][0] == "/2020/9/15/"
    assert client.get("/issues/10076/")["Location"] == "/2020/9/15/"


@pytest.mark.parametrize("value", ["0", "-3", "abc", str(10**12)])
def test_issue_number_form_rejects_bad_numbers(client, archive, value):
    assert client.get("/issues/", {"number": value}).status_code == 400


def test_issue_and_page_previous_next_links(client, archive):
    page = text(client.get("/2020/9/15/"))
    assert 'rel="prev" href="/2020/9/14/"' in page
    assert 'rel="next"' not in page  # the next day's issue is a draft
    page = text(client.get("/2020/9/15/1/"))
    assert 'rel="next" href="/2020/9/15/2/"' in page and "下一版" in page
    assert 'rel="prev" href="/2020/9/15/1/"' in text(client.get("/2020/9/15/2/"))


# Bad addresses ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "/2020/13/45/",
        "/2020/2/30/",
        "/2020/9/15/99/",
        "/2020/9/15/0/",
        "/2020/9/15/999999999/",
        "/issues/0/",
        f"/issues/{10**12}/",
        "/issues/999999999/",
        f"/articles/{10**12}/",
        "/articles/999999999/",
        "/people/999999999/",
        "/tags/0/",
        "/places/5/",
        "/sections/nothing/",
        "/2020/9/13/",
        "/9999/1/1/",
        "/0000/1/1/",
        "/feeds/sections/nothing/rss/",
        "/feeds/tags/999999999/atom/",
    ],
)
def test_malformed_or_unknown_addresses_are_404(client, archive, url):
    response = client.get(url)
    assert response.status_code == 404
    assert "找不到这一页" in text(response) or url.startswith("/feeds/")


def test_server_error_page_needs_no_request_context_or_database(rf):
    from django.views.defaults import server_error

    response = server_error(rf.get("/"))
    assert response.status_code == 500 and "服务器出错" in response.content.decode()


# Issue and page ---------------------------------------------------------------------------------


def test_issue_page_lists_every_page_with_names_headlines_credits_department(client, archive):
    page = text(client.get("/2020/9/15/"))
    assert "版面导航" in page
    assert "第1版 · 要闻" in page and "第2版 · 综合新闻" in page
    assert "要闻部主办" in page
    assert re.search(r"本版组版 <a[^>]*>李刚</a>", page)
    assert re.search(r"责编 <a[^>]*>马龙</a> <a[^>]*>臧媛慧</a>", page)
    assert re.search(r"校对 <a[^>]*>白颖凯</a>", page)
    assert "市委常委会召开会议" in page
    assert_nothing_unpublished(client.get("/2020/9/15/"))


def test_page_shows_items_in_printed_order_with_photo_and_credit(client, archive):
    page = text(client.get("/2020/9/15/1/"))
    assert page.index("市委常委会召开会议") < page.index("昔日贫困户，玩转高科技")
    assert 'alt="会场全景"' in page
    assert re.search(r"会议现场 <span class=\"photo__credit\"><a[^>]*>肖继旺</a> 摄</span>", page)
    assert_nothing_unpublished(client.get("/2020/9/15/1/"))
    assert_nothing_unpublished(client.get("/2020/9/15/2/"))


def test_draft_issue_is_404_for_readers_and_a_preview_for_staff(client, archive, editor):
    for url in ["/2020/9/16/", "/2020/9/16/1/", "/issues/10077/"]:
        assert client.get(url).status_code == 404
    client.force_login(editor)
    response = client.get("/2020/9/16/")
    assert response.status_code == 200 and "预览" in text(response) and "未发布" in text(response)


def test_staff_see_draft_items_on_a_published_page_marked_as_unpublished(client, archive, editor):
    client.force_login(editor)
    page = text(client.get("/2020/9/15/1/"))
    assert "尚未发布的草稿稿件" in page and "未发布" in page


# Article ----------------------------------------------------------------------------------------


def test_article_shows_headlines_byline_dateline_body_photo_and_where_printed(client, archive):
    page = text(client.get(archive.lead.get_absolute_url()))
    assert '<p class="kicker">一周要闻</p>' in page
    assert '<h1 class="headline">市委常委会召开会议</h1>' in page
    assert '<p class="subheadline">李正印主持</p>' in page
    assert re.search(rf'记者</span> <a href="/people/{archive.reporter.pk}/">李雅萍</a>', page)
    assert '<span class="dateline">本报讯</span> 9月14日' in page
    assert "<p>会议研究了改革方案。</p>" in page
    assert "会议现场" in page and "肖继旺</a> 摄" in page
    assert 'href="/2020/9/15/"' in page and 'href="/2020/9/15/1/"' in page
    assert (
        f'href="/tags/{archive.tag.pk}/"' in page and f'href="/places/{archive.place.pk}/"' in page
    )


def test_article_body_and_headlines_are_escaped(client, db):
    article = ArticleFactory(headline="<script>alert(1)</script>标题", body="<b>粗</b>正文")
    page = text(client.get(article.get_absolute_url()))
    assert "<script>alert(1)</script>" not in page
    assert "&lt;b&gt;粗&lt;/b&gt;正文" in page


def test_article_links_previous_and_next_item_on_its_page_skipping_drafts(client, archive):
    page = text(client.get(archive.second.get_absolute_url()))
    assert f'rel="prev" href="{archive.lead.get_absolute_url()}"' in page
    assert 'rel="next"' not in page  # the next item on the page is a draft


def test_related_articles_share_tags_or_places_and_are_published(client, archive):
    page = text(client.get(archive.lead.get_absolute_url()))
    related = page[page.index("相关报道") :]
    assert "昔日贫困户，玩转高科技" in related
    assert_nothing_unpublished(client.get(archive.lead.get_absolute_url()))


def test_article_citation_is_gbt_7714_and_share_link_is_clean(client, archive):
    page = text(client.get(archive.lead.get_absolute_url() + "?utm_source=x"))
    assert "李雅萍. 市委常委会召开会议: 李正印主持[N]. 吕梁日报, 2020-09-15(1)." in page
    assert f'class="share-link" href="http://testserver/articles/{archive.lead.pk}/"' in page


def test_reprint_shows_its_source_line(client, db):
    source = PublicationFactory(name="人民日报", slug="renmin", is_own=False)
    article = ArticleFactory(
        origin=Origin.REPRINT,
        source_publication=source,
        source_page=10,
        source_date="2020-09-14",
    )
    assert "《人民日报》（2020年9月14日第10版）" in text(client.get(article.get_absolute_url()))


def test_article_shows_its_corrections(client, archive):
    Correction.objects.create(
        article=archive.lead, date="2020-09-16", text="第二段人名有误，已更正。"
    )
    page = text(client.get(archive.lead.get_absolute_url()))
    assert "更正" in page and "第二段人名有误，已更正。" in page


def test_article_carries_escaped_news_article_json_ld_and_open_graph(client, db):
    article = ArticleFactory(headline="标题</script><script>alert(1)//")
    ArticleCreditFactory(article=article, person=PersonFactory(name="王记者"))
    page = text(client.get(article.get_absolute_url()))
    assert "</script><script>alert(1)" not in page
    block = re.search(r'<script type="application/ld\+json">(.*?)</script>', page, re.S).group(1)
    data = json.loads(block)
    assert data["@type"] == "NewsArticle"
    assert data["headline"] == "标题</script><script>alert(1)//"
    assert data["author"] == [{"@type": "Person", "name": "王记者"}]
    assert '<meta property="og:type" content="article">' in page
    assert '<meta property="og:title" content="标题&lt;/script&gt;' in page


@pytest.mark.parametrize("name", ["draft", "scheduled", "in_draft_issue"])
def test_unpublished_articles_are_404_for_readers_and_previews_for_staff(
    client, archive, editor, name
):
    url = getattr(archive, name).get_absolute_url()
    assert client.get(url).status_code == 404
    client.force_login(editor)
    response = client.get(url)
    assert response.status_code == 200 and "预览" in text(response)
    assert "application/ld+json" not in text(response)


# Person, tag, place, section lists --------------------------------------------------------------


@pytest.mark.parametrize("kind", ["person", "tag", "place", "section"])
def test_subject_lists_show_published_articles_with_counts_per_year(client, archive, kind):
    subject = {
        "person": archive.reporter,
        "tag": archive.tag,
        "place": archive.place,
        "section": archive.section,
    }[kind]
    response = client.get(subject.get_absolute_url())
    assert response.status_code == 200
    page = text(response)
    assert "市委常委会召开会议" in page
    assert "历年篇数" in page
    assert_nothing_unpublished(response)


def test_tag_list_counts_only_published_articles_per_year(client, archive):
    page = text(client.get(archive.tag.get_absolute_url()))
    assert '2020年 <span class="count">2篇' in page


@pytest.mark.parametrize("kind", ["person", "tag", "place", "section"])
def test_subject_lists_sort_their_articles_without_the_bodies_they_do_not_show(
    client, archive, kind
):
    subject = getattr(archive, {"person": "reporter"}.get(kind, kind))
    cache.clear()
    with CaptureQueriesContext(connection) as queries:
        page = text(client.get(subject.get_absolute_url()))
    assert "市委常委会召开会议" in page
    assert not [q["sql"] for q in queries if '"articles_article"."body"' in q["sql"]]


@pytest.mark.parametrize("subject", ["tag", "person"])
def test_year_counts_read_only_the_published_articles_index_on_postgresql(subject):
    """A topic's 历年篇数 over 200,000 articles must not read every article's row (body and
    all): the covering index of migration 0022 holds what the count reads."""
    if connection.vendor != "postgresql":
        pytest.skip("runs in the PostgreSQL pass (SQLite has no covering indexes)")
    tag, person, issue = TagFactory(), PersonFactory(), IssueFactory()
    article = ArticleFactory(page=PageFactory(issue=issue))
    article.tags.add(tag)
    ArticleCreditFactory(article=article, person=person)
    articles = {
        "tag": Article.objects.filter(tags=tag),
        "person": Article.objects.credited_to(person),
    }[subject]
    with CaptureQueriesContext(connection) as queries:
        assert articles.published().year_counts() == [{"year": issue.date.year, "count": 1}]
    with connection.cursor() as cursor:
        # Few rows: forbid reading the table, so that the plan shows whether the index suffices.
        for scan in ("seqscan", "indexscan", "bitmapscan"):
            cursor.execute(f"SET LOCAL enable_{scan} = off")
        cursor.execute("EXPLAIN " + queries[0]["sql"])
        plan = " ".join(row[0] for row in cursor.fetchall())
    assert "Index Only Scan using article_published_covering" in plan


def test_subject_list_is_newest_first_and_paginated(client, db):
    person = PersonFactory(name="张记者")
    for day in range(25):
        issue = IssueFactory(date=f"2019-01-{day + 1:02d}" if day < 20 else f"2021-02-{day:02d}")
        article = ArticleFactory(page=PageFactory(issue=issue, number=1), headline=f"第{day}篇报道")
        ArticleCreditFactory(article=article, person=person)
    first = text(client.get(person.get_absolute_url()))
    assert first.index("第24篇报道") < first.index("第19篇报道")  # 2021 before 2019
    assert '2021年 <span class="count">5篇' in first and '2019年 <span class="count">20篇' in first
    assert "第 1 / 2 页" in first
    second = text(client.get(person.get_absolute_url(), {"page": 2}))
    assert "第0篇报道" in second and "第24篇报道" not in second and "第 2 / 2 页" in second
    assert client.get(person.get_absolute_url(), {"page": "999"}).status_code == 200


def test_subject_list_shows_a_days_items_in_printed_order(client, db):
    """Within one day: page by page, and down each page, however the items were entered."""
    tag = TagFactory()
    issue = IssueFactory(date="2020-05-04")
    pages = {number: PageFactory(issue=issue, number=number) for number in (1, 2)}
    for number, position, headline in [(2, 0, "二版头条"), (1, 3, "一版下方"), (1, 0, "一版头条")]:
        ArticleFactory(page=pages[number], position=position, headline=headline).tags.add(tag)
    ArticleFactory(page=PageFactory(issue=IssueFactory(date="2020-05-05")), headline="次日稿件")
    Article.objects.get(headline="次日稿件").tags.add(tag)
    page = text(client.get(tag.get_absolute_url()))
    order = ["次日稿件", "一版头条", "一版下方", "二版头条"]
    assert sorted(order, key=page.index) == order
    assert '2020年 <span class="count">4篇' in page


# Query counts -----------------------------------------------------------------------------------


def _fill(issue, pages: int, items: int):
    """Add pages with credited items to an issue."""
    for number in range(3, 3 + pages):
        page = PageFactory(issue=issue, number=number)
        for position in range(items):
            article = ArticleFactory(page=page, position=position)
            ArticleCreditFactory(article=article)
    for position in range(items):
        article = ArticleFactory(page=issue.pages.get(number=1), position=10 + position)
        ArticleCreditFactory(article=article)


# Upper bounds per kind of page (first path segment), including the two queries that work out
# the content version when the cache is cold.
QUERY_LIMITS = {
    "": 15,  # front page items with photos, their renditions and regions; 历史上的今天 (2)
    "archive": 4,
    "2020": 15,  # + page-image renditions and article regions; 历史上的今天 (2)
    "articles": 18,  # + photo credits and renditions, neighbours, related (2-4), figures,
    # its regions and its page's renditions (the thumbnail showing its place)
    "tags": 6,
    "people": 6,
    "feeds": 9,  # + photos, their photographers and renditions (enclosures); the two
    # candidate lists (the newest by their own publish time, the newest issues)
    "sitemap-articles.xml": 5,
}


def _urls(archive):
    return [
        "/",
        "/archive/2020/",
        "/2020/9/15/",
        "/2020/9/15/1/",
        archive.lead.get_absolute_url(),
        archive.tag.get_absolute_url(),
        archive.reporter.get_absolute_url(),
        "/feeds/latest/rss/",
        "/sitemap-articles.xml",
    ]


@pytest.mark.parametrize("extra_items", [0, 12])
def test_query_counts_are_bounded_and_do_not_grow_with_items(
    client, archive, django_assert_max_num_queries, extra_items
):
    _fill(archive.issue, pages=extra_items // 4, items=extra_items)
    for position in range(extra_items):
        article = ArticleFactory(page=archive.lead.page, position=20 + position)
        article.tags.add(archive.tag)
        ArticleCreditFactory(article=article, person=archive.reporter)
    for url in _urls(archive):
        cache.clear()  # measure the uncached page, the expensive case
        with django_assert_max_num_queries(QUERY_LIMITS[url.split("/")[1]]):
            assert client.get(url).status_code == 200


def _count_queries(client, url) -> int:
    cache.clear()  # a new content version: no page and no data from an earlier request
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_article_page_queries_do_not_grow_with_what_it_shows(client, archive, committed):
    """Credits, photos, tags, places, corrections, figures and related items: a fixed count."""
    lead = archive.lead
    with committed():
        Correction.objects.create(article=lead, date="2020-09-16", text="更正一")
        ObservationFactory(article=lead)
    few = _count_queries(client, lead.get_absolute_url())
    with committed():
        _add_six_of_everything(lead, archive)
    page = text(client.get(lead.get_absolute_url()))
    assert page.count('class="photo"') == 7 and page.count("更正") >= 7
    # at most equal: with enough related items by topic, places are not asked (related_to)
    assert _count_queries(client, lead.get_absolute_url()) <= few <= QUERY_LIMITS["articles"]


def _add_six_of_everything(lead, archive):
    for number in range(6):
        lead.tags.add(TagFactory())
        lead.places.add(PlaceFactory())
        ArticleCreditFactory(article=lead)
        photo = PhotoFactory(article=lead)
        photo.photo_credits.create(person=PersonFactory(), position=0)
        Correction.objects.create(article=lead, date="2020-09-17", text=f"更正{number}")
        ObservationFactory(article=lead, period=PeriodFactory(year=2000 + number))
        ArticleFactory(page=lead.page, position=10 + number).tags.add(archive.tag)


def test_article_page_is_rendered_from_readers_data_without_queries(
    client, archive, settings, django_assert_num_queries
):
    """With the page cache off, a second reader's request renders from the data cache."""
    settings.PUBLIC_PAGE_CACHE_SECONDS = 0
    first = text(client.get(archive.lead.get_absolute_url()))
    with django_assert_num_queries(0):
        second = text(client.get(archive.lead.get_absolute_url()))
        english = client.get(archive.lead.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="en")
    assert second == first and english.status_code == 200


def test_an_unknown_but_valid_issue_number_is_404(client, archive):
    response = client.get("/issues/", {"number": "12345"}, follow=True)
    assert response.status_code == 404


def test_bylines_as_printed_for_a_reprint_and_a_photo_news_item(client, db):
    """A reprint names its original reporters with their paper (人民日报记者 胡健 乔栋); a photo
    news item credits its photographers once, under the photo (… 摄), not again in the byline."""
    from articles.models import Article
    from demo.articles import load_demo_archive

    load_demo_archive(synthetic=False)
    reprint = Article.objects.get(origin=Origin.REPRINT)
    html = client.get(reprint.get_absolute_url()).content.decode()
    byline = re.search(r'<p class="byline">(.*?)</p>', html).group(1)
    assert re.sub(r"<[^>]+>", "", byline).split() == ["人民日报记者", "胡健", "乔栋"]

    photo_news = Article.objects.get(genre="photo")
    html = client.get(photo_news.get_absolute_url()).content.decode()
    caption = re.search(r"<figcaption>(.*?)</figcaption>", html, re.S).group(1)
    assert re.sub(r"<[^>]+>", "", caption).endswith("肖继旺 薛晋军 摄")
    assert html.count("肖继旺</a>") == 1


@pytest.mark.parametrize(
    "day", [datetime.date(1, 1, 1), datetime.date(999, 2, 3), datetime.date(9999, 12, 31)]
)
def test_issues_at_the_ends_of_the_calendar_still_have_addresses(client, day):
    """A mistyped year (0999 for 1999) reached the API as a 500: its year had no 4-digit URL."""
    page = PageFactory(issue=IssueFactory(date=day))
    article = ArticleFactory(page=page, issue=page.issue)
    assert page.issue.get_absolute_url() == f"/{day.year:04d}/{day.month}/{day.day}/"
    for url in [
        "/api/v1/issues/",
        f"/api/v1/issues/{page.issue.pk}/",
        f"/api/v1/articles/{article.pk}/",
        page.issue.get_absolute_url(),
        page.get_absolute_url(),
        article.get_absolute_url(),
        f"/archive/{day.year:04d}/",
    ]:
        assert client.get(url).status_code == 200, url


# Preview ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("url", ["/2020/9/16/", "/2020/9/16/1/", "ARTICLE"])
def test_staff_preview_an_unpublished_issue_page_or_article_never_cached_nor_indexed(
    client, archive, editor, url
):
    from articles.models import Article

    if url == "ARTICLE":
        url = Article.objects.get(headline="尚未发布的草稿稿件").get_absolute_url()
    client.force_login(editor)
    response = client.get("/preview" + url)
    assert response.status_code == 200
    cache_control = set(response["Cache-Control"].split(", "))
    assert {"private", "no-store", "no-cache", "max-age=0"} <= cache_control
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert '<meta name="robots" content="noindex, nofollow">' in text(response)
    assert "预览" in text(response)


def test_a_preview_never_reaches_the_public_page_cache(client, archive, editor, settings):
    """Staff preview a draft item on a published page; the page cached for readers afterwards
    still shows only what is published."""
    settings.PUBLIC_PAGE_CACHE_SECONDS = 3600
    client.force_login(editor)
    assert "尚未发布的草稿稿件" in text(client.get("/preview/2020/9/15/1/"))
    client.logout()
    assert_nothing_unpublished(client.get("/2020/9/15/1/"))


def test_the_preview_is_for_staff_only_and_only_of_the_archives_pages(client, archive, editor):
    response = client.get("/preview/2020/9/16/")
    assert response.status_code == 302 and "/admin/login/" in response["Location"]
    client.force_login(editor)
    for url in ["/preview/search/?q=x", "/preview/admin/", "/preview/nowhere/"]:
        assert client.get(url).status_code == 404, url


def test_robots_txt_keeps_crawlers_out_of_previews(client, db):
    assert "Disallow: /preview/" in client.get("/robots.txt").content.decode()
