"""The baseline of the throughput benchmarks: a bare Django view in a process of its own.

One view answering two bytes, no middleware, no database, no templates: what Django itself
costs per request. Served by gunicorn like the archive (`benchmarks.bare_django:application`),
so that a ratio to it says what the archive adds on top of Django, middleware included.
"""

from django.conf import settings
from django.core.wsgi import get_wsgi_application
from django.http import HttpResponse
from django.urls import path


def bare(request):
    return HttpResponse("ok", content_type="text/plain")


settings.configure(
    DEBUG=False,
    SECRET_KEY="bare-django-benchmark-baseline",
    ALLOWED_HOSTS=["127.0.0.1", "localhost"],
    ROOT_URLCONF=__name__,
    MIDDLEWARE=[],
    INSTALLED_APPS=[],
    DATABASES={},
    USE_I18N=False,
)
urlpatterns = [path("", bare)]
application = get_wsgi_application()
