"""A day's paper (Issue), its printed pages (Page) and the staff credited on each page."""

import datetime

from django.core.exceptions import ValidationError
from django.core.validators import (
    FileExtensionValidator,
    MaxValueValidator,
    MinValueValidator,
)
from django.db import models
from django.urls import reverse
from django.utils.translation import get_language, gettext, pgettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _
from lunar_python import Solar
from simple_history.models import HistoricalRecords

from publishing.versions import VersionedModel
from publishing.visibility import (
    PublishableModel,
    ReaderQuerySet,
    count_per_year,
    published_constraint,
    published_q,
)

from ..upload_checks import SafeImageField, UnguessableFileField, inspect_pdf
from .choices import LabelledChoices
from .credits import RoleCredit
from .images import RenditionsMixin
from .validation import FieldConstraintErrorsMixin

WEEKDAYS = "一二三四五六日"


class IssueQuerySet(ReaderQuerySet):
    def published(self):
        """Issues a reader may see: published, publish time reached."""
        return self.filter(published_q())

    def for_pickers(self):
        """What an issue's name in a choice reads (its publication)."""
        return self.select_related("publication")

    def of_own_paper(self):
        """Issues of the paper this archive keeps (not of the papers it reprints from)."""
        return self.filter(publication__is_own=True)

    def year_counts(self) -> list[dict]:
        """[{"year": 2020, "count": 258}, …], newest year first: the back-issue index."""
        return count_per_year(self, "date")

    def numbers_by_date(self, year: int) -> dict[datetime.date, int]:
        """{date: issue number} for one year, one query: what a calendar needs."""
        return dict(self.filter(date__year=year).values_list("date", "number"))

    def on_this_day(self, date: datetime.date, limit: int = 10):
        """历史上的今天: the issues printed on `date`'s month and day in earlier years, newest
        first (29 February finds only leap years)."""
        earlier = self.filter(date__month=date.month, date__day=date.day, date__lt=date)
        return earlier.order_by("-date")[:limit]

    def neighbours(self, date: datetime.date) -> tuple["Issue | None", "Issue | None"]:
        """The issues in this queryset just before and just after `date` (scope it to one paper)."""
        previous = self.filter(date__lt=date).order_by("-date").first()
        following = self.filter(date__gt=date).order_by("date").first()
        return previous, following


