"""Every filter of the articles and issues endpoints, and clear 400s for bad values."""

import base64
import datetime

import pytest
from django.utils import timezone

from articles.models import ArticleCredit, Origin
from tests.factories import (
    ArticleFactory,
    IssueFactory,
    PageFactory,
    PersonFactory,
    PlaceFactory,
    PublicationFactory,
    SectionFactory,
    TagFactory,
)

pytestmark = pytest.mark.django_db


def ids(api, params):
    response = api.get("/api/v1/articles/", params)
    assert response.status_code == 200, response.content
    return [row["id"] for row in response.json()["results"]]


@pytest.fixture
def two(db):
    """Two articles differing in every filterable attribute."""
    peoples = PublicationFactory(name="人民日报", slug="peoples-daily", is_own=False)
    first = ArticleFactory(
        page=PageFactory(issue=IssueFactory(date=datetime.date(2019, 5, 6))), genre="news"
    )
    second = ArticleFactory(
        page=PageFactory(issue=IssueFactory(date=datetime.date(2020, 9, 15))),
        genre="feature",
        origin=Origin.REPRINT,
        source_publication=peoples,
        section=SectionFactory(slug="special"),
    )
    person, tag, place = PersonFactory(), TagFactory(), PlaceFactory()
    ArticleCredit.objects.create(article=second, person=person, role="reporter")
    second.tags.add(tag)
    second.places.add(place)
    return first, second, {"person": person, "tag": tag, "place": place}


def test_each_filter_selects_the_right_article(api, two):
    first, second, related = two
    assert ids(api, {"issue": second.issue_id}) == [second.pk]
    assert ids(api, {"page": first.page_id}) == [first.pk]
    assert ids(api, {"date_from": "2020-01-01"}) == [second.pk]
    assert ids(api, {"date_to": "2019-12-31"}) == [first.pk]
    assert ids(api, {"genre": "feature"}) == [second.pk]
    assert ids(api, {"origin": "own"}) == [first.pk]
    assert ids(api, {"source_publication": "peoples-daily"}) == [second.pk]
    assert ids(api, {"person": related["person"].pk}) == [second.pk]
    assert ids(api, {"tag": related["tag"].pk}) == [second.pk]
    assert ids(api, {"place": related["place"].pk}) == [second.pk]
    assert ids(api, {"section": "special"}) == [second.pk]
    assert ids(api, {"publication": "lvliang-daily"}) == [second.pk, first.pk]


def test_every_filter_holds_with_a_search_too(api, two):
    """`q` narrows the same list: each filter keeps its meaning when combined with a search."""
    from articles.api.filters import ArticleFilter

    first, second, related = two
    cutoff = timezone.now()
    second.headline += "（改）"
    second.save()
    values = {
        "publication": "lvliang-daily",
        "issue": second.issue_id,
        "page": second.page_id,
        "date_from": "2020-01-01",
        "date_to": "2019-12-31",
        "genre": "feature",
        "origin": "reprint",
        "source_publication": "peoples-daily",
        "person": related["person"].pk,
        "tag": related["tag"].pk,
        "place": related["place"].pk,
        "section": "special",
        "updated_since": cutoff.isoformat(),
    }
    assert set(values) == set(ArticleFilter.base_filters), "a filter without a case here"
    assert sorted(ids(api, {"q": "测试稿件"})) == sorted([first.pk, second.pk])
    for name, value in values.items():
        expected = {"publication": [first.pk, second.pk], "date_to": [first.pk]}.get(
            name, [second.pk]
        )
        assert sorted(ids(api, {"q": "测试稿件", name: value})) == sorted(expected), name


def test_ordering_by_date_both_ways(api, two):
    first, second, _ = two
    assert ids(api, {}) == [second.pk, first.pk]
    assert ids(api, {"ordering": "date"}) == [first.pk, second.pk]


def test_updated_since_harvests_changes(api, two):
    first, second, _ = two
    cutoff = timezone.now()
    first.headline = "改过的标题"
    first.save()
    assert ids(api, {"updated_since": cutoff.isoformat()}) == [first.pk]


def test_issue_lookup_by_date_and_by_number(api, two):
    _, second, _ = two
    by_date = api.get("/api/v1/issues/", {"publication": "lvliang-daily", "date": "2020-09-15"})
    assert [row["id"] for row in by_date.json()["results"]] == [second.issue_id]
    by_number = api.get(
        "/api/v1/issues/", {"publication": "lvliang-daily", "number": second.issue.number}
    )
    assert [row["id"] for row in by_number.json()["results"]] == [second.issue_id]
    issue = by_number.json()["results"][0]
    assert issue["weekday"] == "星期二" and issue["lunar_date"] == "庚子年七月廿八"


def test_cursor_pages_are_stable_and_complete(api):
    articles = [ArticleFactory() for _ in range(7)]
    seen, url = [], "/api/v1/articles/?page_size=3"
    while url:
        body = api.get(url).json()
        seen += [row["id"] for row in body["results"]]
        if len(seen) == 3:
            ArticleFactory()  # a new item arriving must not shift the next page
        url = body["next"]
    assert sorted(seen) == sorted(a.pk for a in articles)


