"""Economic indicators as data: what is measured, where, over which period, and who reported it.

An Observation is one figure as one article reported it. When a later article reports another
value for the same indicator, region and period, both rows are kept as vintages (like ALFRED);
`Observation.objects.current()` keeps the latest of each.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Exists, OuterRef, Q, Subquery
from django.urls import reverse
from django.utils.translation import get_language, gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from articles.models import Article
from publishing.versions import VersionedModel
from publishing.visibility import sees_unpublished

from . import periods
from .units import unit_label


class Category(models.TextChoices):
    NATIONAL_ACCOUNTS = "national_accounts", _("国民经济核算")
    INDUSTRY = "industry", _("工业")
    INVESTMENT = "investment", _("投资")
    FISCAL = "fiscal", _("财政")
    CONSUMPTION = "consumption", _("消费")
    TRADE = "trade", _("对外贸易")
    INCOME = "income", _("居民收入")
    POPULATION = "population", _("人口")
    ENVIRONMENT = "environment", _("生态环境")
    POVERTY_RELIEF = "poverty_relief", _("脱贫攻坚")
    OTHER = "other", _("其他")


class MeasureKind(models.TextChoices):
    FLOW = "flow", _("时期数（流量）")
    LEVEL = "level", _("时点数（存量）")


class Indicator(models.Model):
    code = models.SlugField(_("代码"), max_length=40, unique=True, help_text=_("如 gdp"))
    name = models.CharField(_("名称"), max_length=100, unique=True)
    name_en = models.CharField(_("英文名称"), max_length=150, blank=True)
    unit = models.CharField(
        _("单位"), max_length=20, help_text=_("数值统一换算到这一单位，如 亿元")
    )
    category = models.CharField(
        _("类别"), max_length=30, choices=Category.choices, default=Category.OTHER, db_index=True
    )
    measure = models.CharField(
        _("指标性质"), max_length=10, choices=MeasureKind.choices, default=MeasureKind.FLOW
    )
    aliases = models.TextField(
        _("文中别名"), blank=True, help_text=_("稿件中的其他写法，每行一个，如 全市生产总值")
    )
    description = models.TextField(_("说明"), blank=True)

    class Meta:
        verbose_name = _("指标")
        verbose_name_plural = pgettext_lazy("plural", "指标")
        ordering = ["category", "code"]

    def __str__(self):
        return gettext("%(name)s（%(unit)s）") % {
            "name": self.display_name,
            "unit": self.unit_label,
        }

    def get_absolute_url(self):
        return reverse("indicators:indicator", kwargs={"code": self.code})

    def clean(self):
        super().clean()
        from .units import UNITS

        if self.unit and self.unit not in UNITS:
            raise ValidationError({"unit": _("未知单位，可用：") + "、".join(UNITS)})

    @property
    def display_name(self) -> str:
        """The English name on English pages when there is one, else the name."""
        if self.name_en and (get_language() or "").startswith("en"):
            return self.name_en
        return self.name

    @property
    def unit_label(self) -> str:
        return unit_label(self.unit)

    @property
    def alias_list(self) -> list[str]:
        """The name and every alias, longest first (so the longest match wins in text)."""
        names = {self.name, *(line.strip() for line in self.aliases.splitlines())}
        return sorted((name for name in names if name), key=len, reverse=True)


class Region(models.Model):
    name = models.CharField(_("名称"), max_length=50, unique=True)
    division_code = models.CharField(
        _("行政区划代码"),
        max_length=12,
        blank=True,
        help_text=_("如 吕梁市 141100、山西省 140000"),
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("上级"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )

    class Meta:
        verbose_name = _("地区")
        verbose_name_plural = pgettext_lazy("plural", "地区")
        ordering = ["division_code", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["division_code"],
                condition=~Q(division_code=""),
                name="region_unique_division_code",
                violation_error_message=_("已有地区使用这个行政区划代码。"),
            )
        ]

    def __str__(self):
        return self.name


class PeriodKind(models.TextChoices):
    YEAR = periods.YEAR, _("年度")
    HALF = periods.HALF, _("半年")
    QUARTER = periods.QUARTER, _("季度")
    MONTH = periods.MONTH, _("月度")
    YTD = periods.YTD, _("年初至今累计")
    PLAN = periods.PLAN, _("五年规划期")


class Period(models.Model):
    kind = models.CharField(_("类型"), max_length=10, choices=PeriodKind.choices)
    start = models.DateField(_("起始日期"))
    end = models.DateField(_("截止日期"))

    class Meta:
        verbose_name = _("时期")
        verbose_name_plural = pgettext_lazy("plural", "时期")
        ordering = ["start", "end", "kind"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "start", "end"],
                name="period_unique",
                violation_error_message=_("这一时期已存在。"),
            ),
            models.CheckConstraint(
                condition=Q(start__lte=models.F("end")),
                name="period_start_before_end",
                violation_error_message=_("起始日期不能晚于截止日期。"),
            ),
        ]

    def __str__(self):
        return self.label

    def save(self, *args, **kwargs):
        adding = self._state.adding
        super().save(*args, **kwargs)
        if adding:  # no figure refers to it yet
            return
        # keep the figures' copies of the dates (Observation.period_start/end) in step
        self.observations.exclude(period_start=self.start, period_end=self.end).update(
            period_start=self.start, period_end=self.end
        )

    def clean(self):
        super().clean()
        if self.kind and self.start and self.end:
            if not periods.is_valid(self.kind, self.start, self.end):
                raise ValidationError(_("起止日期与时期类型不符。"))

    @property
    def label(self) -> str:
        return periods.period_label(self.kind, self.start, self.end)


class ObservationStatus(models.TextChoices):
    PROPOSED = "proposed", _("待核实（自动提取）")
    ACCEPTED = "accepted", _("已核实")


class ObservationQuerySet(models.QuerySet):
    def published(self):
        """Figures a reader may see: accepted, and reported by a published article or by none."""
        return self.filter(status=ObservationStatus.ACCEPTED).filter(
            Q(article__isnull=True) | Q(article__in=Article.objects.published().values("pk"))
        )

    def for_reader(self, user):
        """Every accepted figure for staff, published ones for anyone else."""
        if sees_unpublished(user):
            return self.filter(status=ObservationStatus.ACCEPTED)
        return self.published()

    def current(self):
        """The latest vintage of each (indicator, region, period) among this queryset's rows."""
        newer = self.filter(
            indicator=OuterRef("indicator"), region=OuterRef("region"), period=OuterRef("period")
        ).filter(
            Q(vintage__gt=OuterRef("vintage"))
            | Q(vintage=OuterRef("vintage"), pk__gt=OuterRef("pk"))
        )
        return self.filter(~Exists(newer))

    def with_first_print(self, visible):
        """Annotate each figure with the first printed vintage of its indicator, region and
        period among `visible` (the figures this reader may see): `first_print_id`,
        `first_print_value`, `first_print_yoy_change`, `first_print_vintage`. A figure whose
        first print is another row is a revision of it."""
        first = visible.filter(
            indicator=OuterRef("indicator"), region=OuterRef("region"), period=OuterRef("period")
        ).order_by("vintage", "pk")
        return self.annotate(
            first_print_id=Subquery(first.values("pk")[:1]),
            first_print_value=Subquery(first.values("value")[:1]),
            first_print_yoy_change=Subquery(first.values("yoy_change")[:1]),
            first_print_vintage=Subquery(first.values("vintage")[:1]),
        )

    def with_related(self):
        """What lists and the API show, fetched in a fixed number of queries."""
        return self.select_related("indicator", "region", "period", "article__issue", "page")