class Issue(FieldConstraintErrorsMixin, VersionedModel, PublishableModel):
    publication = models.ForeignKey(
        "articles.Publication",
        verbose_name=_("报刊"),
        on_delete=models.PROTECT,
        related_name="issues",
    )
    date = models.DateField(_("出版日期"))
    number = models.PositiveIntegerField(
        _("期号"),
        validators=[MinValueValidator(1), MaxValueValidator(10**7)],
        help_text=_("总期号，如第10076期填 10076"),
    )
    page_count = models.PositiveSmallIntegerField(
        _("版数"),
        validators=[MinValueValidator(1), MaxValueValidator(200)],
        help_text=_("报头所印“今日N版”"),
    )

    # 庚子年七月廿八, as the masthead prints it: worked out from the date on save, because
    # lunar-python takes about 1 ms a date (a tenth of an issue page, a fifth of an API list).
    lunar_date = models.CharField(_("农历"), max_length=20, blank=True, editable=False)

    objects = IssueQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["updated_at", "lunar_date"])
    constraint_fields = {"issue_unique_date": "date", "issue_unique_number": "number"}

    class Meta:
        verbose_name = _("期次")
        verbose_name_plural = pgettext_lazy("plural", "期次")
        ordering = ["-date"]
        get_latest_by = "date"
        permissions = [("publish_issue", _("可以发布和撤回期次"))]
        constraints = [
            models.UniqueConstraint(
                fields=["publication", "date"],
                name="issue_unique_date",
                violation_error_message=_("该报刊在这一天已有一期。"),
            ),
            models.UniqueConstraint(
                fields=["publication", "number"],
                name="issue_unique_number",
                violation_error_message=_("该报刊已有这个期号。"),
            ),
            models.CheckConstraint(
                condition=models.Q(number__gte=1),
                name="issue_number_positive",
                violation_error_message=_("期号必须大于 0。"),
            ),
            models.CheckConstraint(
                condition=models.Q(page_count__gte=1),
                name="issue_page_count_positive",
                violation_error_message=_("版数必须大于 0。"),
            ),
            published_constraint("issue_published_has_time"),
        ]
        indexes = [
            # The latest issue (home) and 上一期 / 下一期 of the paper's issues: walked down by
            # date, the paper checked on each (one row). Through (publication, date) alone
            # PostgreSQL sorted every issue: 10–14 ms each at 31,000 issues, 0.25 ms with it.
            models.Index(fields=["-date", "-id"], name="issue_newest_first"),
            # The feeds' newest issues by publish time (articles/feeds.py).
            models.Index(fields=["-published_at"], name="issue_newest_online"),
        ]

    def __str__(self):
        return gettext("%(publication)s %(date)s 第%(number)s期") % {
            "publication": self.publication,
            "date": f"{self.date:%Y-%m-%d}",
            "number": self.number,
        }

    def save(self, *args, **kwargs):
        update_fields = kwargs.get("update_fields")
        if update_fields is None or "date" in update_fields:
            # the date as given ("2020-09-15" from a form or a test is a date once saved)
            self.lunar_date = lunar_date(self._meta.get_field("date").to_python(self.date))
            if update_fields is not None:
                kwargs["update_fields"] = {*update_fields, "lunar_date"}
        super().save(*args, **kwargs)
        # keep the articles' copy of the date (Article.issue_date) in step with a re-dated issue
        self.articles.exclude(issue_date=self.date).update(issue_date=self.date)

    def get_absolute_url(self):
        day = self.date
        return reverse(
            "articles:issue", kwargs={"year": day.year, "month": day.month, "day": day.day}
        )

    @property
    def weekday(self) -> str:
        """The weekday as printed on the masthead, e.g. 星期二."""
        return f"星期{WEEKDAYS[self.date.weekday()]}"

    @property
    def lunar_date_for_reader(self) -> str:
        """庚子年七月廿八 on Chinese pages; the month and day in figures (7/28) on others."""
        if (get_language() or "").startswith("zh"):
            return self.lunar_date
        return lunar_numeric(self.date)


def lunar_date(day: datetime.date) -> str:
    """庚子年七月廿八 for 2020-09-15; leap months read 闰四月. Computed by lunar-python."""
    lunar = Solar.fromYmd(day.year, day.month, day.day).getLunar()
    return f"{lunar.getYearInGanZhi()}年{lunar.getMonthInChinese()}月{lunar.getDayInChinese()}"


def lunar_numeric(day: datetime.date) -> str:
    """7/28 for 2020-09-15; a leap month (negative in lunar-python) is marked, e.g. leap 4/28."""
    lunar = Solar.fromYmd(day.year, day.month, day.day).getLunar()
    month = lunar.getMonth()
    if month < 0:
        return pgettext("lunar calendar", "闰%(month)d/%(day)d") % {
            "month": -month,
            "day": lunar.getDay(),
        }
    return f"{month}/{lunar.getDay()}"


class PageQuerySet(ReaderQuerySet):
    def published(self):
        """Pages of published issues."""
        return self.filter(published_q("issue__"))

    def for_pickers(self):
        """What Page.picker_label reads (the issue's date and number)."""
        return self.select_related("issue")


# What a page was imported from (its text and line boxes): large, and read only by the page's
# own views, the import desk and the search-hit marks.
SOURCE_FIELDS = ("source_text", "source_boxes")


