"""Top-level routes: the public site, the admin and the API."""

from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    # /admin/ — the editors' admin
    path("admin/", admin.site.urls),
    # /i18n/setlang/ — the language switch (POST)
    path("i18n/", include("django.conf.urls.i18n")),
    # /api/v1/indicators/, /api/v1/regions/, /api/v1/observations/ — figures as data
    path("api/v1/", include("indicators.api.urls")),
    # /indicators/ — economic indicators reported by the paper
    path("indicators/", include("indicators.urls")),
    # / — the public reading site
    path("", include("articles.urls")),
]

if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
