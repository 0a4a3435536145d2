"""Filters and the browsable API tell nothing about unpublished content (issue 15).

Objects are named in filters by id or slug and looked up among what the requester may see: the
browsable API lists none of them, and an id of something hidden answers exactly as an id that
does not exist.
"""

import datetime

import pytest
from django.utils import timezone

from articles.models import ArticleCredit, Origin, Status
from tests.factories import (
    ArticleFactory,
    IssueFactory,
    ObservationFactory,
    PageFactory,
    PersonFactory,
    PhotoFactory,
    PlaceFactory,
    PublicationFactory,
    TagFactory,
)

pytestmark = pytest.mark.django_db

LIST_URLS = [
    "/api/v1/publications/",
    "/api/v1/issues/",
    "/api/v1/issues/dates/",
    "/api/v1/pages/",
    "/api/v1/articles/",
    "/api/v1/photos/",
    "/api/v1/people/",
    "/api/v1/tags/",
    "/api/v1/places/",
    "/api/v1/indicators/",
    "/api/v1/regions/",
    "/api/v1/observations/",
]


@pytest.fixture
def world(db):
    """One published article, and hidden work (a draft, a scheduled article, an article in a
    draft issue, a withdrawn one) each with a person, a topic, a place and a source paper known
    only from it. Every name of hidden things contains 秘密."""
    tomorrow = timezone.now() + datetime.timedelta(days=1)
    visible = ArticleFactory(headline="公开稿件")
    PhotoFactory(article=visible, place=PlaceFactory(name="公开地点"))
    ObservationFactory(article=visible)
    draft_issue = IssueFactory(
        publication=PublicationFactory(name="秘密新报", slug="secret-daily"),
        status=Status.DRAFT,
        published_at=None,
    )
    hidden = [
        ArticleFactory(headline="秘密草稿", status=Status.DRAFT, published_at=None),
        ArticleFactory(headline="秘密定时", published_at=tomorrow),
        ArticleFactory(headline="秘密期次", page=PageFactory(issue=draft_issue, name="秘密版")),
        ArticleFactory(headline="秘密撤回", status=Status.DRAFT, published_at=timezone.now()),
    ]
    for number, article in enumerate(hidden):
        ArticleCredit.objects.create(
            article=article, person=PersonFactory(name=f"秘密记者{number}"), role="reporter"
        )
        article.tags.add(TagFactory(name=f"秘密主题{number}"))
        article.places.add(PlaceFactory(name=f"秘密村{number}"))
        PhotoFactory(article=article, caption=f"秘密图片{number}")
    reprint = hidden[0]
    reprint.origin = Origin.REPRINT
    reprint.source_publication = PublicationFactory(name="秘密转载报", slug="secret-source")
    reprint.save()
    hidden_observation = ObservationFactory(article=hidden[0])
    return {
        "visible": visible,
        "hidden": hidden,
        "issue": draft_issue,
        "observation": hidden_observation,
    }


@pytest.fixture(params=["anonymous", "reporter", "editor"])
def requester(request, api):
    """The API as each kind of client: anonymous, a reporter's token, an editor's token."""
    if request.param == "anonymous":
        return api
    return request.getfixturevalue(f"{request.param}_api")


@pytest.mark.parametrize("url", LIST_URLS)
def test_browsable_api_lists_no_hidden_object(requester, world, url):
    response = requester.get(url, {"format": "api"})
    assert response.status_code == 200
    assert "秘密" not in response.content.decode()


def _hidden_values(world):
    draft = world["hidden"][0]
    return [
        ("/api/v1/articles/", "issue", world["issue"].pk, 987654321),
        ("/api/v1/articles/", "page", world["hidden"][2].page_id, 987654321),
        ("/api/v1/articles/", "person", draft.credits.get().pk, 987654321),
        ("/api/v1/articles/", "tag", draft.tags.get().pk, 987654321),
        ("/api/v1/articles/", "place", draft.places.get().pk, 987654321),
        ("/api/v1/articles/", "publication", "secret-daily", "no-such-paper"),
        ("/api/v1/articles/", "source_publication", "secret-source", "no-such-paper"),
        ("/api/v1/issues/", "publication", "secret-daily", "no-such-paper"),
        ("/api/v1/issues/dates/", "publication", "secret-daily", "no-such-paper"),
        ("/api/v1/observations/", "article", draft.pk, 987654321),
    ]


