"""Writes that change what readers see. The admin actions and the API call these, nothing else.

Each function checks the caller's permission itself, validates before saving, and changes several
rows inside one transaction, so a refused or failed call leaves nothing half-done.
"""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import router, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from publishing.rule import check_write, may_publish

from .models import Article, Issue, Page, Photo, Status


def _require(user, model) -> None:
    if not may_publish(user=user, model=model):
        raise PermissionDenied(_("你没有发布权限。"))


def lock_in_order(*, issues=(), pages=(), articles=(), photos=()) -> None:
    """Lock these rows (ids) for the rest of the transaction, always in one order: issues, then
    pages, articles and photos, each by id.

    Call it first in a transaction that writes several of them. Saving an issue or an article
    also writes the search index rows of its articles; two writers that reach the same rows in
    different orders (an issue's publisher and someone withdrawing one of its articles) each
    wait for the other, and PostgreSQL ends one with "deadlock detected". Taken in one order,
    the second simply waits for the first to commit. (SQLite locks the whole database.)
    Outside a transaction there is nothing to hold the locks for: it does nothing then.
    """
    connection = transaction.get_connection(router.db_for_write(Article))
    if not connection.in_atomic_block or not connection.features.has_select_for_update:
        return
    for model, ids in ((Issue, issues), (Page, pages), (Article, articles), (Photo, photos)):
        ids = sorted({pk for pk in ids if pk is not None})
        if ids:
            rows = model._base_manager.select_for_update().filter(pk__in=ids).order_by("pk")
            list(rows.values_list("pk", flat=True))


@transaction.atomic
def publish_article(*, article: Article, user, at: datetime.datetime | None = None) -> Article:
    """Publish one article now, or at `at` (a future time schedules it)."""
    _require(user, Article)
    lock_in_order(issues=[article.issue_id], articles=[article.pk])
    article.status = Status.PUBLISHED
    article.published_at = at or article.published_at or timezone.now()
    article.full_clean()
    article.save()
    return article


@transaction.atomic
def unpublish_article(*, article: Article, user) -> Article:
    """Take an article back to draft; readers no longer see it."""
    _require(user, Article)
    lock_in_order(issues=[article.issue_id], articles=[article.pk])
    article.status = Status.DRAFT
    article.full_clean()
    article.save()
    return article


def issue_publication(issue: Issue, articles=None) -> dict:
    """What publishing `issue` makes public, for the publish step to show before it is confirmed:
    "pages" in order; "articles", the drafts going public with it (all of them, or those of
    `articles`); "published", its articles public already; "photos", the photos on its pages
    readers will then see; "front_page_items", how many items page 1 will show."""
    drafts = issue.articles.filter(status=Status.DRAFT).select_related("page")
    if articles is not None:
        drafts = drafts.filter(pk__in=[article.pk for article in articles])
    drafts = list(drafts.order_by("page__number", "position", "pk"))
    published = list(
        issue.articles.filter(status=Status.PUBLISHED)
        .select_related("page")
        .order_by("page__number", "position", "pk")
    )
    going = {article.pk for article in [*drafts, *published]}
    photos = [
        photo
        for photo in Photo.objects.filter(page__issue=issue)
        .select_related("page", "article")
        .prefetch_related("photo_credits__person")
        .order_by("page__number", "position", "pk")
        if photo.article_id is None or photo.article_id in going
    ]
    front_page_items = sum(1 for article in [*drafts, *published] if article.page.number == 1)
    return {
        "pages": list(issue.pages.order_by("number")),
        "articles": drafts,
        "published": published,
        "photos": photos,
        "front_page_items": front_page_items,
    }


@transaction.atomic
def publish_issue(
    *, issue: Issue, user, at: datetime.datetime | None = None, articles=None
) -> Issue:
    """Publish an issue and its draft articles together: every draft, or only `articles` (the
    ones the editor chose; the others stay drafts).

    This is the editor's "the day's paper is out" step; the articles become visible together
    with the issue, never before it. An issue whose page 1 would show nothing is refused: readers
    would open the new day's paper on an empty front page.
    """
    _require(user, Issue)
    _require(user, Article)
    lock_in_order(issues=[issue.pk], articles=issue.articles.values_list("pk", flat=True))
    going_public = issue_publication(issue, articles)
    if not going_public["front_page_items"]:
        raise ValidationError(
            _("第1版没有要发布的稿件：头版为空的期次不能发布。"), code="empty_front_page"
        )
    when = at or issue.published_at or timezone.now()
    issue.status = Status.PUBLISHED
    issue.published_at = when
    issue.full_clean()
    issue.save()
    for article in going_public["articles"]:
        publish_article(article=article, user=user, at=when)
    return issue


@transaction.atomic
def unpublish_issue(*, issue: Issue, user) -> Issue:
    """Take an issue back to draft; its pages and articles disappear for readers with it."""
    _require(user, Issue)
    # its articles too: saving the issue rewrites their search index rows
    lock_in_order(issues=[issue.pk], articles=issue.articles.values_list("pk", flat=True))
    issue.status = Status.DRAFT
    issue.full_clean()
    issue.save()
    return issue


@transaction.atomic
def add_missing_pages(*, issue: Issue, user) -> list[Page]:
    """Give a new issue its pages: one for each number from 1 to its page count (今日N版) that it
    does not have yet, so the editors can open each page's desk straight away."""
    taken = set(issue.pages.values_list("number", flat=True))
    added = []
    for number in range(1, issue.page_count + 1):
        if number in taken:
            continue
        page = Page(issue=issue, number=number)
        check_write(user=user, obj=page)
        page.full_clean()
        page.save()
        added.append(page)
    return added
