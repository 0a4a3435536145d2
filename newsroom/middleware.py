"""Project-wide middleware: request ids, refusing NUL bytes, and keeping editors' reads on the
primary database."""

import re
import uuid

from django.conf import settings
from django.http import Http404
from django.middleware.http import ConditionalGetMiddleware

from . import db_routers, errors
from .logging import request_id_var

# Accept a caller's id only when it looks like one: it ends up in logs and response headers.
VALID_REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{1,100}$")


def make_request_id(incoming: str) -> str:
    """The caller's X-Request-ID when it looks like one, else a new one."""
    return incoming if VALID_REQUEST_ID.match(incoming) else uuid.uuid4().hex


class RequestIdMiddleware:
    """Takes X-Request-ID from the proxy (or makes one), logs with it and returns it."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request_id = make_request_id(request.headers.get("X-Request-ID", ""))
        request.request_id = request_id
        # Not reset on the way out: Django logs 4xx/5xx responses after the middleware chain
        # returns, and those lines need the id too. The next request sets its own.
        request_id_var.set(request_id)
        response = self.get_response(request)
        response["X-Request-ID"] = request_id
        return response


class RefuseNulBytesMiddleware:
    """A NUL byte in the address is a 404, in the query string a 400, before any view runs.

    No address or parameter of the archive contains one, and PostgreSQL cannot even compare a
    string holding one (psycopg2 raises ValueError mid-query): checked once here for every route
    and parameter rather than in each view, filter and converter.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if "\x00" in request.path_info:
            raise Http404("NUL in path")
        query = request.META.get("QUERY_STRING", "")
        if ("%00" in query or "\x00" in query) and any(
            "\x00" in name or any("\x00" in value for value in values)
            for name, values in request.GET.lists()
        ):
            return errors.bad_request_response(request, errors.NUL_IN_QUERY)
        return self.get_response(request)


class PrimaryDatabaseMiddleware:
    """Sends every query of a request to the primary when the reader may have just written.

    Replicas lag by a moment; an editor who saves and reloads must see the save. So the admin,
    logged-in staff and any unsafe method read from the primary; anonymous GETs may use the replica.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.admin_prefix = "/" + settings.ADMIN_URL

    def __call__(self, request):
        use_primary = (
            request.method not in ("GET", "HEAD", "OPTIONS")
            or request.path.startswith(self.admin_prefix)
            or (getattr(request, "user", None) is not None and request.user.is_authenticated)
            or "HTTP_AUTHORIZATION" in request.META
        )
        with db_routers.pinned_to_primary(use_primary):
            return self.get_response(request)


class ApiConditionalGetMiddleware(ConditionalGetMiddleware):
    """ETag on every API response and 304 for a matching If-None-Match / If-Modified-Since.

    Public site pages get theirs from publishing.caching.public_page, which also caches them.
    """

    def process_response(self, request, response):
        if not request.path.startswith("/api/"):
            return response
        return super().process_response(request, response)
