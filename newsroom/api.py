"""What every API app shares: paging, the error shape, throttles, caching headers, permissions.

Each app keeps its own serializers, views and filters in `<app>/api/`; this module is the one
place for behaviour a client should find identical on every endpoint.
"""

import base64
import binascii
import datetime
from urllib import parse

import django_filters
from django.core import signing
from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError
from django.forms import IntegerField, ModelChoiceField, TextInput
from django.http import Http404
from django.utils.http import http_date
from django.utils.translation import gettext_lazy as _
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.utils import OpenApiResponse
from rest_framework import exceptions, serializers, status
from rest_framework.pagination import Cursor, CursorPagination
from rest_framework.utils.urls import replace_query_param
from rest_framework.views import exception_handler

MAX_PAGE_SIZE = 100
CURSOR_SALT = "newsroom.api.cursor"
INVALID_CURSOR = _("无效的 cursor：请使用上一页响应中的 next / previous 链接。")
# Larger ids cannot exist (bigint) and would make PostgreSQL raise instead of "not found".
MAX_ID = 2**63 - 1


def sign_cursor(text: str) -> str:
    """An opaque, signed cursor for `text`: a client can only send back one we issued."""
    encoded = base64.urlsafe_b64encode(text.encode()).decode("ascii").rstrip("=")
    return signing.Signer(salt=CURSOR_SALT).sign(encoded)


def unsign_cursor(cursor: str) -> str:
    """The text of a cursor made by sign_cursor(); ValueError for anything else (a truncated,
    tampered or hand-made cursor must be a 400, not a silent restart at the first page)."""
    try:
        encoded = signing.Signer(salt=CURSOR_SALT).unsign(cursor)
        return base64.urlsafe_b64decode(encoded + "=" * (-len(encoded) % 4)).decode("ascii")
    except (signing.BadSignature, binascii.Error, UnicodeError) as error:
        raise ValueError("invalid cursor") from error


class ArchiveCursorPagination(CursorPagination):
    """Cursor paging: stable while new items arrive, and no OFFSET scan however deep a client goes.

    `page_size` is 1–100 (default 20); anything else, or a cursor we did not issue, is a 400
    naming the parameter instead of being silently corrected.
    """

    page_size = 20
    page_size_query_param = "page_size"
    max_page_size = MAX_PAGE_SIZE
    ordering = "-id"

    def get_page_size(self, request):
        raw = request.query_params.get(self.page_size_query_param)
        if raw is None:
            return self.page_size
        try:
            size = int(raw)
        except ValueError:
            size = 0
        if not 1 <= size <= self.max_page_size:
            raise exceptions.ValidationError(
                {"page_size": [_("page_size 必须是 1 到 %d 之间的整数。") % self.max_page_size]}
            )
        return size

    def paginate_queryset(self, queryset, request, view=None):
        self._model = queryset.model  # decode_cursor checks positions against its fields
        return super().paginate_queryset(queryset, request, view)

    def encode_cursor(self, cursor):
        tokens = {}
        if cursor.offset != 0:
            tokens["o"] = str(cursor.offset)
        if cursor.reverse:
            tokens["r"] = "1"
        if cursor.position is not None:
            tokens["p"] = cursor.position
        return replace_query_param(
            self.base_url, self.cursor_query_param, sign_cursor(parse.urlencode(tokens))
        )

    def decode_cursor(self, request):
        raw = request.query_params.get(self.cursor_query_param)
        if raw is None:
            return None
        try:
            tokens = parse.parse_qs(unsign_cursor(raw), keep_blank_values=True)
            offset = int(tokens.get("o", ["0"])[0])
            if offset < 0:
                raise ValueError(offset)
            cursor = Cursor(
                offset=min(offset, self.offset_cutoff),
                reverse=bool(int(tokens.get("r", ["0"])[0])),
                position=tokens.get("p", [None])[0],
            )
            if cursor.position is not None:
                self._check_position(cursor.position)
            return cursor
        except (ValidationError, ValueError, TypeError):
            raise exceptions.ValidationError({"cursor": [INVALID_CURSOR]}) from None

    def _check_position(self, position: str) -> None:
        """A position is a value of the ordering field; a forged one must not reach the query
        (a non-date compared with a date column, or an integer beyond bigint, is a database
        error, not an empty page)."""
        ordering = self.ordering if isinstance(self.ordering, list | tuple) else [self.ordering]
        name = ordering[0].lstrip("-")
        meta = self._model._meta
        field = meta.pk if name == "pk" else meta.get_field(name)
        value = field.to_python(position)
        if "\x00" in position or (isinstance(value, int) and not -MAX_ID <= value <= MAX_ID):
            raise ValueError(position)


