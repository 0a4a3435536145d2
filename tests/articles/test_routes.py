"""Cached route templates give the same URLs as reverse(), whatever the prefix and URLconf."""

from django.urls import clear_script_prefix, include, path, reverse, set_script_prefix

from articles.routes import fixed_url, kwargs_url, pk_url


def test_pk_and_fixed_urls_match_reverse():
    assert pk_url("articles:article", 42) == reverse("articles:article", args=[42])
    assert fixed_url("articles:archive") == reverse("articles:archive") == "/archive/"


def test_urls_with_several_arguments_match_reverse():
    day = {"year": 2020, "month": 9, "day": 15}
    assert kwargs_url("articles:issue", **day) == reverse("articles:issue", kwargs=day)
    assert kwargs_url("articles:page", **day, number=2) == "/2020/9/15/2/"
    assert kwargs_url("articles:issue", year=33, month=1, day=2) == "/0033/1/2/"
    assert kwargs_url("articles:section", slug="时政") == reverse(
        "articles:section", kwargs={"slug": "时政"}
    )


def test_script_prefix_is_part_of_the_cache_key():
    pk_url("articles:person", 7)
    set_script_prefix("/newspaper/")
    try:
        assert pk_url("articles:person", 7) == "/newspaper/people/7/"
        assert fixed_url("articles:home") == "/newspaper/"
        assert kwargs_url("articles:issue", year=2020, month=9, day=15) == "/newspaper/2020/9/15/"
    finally:
        clear_script_prefix()
    assert pk_url("articles:person", 7) == "/people/7/"
    assert kwargs_url("articles:issue", year=2020, month=9, day=15) == "/2020/9/15/"


def test_a_replaced_root_urlconf_is_not_served_from_the_cache(settings):
    pk_url("articles:tag", 3)
    assert kwargs_url("articles:section", slug="x") == "/sections/x/"
    settings.ROOT_URLCONF = "tests.articles.test_routes"
    assert pk_url("articles:tag", 3) == "/elsewhere/tags/3/"
    assert kwargs_url("articles:section", slug="x") == "/elsewhere/sections/x/"


# This module is the URLconf of the last test: the whole site under /elsewhere/.
urlpatterns = [path("elsewhere/", include("newsroom.urls"))]
