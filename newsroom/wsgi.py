"""WSGI entry point: `gunicorn newsroom.wsgi`: Django behind the page cache's fast path."""

import gc
import os

from django.conf import settings
from django.core.handlers.wsgi import WSGIRequest
from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "newsroom.settings")


class PageCacheFirst:
    """Answers a page the page cache holds before Django's handler runs: no request signals,
    no middleware (sessions, CSRF, auth, messages, locale …, which only a miss needs), with the
    headers that whole chain gave the page when it was kept.

    What a hit must still honour (hosts, NUL bytes, sessions, language, HEAD, conditional
    requests) is checked by publishing.caching.cached_answer; a miss goes to Django as if this
    were not here, and the headers Django answers with are kept with the page it stored
    (docs/caching.md).
    """

    def __init__(self, django_application):
        from publishing import caching

        from .middleware import make_request_id

        self.django = django_application
        self.caching, self.make_request_id = caching, make_request_id
        # Addresses that are never cached pages (newsroom/urls.py): not worth a cache lookup,
        # and the probes must answer without the cache.
        self.not_pages = (
            "/healthz",
            "/readyz",
            "/api/",
            "/" + settings.ADMIN_URL,
            settings.STATIC_URL,
            settings.MEDIA_URL,
        )

    def __call__(self, environ, start_response):
        if environ.get("PATH_INFO", "").startswith(self.not_pages):
            return self.django(environ, start_response)
        answer = self.caching.cached_answer(WSGIRequest(environ))
        if answer is not None:
            status, headers, body = answer
            incoming = environ.get("HTTP_X_REQUEST_ID", "")
            start_response(status, [*headers, ("X-Request-ID", self.make_request_id(incoming))])
            return [body]
        environ[self.caching.LAYER] = True
        answered = []

        def keeping_start_response(status, headers, exc_info=None):
            answered.append((status, headers))
            return start_response(status, headers, exc_info)

        response = self.django(environ, keeping_start_response)
        if answered:
            self.caching.keep_headers(environ, *answered[0])
        return response


application = PageCacheFirst(get_wsgi_application())

# What the process has loaded by now (Django, the apps, their modules: some 100,000 objects)
# lives as long as it does. Frozen, it is left out of Python's full collections, which otherwise
# walk all of it every 70 to 350 requests and stall that request by 70–100 ms
# (benchmarks/gc_pauses.py); the garbage of loading is collected first.
gc.collect()
gc.freeze()
