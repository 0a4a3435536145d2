"""sitemap.xml and robots.txt: crawlers find every published item and nothing else."""

import datetime
import re

import pytest
from django.utils.timezone import localtime

from articles.models import Article, Issue
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db


def test_sitemap_index_names_its_parts(client, archive):
    body = client.get("/sitemap.xml").content.decode()
    for section in ("issues", "pages", "articles"):
        assert f"http://testserver/sitemap-{section}.xml" in body


def test_sitemaps_list_published_items_only(client, archive):
    articles = client.get("/sitemap-articles.xml").content.decode()
    assert f"/articles/{archive.lead.pk}/" in articles
    for unpublished in (archive.draft, archive.scheduled, archive.in_draft_issue):
        assert f"/articles/{unpublished.pk}/<" not in articles
    issues = client.get("/sitemap-issues.xml").content.decode()
    assert "/2020/9/15/<" in issues and "/2020/9/16/" not in issues
    pages = client.get("/sitemap-pages.xml").content.decode()
    assert "/2020/9/15/2/" in pages and "/2020/9/16/1/" not in pages


def test_robots_txt_names_the_sitemap_and_keeps_crawlers_out_of_the_admin(client, db):
    response = client.get("/robots.txt")
    assert response["Content-Type"].startswith("text/plain")
    body = response.content.decode()
    assert "Disallow: /admin/" in body and "Sitemap: http://testserver/sitemap.xml" in body


def test_the_index_dates_each_part_by_its_latest_published_change(client, archive):
    """Each part's <lastmod> is its newest item's: an item's edit dates the page printing it,
    a draft's later edit dates nothing (there is nothing new for a crawler to read)."""
    moment = datetime.datetime(2024, 3, 1, 8, 30, tzinfo=datetime.UTC)
    Article.objects.update(updated_at=moment - datetime.timedelta(days=30))
    Issue.objects.update(updated_at=moment - datetime.timedelta(days=60))
    Article.objects.filter(pk=archive.lead.pk).update(updated_at=moment)
    Article.objects.filter(pk=archive.draft.pk).update(updated_at=moment + datetime.timedelta(1))
    body = client.get("/sitemap.xml").content.decode()
    lastmod = dict(re.findall(r"sitemap-(\w+)\.xml</loc><lastmod>([^<]+)</lastmod>", body))
    assert lastmod["articles"] == localtime(moment).isoformat()
    assert lastmod["issues"] == localtime(moment - datetime.timedelta(days=60)).isoformat()
    assert lastmod["pages"] == localtime(moment).isoformat()
    pages = client.get("/sitemap-pages.xml").content.decode()
    assert max(re.findall(r"<lastmod>([^<]+)</lastmod>", pages)) == "2024-03-01"


def test_parts_are_ranges_of_ids_and_together_list_every_published_article_once(
    client, archive, monkeypatch
):
    """With parts of two ids each, every published article is in exactly the part its id falls
    in; an unpublished one is in none; the index names a part for each range up to the highest
    published id, and a part after that is a 404."""
    from articles import sitemaps

    monkeypatch.setattr(sitemaps.ArchiveSitemap, "limit", 2)
    ArticleFactory.create_batch(4)
    published = set(Article.objects.published().values_list("pk", flat=True))
    highest = max(published)
    unpublished = set(Article.objects.values_list("pk", flat=True)) - published
    assert unpublished and published
    index = client.get("/sitemap.xml").content.decode()
    parts = -(-highest // 2)
    assert parts >= 3
    assert f"sitemap-articles.xml?p={parts}<" in index
    assert f"sitemap-articles.xml?p={parts + 1}<" not in index
    listed = []
    for part in range(1, parts + 1):
        response = client.get("/sitemap-articles.xml", {"p": part})
        assert response.status_code == 200
        ids = [int(pk) for pk in re.findall(r"/articles/(\d+)/</loc>", response.content.decode())]
        assert all((part - 1) * 2 < pk <= part * 2 for pk in ids), (part, ids)
        listed += ids
    assert sorted(listed) == sorted(published)
    assert client.get("/sitemap-articles.xml", {"p": parts + 1}).status_code == 404
