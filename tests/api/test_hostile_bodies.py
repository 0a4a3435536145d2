"""With a token: request bodies nested or sized to exhaust the server are a 400, not a crash."""

import json

import pytest

from tests.factories import ArticleFactory

pytestmark = pytest.mark.django_db


class TestBodies:
    def test_deeply_nested_json_is_a_400(self, editor_api):
        body = "[" * 100_000 + "]" * 100_000
        response = editor_api.post("/api/v1/tags/", body, content_type="application/json")
        assert response.status_code in (400, 405)
        response = editor_api.post("/api/v1/articles/", body, content_type="application/json")
        assert response.status_code == 400
        assert "JSON" in response.json()["message"]

    def test_moderately_nested_json_is_refused_too(self, editor_api):
        body = json.dumps({"headline": "x", "body": _nested(200)})
        response = editor_api.post("/api/v1/articles/", body, content_type="application/json")
        assert response.status_code == 400

    def test_a_huge_json_body_is_a_400(self, editor_api, settings):
        settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 10_000
        body = json.dumps({"headline": "x" * 20_000})
        response = editor_api.post("/api/v1/articles/", body, content_type="application/json")
        assert response.status_code in (400, 413)

    def test_nul_and_surrogates_in_json_strings_are_a_400(self, editor_api):
        for text in ("标题\x00", "标题\ud800"):
            body = json.dumps({"headline": text, "page": ArticleFactory().page_id}).encode()
            response = editor_api.post("/api/v1/articles/", body, content_type="application/json")
            assert response.status_code == 400, text


def _nested(depth):
    value = "x"
    for _ in range(depth):
        value = [value]
    return value
