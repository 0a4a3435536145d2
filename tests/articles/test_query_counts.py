"""Every public page reads the database in a fixed number of queries, however many items it
shows: measured on the archive with one of everything, then again with many of everything.

Each page is read with every cache cold (a new content version, no page and no data from an
earlier request), the expensive case; the limits include the queries that work out the content
version. A page that needs one more query for each item it lists fails here.
"""

import datetime

import pytest
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from articles.models import ArticleRegion, Correction
from tests.factories import (
    ArticleCreditFactory,
    ArticleFactory,
    IssueFactory,
    ObservationFactory,
    PageCreditFactory,
    PageFactory,
    PeriodFactory,
    PersonFactory,
    PhotoFactory,
    PlaceFactory,
    TagFactory,
    png_bytes,
)

pytestmark = pytest.mark.django_db

MANY = 8

# Upper bounds per page, with the archive's one of everything and with MANY of everything.
LIMITS = {
    "home": 15,
    "archive": 4,
    "archive year": 4,
    "jump to date": 1,
    "issue by number": 1,
    "issue": 11,
    "page (e-paper viewer)": 13,
    "page with search hits": 11,
    "page text": 10,
    "issue manifest": 5,
    "article": 18,  # related items: ids by topic, then the visible ones; by place too if few
    "article citation": 18,
    "person": 6,
    "tag": 6,
    "place": 6,
    "section": 6,
    "publication": 6,
    # PostgreSQL: + the search's session settings and the planner's estimate
    "search": 9 if connection.vendor == "postgresql" else 7,
    "figures": 1,
    "indicator": 2,
    "feed latest": 9,  # + the ids of the newest items and of the newest issues (feeds.py)
    "feed latest atom": 9,
    "feed section": 10,
    "feed tag": 10,
    "sitemap index": 9,  # each part's count and newest row (pages: its issues' and its items')
    "sitemap issues": 4,
    "sitemap pages": 4,
    "sitemap articles": 4,
    "robots.txt": 0,
}


def _addresses(archive, figure) -> dict[str, str]:
    lead = archive.lead
    return {
        "home": "/",
        "archive": "/archive/",
        "archive year": "/archive/2020/",
        "jump to date": "/archive/date/?date=2020-09-15",
        "issue by number": "/issues/10076/",
        "issue": "/2020/9/15/",
        "page (e-paper viewer)": "/2020/9/15/1/",
        "page with search hits": "/2020/9/15/1/?q=会议",
        "page text": "/2020/9/15/1/text/",
        "issue manifest": "/2020/9/15/manifest.json",
        "article": lead.get_absolute_url(),
        "article citation": f"{lead.get_absolute_url()}cite.ris",
        "person": archive.reporter.get_absolute_url(),
        "tag": archive.tag.get_absolute_url(),
        "place": archive.place.get_absolute_url(),
        "section": lead.section.get_absolute_url(),
        "publication": archive.issue.publication.get_absolute_url(),
        "search": "/search/?q=会议",
        "figures": "/indicators/",
        "indicator": figure.indicator.get_absolute_url(),
        "feed latest": "/feeds/latest/rss/",
        "feed latest atom": "/feeds/latest/atom/",
        "feed section": f"/feeds/sections/{lead.section.slug}/rss/",
        "feed tag": f"/feeds/tags/{archive.tag.pk}/rss/",
        "sitemap index": "/sitemap.xml",
        "sitemap issues": "/sitemap-issues.xml",
        "sitemap pages": "/sitemap-pages.xml",
        "sitemap articles": "/sitemap-articles.xml",
        "robots.txt": "/robots.txt",
    }


@pytest.fixture
def one_of_everything(archive):
    """The archive with a scan on its front page, the lead's place on it, a correction, a
    figure, and the paper of the same day a year before (历史上的今天)."""
    front = archive.lead.page
    front.image = ContentFile(png_bytes(600, 840), name="scan.png")
    front.save()
    ArticleRegion.objects.create(article=archive.lead, x=0.1, y=0.1, width=0.5, height=0.3)
    Correction.objects.create(article=archive.lead, date="2020-09-16", text="更正一处")
    figure = ObservationFactory(article=archive.lead)
    earlier = IssueFactory(
        publication=archive.issue.publication, date=datetime.date(2019, 9, 15), number=9800
    )
    ArticleFactory(page=PageFactory(issue=earlier, number=1), headline="一年前的头条")
    return archive, figure


