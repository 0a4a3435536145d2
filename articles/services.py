"""Writes that change what readers see. The admin actions and the API call these, nothing else.

Each function checks the caller's permission itself, validates before saving, and changes several
rows inside one transaction, so a refused or failed call leaves nothing half-done.
"""

import datetime

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import Article, Issue, Status


def _require(user, perm: str) -> None:
    if not user.has_perm(perm):
        raise PermissionDenied(_("你没有发布权限。"))


@transaction.atomic
def publish_article(*, article: Article, user, at: datetime.datetime | None = None) -> Article:
    """Publish one article now, or at `at` (a future time schedules it)."""
    _require(user, "articles.publish_article")
    article.status = Status.PUBLISHED
    article.published_at = at or article.published_at or timezone.now()
    article.full_clean()
    article.save()
    return article


@transaction.atomic
def unpublish_article(*, article: Article, user) -> Article:
    """Take an article back to draft; readers no longer see it."""
    _require(user, "articles.publish_article")
    article.status = Status.DRAFT
    article.full_clean()
    article.save()
    return article


@transaction.atomic
def publish_issue(
    *, issue: Issue, user, at: datetime.datetime | None = None, with_articles: bool = True
) -> Issue:
    """Publish an issue, and by default every draft article in it, at the same time.

    This is the editor's "the day's paper is out" step; articles still in draft become
    visible together with the issue, never before it.
    """
    _require(user, "articles.publish_issue")
    when = at or issue.published_at or timezone.now()
    issue.status = Status.PUBLISHED
    issue.published_at = when
    issue.full_clean()
    issue.save()
    if with_articles:
        _require(user, "articles.publish_article")
        for article in issue.articles.filter(status=Status.DRAFT):
            publish_article(article=article, user=user, at=when)
    return issue


@transaction.atomic
def unpublish_issue(*, issue: Issue, user) -> Issue:
    """Take an issue back to draft; its pages and articles disappear for readers with it."""
    _require(user, "articles.publish_issue")
    issue.status = Status.DRAFT
    issue.full_clean()
    issue.save()
    return issue
