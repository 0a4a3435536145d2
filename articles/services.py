"""Writes that change what readers see. The admin actions and the API call these, nothing else.

Each function checks the caller's permission itself, validates before saving, and changes several
rows inside one transaction, so a refused or failed call leaves nothing half-done.
"""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import Article, Issue, Status
from .permissions import may_publish


class StaleVersionError(ValidationError):
    """The article changed since the editor (or API client) loaded it."""

    def __init__(self, *, article: Article, expected: int, current: int, changed_by, changed_at):
        self.article, self.expected, self.current = article, expected, current
        self.changed_by, self.changed_at = changed_by, changed_at
        when = timezone.localtime(changed_at).strftime("%Y-%m-%d %H:%M:%S") if changed_at else "?"
        who = str(changed_by) if changed_by else _("其他人")
        super().__init__(
            _(
                "这篇稿件已被 %(who)s 于 %(when)s 修改（你打开的是第 %(expected)d 版，现在是第 "
                "%(current)d 版）。你的修改没有保存，请查看差异后重新编辑。"
            )
            % {"who": who, "when": when, "expected": expected, "current": current},
            code="stale",
        )

    def changes(self) -> list[tuple[str, str, str]]:
        """(field label, value then, value now) for each field changed since `expected`."""
        old = self.article.history.filter(version=self.expected).first()
        new = self.article.history.filter(version=self.current).first()
        if old is None or new is None:
            return []
        delta = new.diff_against(old)
        return [
            (str(Article._meta.get_field(change.field).verbose_name), change.old, change.new)
            for change in delta.changes
            if change.field != "version"
        ]


def ensure_article_version(*, article: Article, expected: int) -> None:
    """Refuse a write based on an old copy: raise StaleVersionError unless `expected` is current.

    Call inside the transaction that saves: the row is locked (SELECT ... FOR UPDATE) so that a
    concurrent save cannot slip in between this check and the write.
    """
    current = (
        Article.objects.select_for_update().values_list("version", flat=True).get(pk=article.pk)
    )
    if current != expected:
        last = article.history.first()
        raise StaleVersionError(
            article=article,
            expected=expected,
            current=current,
            changed_by=last.history_user if last else None,
            changed_at=last.history_date if last else None,
        )


def _require(user, model) -> None:
    if not may_publish(user=user, model=model):
        raise PermissionDenied(_("你没有发布权限。"))


@transaction.atomic
def publish_article(*, article: Article, user, at: datetime.datetime | None = None) -> Article:
    """Publish one article now, or at `at` (a future time schedules it)."""
    _require(user, Article)
    article.status = Status.PUBLISHED
    article.published_at = at or article.published_at or timezone.now()
    article.full_clean()
    article.save()
    return article


@transaction.atomic
def unpublish_article(*, article: Article, user) -> Article:
    """Take an article back to draft; readers no longer see it."""
    _require(user, Article)
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
    _require(user, Issue)
    when = at or issue.published_at or timezone.now()
    issue.status = Status.PUBLISHED
    issue.published_at = when
    issue.full_clean()
    issue.save()
    if with_articles:
        _require(user, Article)
        for article in issue.articles.filter(status=Status.DRAFT):
            publish_article(article=article, user=user, at=when)
    return issue


@transaction.atomic
def unpublish_issue(*, issue: Issue, user) -> Issue:
    """Take an issue back to draft; its pages and articles disappear for readers with it."""
    _require(user, Issue)
    issue.status = Status.DRAFT
    issue.full_clean()
    issue.save()
    return issue
