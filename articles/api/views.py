"""API views of the articles app. Reads start from published(); writes go through services."""

from django.core.exceptions import ValidationError
from django.db.models import Count, Prefetch
from django.db.models.functions import ExtractMonth, ExtractYear
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    extend_schema,
    extend_schema_view,
    inline_serializer,
)
from rest_framework import exceptions, mixins, serializers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response
from rest_framework.utils.urls import replace_query_param

from publishing import rule
from publishing.api.fields import ID_PATTERN
from publishing.api.pagination import (
    INVALID_CURSOR,
    ArchiveCursorPagination,
    CountedCursorPagination,
    sign_cursor,
    unsign_cursor,
)
from publishing.api.versions import VersionedUpdateMixin, versioned_write
from publishing.api.views import PublicCachingMixin
from publishing.atomic_files import atomic_with_files

from .. import services
from ..models import (
    Article,
    ArticleCredit,
    Issue,
    Page,
    PageCredit,
    Person,
    Photo,
    Place,
    Publication,
    Tag,
)
from ..search import QueryError, SearchFilters, search_articles
from . import filters
from . import serializers as api_serializers


class ReadOnlyArchiveViewSet(PublicCachingMixin, viewsets.ReadOnlyModelViewSet):
    pagination_class = CountedCursorPagination
    lookup_value_regex = ID_PATTERN


@extend_schema_view(
    list=extend_schema(summary="Publications (our paper and the papers we reprint from)"),
    retrieve=extend_schema(summary="One publication"),
)
class PublicationViewSet(ReadOnlyArchiveViewSet):
    queryset = Publication.objects.published().order_by("id")
    serializer_class = api_serializers.PublicationSerializer


@extend_schema_view(list=extend_schema(summary="People credited in the paper"))
class PersonViewSet(ReadOnlyArchiveViewSet):
    queryset = Person.objects.published().select_related("affiliation").order_by("id")
    serializer_class = api_serializers.PersonSerializer


@extend_schema_view(list=extend_schema(summary="Topics (话题: what articles are about)"))
class TagViewSet(ReadOnlyArchiveViewSet):
    queryset = Tag.objects.published().order_by("id")
    serializer_class = api_serializers.TagSerializer


@extend_schema_view(list=extend_schema(summary="Places (parent = the enclosing place's id)"))
class PlaceViewSet(ReadOnlyArchiveViewSet):
    queryset = Place.objects.published().order_by("id")
    serializer_class = api_serializers.PlaceSerializer


class WritableArchiveViewSet(
    VersionedUpdateMixin,
    PublicCachingMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.ReadOnlyModelViewSet,
):
    """Reads: published only, for anyone. Writes: drafts, for tokens with the model permission.

    What is published, or inside something published, is written only by those who may publish
    it: the same rule as in the admin (publishing.rule). An edit names the version it is
    based on (publishing.api.versions): 428 without it, 412 when it is stale.
    """

    pagination_class = ArchiveCursorPagination
    lookup_value_regex = ID_PATTERN
    http_method_names = ["get", "post", "put", "patch", "head", "options"]
    read_serializer_class = None
    write_serializer_class = None

    def get_serializer_class(self):
        if self.request.method in ("GET", "HEAD", "OPTIONS"):
            return self.read_serializer_class
        return self.write_serializer_class

    def get_queryset(self):
        if self.request.method in ("GET", "HEAD", "OPTIONS"):
            return self.get_read_queryset()
        return self.queryset.model.objects.all()

    def check_object_permissions(self, request, obj):
        super().check_object_permissions(request, obj)
        if request.method not in ("GET", "HEAD", "OPTIONS"):
            rule.ensure_unlocked(user=request.user, obj=obj)

    def perform_create(self, serializer):
        self._checked_save(serializer)

    def perform_update(self, serializer):
        with versioned_write(self.request, serializer.instance):
            self._checked_save(serializer)

    def _checked_save(self, serializer):
        """Save unless the publishing rule refuses the object as it would be stored.

        One transaction for the row, its uploaded file and its renditions: a failure anywhere
        leaves none of them (no photo without renditions, no file without its row)."""
        unsaved = api_serializers.unsaved_with(
            self.queryset.model, serializer.instance, serializer.validated_data
        )
        rule.check_write(user=self.request.user, obj=unsaved)
        with atomic_with_files():
            serializer.save()

    def _publish_action(self, request, service):
        obj = self.get_object()
        try:
            service(**{self.queryset.model._meta.model_name: obj, "user": request.user})
        except services.PermissionDenied as error:
            raise exceptions.PermissionDenied(str(error)) from None
        except ValidationError as error:  # e.g. an issue whose front page would be empty
            raise exceptions.ValidationError({"non_field_errors": error.messages}) from None
        return Response({"id": obj.pk, "status": obj.status, "published_at": obj.published_at})


