"""Behaviour every API view shares: caching headers for shared caches."""

from django.utils.http import http_date
from rest_framework import status


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