class CountedCursorPagination(ArchiveCursorPagination):
    """Cursor paging plus the total `count`, for lists small enough to count on every request
    (publications, people, tags, places, issues, figures); articles and photos go without."""

    def paginate_queryset(self, queryset, request, view=None):
        page = super().paginate_queryset(queryset, request, view)
        self.count = queryset.count()
        return page

    def get_paginated_response(self, data):
        response = super().get_paginated_response(data)
        response.data = {"count": self.count, **response.data}
        return response

    def get_paginated_response_schema(self, schema):
        paginated = super().get_paginated_response_schema(schema)
        paginated["properties"] = {
            "count": {"type": "integer", "example": 123},
            **paginated["properties"],
        }
        paginated["required"] = ["count", *paginated.get("required", [])]
        return paginated


class ErrorSerializer(serializers.Serializer):
    """The one error shape of the API (documented on every operation)."""

    status = serializers.IntegerField(help_text="HTTP status code")
    code = serializers.CharField(help_text="machine-readable code, e.g. invalid, not_found")
    message = serializers.CharField(help_text="what went wrong, for people")
    fields = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()),
        required=False,
        help_text="for 400: each offending parameter or field with its messages",
    )


def _flatten(detail):
    if isinstance(detail, dict):
        return {
            key: [str(m) for m in (v if isinstance(v, list) else [v])] for key, v in detail.items()
        }
    return None


def api_exception_handler(exc, context):
    """Render every API error as {"status", "code", "message", "fields"?}, keeping headers
    such as Retry-After (429) and WWW-Authenticate (401)."""
    # Django's own 404 and 403 get the codes of their REST framework twins ("not_found" …).
    if isinstance(exc, Http404):
        exc = exceptions.NotFound(*exc.args)
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied(*exc.args)
    response = exception_handler(exc, context)
    if response is None:
        return None
    detail = getattr(exc, "detail", None)
    fields = _flatten(detail) if isinstance(exc, exceptions.ValidationError) else None
    if fields is None and isinstance(detail, list):
        fields = {"non_field_errors": [str(m) for m in detail]}
    if fields:
        first_key = next(iter(fields))
        message = f"{first_key}: {fields[first_key][0]}"
    else:
        message = str(detail) if detail is not None else str(exc)
    codes = exc.get_codes() if hasattr(exc, "get_codes") else None
    code = codes if isinstance(codes, str) else getattr(exc, "default_code", "error")
    body = {"status": response.status_code, "code": code, "message": message}
    if fields:
        body["fields"] = fields
    response.data = body
    return response


class ArchiveAutoSchema(AutoSchema):
    """Documents the shared error responses on every operation, and describes the parameters
    that every endpoint has in the same way (path ids, the format switch)."""

    def _resolve_path_parameters(self, variables):
        parameters = super()._resolve_path_parameters(variables)
        model = getattr(getattr(self.view, "queryset", None), "model", None)
        what = model._meta.model_name if model is not None else "object"
        for parameter in parameters:
            if not parameter.get("description"):
                parameter["description"] = (
                    f"stable code of the {what} (e.g. gdp)"
                    if parameter["name"] == "code"
                    else f"stable id of the {what}"
                )
        return parameters

    def _get_format_parameters(self):
        parameters = super()._get_format_parameters()
        for parameter in parameters:
            formats = " or ".join(parameter["schema"].get("enum", []))
            parameter.setdefault("description", f"response format: {formats}")
        return parameters

    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        errors = {
            "400": "bad parameter or field (names it)",
            "404": "no such object",
            "429": "too many requests (see Retry-After)",
        }
        if self.method not in ("GET", "HEAD"):
            errors.update({"401": "no or invalid token", "403": "not allowed"})
            if self.method in ("PUT", "PATCH"):
                errors["412"] = "If-Match does not match the current version"
                errors["428"] = "versioned resource: If-Match or version missing"
        for code, description in errors.items():
            if code not in responses:
                responses[code] = self._get_response_for_code(
                    OpenApiResponse(ErrorSerializer, description=description), code
                )
        return responses