class IssuePagination(CountedCursorPagination):
    ordering = ("-date", "-id")


IF_MATCH = OpenApiParameter(
    "If-Match",
    OpenApiTypes.STR,
    OpenApiParameter.HEADER,
    description='the version the change is based on, e.g. "3" (the ETag of the last write); '
    "* overwrites whatever is there. Without it or a version field the edit is a 428.",
)


@extend_schema_view(
    list=extend_schema(summary="Published issues, newest first"),
    retrieve=extend_schema(summary="One issue with its pages"),
    create=extend_schema(summary="Create a draft issue (token with add permission)"),
    update=extend_schema(
        summary="Change an issue (published ones: editors only); name the version",
        parameters=[IF_MATCH],
    ),
    partial_update=extend_schema(
        summary="Change some fields of an issue; name the version", parameters=[IF_MATCH]
    ),
)
class IssueViewSet(WritableArchiveViewSet):
    queryset = Issue.objects.all()
    pagination_class = IssuePagination
    read_serializer_class = api_serializers.IssueSerializer
    write_serializer_class = api_serializers.IssueWriteSerializer
    filterset_class = filters.IssueFilter

    def get_read_queryset(self):
        return (
            Issue.objects.published()
            .select_related("publication")
            .prefetch_related(Prefetch("pages", queryset=Page.objects.select_related("issue")))
            .order_by("-date", "-id")
        )

    @extend_schema(
        summary="Publish a draft issue with its draft articles (publish permission); "
        "refused (400) while page 1 would show no item",
        request=None,
        responses=inline_serializer(
            "PublishResult",
            {
                "id": serializers.IntegerField(),
                "status": serializers.CharField(),
                "published_at": serializers.DateTimeField(),
            },
        ),
    )
    @action(detail=True, methods=["post"])
    def publish(self, request, pk=None):
        return self._publish_action(request, services.publish_issue)

    @extend_schema(
        summary="Issue counts per year, and per month and day for one year (for calendars)",
        filters=True,
        responses=inline_serializer(
            "IssueDates",
            {
                "years": serializers.ListField(child=serializers.DictField()),
                "months": serializers.ListField(child=serializers.DictField()),
                "dates": serializers.ListField(child=serializers.DictField()),
            },
        ),
    )
    @action(
        detail=False,
        methods=["get"],
        filterset_class=filters.IssueDatesFilter,
        pagination_class=None,
    )
    def dates(self, request):
        """Like Veridian's GetDates: how many issues each year; with `year`, also each month
        and every date of that year with its issue number."""
        issues = Issue.objects.published()
        publication = filters.IssueDatesFilter(
            request.query_params, queryset=issues, request=request
        )
        if not publication.is_valid():
            raise exceptions.ValidationError(publication.errors)
        chosen = publication.form.cleaned_data
        if chosen.get("publication"):
            issues = issues.filter(publication=chosen["publication"])
        years = (
            issues.annotate(year=ExtractYear("date"))
            .values("year")
            .annotate(count=Count("id"))
            .order_by("year")
        )
        body = {"years": list(years), "months": [], "dates": []}
        year = chosen.get("year")
        if year:
            in_year = issues.filter(date__year=int(year))
            months = (
                in_year.annotate(month=ExtractMonth("date"))
                .values("month")
                .annotate(count=Count("id"))
                .order_by("month")
            )
            body["months"] = list(months)
            body["dates"] = [
                {"date": day, "number": number}
                for day, number in in_year.order_by("date").values_list("date", "number")
            ]
        return Response(body)


