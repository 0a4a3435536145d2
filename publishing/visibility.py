"""What "published" means, and so what a reader may see: the one definition.

Content with a publish time (PublishableModel) is visible from that time once its status is
published, and only while everything it is shown inside (an article's issue) is visible too.
Querysets filter with published_q() (each model's published() and the ReaderQuerySet's
for_reader()); code holding objects asks visible_since() / is_visible(); the search index,
the page cache (the next scheduled publication) and the publishing rule all use these.
"""

import datetime

from django.db import models
from django.db.models.functions import ExtractYear
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Status(models.TextChoices):
    DRAFT = "draft", _("草稿")
    PUBLISHED = "published", _("已发布")


def sees_unpublished(user) -> bool:
    """Whether `user` reads drafts and scheduled items too: staff, who preview them."""
    return user.is_staff


class ReaderQuerySet(models.QuerySet):
    """A queryset with published() (defined by each model) and for_reader() on top of it."""

    def for_reader(self, user):
        """Everything for a staff member (preview), what is published for anyone else."""
        return self if sees_unpublished(user) else self.published()


class PublishableModel(models.Model):
    """A status plus a publish time.

    Visibility is decided at query time (status published and publish time not in the future), so
    scheduled publishing needs no job: a future time simply means "not yet".
    """

    status = models.CharField(
        _("状态"), max_length=10, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    published_at = models.DateTimeField(
        _("发布时间"),
        null=True,
        blank=True,
        help_text=_("发布后读者可见的时间；填写将来的时间即为定时发布。"),
    )
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True, db_index=True)

    class Meta:
        abstract = True

    @property
    def is_published(self) -> bool:
        """True when a reader may see this object itself (its container is checked elsewhere)."""
        return is_visible(self)


def visible_since(*objects: PublishableModel) -> datetime.datetime | None:
    """When readers may first see something shown only if all of `objects` (it and what it is
    shown inside) are published: the latest of their publish times, or None if one is not
    published (or has no publish time). The time may lie in the future (scheduled)."""
    times = []
    for obj in objects:
        if obj.status != Status.PUBLISHED or obj.published_at is None:
            return None
        times.append(obj.published_at)
    return max(times)


def is_visible(*objects: PublishableModel) -> bool:
    """True when a reader may see something shown only if all of `objects` are published."""
    since = visible_since(*objects)
    return since is not None and since <= timezone.now()


def published_q(prefix: str = ""):
    """The filter for "status published and publish time reached", optionally through a relation."""
    return models.Q(
        **{
            f"{prefix}status": Status.PUBLISHED,
            f"{prefix}published_at__lte": timezone.now(),
        }
    )


def scheduled_q(prefix: str = ""):
    """The filter for "published, but its publish time is still to come"."""
    return models.Q(
        **{
            f"{prefix}status": Status.PUBLISHED,
            f"{prefix}published_at__gt": timezone.now(),
        }
    )


def published_constraint(name: str) -> models.CheckConstraint:
    """A published row must say when it was published."""
    return models.CheckConstraint(
        condition=~models.Q(status=Status.PUBLISHED) | models.Q(published_at__isnull=False),
        name=name,
        violation_error_message=_("已发布的内容必须有发布时间。"),
    )


def count_per_year(queryset, date_path: str) -> list[dict]:
    """[{"year": 2020, "count": 31}, …] by the year of `date_path`, newest year first."""
    return list(
        queryset.annotate(year=ExtractYear(date_path))
        .values("year")
        .annotate(count=models.Count("pk"))
        .values("year", "count")
        .order_by("-year")
    )
