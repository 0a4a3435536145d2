"""Top-level routes: the public site, the admin and the API."""

from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from django.views.decorators.csrf import csrf_exempt
from django.views.i18n import set_language
from drf_spectacular.views import (
    SpectacularAPIView,
    SpectacularRedocView,
    SpectacularSwaggerSplitView,
)

from articles.api import urls as articles_api
from articles.urls import discovery_urlpatterns
from indicators.api import urls as indicators_api

from . import health
from .media import public_media_urlpatterns

urlpatterns = [
    # /healthz, /readyz — probes for the load balancer
    path("healthz", health.healthz, name="healthz"),
    path("readyz", health.readyz, name="readyz"),
    # /admin/ — the editors' admin (the path is configurable: ADMIN_URL)
    path(settings.ADMIN_URL, admin.site.urls),
    # /i18n/setlang/ — the language switch (POST). Exempt from CSRF because public pages are
    # cached whole and shared between readers, so they cannot carry a per-reader token; choosing
    # the display language is harmless if forged.
    path("i18n/setlang/", csrf_exempt(set_language), name="set_language"),
    # /robots.txt, /sitemap.xml
    *discovery_urlpatterns,
    # /api/v1/articles/ … — the REST API; /api/v1/schema/ its OpenAPI 3 description
    path("api/v1/", include(([*articles_api.urlpatterns, *indicators_api.urlpatterns], "api"))),
    path("api/v1/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    # /api/v1/docs/ (Swagger UI) and /api/v1/redoc/, served from local static files
    path(
        "api/v1/docs/", SpectacularSwaggerSplitView.as_view(url_name="api-schema"), name="api-docs"
    ),
    path("api/v1/redoc/", SpectacularRedocView.as_view(url_name="api-schema"), name="api-redoc"),
    # /indicators/ — economic indicators reported by the paper
    path("indicators/", include("indicators.urls")),
    # /media/renditions/page/Xk3…/medium.jpeg, /media/pages/pdf/2020/09/Xk3…/1.pdf — files of
    # what the requester may see (sent by nginx in production); never originals/
    *public_media_urlpatterns(),
    # / — the public reading site
    path("", include("articles.urls")),
]

handler404 = "newsroom.errors.page_not_found"
handler500 = "newsroom.errors.server_error"
