"""Cached pages answered in front of Django (newsroom.wsgi.PageCacheFirst,
publishing.caching.cached_answer): the same bytes and headers as the whole middleware chain, and
never for a request the chain would answer differently. Requests go through the WSGI
application as gunicorn calls it."""

import io
import sys
from dataclasses import dataclass

import pytest
from django.contrib.sessions.middleware import SessionMiddleware

pytestmark = pytest.mark.django_db

URL = "/2020/9/15/1/"


@dataclass
class Answer:
    status: int
    headers: dict
    body: bytes


@pytest.fixture
def chain_runs(monkeypatch):
    """The paths of the requests that reached Django's middleware (sessions, …)."""
    runs = []
    process_request = SessionMiddleware.process_request

    def counting(self, request):
        runs.append(request.path)
        return process_request(self, request)

    monkeypatch.setattr(SessionMiddleware, "process_request", counting)
    return runs


@pytest.fixture
def production_headers(settings):
    settings.SECURE_HSTS_SECONDS = 31536000
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    settings.SECURE_HSTS_PRELOAD = True


@pytest.fixture
def wsgi(settings):
    """get(path, query=..., method=..., secure=..., **headers) through the application gunicorn
    serves, built for this test's settings. As the test client does, the connection is left
    open at the end of each request (it holds the test's transaction)."""
    from django.core.handlers.wsgi import WSGIHandler
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    from newsroom.wsgi import PageCacheFirst

    application = PageCacheFirst(WSGIHandler())
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)

    def get(path, query="", method="GET", secure=False, **headers) -> Answer:
        environ = {
            "REQUEST_METHOD": method,
            "PATH_INFO": path,
            "QUERY_STRING": query,
            "SERVER_NAME": "testserver",
            "SERVER_PORT": "443" if secure else "80",
            "SERVER_PROTOCOL": "HTTP/1.1",
            "HTTP_HOST": "testserver",
            "REMOTE_ADDR": "127.0.0.1",
            "wsgi.url_scheme": "https" if secure else "http",
            "wsgi.input": io.BytesIO(),
            "wsgi.errors": sys.stderr,
            **{f"HTTP_{name.upper()}": value for name, value in headers.items()},
        }
        started = []
        body = application(
            environ, lambda status, headers, exc_info=None: started.append((status, headers))
        )
        content = b"".join(body)
        if hasattr(body, "close"):
            body.close()
        status, headers = started[0]
        return Answer(int(status.split()[0]), dict(headers), content)

    yield get
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


def without_request_id(answer) -> dict:
    return {name: value for name, value in answer.headers.items() if name != "X-Request-ID"}


def test_a_hit_skips_django_with_the_same_bytes_and_headers(
    production_headers, wsgi, archive, chain_runs, django_assert_num_queries
):
    first = wsgi(URL, secure=True)
    assert chain_runs == [URL]
    with django_assert_num_queries(0):
        hit = wsgi(URL, secure=True)
    assert chain_runs == [URL]  # the second request never reached Django's middleware
    assert hit.status == 200 and hit.body == first.body
    assert without_request_id(hit) == without_request_id(first)
    assert hit.headers["X-Request-ID"] != first.headers["X-Request-ID"]
    assert wsgi(URL, X_REQUEST_ID="from-the-proxy-1").headers["X-Request-ID"] == "from-the-proxy-1"


