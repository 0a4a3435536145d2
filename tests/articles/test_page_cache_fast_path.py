"""Cached pages answered before the middleware chain (newsroom.middleware.PageCacheHitMiddleware,
publishing.caching.cached_response): the same bytes and headers as the whole chain, and never
for a request the chain would answer differently."""

import pytest
from django.contrib.sessions.middleware import SessionMiddleware

pytestmark = pytest.mark.django_db

URL = "/2020/9/15/1/"


@pytest.fixture
def chain_runs(monkeypatch):
    """How many requests went through the middleware after the fast path (sessions, …)."""
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


def headers(response) -> dict:
    return {name: value for name, value in response.items() if name != "X-Request-ID"}


def test_a_hit_skips_the_chain_with_the_same_bytes_and_headers(
    client, archive, chain_runs, production_headers, django_assert_num_queries
):
    first = client.get(URL, secure=True)
    assert chain_runs == [URL]
    with django_assert_num_queries(0):
        hit = client.get(URL, secure=True)
    assert chain_runs == [URL]  # the second request never reached the session middleware
    assert hit.status_code == 200 and hit.content == first.content
    assert headers(hit) == headers(first)
    assert hit["X-Request-ID"] and hit["X-Request-ID"] != first["X-Request-ID"]


def test_a_hit_carries_the_security_headers_production_sends(
    client, archive, chain_runs, production_headers
):
    client.get(URL, secure=True)
    hit = client.get(URL, secure=True)
    assert len(chain_runs) == 1
    assert hit["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
    assert hit["X-Content-Type-Options"] == "nosniff"
    assert hit["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert hit["Cross-Origin-Opener-Policy"] == "same-origin"
    assert hit["X-Frame-Options"] == "DENY"
    assert "default-src 'self'" in hit["Content-Security-Policy"]
    assert "Accept-Language" in hit["Vary"] and hit["Content-Language"] == "zh-hans"
    # plain HTTP is its own entry: no HSTS over it, as the chain sends none
    assert "Strict-Transport-Security" not in client.get(URL)


def test_each_language_is_answered_as_locale_middleware_would_choose(client, archive, chain_runs):
    for _ in range(2):
        english = client.get(URL, HTTP_ACCEPT_LANGUAGE="en")
        chinese = client.get(URL, HTTP_ACCEPT_LANGUAGE="zh-CN,zh;q=0.9")
    assert len(chain_runs) == 2
    assert english["Content-Language"] == "en" and "Back issues" in english.content.decode()
    assert chinese["Content-Language"] == "zh-hans" and "往期回顾" in chinese.content.decode()
    client.cookies["django_language"] = "en"  # the language switch's cookie wins
    chosen = client.get(URL, HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert len(chain_runs) == 2 and chosen["Content-Language"] == "en"


def test_head_and_conditional_requests_on_the_fast_path(client, archive, chain_runs):
    first = client.get(URL)
    head = client.head(URL)
    assert head.status_code == 200 and head["ETag"] == first["ETag"] and head.content == b""
    not_modified = client.get(URL, HTTP_IF_NONE_MATCH=first["ETag"])
    assert not_modified.status_code == 304 and not_modified.content == b""
    assert not_modified["X-Content-Type-Options"] == "nosniff" and "Content-Type" not in (
        not_modified
    )
    since = client.get(URL, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"])
    assert since.status_code == 304
    assert len(chain_runs) == 1


def test_staff_and_any_session_never_get_the_cached_page(client, archive, editor, chain_runs):
    anonymous = client.get(URL).content.decode()
    client.force_login(editor)
    staff = client.get(URL)
    assert "尚未发布的草稿稿件" in staff.content.decode() and "private" in staff["Cache-Control"]
    assert len(chain_runs) == 2
    client.logout()
    client.cookies["sessionid"] = "not-a-session-any-more"
    # the chain decides (an anonymous reader after all: the cached page)
    assert client.get(URL).content.decode() == anonymous
    assert len(chain_runs) == 3


def test_nul_bytes_and_unknown_hosts_are_refused_as_without_the_cache(client, archive, settings):
    client.get(URL)
    client.get(URL)
    assert client.get(URL + "?page=%00").status_code == 400
    assert client.get("/2020/9/15/1/%00").status_code == 404
    settings.ALLOWED_HOSTS = ["testserver"]
    assert client.get(URL, HTTP_HOST="elsewhere.example").status_code == 400


def test_parameters_no_cached_view_reads_go_through_the_chain_to_the_same_page(
    client, archive, chain_runs
):
    first = client.get(URL)
    again = client.get(URL + "?utm_source=feed")
    assert again.content == first.content and len(chain_runs) == 2
    assert client.post(URL).status_code == 405


def test_an_answer_that_sets_a_cookie_is_kept_without_headers_for_the_fast_path(rf):
    from django.http import HttpResponse

    from publishing import caching

    request = rf.get("/cookie-page/")
    stored = {"content": b"x", "content_type": "text/html", "etag": '"x"', "versions": {}}
    request.page_cache_kept = ("articles:page:test-cookie", stored, True)
    response = HttpResponse("x")
    response.set_cookie("csrftoken", "per-reader")
    caching.keep_headers(request, response)
    assert "headers" not in caching._local_pages.get("articles:page:test-cookie")
