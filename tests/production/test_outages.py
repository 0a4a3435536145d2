"""A Redis outage slows the site down but does not take it down.

The cache points at a real address where nothing listens (a port just bound and released), so
these run everywhere, CI included, without a Redis server: the connection is really refused.
"""

import logging
import socket

import pytest

from newsroom import cache as fail_soft
from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def redis_down(settings, monkeypatch):
    """The default cache is the production backend, at an address nothing answers."""
    monkeypatch.setattr(fail_soft, "_outages", {})
    settings.CACHES = {
        "default": {
            "BACKEND": "newsroom.cache.FailSoftRedisCache",
            "LOCATION": f"redis://127.0.0.1:{_closed_port()}/3",
            "OPTIONS": {"socket_connect_timeout": 0.2, "socket_timeout": 0.2},
        }
    }


def test_cached_pages_and_the_api_are_served_while_redis_is_down(client, redis_down):
    article = ArticleFactory(headline="缓存停了也照常出报")
    for url in ("/", f"/articles/{article.pk}/", "/api/v1/articles/", "/sitemap.xml"):
        response = client.get(url)
        assert response.status_code == 200, url
    assert "缓存停了也照常出报" in client.get(f"/articles/{article.pk}/").content.decode()
    assert client.get(f"/api/v1/articles/{article.pk}/").json()["headline"] == "缓存停了也照常出报"


def test_an_edit_shows_at_once_while_redis_is_down(client, redis_down):
    """Uncached means fresh: nothing stale can be served from a cache that is not there."""
    article = ArticleFactory(headline="初稿标题")
    assert "初稿标题" in client.get(f"/articles/{article.pk}/").content.decode()
    article.headline = "改过的标题"
    article.save()
    assert "改过的标题" in client.get(f"/articles/{article.pk}/").content.decode()


def test_readiness_reports_the_cache_down_while_liveness_stays_ok(client, redis_down):
    client.get("/")  # readers noticing first must not hide it from the probe
    ready = client.get("/readyz")
    assert ready.status_code == 503
    assert ready.json()["problems"] == {"cache": "ConnectionError"}
    assert client.get("/healthz").status_code == 200


def test_the_outage_is_logged_once_not_once_a_request(client, redis_down, caplog):
    ArticleFactory()
    with caplog.at_level(logging.WARNING, logger="newsroom.cache"):
        for _ in range(5):
            assert client.get("/api/v1/articles/").status_code == 200
            assert client.get("/").status_code == 200
    warnings = [record for record in caplog.records if record.name == "newsroom.cache"]
    assert len(warnings) == 1
    assert "unreachable" in warnings[0].getMessage()


def test_redis_is_tried_again_after_the_pause(client, redis_down, monkeypatch):
    """Between tries the cache is skipped without a connection attempt; then tried again."""
    from django.core.cache import cache

    assert cache.get("anything", "miss") == "miss"
    assert not cache.is_available()
    monkeypatch.setattr(fail_soft, "RETRY_SECONDS", 0.0)
    fail_soft._outages.clear()
    assert cache.is_available()
    cache.set("anything", "value")  # tried, refused again
    assert cache.get("anything") is None
    assert cache.add("anything", "value") is False
    with pytest.raises(ValueError):
        cache.incr("counter")


def test_a_dead_database_and_cache_give_503_with_retry_after_not_500():
    """Production settings, PostgreSQL and Redis both at addresses where nothing listens: readers
    and API clients are told to retry, liveness stays fine, readiness names both."""
    from tests.production.test_settings import PRODUCTION, manage

    script = (
        "from django.test import Client\n"
        "client = Client(raise_request_exception=False, HTTP_HOST='archive.example.org')\n"
        "for url in ['/', '/articles/1/', '/api/v1/articles/', '/healthz', '/readyz']:\n"
        "    response = client.get(url, secure=True)\n"
        "    print(url, response.status_code, response.get('Retry-After', '-'))\n"
        "print(client.get('/readyz', secure=True).json()['problems'])\n"
    )
    shown = manage(
        "shell",
        "-c",
        script,
        **PRODUCTION,
        DATABASE_URL=f"postgres://newsroom@127.0.0.1:{_closed_port()}/newsroom",
        REDIS_URL=f"redis://127.0.0.1:{_closed_port()}/3",
        LOG_LEVEL="CRITICAL",
    )
    assert shown.returncode == 0, shown.stderr
    lines = shown.stdout.strip().splitlines()[-6:]  # after the shell's own messages
    assert lines[:5] == [
        "/ 503 5",
        "/articles/1/ 503 5",
        "/api/v1/articles/ 503 5",
        "/healthz 200 -",
        "/readyz 503 -",
    ]
    assert lines[5] == "{'database:default': 'OperationalError', 'cache': 'ConnectionError'}"


class _StoredBytes:
    """Stands in for the Redis client: answers every key with the same raw bytes."""

    def __init__(self, data: bytes):
        self.data = data

    def get(self, key):
        return self.data if "old" in key else None

    def mget(self, keys):
        return [self.get(key) for key in keys]


@pytest.mark.parametrize(
    "pickled",
    [
        b"carticles.models.publishing\nGone\n.",  # a module a later release moved away
        b"ccollections\nNoSuchClass\n.",  # a class that is gone
        b"\x80\x04\x95",  # cut short
    ],
)
def test_a_value_an_earlier_release_pickled_reads_as_a_miss(pickled, monkeypatch):
    backend = fail_soft.FailSoftRedisCache("redis://127.0.0.1:6379/3", {})
    monkeypatch.setattr(backend._cache, "get_client", lambda *args, **kwargs: _StoredBytes(pickled))
    assert backend.get("old-page", "default") == "default"
    assert backend.get_many(["old-page", "new-page"]) == {}
