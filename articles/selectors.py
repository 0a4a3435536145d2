"""Reads behind the public pages and the API that are more than one queryset method: what a
page or an API list shows, with everything it reads fetched in a fixed number of queries."""

import datetime
import functools
from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import Count, Exists, OuterRef, Prefetch, QuerySet
from django.db.models.functions import ExtractMonth, ExtractYear
from django.http import Http404
from django.shortcuts import get_object_or_404

from publishing import caching

from . import page_cache
from .models import (
    Article,
    ArticleCredit,
    ArticleRegion,
    Correction,
    Issue,
    Page,
    PageCredit,
    Photo,
)

# The reading site --------------------------------------------------------------------------------


def reader_issues(user):
    """Issues of our own paper the user may see, with their publication."""
    return Issue.objects.for_reader(user).of_own_paper().select_related("publication")


def reader_photos(user):
    """Photos the user may see, with their photographers, in printed order."""
    return Photo.objects.for_reader(user).as_printed()


def issue_on(user, year: int, month: int, day: int) -> Issue:
    """The issue of that day the user may see, or Http404."""
    try:
        date = datetime.date(year, month, day)
    except (ValueError, OverflowError):
        raise Http404("没有这一天") from None
    return get_object_or_404(reader_issues(user), date=date)


def issue_pages(issue):
    """The issue's pages in order, with their credits (组版, 责编, 校对) and renditions."""
    credits = PageCredit.objects.select_related("person").order_by("position", "pk")
    return issue.pages.order_by("number").prefetch_related(
        Prefetch("page_credits", queryset=credits), "renditions"
    )


def issue_pages_with_headlines(user, issue):
    """The issue's pages with their credits and the headlines the user may see on each
    (`visible_articles`; 版面导航)."""
    headlines = (
        Article.objects.for_reader(user)
        .only("pk", "page_id", "headline", "position", "status", "published_at")
        .order_by("position", "pk")
    )
    return issue_pages(issue).prefetch_related(
        Prefetch("articles", queryset=headlines, to_attr="visible_articles")
    )


def page_items(user, page):
    """A page's items the user may see, in printed order, with credits, photos
    (`published_photos`) and, when the page has a scan to draw them on, regions."""
    items = (
        Article.objects.for_reader(user)
        .filter(page=page)
        .with_listing_data()
        .with_printed_photos()
        .order_by("position", "pk")
    )
    return items.prefetch_related("regions") if page.image else items


def on_this_day(user, issue) -> list:
    """历史上的今天 for `issue`: earlier issues of its day, each with its front page's first
    headline (`front_items`), in two queries however many there are."""
    front_items = (
        Article.objects.for_reader(user)
        .filter(page__number=1)
        .only("pk", "issue_id", "headline", "position", "status", "published_at")
        .order_by("position", "pk")
    )
    return list(
        reader_issues(user)
        .on_this_day(issue.date)
        .prefetch_related(Prefetch("articles", queryset=front_items, to_attr="front_items"))
    )


# The API -----------------------------------------------------------------------------------------


def api_issues():
    """Published issues, newest first, with their publication and pages."""
    return (
        Issue.objects.published()
        .select_related("publication")
        .prefetch_related(Prefetch("pages", queryset=Page.objects.select_related("issue")))
        .order_by("-date", "-id")
    )


def api_pages():
    """Pages of published issues with their published items, renditions and credits."""
    return (
        Page.objects.published()
        .select_related("issue__publication")
        .prefetch_related(
            Prefetch(
                "articles",
                queryset=Article.objects.published()
                .order_by("position", "id")
                .prefetch_related("regions"),
                to_attr="published_articles",
            ),
            "renditions",
            Prefetch("page_credits", queryset=PageCredit.objects.select_related("person")),
        )
        .order_by("id")
    )


