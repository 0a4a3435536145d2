"""Error pages: the API's JSON shape under /api/, the site's styled templates elsewhere."""

from django.http import JsonResponse
from django.views import defaults


def _wants_json(request) -> bool:
    return request.path.startswith("/api/")


def page_not_found(request, exception):
    if _wants_json(request):
        return JsonResponse(
            {"status": 404, "code": "not_found", "message": "没有这个地址。Not found."}, status=404
        )
    return defaults.page_not_found(request, exception)


def server_error(request):
    if _wants_json(request):
        return JsonResponse(
            {"status": 500, "code": "error", "message": "服务器内部错误。Server error."}, status=500
        )
    return defaults.server_error(request)
