"""Newspapers: our own paper and the papers we reprint from."""

from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from publishing.visibility import ReaderQuerySet

# 国内统一刊号: "CN" + two-digit province code + "-" + four-digit serial, optionally "/class".
serial_number_validator = RegexValidator(
    r"^CN\d{2}-\d{4}(/[A-Z0-9.]+)?$",
    _("国内统一刊号的格式应为 CN14-0028（CN + 两位地区号 - 四位序号）。"),
)
# 邮发代号: two digits for the province post office, a dash, a number.
postal_code_validator = RegexValidator(
    r"^\d{1,2}-\d{1,4}$", _("邮发代号的格式应为 21-28（数字-数字）。")
)


def _has_published_issue() -> Exists:
    """The paper has an issue readers may see (the first way of published())."""
    from .issues import Issue

    return Exists(Issue.objects.published().filter(publication=OuterRef("pk")))


class PublicationQuerySet(ReaderQuerySet):
    def published(self):
        """Papers a reader can meet: with a published issue, named as the source of a published
        reprint, or as the affiliation of a person a reader can see.

        A paper known only from drafts (a reprint agreement not yet announced, our own paper
        before its first issue) stays unseen until that work appears.
        """
        from .articles import Article
        from .people import Person

        return self.filter(
            _has_published_issue()
            | Exists(Article.objects.published().filter(source_publication=OuterRef("pk")))
            | Exists(Person.objects.published().filter(affiliation=OuterRef("pk")))
        )

    def with_published_issues(self):
        """Papers whose issues a reader can open: what the search's paper filter (the paper an
        article was printed in) can find anything in. A subset of published(), and one
        subquery where published() builds five (eleven tables): building that SQL was a
        quarter of a search page."""
        return self.filter(_has_published_issue())

    def own(self):
        """The archive's own paper(s), as opposed to papers we reprint from."""
        return self.filter(is_own=True)


class Publication(models.Model):
    name = models.CharField(_("报刊名称"), max_length=100, unique=True)
    slug = models.SlugField(_("网址标识"), max_length=50, unique=True)
    sponsor_statement = models.CharField(
        _("主办声明"), max_length=100, blank=True, help_text=_("如：中共吕梁市委机关报")
    )
    publisher = models.CharField(_("出版单位"), max_length=100, blank=True)
    serial_number = models.CharField(
        _("国内统一刊号"),
        max_length=20,
        blank=True,
        validators=[serial_number_validator],
        help_text=_("如：CN14-0028"),
    )
    postal_code = models.CharField(
        _("邮发代号"), max_length=10, blank=True, validators=[postal_code_validator]
    )
    website = models.URLField(_("网站"), blank=True)
    rank = models.CharField(_("报纸等级"), max_length=50, blank=True)
    founded_on = models.DateField(_("创刊日期"), null=True, blank=True)
    is_own = models.BooleanField(
        _("本报"), default=False, help_text=_("本馆收藏的报纸；不勾选表示被转载的外部报刊。")
    )

    objects = PublicationQuerySet.as_manager()

    class Meta:
        verbose_name = _("报刊")
        verbose_name_plural = pgettext_lazy("plural", "报刊")
        ordering = ["-is_own", "name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("articles:publication", kwargs={"slug": self.slug})
