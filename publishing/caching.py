"""The public pages' cache: whole responses for anonymous readers and the data behind them,
keyed by one content version that every save of archive content bumps.

Why it is built this way, and what it costs, is in docs/caching.md.
"""

import copy
import functools
import hashlib
import time

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.http import HttpResponse, QueryDict
from django.utils import timezone
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import http_date

from .rule import scheduled_models
from .visibility import scheduled_q

VERSION_KEY = "articles:content-version"


class _LocalPages:
    """This process's copy of rendered pages: plain values (bytes and strings) only, with the
    get/set of a cache; the oldest entry goes first when the store is full.

    Rendered pages are immutable values, so sharing them across requests is safe and spares the
    shared cache's round trip. Model instances are never kept here (reader_data() goes through
    the shared cache, which hands every request its own copy).
    """

    def __init__(self, max_entries: int):
        self.max_entries = max_entries
        self._entries = {}

    def get(self, key):
        expires, value = self._entries.get(key, (0.0, None))
        return value if expires > time.monotonic() else None

    def set(self, key, value, timeout: int):
        self._entries.pop(key, None)
        while len(self._entries) >= self.max_entries:
            self._entries.pop(next(iter(self._entries)), None)
        self._entries[key] = (time.monotonic() + timeout, value)


# This process's copies: the last version read (with when it was read), rendered pages.
_local = {"version": None, "read_at": 0.0}
_local_pages = _LocalPages(max_entries=2000)


def _next_due_timestamp() -> float | None:
    """The earliest future publish time of any content with a publish time (issues, articles:
    the models registered with the publishing rule), as a Unix time (or None)."""
    times = [
        model.objects.filter(scheduled_q())
        .order_by("published_at")
        .values_list("published_at", flat=True)
        .first()
        for model in scheduled_models()
    ]
    times = [value.timestamp() for value in times if value is not None]
    return min(times) if times else None


def content_changed(using=None, **_signal_kwargs):
    """Signal receiver of every archive save and delete: a new content version once the
    change is committed, one per transaction however many rows it wrote.

    Not before the commit: a reader rendering in between would read the old rows and store
    them under the new version, where they would stay until the entry expired.
    """
    connection = transaction.get_connection(using)
    if not connection.in_atomic_block:
        bump_content_version()
        return
    already = any(func is _bump_after_commit for _sids, func, _robust in connection.run_on_commit)
    if not already:
        # robust: a cache outage must not turn a committed edit into an error page
        transaction.on_commit(_bump_after_commit, using=using, robust=True)


def _bump_after_commit():
    bump_content_version()


def bump_content_version() -> dict:
    """Start a new content version now (after a committed change, or when a due time passes)."""
    version = {
        "version": time.time_ns(),
        "since": timezone.now().timestamp(),
        "next_due": _next_due_timestamp(),
    }
    cache.set(VERSION_KEY, version, timeout=None)
    _local.update(version=version, read_at=time.monotonic())
    return version


def content_version() -> dict:
    """The current version: {"version", "since" (Unix time), "next_due" (Unix time or None)}."""
    check_seconds = settings.PUBLIC_PAGE_VERSION_CHECK_SECONDS
    version = _local["version"]
    if version is None or time.monotonic() - _local["read_at"] >= check_seconds:
        version = cache.get(VERSION_KEY)
        _local.update(version=version, read_at=time.monotonic())
    due = version and version["next_due"]
    if version is None or (due is not None and due <= timezone.now().timestamp()):
        version = bump_content_version()
    return version


def page_seconds() -> int:
    """How long a rendered page is kept; 0 turns the page cache off (used by the benchmark)."""
    return settings.PUBLIC_PAGE_CACHE_SECONDS


def data_seconds() -> int:
    """How long data kept by reader_data() lives; 0 turns that cache off."""
    return settings.PUBLIC_DATA_CACHE_SECONDS


def _get(local, key, seconds: int):
    """An entry from this process's copy, else from the shared cache (then copied locally)."""
    value = local.get(key)
    if value is None:
        value = cache.get(key)
        if value is not None:
            local.set(key, value, timeout=seconds)
    return value


def _set(local, key, value, seconds: int):
    cache.set(key, value, timeout=seconds)
    local.set(key, value, timeout=seconds)


def reader_data(name: str, build):
    """`build()`, kept per content version for readers (never call it with staff-only data).

    `name` identifies the data within a version (e.g. "article-page:42"); `build` returns a
    picklable value, or None for "nothing to show", which is not kept. Kept in the shared cache
    only, never in this process's memory: every request gets its own copy of the objects.
    """
    seconds = data_seconds()
    if not seconds:
        return build()
    key = f"articles:data:{content_version()['version']}:{name}"
    value = cache.get(key)
    if value is None:
        value = build()
        if value is not None:
            cache.set(key, value, timeout=seconds)
    return value


