"""The public pages' cache: whole responses for anonymous readers and the data behind them,
each kept with the versions of what it shows ("dependency tags"), which saves bump.

Why it is built this way, and what it costs, is in docs/caching.md.
"""

import contextlib
import contextvars
import copy
import datetime
import functools
import hashlib
import time

from django.conf import settings
from django.core.cache import cache
from django.core.exceptions import DisallowedHost
from django.db import transaction
from django.http import HttpResponse, QueryDict
from django.utils import timezone, translation
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import http_date

from .rule import scheduled_models
from .visibility import published_q, scheduled_q, sees_unpublished

VERSION_KEY = "articles:content-version"
# The next publish time to watch after those that passed under the current content version
# bumped only what shows their items (_publish_due): {"version": that version, "next_due"}.
# Kept apart from VERSION_KEY so that it can never bring back a version a save replaced.
DUE_KEY = "articles:next-due"
# More items than this due at once (a whole edition) bump everything rather than one by one.
MAX_DUE_ITEMS = 50
# The tag every page and every kept datum depends on: its version is the content version
# (VERSION_KEY), bumped by any change no finer tag describes and when a publish time passes.
EVERYTHING = "everything"
# The tag of pages that list articles across issues (home, person, tag, place, section and
# publication lists, the calendar, feeds, sitemaps): every edit of an article bumps it.
LISTS = "lists"
# A page rendered this close to a bump of what it shows is served but not kept: its rows may
# predate the commit the bump followed. The margin covers the clocks of different hosts (kept
# within milliseconds by NTP); every render inside it is thrown away, so it is kept short.
BUMP_MARGIN_NS = 200_000_000


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

    def set(self, key, value, timeout: float):
        self._entries.pop(key, None)
        while len(self._entries) >= self.max_entries:
            self._entries.pop(next(iter(self._entries)), None)
        self._entries[key] = (time.monotonic() + timeout, value)


# This process's copies: the last content version read (with when it was read), the versions
# of other tags (each kept PUBLIC_PAGE_VERSION_CHECK_SECONDS), rendered pages.
_local = {"version": None, "read_at": 0.0}
_local_tags = _LocalPages(max_entries=50_000)
_local_pages = _LocalPages(max_entries=2000)
# What the WSGI layer in front of Django (newsroom.wsgi.PageCacheFirst) and public_page() tell
# each other through the request's environ (request.META): that the layer will keep the page
# with the chain's headers, what its lookup found, and the page to keep.
LAYER = "page_cache.layer"
PROBE = "page_cache.probe"
KEPT = "page_cache.kept"
# The query parameters any cached view reads (public_page(query=...)): the fast path
# (cached_answer) answers only requests whose parameters are all among them.
_query_names: set[str] = set()


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


# What a save makes stale -------------------------------------------------------------------------

# model -> function(instance, **signal kwargs) giving the tags a save or delete of it bumps
_dependencies = {}


def register_dependencies(model, tags_of) -> None:
    """Let saves and deletes of `model` bump `tags_of(instance, **signal_kwargs)` (a set of
    tags; EVERYTHING when no finer set is right) instead of every cached page. Called with
    `due=True` (and no signal) for an item whose publish time just passed: what shows it now."""
    _dependencies[model] = tags_of


class _BumpAfterCommit:
    """The one bump a transaction makes after its commit: of every tag its writes touched."""

    def __init__(self):
        self.tags = set()

    def __call__(self):
        bump(self.tags)


def content_changed(sender=None, instance=None, using=None, **signal_kwargs):
    """Signal receiver of every archive save and delete: bumps what the change makes stale
    (register_dependencies; everything by default) once the change is committed, once per
    transaction however many rows it wrote.

    Not before the commit: a reader rendering in between would read the old rows and keep
    them under the new versions, where they would stay until the entry expired.
    """
    tags_of = _dependencies.get(sender)
    tags = tags_of(instance, **signal_kwargs) if tags_of and instance is not None else {EVERYTHING}
    if not tags:
        return
    connection = transaction.get_connection(using)
    if not connection.in_atomic_block:
        bump(tags)
        return
    waiting = (func for _sids, func, _robust in connection.run_on_commit)
    pending = next((func for func in waiting if type(func) is _BumpAfterCommit), None)
    if pending is None:
        pending = _BumpAfterCommit()
        # robust: a cache outage must not turn a committed edit into an error page
        transaction.on_commit(pending, using=using, robust=True)
    pending.tags |= tags


