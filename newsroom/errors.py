"""Error pages: the API's JSON shape under /api/, the site's styled templates elsewhere.

A database that cannot be reached (a PostgreSQL restart or fail-over takes seconds) is a 503
with Retry-After, not a 500: clients and the load balancer should retry rather than report a bug.
It is decided here, in the 500 handler, because Django calls it for an exception raised
anywhere — a view, a template, or a middleware reading the session — while it is being handled.
"""

import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, JsonResponse
from django.utils.translation import gettext_lazy as _
from django.views import defaults

RETRY_AFTER_SECONDS = 5
NUL_IN_QUERY = _("参数中含有空字符（NUL），无法处理。")


def _wants_json(request) -> bool:
    return request.path.startswith("/api/")


def page_not_found(request, exception):
    if _wants_json(request):
        return JsonResponse(
            {"status": 404, "code": "not_found", "message": "没有这个地址。Not found."}, status=404
        )
    return defaults.page_not_found(request, exception)


def bad_request_response(request, message):
    """400 for a request no view can answer (the API's error shape under /api/)."""
    if _wants_json(request):
        return JsonResponse({"status": 400, "code": "invalid", "message": str(message)}, status=400)
    return HttpResponse(str(message), status=400, content_type="text/plain; charset=utf-8")


def server_error(request):
    if isinstance(sys.exc_info()[1], OperationalError | InterfaceError):
        return database_unavailable(request)
    if _wants_json(request):
        return JsonResponse(
            {"status": 500, "code": "error", "message": "服务器内部错误。Server error."}, status=500
        )
    return defaults.server_error(request)


def database_unavailable(request):
    """503 with Retry-After; a connection failure only (a broken query stays a 500)."""
    message = "数据库暂时无法访问，请稍后再试。Database temporarily unavailable."
    if _wants_json(request):
        response = JsonResponse(
            {"status": 503, "code": "database_unavailable", "message": message}, status=503
        )
    else:
        response = HttpResponse(message, status=503, content_type="text/plain; charset=utf-8")
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response