@extend_schema_view(
    list=extend_schema(summary="Pages of published issues, with their published items"),
    create=extend_schema(summary="Add a page to an issue (token with add permission)"),
    update=extend_schema(summary="Change a page; name the version", parameters=[IF_MATCH]),
    partial_update=extend_schema(
        summary="Change some fields of a page; name the version", parameters=[IF_MATCH]
    ),
)
class PageViewSet(WritableArchiveViewSet):
    queryset = Page.objects.all()
    read_serializer_class = api_serializers.PageSerializer
    write_serializer_class = api_serializers.PageWriteSerializer
    filterset_class = filters.PageFilter

    def get_read_queryset(self):
        return (
            Page.objects.published()
            .select_related("issue__publication")
            .prefetch_related(
                Prefetch(
                    "articles",
                    queryset=Article.objects.published()
                    .order_by("position", "id")
                    .prefetch_related("regions"),
                    to_attr="published_articles",
                ),
                "renditions",
                Prefetch("page_credits", queryset=PageCredit.objects.select_related("person")),
            )
            .order_by("id")
        )


class ArticlePagination(ArchiveCursorPagination):
    """Newest first by default; `ordering=date` for oldest first."""

    orderings = {"-date": ("-issue_date", "-id"), "date": ("issue_date", "id")}

    def get_ordering(self, request, queryset, view):
        value = request.query_params.get("ordering", "-date")
        if value not in self.orderings:
            raise exceptions.ValidationError(
                {
                    "ordering": [
                        _("ordering 只能是以下之一：%(choices)s。")
                        % {"choices": ", ".join(self.orderings)}
                    ]
                }
            )
        return self.orderings[value]


def article_read_queryset():
    """Published articles with everything the serializer shows, in a fixed number of queries."""
    return (
        Article.objects.published()
        # Joined: only what the publishing rule and almost every filter need. Publication,
        # section and source are small tables fetched once per list instead: PostgreSQL plans
        # every join again on each request, and on the million-article benchmark the list
        # query with a tag filter took 6–16 ms to plan with seven tables and 2–3 ms with four.
        .select_related("issue", "page")
        .with_corrections()
        .prefetch_related(
            "issue__publication",
            "section",
            "source_publication",
            Prefetch(
                "article_credits",
                queryset=ArticleCredit.objects.select_related("person").order_by("position"),
            ),
            "tags",
            "places",
            # Every photo of a published article is visible (same page, same issue), so no
            # visibility joins here: they only cost planning time.
            Prefetch("photos", queryset=Photo.objects.as_printed(), to_attr="published_photos"),
        )
    )


SEARCH_PARAMETERS = [
    OpenApiParameter(
        "q",
        OpenApiTypes.STR,
        description='full-text search (2+ Chinese characters, words, "phrases"); adds '
        "`score` and `snippet` to each result and `count` to the page",
    ),
    OpenApiParameter(
        "ordering",
        OpenApiTypes.STR,
        enum=["-date", "date", "relevance"],
        description="-date (default), date, or relevance (only with q)",
    ),
]