def test_a_hit_carries_the_security_headers_production_sends(
    production_headers, wsgi, archive, chain_runs
):
    wsgi(URL, secure=True)
    hit = wsgi(URL, secure=True).headers
    assert len(chain_runs) == 1
    assert hit["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
    assert hit["X-Content-Type-Options"] == "nosniff"
    assert hit["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert hit["Cross-Origin-Opener-Policy"] == "same-origin"
    assert hit["X-Frame-Options"] == "DENY"
    assert "default-src 'self'" in hit["Content-Security-Policy"]
    assert "Accept-Language" in hit["Vary"] and hit["Content-Language"] == "zh-hans"
    # plain HTTP is its own entry: no HSTS over it, as the chain sends none
    wsgi(URL)
    assert "Strict-Transport-Security" not in wsgi(URL).headers and len(chain_runs) == 2


def test_each_language_is_answered_as_locale_middleware_would_choose(wsgi, archive, chain_runs):
    for _ in range(2):
        english = wsgi(URL, ACCEPT_LANGUAGE="en")
        chinese = wsgi(URL, ACCEPT_LANGUAGE="zh-CN,zh;q=0.9")
    assert len(chain_runs) == 2
    assert english.headers["Content-Language"] == "en" and b"Back issues" in english.body
    assert chinese.headers["Content-Language"] == "zh-hans"
    assert "往期回顾".encode() in chinese.body
    # the language switch's cookie wins over the browser's languages
    chosen = wsgi(URL, ACCEPT_LANGUAGE="zh-hans", COOKIE="django_language=en")
    assert len(chain_runs) == 2 and chosen.headers["Content-Language"] == "en"


def test_head_and_conditional_requests_on_the_fast_path(wsgi, archive, chain_runs):
    first = wsgi(URL)
    head = wsgi(URL, method="HEAD")
    assert head.status == 200 and head.body == b""
    assert head.headers["ETag"] == first.headers["ETag"]
    assert head.headers["Content-Length"] == str(len(first.body))
    not_modified = wsgi(URL, IF_NONE_MATCH=first.headers["ETag"])
    assert not_modified.status == 304 and not_modified.body == b""
    assert not_modified.headers["X-Content-Type-Options"] == "nosniff"
    assert "Content-Type" not in not_modified.headers
    since = wsgi(URL, IF_MODIFIED_SINCE=first.headers["Last-Modified"])
    assert since.status == 304
    assert wsgi(URL, IF_NONE_MATCH='"another"').status == 200
    assert len(chain_runs) == 1


def test_staff_and_any_session_never_get_the_cached_page(wsgi, client, archive, editor, chain_runs):
    anonymous = wsgi(URL)
    client.force_login(editor)
    session = f"sessionid={client.cookies['sessionid'].value}"
    staff = wsgi(URL, COOKIE=session)
    assert (
        "尚未发布的草稿稿件".encode() in staff.body and "private" in staff.headers["Cache-Control"]
    )
    assert len(chain_runs) == 2
    # a session cookie that is no (longer a) session: Django decides, and serves the page
    assert wsgi(URL, COOKIE="sessionid=not-a-session-any-more").body == anonymous.body
    assert len(chain_runs) == 3


def test_nul_bytes_and_unknown_hosts_are_refused_as_without_the_cache(settings, wsgi, archive):
    settings.ALLOWED_HOSTS = ["testserver"]
    wsgi(URL)
    assert wsgi(URL).status == 200
    assert wsgi(URL, query="page=%00").status == 400
    assert wsgi(URL + "\x00").status == 404
    assert wsgi(URL, HOST="elsewhere.example").status == 400


def test_parameters_no_cached_view_reads_go_through_django_to_the_same_page(
    wsgi, archive, chain_runs
):
    first = wsgi(URL)
    again = wsgi(URL, query="utm_source=feed")
    assert again.body == first.body and len(chain_runs) == 2
    # a POST is Django's to answer (its CSRF check refuses this one)
    assert wsgi(URL, method="POST").status == 403 and len(chain_runs) == 3


def test_an_answer_that_sets_a_cookie_is_kept_without_its_headers():
    from publishing import caching

    stored = {"content": b"x", "content_type": "text/html", "etag": '"x"', "versions": {}}
    environ = {caching.KEPT: ("articles:page:test-cookie", stored, True)}
    headers = [("Content-Type", "text/html"), ("Set-Cookie", "csrftoken=per-reader")]
    caching.keep_headers(environ, "200 OK", headers)
    assert "headers" not in caching._local_pages.get("articles:page:test-cookie")
