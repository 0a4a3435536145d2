"""A Redis cache that fails soft: when Redis cannot be reached the site runs uncached.

Everything the archive keeps in the cache (rendered pages, reader data, the content version, API
throttle counters) can be made again from the database, so a Redis outage must slow the site down,
not take it down. Each operation that cannot reach Redis answers as an empty cache would (a miss,
a write that did not stick). After a failure the backend does not try Redis again for
RETRY_SECONDS, so a request does not wait for a connect timeout on every cache call, and one
warning is logged when Redis goes away and one line when it is back, not one per request.

Values pickled by an earlier release may name a class or module this one no longer has (after a
deploy that moved one): such a value reads as a miss, not as an error page.

`/readyz` calls `health_check()`, which goes to Redis whatever the state and raises, so the load
balancer and the monitoring see the outage that readers do not.
"""

import logging
import pickle
import threading
import time

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache, RedisSerializer
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)

RETRY_SECONDS = 5.0
_MISSING = object()
UNREACHABLE = (RedisConnectionError, RedisTimeoutError, OSError)

# Per process, per Redis address: until when not to try again. Django makes one backend
# instance per thread, and every thread must see that Redis is down.
_outages: dict[str, float] = {}
_outages_lock = threading.Lock()


class UnreadableValue(Exception):
    """A cached value this release cannot unpickle."""


class ReleaseTolerantSerializer(RedisSerializer):
    """Django's Redis serializer, raising UnreadableValue for a value it cannot unpickle."""

    def loads(self, data):
        try:
            return super().loads(data)
        except (pickle.UnpicklingError, ImportError, AttributeError, EOFError) as error:
            raise UnreadableValue(error) from error


class FailSoftRedisCache(RedisCache):
    """Django's RedisCache, answering as an empty cache while Redis is unreachable, and as a
    miss for a value an earlier release wrote that this one cannot read."""

    def __init__(self, server, params):
        options = {"serializer": ReleaseTolerantSerializer, **params.get("OPTIONS", {})}
        super().__init__(server, {**params, "OPTIONS": options})
        self._outage_key = ",".join(self._servers)

    def health_check(self) -> None:
        """Store and read back a value, raising the error if Redis does not answer."""
        super().set("readyz", "1", 5)
        if super().get("readyz") != "1":
            raise RedisConnectionError("value not stored")
        self._mark_up()

    def is_available(self) -> bool:
        """False while a recent failure says not to try Redis yet."""
        return _outages.get(self._outage_key, 0.0) <= time.monotonic()

    def _mark_down(self, error: Exception) -> None:
        with _outages_lock:
            was_up = self._outage_key not in _outages
            _outages[self._outage_key] = time.monotonic() + RETRY_SECONDS
        if was_up:
            logger.warning(
                "Redis cache unreachable (%s: %s); serving without the cache, retrying every %gs",
                error.__class__.__name__,
                error,
                RETRY_SECONDS,
            )

    def _mark_up(self) -> None:
        if self._outage_key in _outages:
            with _outages_lock:
                was_down = _outages.pop(self._outage_key, None) is not None
            if was_down:
                logger.warning("Redis cache reachable again; caching resumed")

    def _call(self, operation, fallback, *args, **kwargs):
        if not self.is_available():
            return fallback
        try:
            result = operation(*args, **kwargs)
        except UNREACHABLE as error:
            self._mark_down(error)
            return fallback
        self._mark_up()
        return result

    def get(self, key, default=None, version=None):
        try:
            return self._call(super().get, default, key, default=default, version=version)
        except UnreadableValue:
            return default

    def get_many(self, keys, version=None):
        try:
            return self._call(super().get_many, {}, keys, version=version)
        except UnreadableValue:
            # one value of an earlier release spoils the batch: read the others one by one
            found = {key: self.get(key, _MISSING, version=version) for key in keys}
            return {key: value for key, value in found.items() if value is not _MISSING}

    def has_key(self, key, version=None):
        return self._call(super().has_key, False, key, version=version)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        self._call(super().set, None, key, value, timeout=timeout, version=version)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call(super().set_many, list(data), data, timeout=timeout, version=version)

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call(super().add, False, key, value, timeout=timeout, version=version)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call(super().touch, False, key, timeout=timeout, version=version)

    def delete(self, key, version=None):
        return self._call(super().delete, False, key, version=version)

    def delete_many(self, keys, version=None):
        self._call(super().delete_many, None, keys, version=version)

    def incr(self, key, delta=1, version=None):
        if not self.is_available():
            raise ValueError(f"Key '{key}' not found (the cache is unreachable)")
        try:
            result = super().incr(key, delta=delta, version=version)
        except UNREACHABLE as error:
            self._mark_down(error)
            raise ValueError(f"Key '{key}' not found (the cache is unreachable)") from error
        self._mark_up()
        return result

    def clear(self):
        return self._call(super().clear, False)
