"""How the articles API pages its lists: issues newest first, articles by date either way, and
search results through an opaque cursor over the bounded, ranked result list."""

from django.utils.translation import gettext as _
from rest_framework import exceptions
from rest_framework.pagination import BasePagination
from rest_framework.response import Response
from rest_framework.utils.urls import replace_query_param

from publishing.api.pagination import (
    INVALID_CURSOR,
    MAX_PAGE_SIZE,
    ArchiveCursorPagination,
    CountedCursorPagination,
    requested_page_size,
    sign_cursor,
    unsign_cursor,
)


class IssuePagination(CountedCursorPagination):
    ordering = ("-date", "-id")


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


class SearchPagination(BasePagination):
    """Pages of a search (articles.search.search_articles), not of a queryset.

    A search ranks a bounded list of matches, so paging is by position in that list; the cursor
    is that position, signed so that clients follow `next` / `previous` rather than build it
    (a tampered or made-up cursor is a 400, never a silent restart at the first page).
    The page carries `count` and `count_is_estimate` (exact up to the engine's count limit).
    """

    page_size = 20
    max_page_size = MAX_PAGE_SIZE
    max_offset = 100_000

    def paginate_search(self, search, request) -> list:
        """Call `search(limit=…, offset=…)` for the requested page; its hits."""
        self.request = request
        self.limit = requested_page_size(request, self.page_size, self.max_page_size)
        self.offset = self.decode_cursor(request.query_params.get("cursor"))
        self.results = search(limit=self.limit, offset=self.offset)
        return self.results.items

    def get_paginated_response(self, data):
        results = self.results
        reachable = results.ranked_limit if results.ranked_limit is not None else results.count
        following = self.offset + self.limit
        return Response(
            {
                "next": self._link(following) if following < reachable else None,
                "previous": self._link(max(0, self.offset - self.limit)) if self.offset else None,
                "count": results.count,
                "count_is_estimate": results.count_is_estimate,
                "results": data,
            }
        )

    def decode_cursor(self, cursor: str | None) -> int:
        if cursor is None:  # an empty cursor is as broken as any other made-up one
            return 0
        try:
            text = unsign_cursor(cursor)
            offset = int(text.removeprefix("o="))
            if not text.startswith("o=") or not 0 <= offset <= self.max_offset:
                raise ValueError
            return offset
        except ValueError:
            raise exceptions.ValidationError({"cursor": [INVALID_CURSOR]}) from None

    def _link(self, offset: int) -> str:
        cursor = sign_cursor(f"o={offset}")
        return replace_query_param(self.request.build_absolute_uri(), "cursor", cursor)