class PublicCachingMixin:
    """Cache-Control for shared caches on anonymous reads; Last-Modified on single objects.

    ETags and 304 answers come from ConditionalGetMiddleware for every response.
    """

    public_max_age = 60

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        if request.method in ("GET", "HEAD") and response.status_code == status.HTTP_200_OK:
            if request.user.is_authenticated or request.auth is not None:
                response["Cache-Control"] = "private, no-store"
            else:
                response["Cache-Control"] = f"public, max-age={self.public_max_age}"
            updated = getattr(getattr(self, "_last_object", None), "updated_at", None)
            if updated is not None:
                response["Last-Modified"] = http_date(updated.timestamp())
        return response

    def get_object(self):
        obj = super().get_object()
        self._last_object = obj
        return obj


ID_PATTERN = r"[0-9]{1,18}"


NOT_FOUND_ID = _("没有这个编号或标识。")


def _ascii_number(text: str) -> int:
    """The integer written in `text` with the digits 0–9 only; ValidationError otherwise.

    Python's int() also reads other scripts' digits (١, ²…) or fails on some of them with a
    ValueError the caller did not expect: a typed number is ASCII or it is refused, clearly.
    """
    if not (text.isascii() and text.isdigit()):
        raise ValidationError(_("请只用半角数字 0–9 填写整数。"), code="invalid")
    return int(text)


class VisibleObjectField(ModelChoiceField):
    """One object named by its id (or `to_field_name`), typed into a text box.

    Never a <select>: the browsable API would list every object as an <option>. An id outside
    the queryset (hidden from this requester, or not existing at all) gets the same answer.
    """

    widget = TextInput
    default_error_messages = {"invalid_choice": NOT_FOUND_ID}

    def to_python(self, value):
        if value in self.empty_values:
            return None
        text = str(value)
        if "\x00" in text:
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        if not self.to_field_name and not 0 < _ascii_number(text) <= MAX_ID:
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        return super().to_python(text)


class VisibleObjectFilter(django_filters.ModelChoiceFilter):
    """Filter by one object the requester may see: the declared queryset narrowed per request
    by its `for_reader(user)` (published() without a request), where the model has one."""

    field_class = VisibleObjectField

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if not hasattr(queryset, "for_reader"):
            return queryset  # a model whose rows are all public (indicators, regions)
        user = getattr(request, "user", None)
        return queryset.for_reader(user) if user is not None else queryset.published()


class AsciiIntegerField(IntegerField):
    def to_python(self, value):
        if value not in self.empty_values:
            value = _ascii_number(str(value).strip())
        return super().to_python(value)


class IntegerFilter(django_filters.NumberFilter):
    """An integer parameter (issue number, year): digits 0–9 only, within its bounds."""

    field_class = AsciiIntegerField


class StorableIsoDateTimeField(django_filters.fields.IsoDateTimeField):
    """An ISO 8601 time that the database can store: 9999-12-31T23:59-12:00 is year 10000 in
    UTC, which Python cannot even represent."""

    def to_python(self, value):
        moment = super().to_python(value)
        if moment is not None:
            try:
                moment.astimezone(datetime.UTC)
            except OverflowError:
                raise ValidationError(_("时间超出可处理的范围。"), code="invalid") from None
        return moment


class IsoDateTimeFilter(django_filters.IsoDateTimeFilter):
    field_class = StorableIsoDateTimeField
