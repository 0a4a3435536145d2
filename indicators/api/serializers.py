"""Read-only representations of indicators, regions and figures."""

from django.urls import reverse
from rest_framework import serializers

from publishing.api.fields import HtmlUrlField, absolute_url

from ..models import Indicator, Observation, Region
from ..services import CSV_COLUMNS


class IndicatorSerializer(serializers.ModelSerializer):
    aliases = serializers.SerializerMethodField()
    url = serializers.HyperlinkedIdentityField(
        view_name="api:indicator-detail", lookup_field="code"
    )
    html_url = HtmlUrlField()

    class Meta:
        model = Indicator
        fields = [
            "code",
            "name",
            "name_en",
            "unit",
            "category",
            "measure",
            "aliases",
            "description",
            "url",
            "html_url",
        ]

    def get_aliases(self, indicator) -> list[str]:
        return [line.strip() for line in indicator.aliases.splitlines() if line.strip()]


class RegionSerializer(serializers.ModelSerializer):
    url = serializers.HyperlinkedIdentityField(view_name="api:region-detail")
    parent = serializers.SlugRelatedField(slug_field="name", read_only=True, allow_null=True)

    class Meta:
        model = Region
        fields = ["id", "url", "name", "division_code", "parent"]


class ExactDecimalField(serializers.DecimalField):
    """A decimal as its shortest exact string: 1512.1, not 1512.1000000000."""

    def __init__(self, **kwargs):
        super().__init__(
            max_digits=None, decimal_places=None, read_only=True, allow_null=True, **kwargs
        )

    def to_representation(self, value):
        return None if value is None else format(value.normalize(), "f")


class PeriodField(serializers.Serializer):
    kind = serializers.CharField()
    start = serializers.DateField()
    end = serializers.DateField()
    label = serializers.CharField()


class FirstPrintField(serializers.Serializer):
    """The vintage a revised figure replaces, as first printed."""

    id = serializers.IntegerField()
    url = serializers.SerializerMethodField()
    value = ExactDecimalField()
    yoy_change = ExactDecimalField()
    vintage = serializers.DateField()

    def get_url(self, first) -> str:
        return absolute_url(self.context, reverse("api:observation-detail", args=[first["id"]]))


class ObservationSerializer(serializers.ModelSerializer):
    indicator = serializers.SlugRelatedField(slug_field="code", read_only=True)
    unit = serializers.CharField(source="indicator.unit", read_only=True)
    region = serializers.SlugRelatedField(slug_field="name", read_only=True)
    region_code = serializers.CharField(source="region.division_code", read_only=True)
    period = PeriodField(read_only=True)
    url = serializers.HyperlinkedIdentityField(view_name="api:observation-detail")
    html_url = serializers.SerializerMethodField()
    article_url = serializers.SerializerMethodField()
    article_html_url = serializers.SerializerMethodField()
    value = ExactDecimalField()
    printed_value = ExactDecimalField()
    yoy_change = ExactDecimalField()
    revised = serializers.SerializerMethodField(
        help_text="true：这一数值修订了先前见报的数值（见 first_print）"
    )
    first_print = FirstPrintField(
        read_only=True,
        allow_null=True,
        help_text="修订数据的初次见报版本；未修订时为 null",
    )

    class Meta:
        model = Observation
        fields = [
            "id",
            "url",
            "html_url",
            "indicator",
            "region",
            "region_code",
            "period",
            "value",
            "unit",
            "printed_value",
            "printed_unit",
            "yoy_change",
            "is_estimate",
            "vintage",
            "revised",
            "first_print",
            "article",
            "article_url",
            "article_html_url",
            "note",
        ]

    def get_revised(self, observation) -> bool:
        return observation.first_print is not None

    def get_html_url(self, observation) -> str:
        """The indicator's page, where this figure stands in its series."""
        return absolute_url(self.context, observation.indicator.get_absolute_url())

    def get_article_url(self, observation) -> str | None:
        if observation.article_id is None:
            return None
        return absolute_url(
            self.context, reverse("api:article-detail", args=[observation.article_id])
        )

    def get_article_html_url(self, observation) -> str | None:
        if observation.article_id is None:
            return None
        return absolute_url(self.context, observation.article.get_absolute_url())


class ObservationCsvSerializer(ObservationSerializer):
    """Flat rows with the columns the CSV import reads, so a download can be imported again."""

    period_kind = serializers.CharField(source="period.kind")
    period_start = serializers.DateField(source="period.start")
    period_end = serializers.DateField(source="period.end")

    class Meta(ObservationSerializer.Meta):
        fields = [*CSV_COLUMNS, "article_html_url"]
