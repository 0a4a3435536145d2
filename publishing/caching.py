"""The public pages' cache: whole responses for anonymous readers, keyed by a content version.

Why one content version for the whole archive rather than per-object keys:
a single edit shows up in many places (the article, its page, its issue, the home page, the
person/tag/place/section lists, related items elsewhere, feeds, the sitemap, calendar counts).
Working out which cached pages depend on which row is easy to get wrong, and a wrong answer
shows stale or unpublished content. Bumping one version on every save or delete of an archive
row makes every cached page unreachable at once, which is correct by construction. The bump
comes after the commit (content_changed), once per transaction, so a bulk import bumps once. Editors
change a daily paper a few hundred times a day while readers read it far more often, so the
price (each page rendered once more after an edit) is small. Old entries are never deleted:
they simply stop being asked for and expire.

Scheduled publishing changes what readers see without any save: an item with a future publish
time becomes visible when that time passes. The version therefore remembers the earliest such
time ("next due"); the first request after it bumps the version. The check costs nothing extra,
because the due time travels in the same cache entry as the version.

The version lives in the configured cache (Redis in production), so every worker process sees
a bump; with a per-process local-memory cache as the default cache only one process would.

Two levels, for speed: a cache hit must cost about as much as a trivial view, and a network
round trip to Redis costs more than rendering from memory. Each process therefore keeps the
version it last read for PUBLIC_PAGE_VERSION_CHECK_SECONDS (default 1 s; a bump made by the
process itself is seen at once) and keeps rendered pages in its own memory as well as in the
shared cache. Entries in both are keyed by version, so a stale entry is never served once the
version is re-read; the price is that another process may show the previous version for at
most that one second after an edit.

Data as well as pages: `reader_data()` keeps what an expensive page reads from the database
(the article page: the article with its credits, photos, tags, corrections, neighbours, related
items and figures) under the same version, in the same two levels. A rendered page is keyed by
its address (host, path and the query parameters its view reads) and language; the data is
not, so the Chinese and English page render from one database read. It also means a page
rendered without the page cache (PUBLIC_PAGE_CACHE_SECONDS=0) costs only its template once the
data has been read. PUBLIC_DATA_CACHE_SECONDS=0 turns it off.
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
# Cached pages outlive any single edit only by this much even if a bump were somehow missed.
DEFAULT_PAGE_SECONDS = 60 * 60
DEFAULT_VERSION_CHECK_SECONDS = 1.0


class _LiveObjects:
    """A small per-process store of live objects, with the get/set of a cache.

    For rendered pages and reader data: LocMemCache pickles every value and unpickles it on
    every read, which for the article page's models cost more than half a millisecond a
    request. Callers only read what they get (the objects are shared by every request of this
    process); the oldest entry goes first when the store is full.
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


# This process's copies: the last version read (with when it was read), rendered pages, data.
_local = {"version": None, "read_at": 0.0}
_local_pages = _LiveObjects(max_entries=2000)
_local_data = _LiveObjects(max_entries=1000)


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
    check_seconds = getattr(
        settings, "PUBLIC_PAGE_VERSION_CHECK_SECONDS", DEFAULT_VERSION_CHECK_SECONDS
    )
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
    return getattr(settings, "PUBLIC_PAGE_CACHE_SECONDS", DEFAULT_PAGE_SECONDS)


def data_seconds() -> int:
    """How long data kept by reader_data() lives; 0 turns that cache off."""
    return getattr(settings, "PUBLIC_DATA_CACHE_SECONDS", DEFAULT_PAGE_SECONDS)


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
    picklable value, or None for "nothing to show", which is not kept. Callers must not change
    what they get: this process hands the same objects to later requests.
    """
    seconds = data_seconds()
    if not seconds:
        return build()
    key = f"articles:data:{content_version()['version']}:{name}"
    value = _get(_local_data, key, seconds)
    if value is None:
        value = build()
        if value is not None:
            _set(_local_data, key, value, seconds)
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
