"""Read-only endpoints: indicators, regions and the published figures (JSON or CSV)."""

from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import viewsets
from rest_framework.renderers import JSONRenderer

from publishing.api.fields import ID_PATTERN
from publishing.api.pagination import CountedCursorPagination
from publishing.api.renderers import ArchiveBrowsableAPIRenderer
from publishing.api.views import PublicCachingMixin

from ..models import Indicator, Observation, Region
from .filters import ObservationFilter
from .renderers import CsvRenderer
from .serializers import (
    IndicatorSerializer,
    ObservationCsvSerializer,
    ObservationSerializer,
    RegionSerializer,
)


class ObservationPagination(CountedCursorPagination):
    ordering = "pk"


class IndicatorPagination(CountedCursorPagination):
    ordering = "code"


@extend_schema_view(
    list=extend_schema(summary=_("指标列表")), retrieve=extend_schema(summary=_("一个指标"))
)
class IndicatorViewSet(PublicCachingMixin, viewsets.ReadOnlyModelViewSet):
    queryset = Indicator.objects.all()
    serializer_class = IndicatorSerializer
    pagination_class = IndicatorPagination
    lookup_field = "code"
    filter_backends = []


@extend_schema_view(
    list=extend_schema(summary=_("地区列表")), retrieve=extend_schema(summary=_("一个地区"))
)
class RegionViewSet(PublicCachingMixin, viewsets.ReadOnlyModelViewSet):
    queryset = Region.objects.select_related("parent")
    serializer_class = RegionSerializer
    pagination_class = ObservationPagination
    lookup_value_regex = ID_PATTERN
    filter_backends = []


@extend_schema_view(
    list=extend_schema(
        summary=pgettext_lazy("API summary", "指标数据"),
        parameters=[
            OpenApiParameter(
                "format",
                OpenApiTypes.STR,
                enum=["json", "csv"],
                description="csv：不分页，输出全部符合条件的数据",
            )
        ],
    ),
    retrieve=extend_schema(summary=_("一条指标数据")),
)
class ObservationViewSet(PublicCachingMixin, viewsets.ReadOnlyModelViewSet):
    """Published figures only: accepted, and reported by a published article (or by none)."""

    pagination_class = ObservationPagination
    lookup_value_regex = ID_PATTERN
    filterset_class = ObservationFilter
    renderer_classes = [JSONRenderer, ArchiveBrowsableAPIRenderer, CsvRenderer]

    def get_queryset(self):
        observations = Observation.objects.published()
        if self.action == "list" and self.request.query_params.get("vintage") != "all":
            observations = observations.current()
        return observations.with_first_print(Observation.objects.published()).with_related()

    def get_serializer_class(self):
        if self._wants_csv():
            return ObservationCsvSerializer
        return ObservationSerializer

    def paginate_queryset(self, queryset):
        # A CSV download is the whole series, not one page of it.
        if self._wants_csv():
            return None
        return super().paginate_queryset(queryset)

    def _wants_csv(self) -> bool:
        renderer = getattr(self.request, "accepted_renderer", None)
        return renderer is not None and renderer.format == "csv"
