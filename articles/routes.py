"""URLs of routes without arguments or with only a primary key, without a reverse() per link.

An article page links to its authors, tags, places, neighbours and related items, every page to
the home page, the archive, the feeds and the sitemap, and an API page of 100 articles holds
~1,500 URLs. reverse() costs more than everything else a link needs, so each such route is
reversed once (with a placeholder for the pk) per URLconf and script prefix, and every later URL
is made by string formatting. Routes with several arguments (an issue's date, a page's date and
number, a section's slug) cannot be templated that way (their converters check each value's
form), so their URLs are remembered one by one instead: today's issue and its pages are linked
from every page a reader opens that day.
"""

import functools

from django.conf import settings
from django.urls import get_script_prefix, get_urlconf, reverse

_PLACEHOLDER = 918273645


@functools.lru_cache(maxsize=256)
def _route_template(name: str, urlconf: str, prefix: str) -> str:  # all three: the cache key
    return reverse(name, args=[_PLACEHOLDER], urlconf=urlconf).replace(str(_PLACEHOLDER), "{}")


def _cache_key() -> tuple[str, str]:
    # ROOT_URLCONF, not None, for the default: a test that overrides the setting must not get
    # the URLs of the URLconf it replaced.
    return get_urlconf() or settings.ROOT_URLCONF, get_script_prefix()


def pk_url(name: str, pk) -> str:
    """reverse(name, args=[pk]) for a route whose only argument is the pk, cached."""
    return _route_template(name, *_cache_key()).format(pk)


@functools.lru_cache(maxsize=8192)
def _reversed(name: str, kwargs: tuple, urlconf: str, prefix: str) -> str:  # all: the key
    return reverse(name, kwargs=dict(kwargs), urlconf=urlconf)


def kwargs_url(name: str, **kwargs) -> str:
    """reverse(name, kwargs=kwargs), remembered for the 8,192 most recent addresses."""
    return _reversed(name, tuple(kwargs.items()), *_cache_key())


def fixed_url(name: str) -> str:
    """reverse(name) for a route without arguments, cached."""
    return kwargs_url(name)