class Observation(VersionedModel):
    indicator = models.ForeignKey(
        Indicator, verbose_name=_("指标"), on_delete=models.PROTECT, related_name="observations"
    )
    region = models.ForeignKey(
        Region, verbose_name=_("地区"), on_delete=models.PROTECT, related_name="observations"
    )
    period = models.ForeignKey(
        Period, verbose_name=_("时期"), on_delete=models.PROTECT, related_name="observations"
    )
    # Copies of period.start and period.end: the default order (by series, then period, then
    # vintage) sorts the figure rows alone. Kept in step by save() and Period.save().
    period_start = models.DateField(_("起始日期"), editable=False, null=True)
    period_end = models.DateField(_("截止日期"), editable=False, null=True)
    value = models.DecimalField(
        _("数值"),
        max_digits=30,
        decimal_places=10,
        help_text=_("换算为指标单位后的数值"),
        null=True,
        blank=True,
    )
    printed_value = models.DecimalField(
        _("见报数值"), max_digits=30, decimal_places=10, null=True, blank=True
    )
    printed_unit = models.CharField(_("见报单位"), max_length=20, blank=True)
    yoy_change = models.DecimalField(
        _("同比增减（%）"),
        max_digits=9,
        decimal_places=3,
        null=True,
        blank=True,
        help_text=_("增长为正，下降为负；五年规划期填年均增速"),
    )
    is_estimate = models.BooleanField(_("预计数"), default=False)
    period_to_confirm = models.BooleanField(
        _("时期待确认"),
        default=False,
        help_text=_(
            "自动提取时文中没有写明时期，时期按出版日期推定；编辑核对时期后取消勾选，才能核实"
        ),
    )
    article = models.ForeignKey(
        Article,
        verbose_name=_("来源稿件"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="observations",
    )
    page = models.ForeignKey(
        "articles.Page",
        verbose_name=_("来源版面"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="observations",
    )
    vintage = models.DateField(
        _("发布日期"), help_text=_("报道这一数字的日期，默认为来源稿件所在期次的出版日期")
    )
    status = models.CharField(
        _("状态"),
        max_length=10,
        choices=ObservationStatus.choices,
        default=ObservationStatus.ACCEPTED,
        db_index=True,
    )
    note = models.CharField(_("备注"), max_length=300, blank=True)
    source_span = models.CharField(
        _("原文位置"), max_length=30, blank=True, help_text=_("自动提取时的字符位置，如 120-151")
    )

    # when the row last changed: the lists' ?updated_since= (with tombstones for removals)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True, db_index=True)

    objects = ObservationQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("指标数据")
        verbose_name_plural = pgettext_lazy("plural", "指标数据")
        ordering = ["indicator_id", "region_id", "period_start", "period_end", "vintage", "pk"]
        permissions = [("accept_observation", _("可以核实指标数据（核实后公开）"))]
        indexes = [
            models.Index(fields=["indicator", "region", "period", "vintage"], name="obs_series")
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "region", "period", "vintage"],
                condition=Q(status="accepted"),
                name="observation_unique_vintage",
                violation_error_message=_("同一指标、地区、时期在这一发布日期已有数据。"),
            ),
            models.CheckConstraint(
                condition=Q(value__isnull=False) | Q(yoy_change__isnull=False),
                name="observation_has_value_or_change",
                violation_error_message=_("数值和同比增减至少填写一项。"),
            ),
            models.CheckConstraint(
                condition=~Q(status="accepted", period_to_confirm=True),
                name="observation_period_confirmed_before_accepting",
                violation_error_message=_(
                    "时期待确认的数据不能核实：请先核对时期并取消“时期待确认”。"
                ),
            ),
        ]

    def __str__(self):
        shown = (
            gettext("%(value)s%(unit)s")
            % {"value": f"{self.printed_value.normalize():f}", "unit": self.printed_unit_label}
            if self.printed_value is not None
            else ""
        )
        change = f" {self.yoy_change.normalize():+f}%" if self.yoy_change is not None else ""
        name = self.indicator.display_name
        return f"{name} {self.region} {self.period} {shown}{change}".strip()

    def save(self, *args, **kwargs):
        self.copy_period_dates()
        super().save(*args, **kwargs)

    def copy_period_dates(self) -> None:
        """period_start / period_end from the period (bulk_create callers call this themselves)."""
        if self.period_id:
            self.period_start, self.period_end = self.period.start, self.period.end

    def clean(self):
        super().clean()
        if self.value is None and self.yoy_change is None:
            raise ValidationError(_("数值和同比增减至少填写一项。"))
        if self.status == ObservationStatus.ACCEPTED and self.period_to_confirm:
            raise ValidationError(
                {
                    "period_to_confirm": _(
                        "时期待确认的数据不能核实：请先核对时期并取消“时期待确认”。"
                    )
                }
            )
        if self.article_id and self.page_id and self.article.page_id != self.page_id:
            raise ValidationError({"page": _("来源版面应为稿件所在版面。")})

    @property
    def first_print(self) -> dict | None:
        """The earlier vintage this figure revises, as annotated by `with_first_print`: its
        id, value, yoy_change and vintage; None for a figure that is its first print."""
        first_id = getattr(self, "first_print_id", None)
        if first_id is None or first_id == self.pk:
            return None
        return {
            "id": first_id,
            "value": self.first_print_value,
            "yoy_change": self.first_print_yoy_change,
            "vintage": self.first_print_vintage,
        }

    @property
    def printed_unit_label(self) -> str:
        return unit_label(self.printed_unit)

    @property
    def source_label(self) -> str:
        return str(self.article) if self.article_id else ""
