"""Cached route templates give the same URLs as reverse(), whatever the prefix and URLconf."""

from django.urls import clear_script_prefix, include, path, reverse, set_script_prefix

from articles.routes import fixed_url, pk_url


def test_pk_and_fixed_urls_match_reverse():
    assert pk_url("articles:article", 42) == reverse("articles:article", args=[42])
    assert fixed_url("articles:archive") == reverse("articles:archive") == "/archive/"


def test_script_prefix_is_part_of_the_cache_key():
    pk_url("articles:person", 7)
    set_script_prefix("/newspaper/")
    try:
        assert pk_url("articles:person", 7) == "/newspaper/people/7/"
        assert fixed_url("articles:home") == "/newspaper/"
    finally:
        clear_script_prefix()
    assert pk_url("articles:person", 7) == "/people/7/"


def test_a_replaced_root_urlconf_is_not_served_from_the_cache(settings):
    pk_url("articles:tag", 3)
    settings.ROOT_URLCONF = "tests.articles.test_routes"
    assert pk_url("articles:tag", 3) == "/elsewhere/tags/3/"


# This module is the URLconf of the last test: the whole site under /elsewhere/.
urlpatterns = [path("elsewhere/", include("newsroom.urls"))]
