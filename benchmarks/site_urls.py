"""The site's URLs plus /bench/trivial/, the baseline: a view that does no work at all."""

from django.http import HttpResponse
from django.urls import path

from newsroom.urls import urlpatterns as site_urlpatterns


def trivial(request):
    """Goes through the same middleware as every page, then answers two bytes."""
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [path("bench/trivial/", trivial), *site_urlpatterns]