def bump(tags) -> None:
    """New versions of `tags` now (after a committed change): what shows them goes stale."""
    if EVERYTHING in tags:
        bump_content_version()
        return
    version = time.time_ns()
    cache.set_many({_tag_key(tag): version for tag in tags}, timeout=None)
    for tag in tags:
        _local_tags.set(tag, version, settings.PUBLIC_PAGE_VERSION_CHECK_SECONDS)


def bump_content_version(*, lazily: bool = False) -> dict:
    """Start a new content version now (after a committed change, or when a due time passes).

    `lazily`: the first version of a fresh cache, which follows no change (see _tag_key).
    """
    now = time.time_ns()
    version = {
        "version": -now if lazily else now,
        "since": timezone.now().timestamp(),
        "next_due": _next_due_timestamp(),
    }
    cache.set(VERSION_KEY, version, timeout=None)
    _local.update(version=version, read_at=time.monotonic())
    return version


def content_version(*, fresh: bool = False) -> dict:
    """The current version: {"version", "since" (Unix time), "next_due" (Unix time or None)};
    `fresh` reads it from the shared cache whatever this process holds."""
    check_seconds = settings.PUBLIC_PAGE_VERSION_CHECK_SECONDS
    version = _local["version"]
    read = fresh or version is None or time.monotonic() - _local["read_at"] >= check_seconds
    if read:
        version = _read_content_version()
    if version is None:
        return bump_content_version(lazily=True)
    if _is_due(version) and not read:  # another process may have seen to it already
        version = _read_content_version()
    if _is_due(version):
        version = _publish_due(version)
    return version


def _read_content_version() -> dict | None:
    """The shared content version, with the next due time its due items left (DUE_KEY)."""
    stored = cache.get_many([VERSION_KEY, DUE_KEY])
    version, due = stored.get(VERSION_KEY), stored.get(DUE_KEY)
    if version is not None and due is not None and due["version"] == version["version"]:
        version = {**version, "next_due": due["next_due"]}
    _local.update(version=version, read_at=time.monotonic())
    return version


def _is_due(version: dict) -> bool:
    due = version["next_due"]
    return due is not None and due <= timezone.now().timestamp()


def _publish_due(version: dict) -> dict:
    """Publish times passed since version["next_due"]: bump what shows the items now public
    (register_dependencies with due=True; everything for a model without, or for more than
    MAX_DUE_ITEMS) and watch the next publish time, under the same content version."""
    # a second early: a publish time read back from a float may have lost its last digits
    since = datetime.datetime.fromtimestamp(version["next_due"] - 1, tz=datetime.UTC)
    tags = set()
    for model in scheduled_models():
        tags_of = _dependencies.get(model)
        due = list(
            model.objects.filter(published_q(), published_at__gte=since)[: MAX_DUE_ITEMS + 1]
        )
        if due and (tags_of is None or len(due) > MAX_DUE_ITEMS):
            return bump_content_version()
        for item in due:
            tags |= tags_of(item, due=True)
    if EVERYTHING in tags:
        return bump_content_version()
    bump(tags)
    next_due = _next_due_timestamp()
    cache.set(DUE_KEY, {"version": version["version"], "next_due": next_due}, timeout=None)
    version = {**version, "next_due": next_due}
    _local.update(version=version, read_at=time.monotonic())
    return version


def _tag_key(tag: str) -> str:
    # A version is the time of its bump in nanoseconds; a tag first seen without any bump gets
    # minus the time instead, so that a page rendered then may be kept (see BUMP_MARGIN_NS).
    return f"articles:tag:{tag}"