def test_hidden_ids_answer_exactly_as_missing_ones(requester, world):
    """No existence oracle, for anonymous readers and token holders alike."""
    for url, name, hidden_value, missing_value in _hidden_values(world):
        hidden = requester.get(url, {name: hidden_value})
        missing = requester.get(url, {name: missing_value})
        assert hidden.status_code == missing.status_code == 400, (url, name)
        assert hidden.json() == missing.json(), (url, name)
        assert hidden.json()["fields"].keys() == {name}


def test_visible_ids_still_filter(api, world):
    visible = world["visible"]
    body = api.get("/api/v1/articles/", {"issue": visible.issue_id}).json()
    assert [row["id"] for row in body["results"]] == [visible.pk]
    body = api.get("/api/v1/observations/", {"article": visible.pk}).json()
    assert body["count"] == 1


@pytest.mark.parametrize("digit", ["²", "١", "５", "߂", "1²"])
@pytest.mark.parametrize(
    ("url", "name"),
    [
        ("/api/v1/articles/", "tag"),
        ("/api/v1/articles/", "page"),
        ("/api/v1/articles/", "issue"),
        ("/api/v1/articles/", "person"),
        ("/api/v1/articles/", "place"),
        ("/api/v1/issues/", "number"),
        ("/api/v1/issues/dates/", "year"),
        ("/api/v1/observations/", "article"),
    ],
)
def test_integer_parameters_with_other_scripts_digits_are_a_400(api, world, url, name, digit):
    response = api.get(url, {name: digit})
    assert response.status_code == 400
    assert response.json()["fields"].keys() == {name}
    if "?q=" not in url:
        assert api.get(url, {name: digit, "q": "稿件"}).status_code == 400


def test_places_and_papers_known_only_from_hidden_work_are_hidden(api, client, world):
    draft = world["hidden"][0]
    for place in (draft.places.get(),):
        assert api.get(f"/api/v1/places/{place.pk}/").status_code == 404
        assert client.get(place.get_absolute_url()).status_code == 404
    places = api.get("/api/v1/places/").json()
    assert [row["name"] for row in places["results"]] == ["公开地点"]
    papers = api.get("/api/v1/publications/").json()
    assert [row["slug"] for row in papers["results"]] == ["lvliang-daily"]
    for slug in ("secret-daily", "secret-source"):
        assert client.get(f"/publications/{slug}/").status_code == 404
    # the search form offers only papers a reader can see
    assert "秘密" not in client.get("/search/").content.decode()


def test_an_enclosing_place_shows_with_its_visible_child(api, world):
    visible = world["visible"]
    county = PlaceFactory(name="公开县")
    village = PlaceFactory(name="公开镇", parent=county)
    visible.places.add(village)
    names = {row["name"] for row in api.get("/api/v1/places/").json()["results"]}
    assert {"公开县", "公开镇", "公开地点"} <= names
    assert not any("秘密" in name for name in names)


def test_objects_are_looked_up_only_for_a_parameter_given(world):
    """A filter narrows its objects to the visible ones when the request names one, and holds
    none otherwise: nothing to look up, nothing to show (and no published() to build)."""
    from articles.api.filters import ArticleFilter
    from articles.models import Tag

    hidden_tag = world["hidden"][0].tags.get()
    visible_tag = world["visible"].tags.create(name="公开主题")
    unnamed = ArticleFilter({"genre": "news"})
    assert not unnamed.form.fields["tag"].queryset.exists()
    named = ArticleFilter({"tag": str(visible_tag.pk)})
    assert set(named.form.fields["tag"].queryset) == set(Tag.objects.published())
    assert hidden_tag not in named.form.fields["tag"].queryset
    assert named.is_valid() and named.form.cleaned_data["tag"] == visible_tag
    prefixed = ArticleFilter({"f-tag": str(visible_tag.pk)}, prefix="f")
    assert prefixed.is_valid() and prefixed.form.cleaned_data["tag"] == visible_tag