def _is_anonymous(request) -> bool:
    # Only a request carrying a session cookie can be a logged-in editor; checking the cookie
    # first spares anonymous readers the session lookup.
    if settings.SESSION_COOKIE_NAME not in request.COOKIES:
        return True
    return not request.user.is_authenticated


def not_for_the_page_cache(response):
    """Mark `response` as one public_page() must serve but not keep: an answer to an address
    that is not the canonical one for what it shows (page 999 of a list with 3 shows page 3),
    which would otherwise let any number of addresses each leave an entry."""
    response.page_cache_skip = True
    return response


def _canonical_number(value: str) -> str | None:
    """A page number as its one spelling ("007" → "7"), or None for anything else."""
    if not value.isascii() or not value.isdigit() or len(value) > 9 or int(value) < 1:
        return None
    return str(int(value))


def canonical_query(request, numbers: tuple[str, ...]) -> QueryDict:
    """The query string a cached view is shown: only the parameters it reads (`numbers`, each
    a page number), each once, in its one spelling, in sorted order; everything else (tracking
    parameters, cache busters) is dropped, so it can neither vary the page nor its cache key."""
    query = QueryDict(mutable=True)
    for name in sorted(numbers):
        value = _canonical_number(request.GET.get(name, ""))
        if value is not None:
            query[name] = value
    return query


def _page_key(request, version: dict, query: QueryDict) -> str:
    # The host and scheme are in the key: pages, feeds and sitemaps carry absolute links built
    # from them. get_host() only answers for ALLOWED_HOSTS, so they cannot vary without end.
    address = f"{request.scheme}://{request.get_host()}{request.path}?{query.urlencode()}"
    digest = hashlib.md5(address.encode(), usedforsecurity=False).hexdigest()
    return f"articles:page:{version['version']}:{request.LANGUAGE_CODE}:{digest}"


def _as_canonical(request, query: QueryDict):
    """`request` as the view sees it: with only the canonical query string (a shallow copy;
    the original still describes what the client asked for)."""
    if query.urlencode() == request.META.get("QUERY_STRING", ""):
        return request
    canonical = copy.copy(request)
    canonical.META = {**request.META, "QUERY_STRING": query.urlencode()}
    query._mutable = False
    canonical.GET = query
    return canonical


def public_page(view=None, *, query: tuple[str, ...] = ()):
    """Cache a public view's 200 responses for anonymous readers and answer conditional GETs.

    `query` names the parameters the view reads (page numbers); the view is shown only those,
    canonical (canonical_query), and the cache key holds the content version, the language, the
    scheme, host and path and that canonical query: a client adding unique query strings gets
    the cached page and leaves no entry. Use as @public_page or @public_page(query=("page",)).

    Every answer to an anonymous reader carries an ETag (a hash of the body) and a
    Last-Modified (the start of the content version), so a browser revalidating gets a 304.
    Logged-in staff (who may see previews) are never served from or stored into the cache.
    """
    if view is None:
        return functools.partial(public_page, query=query)

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        seconds = page_seconds()
        if request.method not in ("GET", "HEAD") or not _is_anonymous(request):
            response = view(request, *args, **kwargs)
            patch_cache_control(response, private=True, no_cache=True)
            return response
        version = content_version()
        canonical = canonical_query(request, query)
        key = _page_key(request, version, canonical)
        stored = _get(_local_pages, key, seconds) if seconds else None
        if stored is None:
            response = view(_as_canonical(request, canonical), *args, **kwargs)
            if response.status_code != 200 or response.streaming:
                return response
            if hasattr(response, "render"):
                response.render()
            stored = {
                "content": response.content,
                "content_type": response["Content-Type"],
                "etag": f'"{hashlib.md5(response.content, usedforsecurity=False).hexdigest()}"',
            }
            if seconds and not getattr(response, "page_cache_skip", False):
                _set(_local_pages, key, stored, seconds)
        response = HttpResponse(stored["content"], content_type=stored["content_type"])
        response["ETag"] = stored["etag"]
        response["Last-Modified"] = http_date(version["since"])
        patch_cache_control(response, public=True, max_age=0, must_revalidate=True)
        return get_conditional_response(
            request, etag=stored["etag"], last_modified=int(version["since"]), response=response
        )

    return wrapper
