"""Chinese by default, English through Django's i18n and a language switch."""

import pytest

pytestmark = pytest.mark.django_db


def test_chinese_is_the_default(client, archive):
    page = client.get("/2020/9/15/").content.decode()
    assert 'lang="zh-Hans"' in page and "版面导航" in page


def test_language_switch_works_on_a_cached_page_without_a_csrf_token(archive):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    page = client.get("/2020/9/15/").content.decode()
    assert 'action="/i18n/setlang/"' in page
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/2020/9/15/"})
    assert response.status_code == 302 and response["Location"] == "/2020/9/15/"
    english = client.get("/2020/9/15/").content.decode()
    assert 'lang="en"' in english and "Page navigation" in english