def api_articles():
    """Published articles with everything the API's serializer shows, in a fixed number of
    queries (the article list and the search both read through it)."""
    return (
        Article.objects.published()
        # Joined: what the publishing rule and almost every filter need, and the issue's paper
        # (one small table: a fifth join plans in a few tenths of a millisecond more, less than
        # a query of its own costs). Section and source are fetched once per list instead:
        # PostgreSQL plans every join again on each request, and on the million-article
        # benchmark the list query with a tag filter took 6–16 ms to plan with seven tables.
        .select_related("issue__publication", "page")
        .without_page_sources()
        # The to-many rows in lists (credit_list, tag_list, place_list, correction_list): a
        # prefetch into a manager builds a manager and a filtered queryset per article and
        # relation, and the serializer's .all() clones that queryset again.
        .with_corrections(to_attr="correction_list")
        .prefetch_related(
            "section",
            "source_publication",
            Prefetch(
                "article_credits",
                queryset=ArticleCredit.objects.select_related("person").order_by("position"),
                to_attr="credit_list",
            ),
            Prefetch("tags", to_attr="tag_list"),
            Prefetch("places", to_attr="place_list"),
        )
        .with_printed_photos()
    )


def api_photos():
    """Published photos with their page, issue and article."""
    return (
        Photo.objects.published()
        .as_printed()
        .select_related("page__issue", "article")
        .order_by("id")
    )


def issue_dates(issues, year: int | None) -> dict:
    """{"years": [{"year", "count"}], "months": [{"month", "count"}], "dates": [{"date",
    "number"}]}: how many issues each year and, for `year`, each month and every date."""
    years = (
        issues.annotate(year=ExtractYear("date"))
        .values("year")
        .annotate(count=Count("id"))
        .order_by("year")
    )
    body = {"years": list(years), "months": [], "dates": []}
    if year:
        in_year = issues.filter(date__year=int(year))
        months = (
            in_year.annotate(month=ExtractMonth("date"))
            .values("month")
            .annotate(count=Count("id"))
            .order_by("month")
        )
        body["months"] = list(months)
        body["dates"] = [
            {"date": day, "number": number}
            for day, number in in_year.order_by("date").values_list("date", "number")
        ]
    return body


# The article page --------------------------------------------------------------------------------


@dataclass(frozen=True)
class ArticlePageSection:
    """Something another app adds to the article page below the text (indicators: the figures
    the article reported): the template that shows it, how to read what it shows, and the rows
    whose existence says there is something to show."""

    template: str
    read: Callable[[Article], object]  # the article → the template's `content`
    rows: Callable[[], QuerySet]  # rows of the article at OuterRef("pk") that read() would show


# Filled by other apps in their AppConfig.ready() (register_article_page_section), in that
# order, so that `articles` needs to know none of them.
ARTICLE_PAGE_SECTIONS: list[ArticlePageSection] = []


def register_article_page_section(
    *, template: str, read: Callable[[Article], object], rows: Callable[[], QuerySet]
) -> None:
    """Show `template` on every article page that has `rows()`, with `read(article)` as its
    `content` (read with the page's data, so it is cached with it: it must not depend on the
    reader). `rows()` is a queryset of the article at OuterRef("pk"): the page's own query asks
    whether it has any, so an article without them costs no query of its own."""
    ARTICLE_PAGE_SECTIONS.append(ArticlePageSection(template, read, rows))


def article_page(*, pk: int, user) -> dict | None:
    """What the article page shows of article `pk` to `user`, or None when they may not see it.

    {"article", "credits", "tags", "places", "photos", "regions", "corrections", "previous_item",
    "next_item", "related", "sections"}: the article with its issue, page, section and source,
    its credits, tags, places, photos (with photographers and renditions), its regions on the
    page (whose renditions are fetched, for the thumbnail) and corrections, the items printed
    before and after it on its page, related articles and what other apps add (sections:
    [{"template", "content"}]). Nothing in it depends on the request or the language, so
    readers' copies are kept per content version (publishing.caching.reader_data); staff, who
    may see unpublished items, always read the database.
    """
    build = functools.partial(_read_article_page, pk, user)
    return caching.reader_data(
        f"article-page:{pk}", build, user=user, tags=page_cache.article_page_tags
    )


