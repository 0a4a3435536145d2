"""The API's paging: cursors (stable while items arrive, no OFFSET scan), a bounded page size,
and a 400 naming the parameter for a page size or cursor we did not issue (cursors are signed:
a malformed or tampered one is refused, never read as "from the start")."""

import base64
import binascii
from urllib import parse

from django.core import signing
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions
from rest_framework.pagination import Cursor, CursorPagination
from rest_framework.utils.urls import replace_query_param

from .fields import MAX_ID

MAX_PAGE_SIZE = 100
CURSOR_SALT = "publishing.api.cursor"
INVALID_CURSOR = _("无效的 cursor：请使用上一页响应中的 next / previous 链接。")


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
