"""What "published" means, shared by issues and articles."""

from django.db import models
from django.db.models.functions import ExtractYear
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Status(models.TextChoices):
    DRAFT = "draft", _("草稿")
    PUBLISHED = "published", _("已发布")


class ReaderQuerySet(models.QuerySet):
    """A queryset with published() (defined by each model) and for_reader() on top of it."""

    def for_reader(self, user):
        """Everything for a staff member (preview), what is published for anyone else."""
        return self if user.is_staff else self.published()


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
        return (
            self.status == Status.PUBLISHED
            and self.published_at is not None
            and self.published_at <= timezone.now()
        )


def published_q(prefix: str = ""):
    """The filter for "status published and publish time reached", optionally through a relation."""
    return models.Q(
        **{
            f"{prefix}status": Status.PUBLISHED,
            f"{prefix}published_at__lte": timezone.now(),
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