def _read_article_page(pk: int, user) -> dict | None:
    articles = Article.objects.for_reader(user)
    # Corrections, regions on the scan and other apps' sections are rare: the article's own
    # query asks which it has, so that an article without them reads none (a query costs
    # about a millisecond of Python even when it finds nothing).
    has_rows = {
        "has_corrections": Correction.objects.filter(article=OuterRef("pk")),
        "has_regions": ArticleRegion.objects.filter(article=OuterRef("pk")),
        **{f"has_section_{i}": section.rows() for i, section in enumerate(ARTICLE_PAGE_SECTIONS)},
    }
    with_everything = (
        articles.with_listing_data()
        .select_related("source_publication")
        .with_printed_photos()  # no visibility joins: those of an article the reader may see
        .prefetch_related(
            "tags",
            "places",
            "page__renditions",  # the printed page: the article's image when it has no photo
        )
        .annotate(**{name: Exists(rows) for name, rows in has_rows.items()})
    )
    try:
        article = with_everything.get(pk=pk)
    except Article.DoesNotExist:
        return None
    if article.page.issue_id == article.issue_id:
        article.page.issue = article.issue  # the same row: the page's URL needs no query
    previous, following = articles.neighbours(article)
    photos = article.published_photos
    # A photographer is credited under the photo (肖继旺 摄): not a second time in the byline.
    under_photos = {credit.person_id for photo in photos for credit in photo.photo_credits.all()}
    credits = [
        credit
        for credit in article.article_credits.all()
        if not (credit.role == credit.Role.PHOTOGRAPHER and credit.person_id in under_photos)
    ]
    return {
        "article": article,
        # Lists, not managers: each `article.tags.all` in a template builds a manager and a
        # queryset before it reaches the prefetched rows, and the page reads most of them twice.
        "credits": credits,
        "tags": list(article.tags.all()),
        "places": list(article.places.all()),
        "photos": photos,
        "regions": list(article.regions.all()) if article.has_regions else [],
        "corrections": list(article.corrections.all()) if article.has_corrections else [],
        "previous_item": previous,
        "next_item": following,
        "related": articles.related_to(article),
        "sections": [
            {"template": section.template, "content": section.read(article)}
            for i, section in enumerate(ARTICLE_PAGE_SECTIONS)
            if getattr(article, f"has_section_{i}")
        ],
    }


def subject_year_counts(articles, *, subject: str, user) -> list[dict]:
    """How many of a subject's articles the reader may see each year, newest year first
    ([{"year": 2020, "count": 31}, …]); `articles` is already narrowed to what `user` may see.

    `subject` names it ("tag:3"). Readers' counts are kept with what lists show (the `lists`
    tag, as the subject's pages are): every page of a subject shows the same counts, and on a
    topic of 200,000 articles counting them is most of each page's time (benchmarks/README.md,
    "Year counts kept"). Staff, who may count drafts, always read the database.
    """
    return caching.reader_data(
        f"year-counts:{subject}",
        articles.year_counts,
        user=user,
        tags=lambda _counts: [caching.LISTS],
    )


def issue_for_manifest(*, date) -> dict | None:
    """What the IIIF manifest of the published issue of `date` shows, or None.

    {"issue", "pages", "items_by_page"}: the issue, its pages in order with their renditions, and
    per page id its published items in printed order with their regions. Published only, for
    everyone: manifests are read by other sites' viewers, never as a preview.
    """
    issue = (
        Issue.objects.published().of_own_paper().select_related("publication").filter(date=date)
    ).first()
    if issue is None:
        return None
    pages = list(issue.pages.order_by("number").prefetch_related("renditions"))
    items = (
        Article.objects.published()
        .filter(issue=issue)
        .only("pk", "page_id", "headline")
        .prefetch_related("regions")
        .order_by("position", "pk")
    )
    items_by_page = {}
    for item in items:
        items_by_page.setdefault(item.page_id, []).append(item)
    return {"issue": issue, "pages": pages, "items_by_page": items_by_page}
