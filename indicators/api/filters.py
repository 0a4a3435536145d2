"""Filters of the figures endpoint; a bad value is a 400 naming the parameter."""

import django_filters
from django.db.models import Q

from ..models import Indicator, Observation, PeriodKind


class ObservationFilter(django_filters.FilterSet):
    indicator = django_filters.ModelChoiceFilter(
        queryset=Indicator.objects.all(), to_field_name="code", help_text="指标代码，如 gdp"
    )
    region = django_filters.CharFilter(method="filter_region", help_text="地区名称或行政区划代码")
    period_kind = django_filters.ChoiceFilter(
        field_name="period__kind", choices=PeriodKind.choices, help_text="时期类型"
    )
    start = django_filters.DateFilter(
        field_name="period__end", lookup_expr="gte", help_text="时期截止不早于此日期 YYYY-MM-DD"
    )
    end = django_filters.DateFilter(
        field_name="period__start", lookup_expr="lte", help_text="时期起始不晚于此日期 YYYY-MM-DD"
    )
    article = django_filters.NumberFilter(field_name="article_id", help_text="来源稿件编号")
    vintage = django_filters.ChoiceFilter(
        choices=[("latest", "latest"), ("all", "all")],
        method="filter_vintage",
        help_text="latest（默认，只给每个时期的最新数值）或 all（所有版本）",
    )

    class Meta:
        model = Observation
        fields = ["indicator", "region", "period_kind", "start", "end", "article", "vintage"]

    def filter_region(self, queryset, name, value):
        return queryset.filter(Q(region__name=value) | Q(region__division_code=value))

    def filter_vintage(self, queryset, name, value):
        # Applied in the view before any other filter (see ObservationViewSet.get_queryset).
        return queryset