@extend_schema_view(
    list=extend_schema(
        summary="Published articles, newest first; filters combine with AND",
        parameters=SEARCH_PARAMETERS,
    ),
    retrieve=extend_schema(summary="One article with credits, source, photos and corrections"),
    create=extend_schema(summary="Create a draft article (token with add permission)"),
    update=extend_schema(
        summary='Change an article; send If-Match: "<version>" or the version field',
        parameters=[IF_MATCH],
    ),
    partial_update=extend_schema(
        summary='Change some fields; send If-Match: "<version>" or the version field',
        parameters=[IF_MATCH],
    ),
)
class ArticleViewSet(WritableArchiveViewSet):
    queryset = Article.objects.all()
    read_serializer_class = api_serializers.ArticleSerializer
    write_serializer_class = api_serializers.ArticleWriteSerializer
    filterset_class = filters.ArticleFilter
    pagination_class = ArticlePagination

    def get_read_queryset(self):
        return article_read_queryset()

    def list(self, request, *args, **kwargs):
        if "q" in request.query_params:
            return self.search(request)
        return super().list(request, *args, **kwargs)

    def search(self, request):
        """Search results, paged by an opaque cursor over the bounded, ranked result list."""
        filterset = self.filterset_class(
            request.query_params, queryset=Article.objects.none(), request=request
        )
        if not filterset.is_valid():
            raise exceptions.ValidationError(filterset.errors)
        chosen = filterset.form.cleaned_data
        order = request.query_params.get("ordering", "relevance")
        if order not in ("relevance", "-date"):
            raise exceptions.ValidationError(
                {"ordering": [_("与 q 一起使用时，ordering 只能是 relevance 或 -date。")]}
            )
        limit = self.paginator.get_page_size(request)
        offset = _decode_offset(request.query_params.get("cursor"))
        search_filters = SearchFilters(
            publication=chosen.get("publication"),
            section=chosen.get("section"),
            person=chosen.get("person"),
            place=chosen.get("place"),
            tag=chosen.get("tag"),
            genre=chosen.get("genre") or "",
            origin=chosen.get("origin") or "",
            date_from=chosen.get("date_from"),
            date_to=chosen.get("date_to"),
            issue=chosen.get("issue"),
            page=chosen.get("page"),
            source_publication=chosen.get("source_publication"),
            updated_since=chosen.get("updated_since"),
        )
        try:
            results = search_articles(
                request.query_params["q"],
                filters=search_filters,
                order="date" if order == "-date" else "relevance",
                limit=limit,
                offset=offset,
            )
        except QueryError as error:
            raise exceptions.ValidationError({"q": [str(error)]}) from None
        loaded = article_read_queryset().in_bulk([hit.article.pk for hit in results.items])
        rows = []
        for hit in results.items:
            article = loaded.get(hit.article.pk)
            if article is not None:
                article.score, article.snippet = hit.score, hit.snippet
                rows.append(article)
        data = api_serializers.SearchHitSerializer(
            rows, many=True, context=self.get_serializer_context()
        ).data
        reachable = results.ranked_limit if results.ranked_limit is not None else results.count
        url = request.build_absolute_uri()
        return Response(
            {
                "next": _offset_link(url, offset + limit) if offset + limit < reachable else None,
                "previous": _offset_link(url, max(0, offset - limit)) if offset else None,
                "count": results.count,
                "count_is_estimate": results.count_is_estimate,
                "results": data,
            }
        )

    @extend_schema(
        summary="Publish an article (publish permission)",
        request=None,
        responses={200: OpenApiTypes.OBJECT},
    )
    @action(detail=True, methods=["post"])
    def publish(self, request, pk=None):
        return self._publish_action(request, services.publish_article)

    @extend_schema(
        summary="Take an article back to draft (publish permission)",
        request=None,
        responses={200: OpenApiTypes.OBJECT},
    )
    @action(detail=True, methods=["post"])
    def unpublish(self, request, pk=None):
        return self._publish_action(request, services.unpublish_article)


def _decode_offset(cursor):
    if cursor is None:
        return 0
    try:
        text = unsign_cursor(cursor)
        offset = int(text.removeprefix("o="))
        if not text.startswith("o=") or not 0 <= offset <= 100_000:
            raise ValueError(text)
        return offset
    except ValueError:
        raise exceptions.ValidationError({"cursor": [INVALID_CURSOR]}) from None


def _offset_link(url, offset):
    return replace_query_param(url, "cursor", sign_cursor(f"o={offset}"))


@extend_schema_view(
    list=extend_schema(summary="Published photos"),
    create=extend_schema(
        summary="Upload a photo (multipart; token with add permission)",
        request={"multipart/form-data": api_serializers.PhotoWriteSerializer},
    ),
    partial_update=extend_schema(
        summary="Change some fields of a photo; name the version", parameters=[IF_MATCH]
    ),
)
class PhotoViewSet(WritableArchiveViewSet):
    queryset = Photo.objects.all()
    read_serializer_class = api_serializers.PhotoSerializer
    write_serializer_class = api_serializers.PhotoWriteSerializer
    filterset_class = filters.PhotoFilter
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_read_queryset(self):
        return (
            Photo.objects.published()
            .as_printed()
            .select_related("page__issue", "article")
            .order_by("id")
        )