def tag_versions(tags, *, fresh: bool = False) -> dict:
    """{tag: its current version} in one round trip to the shared cache at most (none while
    this process read them less than PUBLIC_PAGE_VERSION_CHECK_SECONDS ago, unless `fresh`)."""
    check_seconds = settings.PUBLIC_PAGE_VERSION_CHECK_SECONDS
    found, missing = {}, []
    if EVERYTHING in tags:  # first: a publish time that passed bumps other tags (_publish_due)
        found[EVERYTHING] = content_version(fresh=fresh)["version"]
    for tag in tags:
        if tag == EVERYTHING:
            continue
        value = None if fresh else _local_tags.get(tag)
        if value is None:
            missing.append(tag)
        else:
            found[tag] = value
    if missing:
        stored = cache.get_many([_tag_key(tag) for tag in missing])
        for tag in missing:
            value = stored.get(_tag_key(tag))
            if value is None:
                # Never bumped (or evicted): a new version that no kept entry can carry.
                value = -time.time_ns()
                if not cache.add(_tag_key(tag), value, timeout=None):
                    value = cache.get(_tag_key(tag)) or value
            found[tag] = value
            _local_tags.set(tag, value, check_seconds)
    return found


def _current(versions: dict) -> bool:
    """Whether every tag of a kept entry still has the version it was kept with."""
    return tag_versions(versions) == versions


def _current_in_shared(versions: dict) -> bool:
    """_current() for an entry read from the shared cache: on a mismatch the versions are read
    afresh before the entry counts as stale, since another process may have kept it under a
    bump this one's copies (up to a check interval old) have not seen yet. Without this, after
    each bump the other worker re-rendered the page just kept and kept it under the old
    versions, and the first worker rendered it again (docs/caching.md)."""
    return _current(versions) or tag_versions(versions, fresh=True) == versions


_collectors = contextvars.ContextVar("page_cache_collectors", default=())


def shows(*tags: str) -> None:
    """Declare that the page (and the data) being built shows what `tags` name, e.g.
    shows(f"issue:{issue.pk}"): its entry goes stale when one of them is bumped."""
    for collected in _collectors.get():
        collected.update(tags)


@contextlib.contextmanager
def _collecting(*tags: str):
    collected = set(tags)
    token = _collectors.set((*_collectors.get(), collected))
    try:
        yield collected
    finally:
        _collectors.reset(token)


def _versions_to_keep(tags: set, started_ns: int) -> dict | None:
    """The versions to keep an entry built since `started_ns` with, or None if one of its tags
    was bumped while (or just before) it was built."""
    # This process's copies will do: versions up to a check interval old are as good as the
    # copies every hit is checked with (an entry kept under superseded ones is simply stale).
    versions = tag_versions(tags)
    if max(versions.values()) > started_ns - BUMP_MARGIN_NS:
        return None
    return versions


def _modified(versions: dict) -> int:
    """Last-Modified of an entry: the latest bump (or first sight) of what it shows, in s."""
    return max(abs(version) for version in versions.values()) // 1_000_000_000


def page_seconds() -> int:
    """How long a rendered page is kept; 0 turns the page cache off (used by the benchmark)."""
    return settings.PUBLIC_PAGE_CACHE_SECONDS


def data_seconds() -> int:
    """How long data kept by reader_data() lives; 0 turns that cache off."""
    return settings.PUBLIC_DATA_CACHE_SECONDS


def _set(local, key, value, seconds: int):
    cache.set(key, value, timeout=seconds)
    local.set(key, value, timeout=seconds)


