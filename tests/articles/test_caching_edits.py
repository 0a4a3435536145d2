"""Saving one article leaves the cached pages that do not show it cached, while every page that
shows it (its own, its page, its issue, the home page, lists, related items) is fresh at once,
and unpublishing it takes it off every page (articles/page_cache.py, docs/caching.md)."""

import datetime

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.utils import timezone

from articles.models import PageCredit, Rendition, Status
from articles.services import (
    publish_article,
    publish_issue,
    unpublish_article,
    unpublish_issue,
)
from imports.pipeline import propose_page
from imports.services import import_page
from tests.factories import (
    ArticleCreditFactory,
    ArticleFactory,
    IssueFactory,
    PageCreditFactory,
    PageFactory,
    PersonFactory,
    PhotoFactory,
    PlaceFactory,
    TagFactory,
    png_bytes,
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


def assert_answered(client, urls):
    """Each of `urls` answers 200 (read once, it is now in the page cache)."""
    for url in urls:
        assert client.get(url).status_code == 200, url


def assert_served_from_the_cache(client, urls, django_assert_num_queries):
    """Each of `urls` answers from the page cache, without a database query."""
    with django_assert_num_queries(0):
        assert_answered(client, urls)


def assert_shown(client, urls, text):
    for url in urls:
        assert text in client.get(url).content.decode(), url


def test_an_edit_reaches_every_page_that_shows_the_article_at_once(
    client, archive, ready, committed
):
    urls = pages_showing_the_lead(archive)
    assert_shown(client, urls, "市委常委会召开会议")
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
    assert_answered(client, unrelated)
    archive.lead.headline = "又改了一次的标题"
    with committed():
        archive.lead.save()
    assert_served_from_the_cache(client, unrelated, django_assert_num_queries)
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


def test_a_body_edit_leaves_its_issue_page_and_other_printed_pages_cached(
    client, archive, ready, committed, django_assert_num_queries
):
    """The issue page lists headlines only and a printed page prints its own items: correcting
    the text of an article stales its printed page and that page's text, not the others."""
    printing_it = ["/2020/9/15/1/", "/2020/9/15/1/text/"]
    not_printing_it = ["/2020/9/15/", "/2020/9/15/2/", "/2020/9/15/2/text/"]
    assert_answered(client, [*printing_it, *not_printing_it])
    archive.lead.body = "9月14日，市委常委会召开专题会议。\n\n会议研究了改革方案。"
    with committed():
        archive.lead.save()
    assert_served_from_the_cache(client, not_printing_it, django_assert_num_queries)
    assert_shown(client, printing_it, "召开专题会议")


def test_a_headline_edit_reaches_the_on_this_day_of_later_issues(client, archive, ready, committed):
    """历史上的今天 on the issue page shows the first headline of an earlier front page."""
    earlier = IssueFactory(
        publication=archive.issue.publication, date=datetime.date(2019, 9, 15), number=9900
    )
    with committed():
        lead = ArticleFactory(page=PageFactory(issue=earlier, number=1), headline="一年前的头条")
    assert "一年前的头条" in client.get("/2020/9/15/").content.decode()
    lead.headline = "一年前改过的头条"
    with committed():
        lead.save()
    assert "一年前改过的头条" in client.get("/2020/9/15/").content.decode()


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
    assert_answered(client, [archive.lead.get_absolute_url(), *others])
    with committed():
        archive.lead.corrections.create(date=datetime.date(2020, 9, 16), text="会议日期应为9月13日")
    assert "会议日期应为9月13日" in client.get(archive.lead.get_absolute_url()).content.decode()
    assert_served_from_the_cache(client, others, django_assert_num_queries)


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
    assert_shown(client, showing_it, "定时发布的稿件")
    assert_served_from_the_cache(client, unrelated, django_assert_num_queries)


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


def test_a_caption_edit_shows_where_the_photo_is_printed_and_nowhere_else(
    client, archive, ready, elsewhere, committed, django_assert_num_queries
):
    """A photo is printed with its article (its page, its printed page, the lists): a new
    caption or photographer shows there at once, and the other issues' pages stay cached."""
    printing_it = [archive.lead.get_absolute_url(), "/2020/9/15/1/", "/"]
    unrelated = [elsewhere.get_absolute_url(), "/2019/3/2/", "/2019/3/2/1/", "/2020/9/15/"]
    with committed():
        photographer = PersonFactory(name="新来的摄影")  # a new person: a change of its own
    assert_shown(client, printing_it, "会议现场")
    assert_answered(client, unrelated)
    archive.photo.caption = "改过的图片说明"
    with committed():
        archive.photo.save()
    assert_shown(client, printing_it, "改过的图片说明")
    with committed():
        archive.photo.photo_credits.create(person=photographer, position=1)
    assert_shown(client, printing_it, "新来的摄影")
    assert_served_from_the_cache(client, unrelated, django_assert_num_queries)


def test_a_photo_of_the_page_alone_shows_its_new_caption_on_the_printed_page(
    client, archive, ready, committed, django_assert_num_queries
):
    with committed():
        photo = PhotoFactory(article=None, page=archive.lead.page, caption="版面上的图片")
    url = "/2020/9/15/1/"
    assert "版面上的图片" in client.get(url).content.decode()
    client.get("/2020/9/15/")
    photo.caption = "版面上改过的图片"
    with committed():
        photo.save()
    assert "版面上改过的图片" in client.get(url).content.decode()
    with django_assert_num_queries(0):
        assert client.get("/2020/9/15/").status_code == 200


def test_an_unpublished_articles_photo_never_shows_to_readers(client, archive, ready, committed):
    """Editing the photo of a draft bumps its pages, which still leave the draft out."""
    with committed():
        photo = PhotoFactory(article=archive.draft, caption="草稿里的图片")
    urls = ["/2020/9/15/1/", "/2020/9/15/1/text/", "/2020/9/15/", "/"]
    for url in urls:
        assert "草稿里的图片" not in client.get(url).content.decode(), url
    photo.caption = "草稿里改过的图片"
    with committed():
        photo.save()
    for url in urls:
        assert "草稿里改过的图片" not in client.get(url).content.decode(), url
    assert client.get(archive.draft.get_absolute_url()).status_code == 404


def test_a_photo_moved_to_another_article_leaves_the_first_and_shows_with_the_second(
    client, archive, ready, committed
):
    """Moving a photo (rare) makes every page stale: it leaves one article and joins another."""
    old_url, new_url = archive.lead.get_absolute_url(), archive.second.get_absolute_url()
    assert "会议现场" in client.get(old_url).content.decode()
    assert "会议现场" not in client.get(new_url).content.decode()
    archive.photo.article = archive.second
    with committed():
        archive.photo.save()
    assert "会议现场" not in client.get(old_url).content.decode()
    assert "会议现场" in client.get(new_url).content.decode()


# A printed page and its credits (articles/page_cache.py: PAGE_SHOWN, saved_page_credit_tags) ----


def other_issues_pages(elsewhere) -> list[str]:
    """Pages that show nothing of the front page of 2020-09-15 (nor its issue)."""
    return [elsewhere.get_absolute_url(), "/2019/3/2/", "/2019/3/2/1/", "/2020/9/14/"]


def test_a_page_credit_shows_on_its_page_and_issue_page_and_leaves_the_rest_cached(
    client, archive, ready, elsewhere, committed, django_assert_num_queries
):
    """组版 / 责编 / 校对 are printed on the page itself and in 版面导航: adding one leaves the
    page's articles, the home page, the lists and the other issues cached."""
    showing_credits = ["/2020/9/15/1/", "/2020/9/15/"]
    not_showing_them = [
        archive.lead.get_absolute_url(),
        archive.second.get_absolute_url(),
        "/",
        "/2020/9/15/2/",
        archive.reporter.get_absolute_url(),
        archive.tag.get_absolute_url(),
        *other_issues_pages(elsewhere),
    ]
    with committed():
        proofreader = PersonFactory(name="新来的校对")  # a new person: a change of its own
    for url in [*showing_credits, *not_showing_them]:
        assert "新来的校对" not in client.get(url).content.decode(), url
    with committed():
        PageCreditFactory(
            page=archive.lead.page, person=proofreader, role=PageCredit.Role.PROOFREADER
        )
    assert_shown(client, showing_credits, "新来的校对")
    assert_served_from_the_cache(client, not_showing_them, django_assert_num_queries)


def test_a_page_credit_moved_in_order_or_removed_shows_at_once(
    client, archive, ready, elsewhere, committed, django_assert_num_queries
):
    """Reordering the credits shows on the page; removing the only credit of someone takes
    their person page down (nothing of theirs is public any more), while other issues' pages
    stay cached."""
    with committed():
        credit = PageCreditFactory(
            page=archive.lead.page,
            person=PersonFactory(name="只署名版面的人"),
            role=PageCredit.Role.PROOFREADER,
            position=9,
        )
    person_url = credit.person.get_absolute_url()
    unrelated = other_issues_pages(elsewhere)
    assert_answered(client, [person_url, "/2020/9/15/1/", *unrelated])
    page = client.get("/2020/9/15/1/").content.decode()
    assert page.index("白颖凯") < page.index("只署名版面的人")
    credit.position = 0
    with committed():
        credit.save()
    page = client.get("/2020/9/15/1/").content.decode()
    assert page.index("只署名版面的人") < page.index("白颖凯")
    with committed():
        credit.delete()
    assert client.get(person_url).status_code == 404
    for url in ["/2020/9/15/1/", "/2020/9/15/"]:
        assert "只署名版面的人" not in client.get(url).content.decode(), url
    assert_served_from_the_cache(client, unrelated, django_assert_num_queries)


def test_a_page_credit_naming_someone_else_takes_the_first_persons_page_down(
    client, archive, ready, elsewhere, committed, django_assert_num_queries
):
    """The person first credited may have nothing public left: their page is a list (LISTS)
    and goes; the other issues' pages stay cached."""
    unrelated = other_issues_pages(elsewhere)
    with committed():
        credit = PageCreditFactory(page=archive.lead.page, person=PersonFactory(name="署错的人"))
        replacement = PersonFactory(name="改署的人")
    first_url = credit.person.get_absolute_url()
    assert_answered(client, [first_url, *unrelated])
    credit.person = replacement
    with committed():
        credit.save()
    assert client.get(first_url).status_code == 404
    assert_shown(client, ["/2020/9/15/1/", "/2020/9/15/"], "改署的人")
    assert_served_from_the_cache(client, unrelated, django_assert_num_queries)


def test_a_page_name_shows_wherever_the_page_is_named_and_leaves_the_rest_cached(
    client, archive, ready, elsewhere, committed, django_assert_num_queries
):
    """A page's name is in its own heading and text, in 版面导航 (issue and home page) and on
    its articles' pages (breadcrumbs, 刊于, citations); lists print only its number."""
    page = archive.lead.page
    naming_it = [
        "/2020/9/15/1/",
        "/2020/9/15/1/text/",
        "/2020/9/15/",
        "/",
        archive.lead.get_absolute_url(),
        archive.second.get_absolute_url(),
        f"/articles/{archive.second.pk}/cite.ris",  # no section: the page's name instead
    ]
    not_naming_it = [
        "/2020/9/15/2/",
        "/2020/9/15/2/text/",
        archive.reporter.get_absolute_url(),
        archive.tag.get_absolute_url(),
        *other_issues_pages(elsewhere),
    ]
    assert_answered(client, [*naming_it, *not_naming_it])
    page.name = "头版要闻"
    with committed():
        page.save()
    assert_shown(client, naming_it, "头版要闻")
    assert_served_from_the_cache(client, not_naming_it, django_assert_num_queries)


def test_a_department_edit_shows_on_the_page_and_issue_page_only(
    client, archive, ready, committed, django_assert_num_queries
):
    """主办部门 is printed on the page and in 版面导航 with details; the page's articles and the
    home page (版面导航 without details) do not show it."""
    page = archive.lead.page
    showing_it = ["/2020/9/15/1/", "/2020/9/15/"]
    not_showing_it = [archive.lead.get_absolute_url(), archive.second.get_absolute_url(), "/"]
    assert_answered(client, [*showing_it, *not_showing_it])
    page.department = "时政新闻部"
    page.department_email = "shizheng@example.com"
    with committed():
        page.save()
    assert_shown(client, showing_it, "时政新闻部")
    assert "shizheng@example.com" in client.get("/2020/9/15/").content.decode()
    assert_served_from_the_cache(client, not_showing_it, django_assert_num_queries)


def test_a_page_saved_unchanged_leaves_every_page_cached(
    client, archive, ready, committed, django_assert_num_queries
):
    """The desk saves the page with every change of its items: unchanged, it stales no page
    that shows only the page (its printed page shows all of it and is made again)."""
    urls = ["/2020/9/15/", "/", archive.lead.get_absolute_url()]
    assert_answered(client, urls)
    with committed():
        archive.lead.page.save()
    assert_served_from_the_cache(client, urls, django_assert_num_queries)


def test_a_renumbered_page_moves_on_every_page_at_once(client, archive, ready, committed):
    """A new number moves the page (its address, 版面导航, the number its items print, the
    lists): everything is made again. (Passes before issue 20's page dependencies too: it
    guards the placement rule.)"""
    urls = ["/2020/9/15/", "/", archive.lead.get_absolute_url(), archive.tag.get_absolute_url()]
    for url in urls:
        assert "第5版" not in client.get(url).content.decode(), url
    assert client.get("/2020/9/15/1/").status_code == 200
    page = archive.lead.page
    page.number = 5
    with committed():
        page.save()
    assert_shown(client, urls, "第5版")
    assert client.get("/2020/9/15/1/").status_code == 404
    assert "市委常委会召开会议" in client.get("/2020/9/15/5/").content.decode()


def test_a_page_moved_to_another_issue_leaves_the_first_and_shows_in_the_second(
    client, archive, ready, elsewhere, committed
):
    """(A placement change: everything; passes before issue 20's page dependencies too.)"""
    page = archive.previous_issue.pages.get()
    page.name = "搬走的版面"
    with committed():
        page.save()
    assert "搬走的版面" in client.get("/2020/9/14/").content.decode()
    assert "搬走的版面" not in client.get("/2019/3/2/").content.decode()
    page.issue = elsewhere.issue
    page.number = 2
    with committed():
        page.save()
    assert "搬走的版面" not in client.get("/2020/9/14/").content.decode()
    assert "搬走的版面" in client.get("/2019/3/2/").content.decode()


def make_page_scan(page, folder: str) -> list[Rendition]:
    """Rows of a page scan's renditions, as articles.renditions makes them (no files needed:
    the pages print their addresses)."""
    return [
        Rendition.objects.create(
            page=page,
            source_name=f"originals/pages/{folder}.jpg",
            spec=spec,
            format="jpeg",
            file=f"renditions/pages/{folder}/{spec}.jpeg",
            width=width,
            height=width * 3 // 2,
        )
        for spec, width in [("thumbnail", 120), ("medium", 600), ("large", 1200)]
    ]


def test_a_new_page_scan_shows_wherever_the_scan_is_and_leaves_the_rest_cached(
    client, archive, ready, elsewhere, committed, django_assert_num_queries
):
    """A page's renditions are its scan on the printed page, its thumbnail in 版面导航, the
    front page's map on the home page and the share image of its articles without a photo."""
    showing_the_scan = ["/2020/9/15/1/", "/2020/9/15/", "/", archive.second.get_absolute_url()]
    not_showing_it = [
        "/2020/9/15/2/",
        archive.tag.get_absolute_url(),
        archive.reporter.get_absolute_url(),
        *other_issues_pages(elsewhere),
    ]
    for url in [*showing_the_scan, *not_showing_it]:
        assert "renditions/pages/scan-one/" not in client.get(url).content.decode(), url
    with committed():
        make_page_scan(archive.lead.page, "scan-one")
    assert_shown(client, showing_the_scan, "renditions/pages/scan-one/")
    assert_served_from_the_cache(client, not_showing_it, django_assert_num_queries)
    with committed():  # the scan replaced: its renditions go, new ones come
        archive.lead.page.renditions.all().delete()
        make_page_scan(archive.lead.page, "scan-two")
    for url in showing_the_scan:
        page = client.get(url).content.decode()
        assert "renditions/pages/scan-two/" in page, url
        assert "renditions/pages/scan-one/" not in page, url


def test_edits_of_an_unpublished_issues_page_never_show_to_readers(
    client, archive, ready, committed, django_assert_num_queries
):
    """A draft issue's page, its credits and scan are bumped like any other, and still kept
    from readers; the published issue's pages stay cached."""
    draft_page = archive.draft_issue.pages.get()
    with committed():
        editor = PersonFactory(name="草稿版面的编辑")  # a new person: a change of its own
    published = ["/2020/9/15/", "/2020/9/15/1/", "/", archive.tag.get_absolute_url()]
    assert_answered(client, published)
    draft_page.name = "草稿版面的新名字"
    with committed():
        draft_page.save()
        PageCreditFactory(page=draft_page, person=editor)
        make_page_scan(draft_page, "draft-scan")
    hidden = [
        "/2020/9/16/",
        "/2020/9/16/1/",
        "/2020/9/16/1/text/",
        archive.in_draft_issue.get_absolute_url(),
    ]
    for url in hidden:
        assert client.get(url).status_code == 404, url
    for text in ["草稿版面的新名字", "草稿版面的编辑", "draft-scan"]:
        assert_not_shown(client, ["/", archive.tag.get_absolute_url()], text)
    assert_served_from_the_cache(client, published[:3], django_assert_num_queries)


def assert_not_shown(client, urls, text):
    for url in urls:
        assert text not in client.get(url).content.decode(), url


# An issue (articles/page_cache.py: ISSUE_SHOWN) ---------------------------------------------------


def test_an_issue_number_fix_shows_on_its_pages_and_articles_and_leaves_other_issues_cached(
    client, archive, ready, elsewhere, committed, django_assert_num_queries
):
    """第N期 is printed on the issue page, each of its printed pages and their text, its
    articles (breadcrumbs, 刊于), the home page's masthead and the archive's calendar."""
    showing_it = [
        "/2020/9/15/",
        "/2020/9/15/1/",
        "/2020/9/15/1/text/",
        "/2020/9/15/2/",
        archive.lead.get_absolute_url(),
        archive.second.get_absolute_url(),
        "/",
        "/archive/2020/",
    ]
    assert_answered(client, [*showing_it, *other_issues_pages(elsewhere)])
    archive.issue.number = 10086
    with committed():
        archive.issue.save()
    assert_shown(client, showing_it, "第10086期")
    assert_served_from_the_cache(client, other_issues_pages(elsewhere), django_assert_num_queries)


def test_a_page_count_fix_shows_on_the_masthead_and_leaves_the_issues_pages_cached(
    client, archive, ready, committed, django_assert_num_queries
):
    """今日N版 is on the issue page's and the home page's masthead only."""
    on_the_masthead = ["/2020/9/15/", "/"]
    not_on_it = ["/2020/9/15/1/", "/2020/9/15/1/text/", archive.lead.get_absolute_url()]
    assert_answered(client, [*on_the_masthead, *not_on_it])
    archive.issue.page_count = 12
    with committed():
        archive.issue.save()
    assert_shown(client, on_the_masthead, "今日12版")
    assert_served_from_the_cache(client, not_on_it, django_assert_num_queries)


def test_an_unpublished_issue_edited_stays_hidden_and_publishing_it_shows_it_everywhere(
    client, archive, ready, committed, django_assert_num_queries
):
    """A draft issue's number bumps only its own pages, which readers cannot see; publishing
    it (a placement change) brings it to the home page, the calendar and its topic's list."""
    published = ["/", "/2020/9/15/", "/archive/2020/", archive.tag.get_absolute_url()]
    assert_answered(client, published)
    draft = archive.draft_issue
    draft.number = 10099
    with committed():
        draft.save()
    for url in ["/2020/9/16/", "/2020/9/16/1/", archive.in_draft_issue.get_absolute_url()]:
        assert client.get(url).status_code == 404, url
    assert_served_from_the_cache(client, published, django_assert_num_queries)
    draft.status, draft.published_at = Status.PUBLISHED, timezone.now()
    with committed():
        draft.save()
    assert "第10099期" in client.get("/").content.decode()
    assert "第10099期" in client.get("/archive/2020/").content.decode()
    assert "草稿期次里的稿件" in client.get(archive.tag.get_absolute_url()).content.decode()


def test_renditions_made_by_the_command_show_at_once(
    client, archive, ready, elsewhere, committed, django_assert_num_queries
):
    """generate_renditions makes missing renditions in bulk (no post_save): what shows the
    page's scan shows them at once, and the other issues' pages stay cached."""
    page = archive.lead.page
    with committed():
        page.image = ContentFile(png_bytes(200, 300), name="scan.png")
        page.save()
        page.renditions.all().delete()  # as if made before renditions existed
    assert "renditions/pages/" not in client.get("/2020/9/15/1/").content.decode()
    unrelated = other_issues_pages(elsewhere)
    assert_answered(client, unrelated)
    with committed():
        call_command("generate_renditions", verbosity=0)
    assert page.renditions.exists()
    assert_shown(client, ["/2020/9/15/1/", "/2020/9/15/"], "renditions/pages/")
    assert_served_from_the_cache(client, unrelated, django_assert_num_queries)


def test_entering_a_draft_with_its_credits_photo_and_topics_leaves_every_page_cached(
    client, archive, ready, elsewhere, committed, django_assert_num_queries
):
    """The desk and the import enter a day's paper as drafts: no cached page goes stale, and
    no reader sees the draft or anything of it."""
    urls = [
        *pages_showing_the_lead(archive),
        "/2020/9/15/1/text/",
        "/2020/9/15/2/",
        elsewhere.get_absolute_url(),
    ]
    assert_answered(client, urls)
    with committed():
        draft = ArticleFactory(
            page=archive.lead.page,
            position=9,
            headline="刚录入的草稿稿件",
            status=Status.DRAFT,
            published_at=None,
        )
        ArticleCreditFactory(article=draft, person=archive.reporter)
        draft.tags.add(archive.tag)
        draft.places.add(archive.place)
        PhotoFactory(article=draft, caption="草稿的配图").photo_credits.create(
            person=archive.reporter, position=0
        )
        draft.corrections.create(date=archive.issue.date, text="草稿的更正")
        draft.regions.create(x=0.1, y=0.1, width=0.2, height=0.2)
    assert_served_from_the_cache(client, urls, django_assert_num_queries)
    draft.body = "改过的草稿正文"
    draft.headline = "改过的草稿标题"
    with committed():
        draft.save()
    assert_served_from_the_cache(client, urls, django_assert_num_queries)
    client.cookies.clear()
    assert client.get(draft.get_absolute_url()).status_code == 404


def test_publishing_a_draft_entered_while_pages_were_cached_shows_it_everywhere(
    client, archive, ready, editor, committed
):
    urls = [
        "/2020/9/15/1/",
        "/2020/9/15/1/text/",
        "/2020/9/15/",
        "/",
        archive.tag.get_absolute_url(),
    ]
    for url in urls:
        client.get(url)
    with committed():
        draft = ArticleFactory(
            page=archive.lead.page,
            position=9,
            headline="刚录入的草稿稿件",
            status=Status.DRAFT,
            published_at=None,
        )
        draft.tags.add(archive.tag)
        PhotoFactory(article=draft, caption="草稿的配图")
    for url in urls:
        assert "刚录入的草稿稿件" not in client.get(url).content.decode(), url
    with committed():
        publish_article(article=draft, user=editor)
    assert_shown(client, urls, "刚录入的草稿稿件")
    assert "草稿的配图" in client.get("/2020/9/15/1/").content.decode()
    assert "刚录入的草稿稿件" in client.get(archive.second.get_absolute_url()).content.decode()


def test_a_new_person_topic_or_place_leaves_every_page_cached_until_linked(
    client, archive, ready, elsewhere, committed, django_assert_num_queries
):
    """A byline's new name (the import creates one per unknown reporter) is on no page until
    it is credited on published work; then it shows there, and its own page answers."""
    urls = [*pages_showing_the_lead(archive), "/2020/9/15/1/text/", elsewhere.get_absolute_url()]
    assert_answered(client, urls)
    with committed():
        person = PersonFactory(name="新来的见习记者")
        tag = TagFactory(name="新开的专题")
        place = PlaceFactory(name="新设的社区", parent=archive.place)
    assert_served_from_the_cache(client, urls, django_assert_num_queries)
    for new in (person, tag, place):
        assert client.get(new.get_absolute_url()).status_code == 404
    with committed():
        ArticleCreditFactory(article=archive.lead, person=person)
        archive.lead.tags.add(tag)
        archive.lead.places.add(place)
    for name in ("新来的见习记者", "新开的专题", "新设的社区"):
        assert name in client.get(archive.lead.get_absolute_url()).content.decode(), name
    assert "新来的见习记者" in client.get("/2020/9/15/1/").content.decode()
    for new in (person, tag, place):
        assert archive.lead.headline in client.get(new.get_absolute_url()).content.decode()


def test_renaming_a_person_reaches_every_page_naming_them(client, archive, ready, committed):
    urls = [
        archive.lead.get_absolute_url(),
        "/2020/9/15/1/",
        "/",
        archive.reporter.get_absolute_url(),
    ]
    assert_shown(client, urls, "李雅萍")
    archive.reporter.name = "李雅平"
    with committed():
        archive.reporter.save()
    assert_shown(client, urls, "李雅平")


def test_entering_a_new_days_issue_as_drafts_leaves_every_page_cached_until_it_is_published(
    client, archive, ready, elsewhere, editor, committed, django_assert_num_queries
):
    """The day's paper is entered as the import and the desk do it (a draft issue, its pages
    and credits, draft items with bylines) while readers' pages stay cached; publishing it
    puts it on the home page, the archive and its own pages at once."""
    urls = [
        "/",
        "/archive/",
        *pages_showing_the_lead(archive),
        "/2020/9/15/1/text/",
        elsewhere.get_absolute_url(),
    ]
    assert_answered(client, urls)
    with committed():
        issue = IssueFactory(
            publication=archive.issue.publication,
            date=datetime.date(2020, 9, 30),
            number=10090,
            status=Status.DRAFT,
            published_at=None,
        )
        front = PageFactory(issue=issue, number=1, name="要闻")
        PageCreditFactory(page=front, person=PersonFactory(name="新的组版编辑"))
        item = ArticleFactory(
            page=front, headline="新一天的头条", status=Status.DRAFT, published_at=None
        )
        ArticleCreditFactory(article=item, person=archive.reporter)
    assert_served_from_the_cache(client, urls, django_assert_num_queries)
    client.cookies.clear()
    assert client.get("/2020/9/30/").status_code == 404
    with committed():
        publish_issue(issue=issue, user=editor)
    assert_shown(
        client,
        ["/", "/2020/9/30/", "/2020/9/30/1/", archive.reporter.get_absolute_url()],
        "新一天的头条",
    )
    assert "10090" in client.get("/").content.decode()


def test_publishing_one_article_shows_it_where_it_belongs_and_leaves_other_issues_cached(
    client, archive, ready, elsewhere, editor, committed, django_assert_num_queries
):
    showing_it = [
        "/2020/9/15/1/",
        "/2020/9/15/1/text/",
        "/2020/9/15/",
        "/",
        archive.tag.get_absolute_url(),
        archive.lead.get_absolute_url(),  # related by the tag
    ]
    unrelated = [elsewhere.get_absolute_url(), "/2019/3/2/", "/2019/3/2/1/", "/2020/9/14/"]
    for url in [*showing_it, *unrelated]:
        assert "尚未发布的草稿稿件" not in client.get(url).content.decode(), url
    with committed():
        publish_article(article=archive.draft, user=editor)
    assert_shown(client, showing_it, "尚未发布的草稿稿件")
    assert client.get(archive.draft.get_absolute_url()).status_code == 200
    assert_served_from_the_cache(client, unrelated, django_assert_num_queries)


def test_unpublishing_one_article_leaves_other_issues_cached(
    client, archive, ready, elsewhere, editor, committed, django_assert_num_queries
):
    unrelated = [elsewhere.get_absolute_url(), "/2019/3/2/", "/2019/3/2/1/", "/2020/9/14/"]
    assert_answered(client, unrelated)
    with committed():
        unpublish_article(article=archive.lead, user=editor)
    assert_served_from_the_cache(client, unrelated, django_assert_num_queries)
    assert client.get(archive.lead.get_absolute_url()).status_code == 404


def test_scheduling_a_draft_shows_it_when_its_time_comes(
    client, archive, ready, editor, committed, monkeypatch
):
    urls = ["/2020/9/15/1/", "/2020/9/15/", "/", archive.lead.get_absolute_url()]
    for url in urls:
        client.get(url)
    with committed():
        publish_article(
            article=archive.draft, user=editor, at=timezone.now() + datetime.timedelta(hours=1)
        )
    for url in urls:
        assert "尚未发布的草稿稿件" not in client.get(url).content.decode(), url
    later = timezone.now() + datetime.timedelta(hours=2)
    monkeypatch.setattr(timezone, "now", lambda: later)
    assert_shown(client, urls, "尚未发布的草稿稿件")


def test_publishing_the_days_issue_shows_it_everywhere_while_other_issues_stay_cached(
    client, archive, ready, elsewhere, editor, committed, django_assert_num_queries
):
    """The morning's publish no longer empties the cache: the new issue reaches the home page,
    the calendar, the day before's 下一期, its topics' pages and related items, while the
    pages of other issues that show nothing of it keep their cached copies."""
    showing_it = ["/", "/archive/", "/2020/9/15/"]  # the latest; the calendar; 下一期
    unrelated = [
        elsewhere.get_absolute_url(),
        "/2019/3/2/",
        "/2019/3/2/1/",
        "/2020/9/15/1/",
        "/2020/9/15/1/text/",
        "/2020/9/15/2/",
    ]
    for url in [
        *showing_it,
        *unrelated,
        archive.lead.get_absolute_url(),
        archive.tag.get_absolute_url(),
    ]:
        assert "草稿期次里的稿件" not in client.get(url).content.decode(), url
    with committed():
        publish_issue(issue=archive.draft_issue, user=editor)
    assert_shown(client, showing_it, "/2020/9/16/")
    assert_shown(client, ["/", archive.tag.get_absolute_url()], "草稿期次里的稿件")
    assert "草稿期次里的稿件" in client.get(archive.lead.get_absolute_url()).content.decode()
    assert_served_from_the_cache(client, unrelated, django_assert_num_queries)
    assert client.get("/2020/9/16/1/").status_code == 200


def test_unpublishing_an_issue_takes_it_off_every_page_and_leaves_others_cached(
    client, archive, ready, elsewhere, editor, committed, django_assert_num_queries
):
    urls = pages_showing_the_lead(archive)
    unrelated = [elsewhere.get_absolute_url(), "/2019/3/2/", "/2019/3/2/1/"]
    assert_answered(client, [*urls, *unrelated, "/2020/9/14/", "/archive/"])
    with committed():
        unpublish_issue(issue=archive.issue, user=editor)
    assert_served_from_the_cache(client, unrelated, django_assert_num_queries)
    for url in [archive.lead.get_absolute_url(), "/2020/9/15/", "/2020/9/15/1/"]:
        assert client.get(url).status_code == 404, url
    for url in ["/", "/2020/9/14/", "/archive/", archive.tag.get_absolute_url()]:
        page = client.get(url).content.decode()
        assert "/2020/9/15/" not in page and "市委常委会召开会议" not in page, url


def test_an_earlier_years_issue_published_later_joins_on_this_day(
    client, archive, ready, editor, committed
):
    """Back issues are published as they are digitised: one of 15 September 2018 shows at
    once under 历史上的今天 of 15 September 2020."""
    client.get("/2020/9/15/")
    with committed():
        back_issue = IssueFactory(
            publication=archive.issue.publication,
            date=datetime.date(2018, 9, 15),
            number=9300,
            status=Status.DRAFT,
            published_at=None,
        )
        ArticleFactory(page=PageFactory(issue=back_issue, number=1), headline="两年前的头条")
    assert "两年前的头条" not in client.get("/2020/9/15/").content.decode()
    with committed():
        publish_issue(issue=back_issue, user=editor)
    assert "两年前的头条" in client.get("/2020/9/15/").content.decode()


def test_an_issue_scheduled_for_the_morning_appears_when_its_time_comes(
    client, archive, ready, elsewhere, editor, committed, monkeypatch, django_assert_num_queries
):
    """Scheduling bumps everything (its time must be watched for); when the time passes, the
    issue reaches the home page, the calendar and the day before's 下一期 without a save, while
    pages showing nothing of it stay cached."""
    with committed():
        publish_issue(
            issue=archive.draft_issue,
            user=editor,
            at=timezone.now() + datetime.timedelta(hours=1),
        )
    showing_it = ["/", "/archive/", "/2020/9/15/"]
    unrelated = [elsewhere.get_absolute_url(), "/2019/3/2/", "/2020/9/15/1/"]
    for url in [*showing_it, *unrelated]:
        assert "/2020/9/16/" not in client.get(url).content.decode(), url
    later = timezone.now() + datetime.timedelta(hours=2)
    monkeypatch.setattr(timezone, "now", lambda: later)
    assert_shown(client, showing_it, "/2020/9/16/")
    assert "草稿期次里的稿件" in client.get("/").content.decode()
    assert_served_from_the_cache(client, unrelated, django_assert_num_queries)


TODAYS_PAGE = """吕梁日报 2020年9月20日 星期日
第02版:综合新闻
城区新增三处口袋公园
本报讯(记者 李雅萍)近日，城区三处闲置空地改造完工，变身为供居民休憩的口袋公园。
据介绍，改造共栽植乔木一百二十株，铺设步道六百余米。
综合新闻部主办 本版组版: 刘晓 责编:陈明 校对:赵丽
"""


def test_importing_and_replacing_a_page_of_the_coming_issue_leaves_every_page_cached(
    client, archive, ready, elsewhere, committed, django_assert_num_queries
):
    """The import desk adds a page to the coming (draft) issue with its items, bylines, new
    people and page credits, and replaces them when the page is imported again: readers'
    pages stay cached."""
    urls = [
        "/",
        "/archive/",
        *pages_showing_the_lead(archive),
        "/2020/9/15/1/text/",
        elsewhere.get_absolute_url(),
    ]
    assert_answered(client, urls)
    proposed = propose_page(TODAYS_PAGE.encode(), filename="page.txt")
    into = {"publication": archive.issue.publication, "issue_date": archive.draft_issue.date}
    with committed():
        import_page(proposed.proposal, source=proposed.source, **into)
    assert_served_from_the_cache(client, urls, django_assert_num_queries)
    with committed():
        import_page(proposed.proposal, source=proposed.source, replace=True, **into)
    assert_served_from_the_cache(client, urls, django_assert_num_queries)
    assert "口袋公园" not in client.get("/").content.decode()
