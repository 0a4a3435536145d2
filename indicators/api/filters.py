"""Filters of the figures endpoint; a bad value is a 400 naming the parameter."""

import django_filters
from django.core.exceptions import ValidationError
from django.db.models import Q

from articles.models import Article
from publishing.api.filters import VisibleObjectField, VisibleObjectFilter, updated_since_filter

from ..models import Indicator, Observation, PeriodKind, Region


class RegionChoiceField(VisibleObjectField):
    """A region named by its administrative division code or by its name; unknown is invalid."""

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if "\x00" in value:  # PostgreSQL refuses NUL in text: no such region either
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        region = self.queryset.filter(Q(division_code=value) | Q(name=value)).first()
        if region is None:
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        return region


class RegionFilter(VisibleObjectFilter):
    field_class = RegionChoiceField


class ObservationFilter(django_filters.FilterSet):
    indicator = VisibleObjectFilter(
        queryset=Indicator.objects.all(), to_field_name="code", help_text="指标代码，如 gdp"
    )
    region = RegionFilter(queryset=Region.objects.all(), help_text="地区名称或行政区划代码")
    period_kind = django_filters.ChoiceFilter(
        field_name="period__kind", choices=PeriodKind.choices, help_text="时期类型"
    )
    start = django_filters.DateFilter(
        field_name="period__end", lookup_expr="gte", help_text="时期截止不早于此日期 YYYY-MM-DD"
    )
    end = django_filters.DateFilter(
        field_name="period__start", lookup_expr="lte", help_text="时期起始不晚于此日期 YYYY-MM-DD"
    )
    article = VisibleObjectFilter(queryset=Article.objects.all(), help_text="来源稿件编号")
    vintage = django_filters.ChoiceFilter(
        choices=[("latest", "latest"), ("all", "all")],
        method="filter_vintage",
        help_text="latest（默认，只给每个时期的最新数值）或 all（所有版本）",
    )
    updated_since = updated_since_filter()

    class Meta:
        model = Observation
        fields = [
            "indicator",
            "region",
            "period_kind",
            "start",
            "end",
            "article",
            "vintage",
            "updated_since",
        ]

    def filter_vintage(self, queryset, name, value):
        # Applied in the view before any other filter (see ObservationViewSet.get_queryset).
        return queryset
