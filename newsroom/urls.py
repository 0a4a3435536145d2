"""Top-level routes: the public site, the admin and the API."""

from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path

from . import health

urlpatterns = [
    # /healthz, /readyz — probes for the load balancer
    path("healthz", health.healthz, name="healthz"),
    path("readyz", health.readyz, name="readyz"),
    # /admin/ — the editors' admin (the path is configurable: ADMIN_URL)
    path(settings.ADMIN_URL, admin.site.urls),
    # /i18n/setlang/ — the language switch (POST)
    path("i18n/", include("django.conf.urls.i18n")),
    # / — the public reading site
    path("", include("articles.urls")),
]

if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
