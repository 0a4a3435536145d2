"""Probes for the load balancer and the process supervisor."""

from django.core.cache import cache
from django.db import connections
from django.http import JsonResponse
from django.views.decorators.cache import never_cache


@never_cache
def healthz(request):
    """The process is alive and answering. Touches nothing else, so it never fails for them."""
    return JsonResponse({"status": "ok"})


@never_cache
def readyz(request):
    """Ready to serve: every configured database and the cache answer. 503 with reasons if not."""
    problems = {}
    for alias in connections:
        try:
            with connections[alias].cursor() as cursor:
                cursor.execute("SELECT 1")
        except Exception as error:  # any failure means "not ready"; the reason is reported
            problems[f"database:{alias}"] = error.__class__.__name__
    try:
        # The fail-soft Redis cache hides an outage from readers; its health check does not.
        if hasattr(cache, "health_check"):
            cache.health_check()
        else:
            cache.set("readyz", "1", 5)
            if cache.get("readyz") != "1":
                problems["cache"] = "value not stored"
    except Exception as error:
        problems["cache"] = error.__class__.__name__
    if problems:
        return JsonResponse({"status": "unavailable", "problems": problems}, status=503)
    return JsonResponse({"status": "ok"})