def reader_data(name: str, build, *, user, tags=None):
    """`build()`, kept for readers while what it shows is unchanged. For a `user` who may see
    unpublished items (staff), `build()` every time: what they see is never kept for readers.

    `name` identifies the data (e.g. "article-page:42"); `build` returns a picklable value, or
    None for "nothing to show", which is not kept; `tags(value)` names what the value shows
    (besides what `build` declares with shows()). The page being rendered from it depends on
    the same tags. Kept in the shared cache only, never in this process's memory: every request
    gets its own copy of the objects.
    """
    seconds = data_seconds()
    if not seconds or sees_unpublished(user):
        return build()
    key = f"articles:data:{name}"
    kept = cache.get(key)
    if kept is not None and _current_in_shared(kept["versions"]):
        shows(*kept["versions"])
        return kept["value"]
    started = time.time_ns()
    with _collecting(EVERYTHING) as collected:
        value = build()
        if value is not None and tags is not None:
            collected.update(tags(value))
    shows(*collected)
    if value is not None:
        versions = _versions_to_keep(collected, started)
        if versions is not None:
            cache.set(key, {"value": value, "versions": versions}, timeout=seconds)
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


def canonical_query(request, numbers) -> QueryDict:
    """The query string a cached view is shown: only the parameters it reads (`numbers`, each
    a page number), each once, in its one spelling, in sorted order; everything else (tracking
    parameters, cache busters) is dropped, so it can neither vary the page nor its cache key."""
    query = QueryDict(mutable=True)
    for name in sorted(numbers):
        value = _canonical_number(request.GET.get(name, ""))
        if value is not None:
            query[name] = value
    return query


def _page_key(request, host: str, language: str, query: str) -> str:
    # The host and scheme are in the key: pages, feeds and sitemaps carry absolute links built
    # from them. get_host() only answers for ALLOWED_HOSTS, so they cannot vary without end.
    address = f"{request.scheme}://{host}{request.path}?{query}"
    digest = hashlib.md5(address.encode(), usedforsecurity=False).hexdigest()
    return f"articles:page:{language}:{digest}"


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


def _kept_page(key: str, seconds: int):
    """The entry under `key` if what it shows is unchanged, else None. A stale copy in this
    process is not the end: another process may have kept the page anew in the shared cache."""
    stored = _local_pages.get(key)
    if stored is not None and _current(stored["versions"]):
        return stored
    stored = cache.get(key)
    if stored is None or not _current_in_shared(stored["versions"]):
        return None
    _local_pages.set(key, stored, timeout=seconds)
    return stored


def _answer(request, stored: dict):
    response = HttpResponse(stored["content"], content_type=stored["content_type"])
    response["ETag"] = stored["etag"]
    response["Last-Modified"] = http_date(_modified(stored["versions"]))
    patch_cache_control(response, public=True, max_age=0, must_revalidate=True)
    return get_conditional_response(
        request, etag=stored["etag"], last_modified=_modified(stored["versions"]), response=response
    )


def public_page(view=None, *, query: tuple[str, ...] = (), lists: bool = True):
    """Cache a public view's 200 responses for anonymous readers and answer conditional GETs.

    `query` names the parameters the view reads (page numbers); the view is shown only those,
    canonical (canonical_query), and the cache key holds the language, the scheme, host and
    path and that canonical query: a client adding unique query strings gets the cached page
    and leaves no entry. Use as @public_page or @public_page(query=("page",)).

    An entry is served while every tag it depends on keeps its version: EVERYTHING, what the
    view declared with shows() (directly or through reader_data) and, unless `lists=False`
    says the view declares all it shows, LISTS.

    Every answer to an anonymous reader carries an ETag (a hash of the body) and a
    Last-Modified (the latest change of what it shows), so a browser revalidating gets a 304.
    Logged-in staff (who may see previews) are never served from or stored into the cache.
    """
    if view is None:
        return functools.partial(public_page, query=query, lists=lists)
    _query_names.update(query)

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        seconds = page_seconds()
        if request.method not in ("GET", "HEAD") or not _is_anonymous(request):
            response = view(request, *args, **kwargs)
            patch_cache_control(response, private=True, no_cache=True)
            return response
        canonical = canonical_query(request, query)
        key = _page_key(request, request.get_host(), request.LANGUAGE_CODE, canonical.urlencode())
        probed = request.META.get(PROBE, {})
        if key in probed:  # the layer in front looked already (cached_answer)
            stored = probed[key]
        else:
            stored = _kept_page(key, seconds) if seconds else None
        if stored is None:
            started = time.time_ns()
            with _collecting(EVERYTHING, *([LISTS] if lists else [])) as tags:
                response = view(_as_canonical(request, canonical), *args, **kwargs)
                if response.status_code != 200 or response.streaming:
                    return response
                if hasattr(response, "render"):
                    response.render()
            versions = _versions_to_keep(tags, started)
            stored = {
                "content": response.content,
                "content_type": response["Content-Type"],
                "etag": f'"{hashlib.md5(response.content, usedforsecurity=False).hexdigest()}"',
                "versions": versions or tag_versions(tags),
            }
            if seconds and versions and not getattr(response, "page_cache_skip", False):
                if LAYER in request.META:
                    request.META[KEPT] = (key, stored, True)  # kept by keep_headers()
                else:
                    _set(_local_pages, key, stored, seconds)
        elif "headers" not in stored and LAYER in request.META:
            request.META[KEPT] = (key, stored, False)
        return _answer(request, stored)

    return wrapper