def _many_of_everything(archive, figure):
    """MANY more items of every kind that a page lists."""
    lead, front = archive.lead, archive.lead.page
    for number in range(MANY):
        page = PageFactory(issue=archive.issue, number=3 + number, name=f"专版{number}")
        PageCreditFactory(page=page, person=PersonFactory())
        item = ArticleFactory(page=front, position=10 + number, section=lead.section)
        item.tags.add(archive.tag, TagFactory())
        item.places.add(archive.place)
        ArticleCreditFactory(article=item, person=archive.reporter)
        ArticleRegion.objects.create(article=item, x=0.1, y=0.5, width=0.2, height=0.1)
        photo = PhotoFactory(article=item)
        photo.photo_credits.create(person=PersonFactory(), position=0)
        ArticleFactory(page=page, position=1, headline=f"会议消息{number}")
        lead.tags.add(TagFactory())
        lead.places.add(PlaceFactory())
        ArticleCreditFactory(article=lead)
        PhotoFactory(article=lead).photo_credits.create(person=PersonFactory(), position=0)
        Correction.objects.create(article=lead, date="2020-09-17", text=f"更正{number}")
        ObservationFactory(
            article=lead, indicator=figure.indicator, period=PeriodFactory(year=2000 + number)
        )
        earlier = IssueFactory(
            publication=archive.issue.publication,
            date=datetime.date(2010 + number, 9, 15),
            number=9000 + number,
        )
        ArticleFactory(page=PageFactory(issue=earlier, number=1), headline=f"往年头条{number}")


def _queries(client, url, limit, django_assert_max_num_queries) -> int:
    cache.clear()  # a new content version: no page and no data from an earlier request
    with django_assert_max_num_queries(limit) as queries:
        response = client.get(url)
    assert response.status_code in (200, 302), url
    return len(queries)


@pytest.mark.parametrize("name", list(LIMITS))
def test_every_public_page_reads_in_a_fixed_number_of_queries(
    client, one_of_everything, django_assert_max_num_queries, name
):
    archive, figure = one_of_everything
    url = _addresses(archive, figure)[name]
    few = _queries(client, url, LIMITS[name], django_assert_max_num_queries)
    _many_of_everything(archive, figure)
    # at most equal: a page may ask less once it has enough (related items by topic, not place)
    assert _queries(client, url, few, django_assert_max_num_queries) <= few


def test_an_article_without_corrections_regions_or_figures_reads_none_of_them(
    client, one_of_everything, django_assert_max_num_queries
):
    """Most articles have no correction, no region on the scan and no figures: the article's own
    query asks which it has, and reads only those (one query fewer for each it lacks)."""
    archive, figure = one_of_everything
    lead = archive.lead
    url = lead.get_absolute_url()
    with_all = _queries(client, url, LIMITS["article"], django_assert_max_num_queries)
    page = client.get(url).content.decode()
    assert 'class="corrections"' in page and 'class="article-figures"' in page
    lead.corrections.all().delete()
    lead.regions.all().delete()
    figure.delete()
    without = _queries(client, url, with_all, django_assert_max_num_queries)
    assert without == with_all - 3
    page = client.get(url).content.decode()
    assert 'class="corrections"' not in page and 'class="article-figures"' not in page


def test_a_page_without_a_scan_reads_no_regions(client, one_of_everything):
    """Regions are drawn on the page's scan (and search hits marked there): a page without one
    reads none, while the front page with its scan still links each item's region."""
    archive, _figure = one_of_everything
    item = ArticleFactory(page=archive.issue.pages.get(number=2), headline="第二版的会议消息")
    ArticleRegion.objects.create(article=item, x=0.2, y=0.2, width=0.3, height=0.3)
    for url in ("/2020/9/15/2/", "/2020/9/15/2/?q=会议"):
        cache.clear()
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        assert not any("articleregion" in query["sql"] for query in queries), url
    assert 'class="page-region"' in client.get("/2020/9/15/1/").content.decode()