class Page(FieldConstraintErrorsMixin, RenditionsMixin, VersionedModel):
    issue = models.ForeignKey(
        Issue, verbose_name=_("期次"), on_delete=models.CASCADE, related_name="pages"
    )
    number = models.PositiveSmallIntegerField(
        _("版次"), validators=[MinValueValidator(1), MaxValueValidator(200)]
    )
    name = models.CharField(_("版名"), max_length=50, blank=True, help_text=_("如：要闻"))
    department = models.CharField(
        _("主办部门"), max_length=50, blank=True, help_text=_("如：要闻部")
    )
    department_email = models.EmailField(_("部门邮箱"), blank=True)
    image = SafeImageField(
        _("版面图"),
        upload_to="originals/pages/%Y/%m/",
        blank=True,
        max_length=255,
        help_text=_("扫描件或排版图（JPEG、PNG、WebP、TIFF）；读者看到的是自动生成的各尺寸图"),
    )
    pdf = UnguessableFileField(
        _("版面 PDF"),
        upload_to="pages/pdf/%Y/%m/",
        blank=True,
        max_length=255,
        db_index=True,  # newsroom.media finds the page of a requested PDF
        validators=[FileExtensionValidator(["pdf"])],
    )
    # What the page was imported from (imports.services.import_page): the source's text, for a
    # plain-text view and hit marking, and its lines' boxes as [[x, y, w, h] or null, …] (one
    # per line of source_text, fractions of the page) to mark a hit on the page image.
    source_kind = models.CharField(
        _("导入来源"),
        max_length=10,
        blank=True,
        editable=False,
        choices=[("text", _("文本")), ("pdf", "PDF"), ("scan", _("扫描图")), ("alto", "ALTO XML")],
    )
    source_text = models.TextField(_("导入原文"), blank=True, editable=False)
    source_boxes = models.JSONField(_("原文行框"), default=list, blank=True, editable=False)
    imported_at = models.DateTimeField(_("导入时间"), null=True, blank=True, editable=False)
    credits = models.ManyToManyField(
        "articles.Person",
        through="articles.PageCredit",
        verbose_name=_("版面人员"),
        related_name="page_credits",
        blank=True,
    )

    # when the row last changed: the lists' ?updated_since= (with tombstones for removals)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True, db_index=True)

    objects = PageQuerySet.as_manager()
    # the imported source is kept once, not with every version of the page's fields
    history = HistoricalRecords(excluded_fields=["updated_at", *SOURCE_FIELDS])
    constraint_fields = {"page_unique_number": "number"}

    class Meta:
        verbose_name = _("版面")
        verbose_name_plural = pgettext_lazy("plural", "版面")
        ordering = ["issue_id", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["issue", "number"],
                name="page_unique_number",
                violation_error_message=_("这一期已有这个版次。"),
            ),
            models.CheckConstraint(
                condition=models.Q(number__gte=1),
                name="page_number_positive",
                violation_error_message=_("版次必须大于 0。"),
            ),
        ]

    def __str__(self):
        label = gettext("第%(number)s版") % {"number": self.number}
        return f"{label} {self.name}" if self.name else label

    @classmethod
    def from_db(cls, db, field_names, values):
        page = super().from_db(db, field_names, values)
        page._loaded_number = page.__dict__.get("number")
        return page

    def save(self, *args, **kwargs):
        renumbered = not self._state.adding and self.number != getattr(self, "_loaded_number", None)
        super().save(*args, **kwargs)
        # keep the articles' copy of the number (Article.page_number) in step with a renumbered
        # page; only then, so that saving an unchanged page costs no statement
        if renumbered:
            self.articles.exclude(page_number=self.number).update(page_number=self.number)
        self._loaded_number = self.number

    def get_absolute_url(self):
        day = self.issue.date
        return reverse(
            "articles:page",
            kwargs={"year": day.year, "month": day.month, "day": day.day, "number": self.number},
        )

    def clean(self):
        super().clean()
        if self.pdf and not self.pdf._committed:  # a new upload (a stored one was checked)
            try:
                inspect_pdf(self.pdf)
            except ValidationError as error:
                raise ValidationError({"pdf": error.error_list}) from None

    @property
    def picker_label(self) -> str:
        """The page with its issue, e.g. 2020-09-15 第10076期 第1版 要闻: enough to pick it from
        every page of every issue (select_related the issue: Page.objects.for_pickers())."""
        return gettext("%(date)s 第%(number)s期 %(page)s") % {
            "date": f"{self.issue.date:%Y-%m-%d}",
            "number": self.issue.number,
            "page": self,
        }


class PageCredit(RoleCredit):
    class Role(LabelledChoices):
        LAYOUT = "layout", _("组版")
        EDITOR = "editor", _("责编")
        PROOFREADER = "proofreader", _("校对")

    page = models.ForeignKey(
        Page, verbose_name=_("版面"), on_delete=models.CASCADE, related_name="page_credits"
    )
    role = models.CharField(_("职责"), max_length=20, choices=Role.choices)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("版面署名")
        verbose_name_plural = pgettext_lazy("plural", "版面署名")
        ordering = ["page_id", "position", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["page", "person", "role"],
                name="pagecredit_unique",
                violation_error_message=_("此人在本版已有这一职责。"),
            )
        ]
