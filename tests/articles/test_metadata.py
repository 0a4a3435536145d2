"""What other sites and tools read off our pages: OpenGraph, JSON-LD, feeds, the sitemap."""

import datetime
import json
import re
from pathlib import Path
from xml.etree import ElementTree

import feedparser
import pytest
from django.core.files.base import ContentFile
from django.utils import timezone

from articles.models import Article, ArticleCredit, Issue
from demo.articles import load_demo_archive
from tests.factories import (
    ArticleCreditFactory,
    ArticleFactory,
    IssueFactory,
    PageFactory,
    PersonFactory,
    PhotoFactory,
    png_bytes,
)

pytestmark = pytest.mark.django_db


def _og(html: str) -> dict:
    return dict(re.findall(r'<meta property="(og:[a-z_:]+)" content="([^"]*)"', html))


def test_home_issue_page_and_person_pages_carry_opengraph(client, archive):
    for url, title in [
        ("/", "吕梁日报 2020-09-15"),
        ("/2020/9/15/", "吕梁日报 2020-09-15"),
        ("/2020/9/15/1/", "第1版 要闻 · 吕梁日报 2020-09-15"),
        (archive.reporter.get_absolute_url(), "李雅萍"),
    ]:
        og = _og(client.get(url).content.decode())
        assert og["og:title"] == title, url
        assert og["og:url"] == f"http://testserver{url}"
        assert og["og:image"].startswith("http://testserver/"), url  # a scan or the site logo


def _jsonld(client, article) -> dict:
    html = client.get(article.get_absolute_url()).content.decode()
    script = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    return json.loads(script.group(1))


def test_jsonld_has_an_image_and_an_author_for_every_kind_of_article(client, archive):
    # archive.second: no photo, nobody credited — the image is the logo, the author the paper
    unsigned = _jsonld(client, archive.second)
    assert unsigned["image"] == ["http://testserver/static/img/site-logo.png"]
    assert unsigned["author"] == [{"@type": "Organization", "name": "吕梁日报"}]
    # a photo story credited only under its photo: the photographer is its author
    story = ArticleFactory(page=archive.lead.page, position=9, headline="秋收图景")
    photo = PhotoFactory(article=story, alt_text="金色的田野")
    photo.photo_credits.create(person=PersonFactory(name="高鹏"), position=0)
    data = _jsonld(client, story)
    assert data["author"] == [{"@type": "Person", "name": "高鹏"}]
    assert data["image"][0].startswith("http://testserver/media/renditions/")
    assert _jsonld(client, archive.lead)["author"] == [{"@type": "Person", "name": "李雅萍"}]


def test_an_article_without_a_photo_shows_its_printed_page(client, archive):
    scanned = PageFactory(
        issue=archive.issue, number=3, image=ContentFile(png_bytes(600, 840), name="scan.png")
    )
    article = ArticleFactory(page=scanned, headline="版面上的稿件")
    (image,) = _jsonld(client, article)["image"]
    assert image.startswith("http://testserver/media/renditions/")
    og = _og(client.get(article.get_absolute_url()).content.decode())
    assert og["og:image"] == image


def test_latest_feed_is_in_publication_order_with_photo_enclosures_and_credits(client, archive):
    # a back issue put online after the current one: news to a feed reader, so it comes first
    back = IssueFactory(
        publication=archive.issue.publication,
        date=datetime.date(2019, 3, 1),
        number=9900,
        published_at=timezone.now() - datetime.timedelta(hours=1),
    )
    ArticleFactory(page=PageFactory(issue=back, number=1), headline="补录的旧报稿件")
    for url in ("/feeds/latest/rss/", "/feeds/latest/atom/"):
        feed = feedparser.parse(client.get(url).content)
        assert not feed.bozo, feed.bozo_exception
        titles = [entry.title for entry in feed.entries]
        assert titles[0] == "补录的旧报稿件"
        dates = [entry.published_parsed or entry.updated_parsed for entry in feed.entries]
        assert dates == sorted(dates, reverse=True)
        lead = next(entry for entry in feed.entries if entry.title == "市委常委会召开会议")
        (enclosure,) = [link for link in lead.links if link.rel == "enclosure"]
        assert enclosure.href.startswith("http://testserver/media/renditions/")
        assert enclosure.type == "image/jpeg" and int(enclosure.length) > 0
        assert "会议现场 肖继旺 摄" in lead.summary
        assert "肖继旺" in lead.author


def test_sitemap_pages_say_when_each_page_last_changed(client, archive):
    Article.objects.update(updated_at=timezone.make_aware(datetime.datetime(2020, 10, 1)))
    Article.objects.filter(pk=archive.second.pk).update(
        updated_at=timezone.make_aware(datetime.datetime(2024, 5, 6, 7, 8))
    )
    Issue.objects.filter(pk=archive.issue.pk).update(
        updated_at=timezone.make_aware(datetime.datetime(2021, 1, 1))
    )
    root = ElementTree.fromstring(client.get("/sitemap-pages.xml").content)
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    lastmod = {
        url.findtext("s:loc", namespaces=ns): url.findtext("s:lastmod", namespaces=ns)
        for url in root.findall("s:url", ns)
    }
    assert lastmod["http://testserver/2020/9/15/1/"].startswith("2024-05-0")
    assert lastmod["http://testserver/2020/9/15/2/"].startswith("2021-01-01")


def test_the_example_section_feed_address_in_the_urlconf_answers(client, db):
    load_demo_archive(synthetic=False)
    urlconf = (Path(__file__).resolve().parents[2] / "articles" / "urls.py").read_text()
    examples = re.findall(r"# (/(?:feeds/)?sections/\S+/)", urlconf)
    assert len(examples) >= 2
    for example in examples:
        assert client.get(example).status_code == 200, example


def test_feeds_credit_writers_in_byline_order(client, archive):
    ArticleCreditFactory(
        article=archive.lead,
        person=PersonFactory(name="王强"),
        role=ArticleCredit.Role.CORRESPONDENT,
        position=3,
    )
    feed = feedparser.parse(client.get("/feeds/latest/rss/").content)
    lead = next(entry for entry in feed.entries if entry.title == "市委常委会召开会议")
    assert lead.author.startswith("李雅萍 王强")
