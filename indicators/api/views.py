"""Read-only endpoints: indicators, regions and the published figures (JSON or CSV)."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import viewsets
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.pagination import CursorPagination
from rest_framework.renderers import BrowsableAPIRenderer, JSONRenderer

from ..models import Indicator, Observation, Region
from .filters import ObservationFilter
from .renderers import CsvRenderer
from .serializers import (
    IndicatorSerializer,
    ObservationCsvSerializer,
    ObservationSerializer,
    RegionSerializer,
)


class CappedCursorPagination(CursorPagination):
    """Stable cursor pages; clients may ask for up to 100 rows with ?page_size=."""

    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 100
    ordering = "pk"

    def get_page_size(self, request):
        text = request.query_params.get(self.page_size_query_param)
        if text is None:
            return self.page_size
        if not text.isdigit() or int(text) < 1:
            raise ValidationError({self.page_size_query_param: ["应为正整数。"]})
        return min(int(text), self.max_page_size)

    def decode_cursor(self, request):
        try:
            return super().decode_cursor(request)
        except NotFound:
            raise ValidationError({self.cursor_query_param: ["无效的游标。"]}) from None


class IndicatorPagination(CappedCursorPagination):
    ordering = "code"


@extend_schema_view(
    list=extend_schema(summary=_("指标列表")), retrieve=extend_schema(summary=_("一个指标"))
)
class IndicatorViewSet(viewsets.ReadOnlyModelViewSet):
    queryset = Indicator.objects.all()
    serializer_class = IndicatorSerializer
    pagination_class = IndicatorPagination
    lookup_field = "code"
    filter_backends = []


@extend_schema_view(
    list=extend_schema(summary=_("地区列表")), retrieve=extend_schema(summary=_("一个地区"))
)
class RegionViewSet(viewsets.ReadOnlyModelViewSet):
    queryset = Region.objects.select_related("parent")
    serializer_class = RegionSerializer
    pagination_class = CappedCursorPagination
    filter_backends = []


@extend_schema_view(
    list=extend_schema(
        summary=_("指标数据"),
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
class ObservationViewSet(viewsets.ReadOnlyModelViewSet):
    """Published figures only: accepted, and reported by a published article (or by none)."""

    pagination_class = CappedCursorPagination
    filterset_class = ObservationFilter
    renderer_classes = [JSONRenderer, BrowsableAPIRenderer, CsvRenderer]

    def get_queryset(self):
        observations = Observation.objects.published()
        if self.action == "list" and self.request.query_params.get("vintage") != "all":
            observations = observations.current()
        return observations.with_related()

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