@pytest.mark.parametrize(
    "params, parameter",
    [
        ({"date_from": "2020-13-45"}, "date_from"),
        ({"date_to": "yesterday"}, "date_to"),
        ({"ordering": "headline"}, "ordering"),
        ({"page_size": "101"}, "page_size"),
        ({"page_size": "0"}, "page_size"),
        ({"page_size": "ten"}, "page_size"),
        ({"cursor": "not-a-cursor"}, "cursor"),
        ({"genre": "poem"}, "genre"),
        ({"origin": "stolen"}, "origin"),
        ({"tag": "999999"}, "tag"),
        ({"tag": "99999999999999999999999"}, "tag"),
        ({"person": "-1"}, "person"),
        ({"publication": "no-such-paper"}, "publication"),
        ({"updated_since": "2020-02-30T00:00"}, "updated_since"),
        ({"q": "   "}, "q"),
        ({"q": "&|!:*()"}, "q"),
    ],
)
def test_bad_parameters_are_a_400_naming_the_parameter(api, params, parameter):
    response = api.get("/api/v1/articles/", params)
    assert response.status_code == 400
    body = response.json()
    assert body["status"] == 400 and parameter in body["fields"]
    assert body["message"].startswith(parameter)


def _cursor(raw: str) -> str:
    return base64.b64encode(raw.encode()).decode()


@pytest.mark.parametrize(
    "url", ["/api/v1/articles/", "/api/v1/issues/", "/api/v1/tags/", "/api/v1/observations/"]
)
@pytest.mark.parametrize(
    "raw", ["o=0&p=notadate", "p=99999999999999999999999", "o=1&r=1&p=%00", "o=-5", "p=2020-02-30"]
)
def test_forged_cursors_are_a_400_naming_cursor(api, url, raw):
    """A cursor is opaque, but a client may still send a hand-made one: never a 500."""
    ArticleFactory()
    response = api.get(url, {"cursor": _cursor(raw)})
    assert response.status_code == 400
    assert response.json()["fields"].keys() == {"cursor"}


@pytest.mark.parametrize("moment", ["9999-12-31T23:59:59-12:00", "0001-01-01T00:00:00+14:00"])
def test_times_beyond_what_can_be_stored_are_a_400(api, moment):
    ArticleFactory()
    response = api.get("/api/v1/articles/", {"updated_since": moment})
    assert response.status_code == 400
    assert response.json()["fields"].keys() == {"updated_since"}


def test_bad_issue_parameters(api):
    assert api.get("/api/v1/issues/", {"number": "0"}).status_code == 400
    assert api.get("/api/v1/issues/", {"number": str(10**12)}).status_code == 400
    assert api.get("/api/v1/issues/dates/", {"year": "abc"}).status_code == 400


def test_unknown_ids_and_paths_are_json_404(api):
    for url in ["/api/v1/articles/424242/", "/api/v1/articles/" + "9" * 30 + "/", "/api/v1/nope/"]:
        response = api.get(url)
        assert response.status_code == 404
        assert response.json()["status"] == 404
        assert response.json()["code"] == "not_found"


def _tampered(url: str) -> str:
    """`url` with its cursor changed in one character, as a careless or hostile client might."""
    head, cursor = url.split("cursor=", 1)
    cursor = cursor.split("&", 1)[0]
    changed = ("B" if cursor[0] != "B" else "C") + cursor[1:]
    return f"{head}cursor={changed}"


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/articles/",
        "/api/v1/articles/?q=稿件",
        "/api/v1/issues/",
        "/api/v1/tags/",
    ],
)
def test_malformed_and_tampered_cursors_are_a_400_never_page_one(api, url):
    """A harvester given a broken cursor must learn so, not loop over the first page again."""
    for _ in range(3):
        article = ArticleFactory(headline="稿件")
        article.tags.add(TagFactory())
    joiner = "&" if "?" in url else "?"
    first = api.get(f"{url}{joiner}page_size=1")
    assert first.status_code == 200
    issued = first.json()["next"]
    assert api.get(issued).status_code == 200
    for bad in (f"{url}{joiner}cursor=%25%25%25", f"{url}{joiner}cursor=", _tampered(issued)):
        response = api.get(bad)
        assert response.status_code == 400, bad
        assert response.json()["fields"].keys() == {"cursor"}


def test_a_filter_given_empty_or_alone_still_goes_through_the_filterset(api, two):
    """Lists without filter parameters skip the FilterSet (ArchiveFilterBackend); any filter
    parameter, even empty or next to paging ones only, is still read and checked by it."""
    first, second, _ = two
    assert sorted(ids(api, {"page_size": 5})) == sorted([first.pk, second.pk])
    assert sorted(ids(api, {"genre": "", "ordering": "date"})) == sorted([first.pk, second.pk])
    assert ids(api, {"genre": "feature", "page_size": 5}) == [second.pk]
    assert api.get("/api/v1/articles/", {"tag": "x"}).status_code == 400
    assert api.get("/api/v1/issues/", {"number": "x"}).status_code == 400


def test_a_range_filter_counts_as_given_by_its_suffixed_parameters(rf):
    """A range filter's form reads name_min / name_max, never name itself: either one alone
    is that filter given, so the backend must not skip the FilterSet for it."""
    import django_filters

    from articles.models import Issue
    from publishing.api.filters import ArchiveFilterBackend

    class NumberRange(django_filters.FilterSet):
        number = django_filters.NumericRangeFilter()

        class Meta:
            model = Issue
            fields = []

    class View:
        filterset_class = NumberRange

    backend = ArchiveFilterBackend()
    queryset = Issue.objects.all()
    request = rf.get("/", {"number_min": "3"})
    request.query_params = request.GET
    assert backend.filter_queryset(request, queryset, View()) is not queryset
    request = rf.get("/", {"page_size": "3"})
    request.query_params = request.GET
    assert backend.filter_queryset(request, queryset, View()) is queryset
