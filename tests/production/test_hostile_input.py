"""Hostile input gets an answer (400 or 404), never a server error.

Every public URL pattern is tried with hostile values in each of its path parameters, and every
query parameter it reads (the API's from its OpenAPI schema) with hostile values: NUL and other
control characters, bytes that are not UTF-8 (a lone surrogate, 0xFF), non-ASCII digits, huge
numbers, and times a database cannot store (offsets beyond ±14:00, years past 9999 in UTC).
PostgreSQL refuses some of these where SQLite does not, so this runs on both.
"""

import re

import pytest
from django.urls import URLPattern, URLResolver, get_resolver
from drf_spectacular.generators import SchemaGenerator

from tests.factories import ArticleFactory, PhotoFactory

pytestmark = pytest.mark.django_db

# Already percent-encoded: they go into addresses as they are.
HOSTILE_PATH_VALUES = [
    "%00",
    "a%00b",
    "%01%1F%7F",
    "%ED%A0%80",  # a lone surrogate (U+D800) in UTF-8 form
    "%FF",
    "%C2%B2",  # ²: a digit to str.isdigit(), not to int()
    "%D9%A1",  # ١, an Arabic-Indic one
    "9" * 25,
    "-1",
]
HOSTILE_QUERY_VALUES = [
    *HOSTILE_PATH_VALUES,
    "2020-01-01T00:00:00%2B14:30",
    "2020-01-01T00:00:00%2B23:59",
    "2020-01-01T00:00:00-23:59",
    "0001-01-01T00:00:00%2B14:00",
    "9999-12-31T23:59:59-12:00",
    "2020-02-30",
    "1e999",
]
# What the site's pages read from the query string (the API's come from its schema).
SITE_QUERY_PARAMETERS = ["q", "page", "order", "date", "number", "p", "year", "cursor", "format"]
SKIPPED_PREFIXES = ("admin/", "preview/", "media/", "static/", "i18n/")
CONVERTER = re.compile(r"<(?:\w+:)?(\w+)>|\(\?P<(\w+)>[^)]*\)")


def _patterns(resolver, prefix=""):
    for entry in resolver.url_patterns:
        route = str(entry.pattern)
        if isinstance(entry, URLResolver):
            yield from _patterns(entry, prefix + route)
        elif isinstance(entry, URLPattern):
            yield prefix + route


def public_routes() -> list[str]:
    """Every public route, as Django's route syntax or a regex with named groups."""
    routes = []
    for route in _patterns(get_resolver()):
        route = route.lstrip("^").rstrip("$").replace("\\.", ".")
        if route.startswith(SKIPPED_PREFIXES) or "(?P<format>" in route:
            continue
        routes.append(route)
    return sorted(set(routes))


def fill(route: str, hostile: str | None = None, which: int = -1) -> str:
    """The route with its parameters filled with harmless values, or `hostile` in the `which`th."""
    count = iter(range(100))

    def value(match):
        return hostile if next(count) == which else "1"

    return "/" + CONVERTER.sub(value, route).replace("sitemap-1", "sitemap-articles")


def api_query_parameters() -> dict[str, set[str]]:
    """Each API path (with `{id}` style parameters) and the query parameters its GET reads."""
    schema = SchemaGenerator().get_schema(request=None, public=True)
    parameters = {}
    for path, operations in schema["paths"].items():
        get = operations.get("get")
        if get:
            names = {p["name"] for p in get.get("parameters", []) if p["in"] == "query"}
            parameters[path] = names
    return parameters


@pytest.fixture
def archive():
    article = ArticleFactory()
    PhotoFactory(article=article, page=article.page)
    return article


def assert_answered(response, url):
    assert response.status_code < 500, f"{url} → {response.status_code}"


def test_every_path_parameter_of_every_public_route(client, archive):
    routes = public_routes()
    assert len(routes) > 30, routes  # the walk found the site and the API
    for route in routes:
        slots = len(CONVERTER.findall(route))
        for which in range(slots):
            for hostile in HOSTILE_PATH_VALUES:
                url = fill(route, hostile, which)
                assert_answered(client.get(url), url)


def test_every_query_parameter_of_every_site_page(client, archive):
    for route in public_routes():
        if route.startswith("api/"):
            continue
        # all at once: each page reads only its own, and fails on any of them alone
        for hostile in HOSTILE_QUERY_VALUES:
            query = "&".join(f"{name}={hostile}" for name in SITE_QUERY_PARAMETERS)
            url = f"{fill(route)}?{query}"
            assert_answered(client.get(url), url)


def test_every_query_parameter_of_every_api_operation(client, archive):
    for path, names in api_query_parameters().items():
        base = re.sub(r"\{\w+\}", str(archive.pk), path)
        for name in sorted(names | {"cursor", "page_size", "format"}):
            for hostile in HOSTILE_QUERY_VALUES:
                url = f"{base}?{name}={hostile}"
                response = client.get(url)
                assert_answered(response, url)
                if response.status_code == 400:
                    assert response.json()["code"], url


@pytest.mark.parametrize(
    "moment",
    [
        "2020-01-01T00:00:00+14:30",
        "2020-01-01T00:00:00+23:59",
        "2020-01-01T00:00:00-14:01",
        "9999-12-31T23:59:59-12:00",
        "0001-01-01T00:00:00+14:00",
    ],
)
def test_a_time_the_database_cannot_store_is_a_400_naming_the_parameter(client, moment):
    response = client.get("/api/v1/articles/", {"updated_since": moment})
    assert response.status_code == 400
    assert "updated_since" in response.json()["fields"]


def test_a_time_with_a_real_offset_still_filters(client):
    ArticleFactory()
    response = client.get("/api/v1/articles/", {"updated_since": "2000-01-01T00:00:00+14:00"})
    assert response.status_code == 200
    assert len(response.json()["results"]) == 1


def test_a_nul_byte_in_a_slug_is_not_found(client, archive):
    for url in ("/sections/a%00b/", "/feeds/sections/%00/rss/", "/publications/x%00/"):
        assert client.get(url).status_code == 404, url


def test_a_nul_byte_in_a_parameter_is_a_400_saying_so(client):
    response = client.get("/api/v1/articles/?section=a%00b")
    assert response.status_code == 400
    assert response.json()["code"] == "invalid"
    assert "NUL" in response.json()["message"]
    assert client.get("/search/?q=%E6%B6%88%00").status_code == 400
