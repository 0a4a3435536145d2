"""Public pages of the archive. Each route names an example address.

Numbers in addresses are bounded by digit count (converters below), so an absurd address such
as /issues/1000000000000/ is simply not found instead of reaching the database as an
out-of-range integer.
"""

from django.contrib.sitemaps import views as sitemap_views
from django.urls import path, re_path, register_converter

from publishing.caching import public_page

from . import feeds, iiif, views
from .sitemaps import SITEMAPS


class BoundedNumber:
    """1 to 9 digits: any id, issue number or page number the archive can hold."""

    regex = "[0-9]{1,9}"

    def to_python(self, value):
        return int(value)

    def to_url(self, value):
        return str(value)


class Year(BoundedNumber):
    regex = "[0-9]{4}"

    def to_url(self, value):
        return f"{value:04d}"  # the year 1 as 0001: a date field holds years 1 to 9999


class MonthOrDay(BoundedNumber):
    regex = "[0-9]{1,2}"


register_converter(BoundedNumber, "num")
register_converter(Year, "year")
register_converter(MonthOrDay, "md")


class ScanTag:
    """The ten hex digits naming a page scan's tile set (articles.iiif.scan_tag)."""

    regex = "[0-9a-f]{10}"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value


register_converter(ScanTag, "hex")

app_name = "articles"

urlpatterns = [
    # /
    path("", views.home, name="home"),
    # /archive/ — 往期回顾, the latest year's calendar
    path("archive/", views.archive, name="archive"),
    # /archive/2020/
    path("archive/<year:year>/", views.archive, name="archive_year"),
    # /archive/date/?date=2020-09-15
    path("archive/date/", views.jump_to_date, name="jump_to_date"),
    # /issues/?number=10076
    path("issues/", views.issue_by_number_form, name="issue_number_form"),
    # /issues/10076/
    path("issues/<num:number>/", views.issue_by_number, name="issue_number"),
    # /2020/9/15/
    path("<year:year>/<md:month>/<md:day>/", views.issue_detail, name="issue"),
    # /2020/9/15/qr.svg — the QR code of the issue's address, in its share box
    path("<year:year>/<md:month>/<md:day>/qr.svg", views.issue_qr, name="issue_qr"),
    # /2020/9/15/1/
    path("<year:year>/<md:month>/<md:day>/<num:number>/", views.page_detail, name="page"),
    # /2020/9/15/1/text/ — the page's text
    path("<year:year>/<md:month>/<md:day>/<num:number>/text/", views.page_text, name="page_text"),
    # /2020/9/15/manifest.json — the issue as a IIIF Presentation 3 manifest
    path(
        "<year:year>/<md:month>/<md:day>/manifest.json",
        views.issue_manifest,
        name="issue_manifest",
    ),
    # /iiif/pages/7/3f2a9c01de — a page scan's IIIF Image API 3 service (level 0):
    # /iiif/pages/7/3f2a9c01de/info.json, /iiif/pages/7/3f2a9c01de/0,0,512,512/512,512/0/default.jpg
    path("iiif/pages/<num:pk>/<hex:tag>", views.iiif_tile, {"path": ""}, name="iiif_image"),
    re_path(
        rf"^iiif/pages/(?P<pk>[0-9]{{1,9}})/(?P<tag>[0-9a-f]{{10}})/(?P<path>{iiif.TILE_PATH})$",
        views.iiif_tile,
        name="iiif_tile",
    ),
    # /preview/2020/9/15/1/ — staff see an issue, page or article as readers will (not cached)
    path("preview/<path:path>", views.preview, name="preview"),
    # /search/?q=消费扶贫&order=date
    path("search/", views.search, name="search"),
    # /articles/42/
    path("articles/<num:pk>/", views.article_detail, name="article"),
    # /articles/42/qr.svg — the QR code of the article's address, in its share box
    path("articles/<num:pk>/qr.svg", views.article_qr, name="article_qr"),
    # /articles/42/cite.ris, /articles/42/cite.bib, /articles/42/cite.csl.json
    path("articles/<num:pk>/cite.ris", views.article_citation, {"format": "ris"}, name="cite_ris"),
    path("articles/<num:pk>/cite.bib", views.article_citation, {"format": "bib"}, name="cite_bib"),
    path(
        "articles/<num:pk>/cite.csl.json",
        views.article_citation,
        {"format": "csl"},
        name="cite_csl",
    ),
    # /people/7/
    path("people/<num:pk>/", views.person_detail, name="person"),
    # /tags/3/
    path("tags/<num:pk>/", views.tag_detail, name="tag"),
    # /places/5/
    path("places/<num:pk>/", views.place_detail, name="place"),
    # /sections/时政/ (a section's slug may be Chinese, as the demo's are)
    path("sections/<str:slug>/", views.section_detail, name="section"),
    # /publications/lvliang-daily/
    path("publications/<slug:slug>/", views.publication_detail, name="publication"),
    # /feeds/latest/rss/ and /feeds/latest/atom/
    path("feeds/latest/rss/", public_page(feeds.LatestArticlesFeed()), name="feed_latest"),
    path(
        "feeds/latest/atom/", public_page(feeds.LatestArticlesAtomFeed()), name="feed_latest_atom"
    ),
    # /feeds/sections/时政/rss/
    path("feeds/sections/<str:slug>/rss/", public_page(feeds.SectionFeed()), name="feed_section"),
    path(
        "feeds/sections/<str:slug>/atom/",
        public_page(feeds.SectionAtomFeed()),
        name="feed_section_atom",
    ),
    # /feeds/tags/3/rss/
    path("feeds/tags/<num:pk>/rss/", public_page(feeds.TagFeed()), name="feed_tag"),
    path("feeds/tags/<num:pk>/atom/", public_page(feeds.TagAtomFeed()), name="feed_tag_atom"),
]

# Outside the "articles" namespace: crawlers expect these exact addresses.
discovery_urlpatterns = [
    # /robots.txt
    path("robots.txt", views.robots_txt, name="robots_txt"),
    # /sitemap.xml — the index; /sitemap-articles.xml?p=2 — one part
    path(
        "sitemap.xml",
        public_page(sitemap_views.index),
        {"sitemaps": SITEMAPS, "sitemap_url_name": "sitemap_section"},
        name="sitemap",
    ),
    path(
        "sitemap-<section>.xml",
        public_page(sitemap_views.sitemap, query=("p",)),
        {"sitemaps": SITEMAPS},
        name="sitemap_section",
    ),
]
