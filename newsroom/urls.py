"""Top-level routes: the public site, the admin and the API."""

from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path
from django.views.decorators.csrf import csrf_exempt
from django.views.i18n import set_language

from articles.urls import discovery_urlpatterns

urlpatterns = [
    # /admin/ — the editors' admin
    path("admin/", admin.site.urls),
    # /i18n/setlang/ — the language switch (POST). Exempt from CSRF because public pages are
    # cached whole and shared between readers, so they cannot carry a per-reader token; choosing
    # the display language is harmless if forged.
    path("i18n/setlang/", csrf_exempt(set_language), name="set_language"),
    # /robots.txt, /sitemap.xml
    *discovery_urlpatterns,
    # / — the public reading site
    path("", include("articles.urls")),
]

if settings.DEBUG:
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