# The fast path: a hit answered in front of Django (newsroom.wsgi.PageCacheFirst) -----------------

# Set per answer, never kept: by the layer, gunicorn or the proxy.
_PER_REQUEST_HEADERS = {"x-request-id", "date", "server"}
_BODY_HEADERS = {"content-type", "content-length"}


def keep_headers(environ: dict, status: str, headers: list[tuple[str, str]]) -> None:
    """Keep the page public_page() rendered or found for this request (if any) with the
    headers Django's whole middleware chain answered with (`status` and `headers` as given to
    WSGI's start_response: security headers, Vary, Content-Language …), so that cached_answer()
    can answer the next reader without Django. An answer that sets a cookie is kept without
    them, for public_page() alone to serve."""
    kept = environ.get(KEPT)
    if kept is None:
        return
    key, stored, new = kept
    names = {name.lower() for name, _value in headers}
    if status.startswith("200 ") and "set-cookie" not in names:
        kept_headers = [(k, v) for k, v in headers if k.lower() not in _PER_REQUEST_HEADERS]
        stored = {**stored, "headers": kept_headers}
    elif not new:
        return
    _set(_local_pages, key, stored, page_seconds())


def cached_answer(request) -> tuple[str, list, bytes] | None:
    """(status, headers, body) for `request` from the page cache, or None for Django to answer.

    Answers only what Django's whole chain would answer from the cache, with the same bytes and
    headers: a GET or HEAD without a session cookie or credentials (so never to someone who
    might see drafts), a host in ALLOWED_HOSTS, no NUL byte, no parameter that no cached view
    reads, in the language LocaleMiddleware would choose, and only entries that went once
    through the whole chain (keep_headers). Conditional requests get their 304.
    """
    seconds = page_seconds()
    if (
        not seconds
        or request.method not in ("GET", "HEAD")
        or settings.SESSION_COOKIE_NAME in request.COOKIES
        or "HTTP_AUTHORIZATION" in request.META
        or "\x00" in request.path
    ):
        return None
    query_string = request.META.get("QUERY_STRING", "")
    if query_string and (
        "%00" in query_string
        or "\x00" in query_string
        or any(name not in _query_names for name in request.GET)
    ):
        return None
    try:
        host = request.get_host()
    except DisallowedHost:
        return None
    language = translation.get_language_from_request(request)
    query = canonical_query(request, _query_names).urlencode() if query_string else ""
    key = _page_key(request, host, language, query)
    stored = _kept_page(key, seconds)
    if stored is None or "headers" not in stored:
        request.META[PROBE] = {key: stored}
        return None
    body = b"" if request.method == "HEAD" else stored["content"]
    meta = request.META
    if "HTTP_IF_NONE_MATCH" in meta or "HTTP_IF_MODIFIED_SINCE" in meta:
        if _answer(request, stored).status_code == 304:
            headers = [(k, v) for k, v in stored["headers"] if k.lower() not in _BODY_HEADERS]
            return "304 Not Modified", headers, b""
    return "200 OK", stored["headers"], body
