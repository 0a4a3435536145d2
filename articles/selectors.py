"""Reads behind the public pages that are worth more than a queryset: the article page's data."""

from collections.abc import Callable
from dataclasses import dataclass

from django.db.models import Prefetch

from publishing import caching

from .models import Article, Issue, Photo


@dataclass(frozen=True)
class ArticlePageSection:
    """Something another app adds to the article page below the text (indicators: the figures
    the article reported): the template that shows it, and how to read what it shows."""

    template: str
    read: Callable[[Article], object]  # the article → the template's `content`


# Filled by other apps in their AppConfig.ready() (register_article_page_section), in that
# order, so that `articles` needs to know none of them.
ARTICLE_PAGE_SECTIONS: list[ArticlePageSection] = []


def register_article_page_section(*, template: str, read: Callable[[Article], object]) -> None:
    """Show `template` on every article page, with `read(article)` as its `content` (read with
    the page's data, so it is cached with it: it must not depend on the reader)."""
    ARTICLE_PAGE_SECTIONS.append(ArticlePageSection(template, read))


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
    if user.is_staff:
        return _read_article_page(pk, user)
    return caching.reader_data(f"article-page:{pk}", lambda: _read_article_page(pk, user))


def _read_article_page(pk: int, user) -> dict | None:
    articles = Article.objects.for_reader(user)
    with_everything = (
        articles.with_listing_data()
        .select_related("source_publication")
        .with_corrections()
        .prefetch_related(
            "tags",
            "places",
            "regions",
            "page__renditions",
            Prefetch("photos", queryset=Photo.objects.for_reader(user).as_printed()),
        )
    )
    try:
        article = with_everything.get(pk=pk)
    except Article.DoesNotExist:
        return None
    if article.page.issue_id == article.issue_id:
        article.page.issue = article.issue  # the same row: the page's URL needs no query
    previous, following = articles.neighbours(article)
    photos = list(article.photos.all())
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
        "regions": list(article.regions.all()),
        "corrections": list(article.corrections.all()),
        "previous_item": previous,
        "next_item": following,
        "related": articles.related_to(article),
        "sections": [
            {"template": section.template, "content": section.read(article)}
            for section in ARTICLE_PAGE_SECTIONS
        ],
    }


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
