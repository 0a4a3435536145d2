"""Security headers, probes and request ids on every response."""

import json
import logging

import pytest
from django.urls import reverse

from newsroom.logging import JsonFormatter, RequestIdFilter

pytestmark = pytest.mark.django_db


def test_security_headers_on_public_pages(client):
    response = client.get("/")
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "frame-ancestors 'none'" in policy
    assert "unsafe-inline" not in policy.split("script-src")[1].split(";")[0]


def test_admin_login_page_carries_the_policy_too(client):
    response = client.get(reverse("admin:login"))
    assert response.status_code == 200
    assert "Content-Security-Policy" in response


def test_healthz_touches_no_database(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_readyz_is_ok_when_database_and_cache_answer(client):
    response = client.get("/readyz")
    assert response.status_code == 200
    assert response["Cache-Control"].startswith("max-age=0")


def test_readyz_is_503_with_a_reason_when_the_cache_is_down(client, settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",  # nothing listens there
            "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
        }
    }
    from django.core.cache import caches

    caches._settings = None  # pick up the overridden backend in this thread
    response = client.get("/readyz")
    assert response.status_code == 503
    assert "cache" in response.json()["problems"]


def test_readyz_is_503_with_a_reason_when_the_database_is_down(client, monkeypatch):
    from django.db import OperationalError, connections

    def refused(*args, **kwargs):
        raise OperationalError("could not connect to server: Connection refused")

    monkeypatch.setattr(connections["default"], "cursor", refused)
    response = client.get("/readyz")
    assert response.status_code == 503
    assert response.json()["problems"] == {"database:default": "OperationalError"}


def test_request_id_is_made_or_taken_and_echoed(client):
    made = client.get("/healthz")["X-Request-ID"]
    assert len(made) == 32
    given = client.get("/healthz", HTTP_X_REQUEST_ID="abc-123")
    assert given["X-Request-ID"] == "abc-123"
    # a forged header cannot inject text into logs
    forged = client.get("/healthz", HTTP_X_REQUEST_ID="x\nlevel=ERROR")
    assert forged["X-Request-ID"] != "x\nlevel=ERROR"


def test_log_lines_are_json_with_the_request_id(client, settings):
    records = []

    class Keep(logging.Handler):
        def emit(self, record):
            records.append(self.format(record))

    handler = Keep()
    handler.addFilter(RequestIdFilter())
    handler.setFormatter(JsonFormatter())
    logger = logging.getLogger("django.request")
    logger.addHandler(handler)
    try:
        client.get("/no/such/page/", HTTP_X_REQUEST_ID="req-42")
    finally:
        logger.removeHandler(handler)
    entry = json.loads(records[-1])
    assert entry["request_id"] == "req-42"
    assert entry["level"] == "WARNING"
    assert "Not Found" in entry["message"]


@pytest.mark.parametrize("path", ["/", "/api/v1/articles/"])
def test_an_unreachable_database_is_a_503_with_retry_after(editor, monkeypatch, path):
    """Even when the first query of a request is a middleware loading a logged-in editor's
    session (before any view runs), a lost connection is a 503 to retry, not a 500."""
    from django.contrib.sessions.backends.db import SessionStore
    from django.db import OperationalError
    from django.test import Client

    client = Client(raise_request_exception=False)
    client.force_login(editor)

    def connection_lost(self):
        raise OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr(SessionStore, "load", connection_lost)
    response = client.get(path)
    assert response.status_code == 503 and response["Retry-After"] == "5"


def test_a_broken_query_stays_a_500(editor, monkeypatch):
    """A bad query is a bug someone must fix, not an outage to wait out."""
    from django.contrib.sessions.backends.db import SessionStore
    from django.db import ProgrammingError
    from django.test import Client

    client = Client(raise_request_exception=False)
    client.force_login(editor)

    def broken(self):
        raise ProgrammingError("no such column")

    monkeypatch.setattr(SessionStore, "load", broken)
    response = client.get("/")
    assert response.status_code == 500 and "Retry-After" not in response
