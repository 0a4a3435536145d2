"""Two clients on every writable endpoint of the API: an edit names the version it is based on,
and one based on a version another client has since replaced is refused with 412, saying who
changed it, when and what (publishing.api.versions). People, topics, places and figures are
read-only in the API: editors change them in the admin (tests/publishing/test_editing.py)."""

import pytest

from articles.models import Status
from tests.api.conftest import token_client
from tests.factories import (
    ArticleFactory,
    IssueFactory,
    ObservationFactory,
    PageFactory,
    PersonFactory,
    PhotoFactory,
    PlaceFactory,
    TagFactory,
)

pytestmark = pytest.mark.django_db

# endpoint: (a factory of a draft, the field both clients change, two values)
ENDPOINTS = {
    "issues": (lambda: IssueFactory(status=Status.DRAFT, published_at=None), "page_count", 8, 12),
    "pages": (PageFactory, "name", "第一个客户端的版名", "第二个客户端的版名"),
    "articles": (ArticleFactory, "headline", "第一个客户端的标题", "第二个客户端的标题"),
    "photos": (PhotoFactory, "caption", "第一个客户端的说明", "第二个客户端的说明"),
}


@pytest.fixture
def two_clients(db):
    return token_client("first-client", "编辑"), token_client("second-client", "编辑")


@pytest.mark.parametrize("endpoint", sorted(ENDPOINTS))
def test_the_second_of_two_clients_gets_412_naming_who_when_and_what(two_clients, endpoint):
    factory, field, first_value, second_value = ENDPOINTS[endpoint]
    obj = factory()
    opened = obj.version
    first, second = two_clients
    url = f"/api/v1/{endpoint}/{obj.pk}/"

    saved = first.patch(url, {field: first_value}, format="json", HTTP_IF_MATCH=f'"{opened}"')
    assert saved.status_code == 200
    assert saved["ETag"] == f'"{opened + 1}"'

    refused = second.patch(url, {field: second_value, "version": opened}, format="json")
    assert refused.status_code == 412
    body = refused.json()
    assert body["code"] == "stale_version"
    assert "已被 first-client 于" in body["message"] and str(first_value) in body["message"]
    obj.refresh_from_db()
    assert getattr(obj, field) == first_value


@pytest.mark.parametrize("endpoint", sorted(ENDPOINTS))
def test_an_edit_that_names_no_version_is_428_and_star_overwrites(two_clients, endpoint):
    factory, field, value, _ = ENDPOINTS[endpoint]
    obj = factory()
    client, _second = two_clients
    url = f"/api/v1/{endpoint}/{obj.pk}/"
    blind = client.patch(url, {field: value}, format="json")
    assert blind.status_code == 428 and blind.json()["code"] == "version_required"
    assert client.patch(url, {field: value}, format="json", HTTP_IF_MATCH="*").status_code == 200


@pytest.mark.parametrize(
    "endpoint, factory",
    [
        ("people", PersonFactory),
        ("tags", TagFactory),
        ("places", PlaceFactory),
        ("observations", ObservationFactory),
    ],
)
def test_people_topics_places_and_figures_are_not_written_through_the_api(
    two_clients, endpoint, factory
):
    obj = factory()
    client, _second = two_clients
    response = client.patch(f"/api/v1/{endpoint}/{obj.pk}/", {"version": 1}, format="json")
    assert response.status_code == 405
