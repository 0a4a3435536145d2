"""The indicators API: filters, vintages, CSV, 400 on bad parameters, no drafts, few queries."""

import csv
import datetime
import io
from decimal import Decimal

import pytest

from articles.models import Status
from indicators import periods
from tests.factories import (
    ArticleFactory,
    IndicatorFactory,
    IssueFactory,
    ObservationFactory,
    PageFactory,
    PeriodFactory,
    RegionFactory,
)

pytestmark = pytest.mark.django_db
URL = "/api/v1/observations/"


def _article_on(date, **extra):
    return ArticleFactory(page=PageFactory(issue=IssueFactory(date=date)), **extra)


@pytest.fixture
def gdp():
    return IndicatorFactory(code="gdp", name="地区生产总值", unit="亿元")


@pytest.fixture
def city():
    return RegionFactory(name="吕梁市", division_code="141100")


@pytest.fixture
def series(gdp, city):
    """GDP 2019, H1 2020 first reported in July and revised in September."""
    year = ObservationFactory(
        indicator=gdp,
        region=city,
        period=PeriodFactory(year=2019),
        value=Decimal("1512.1"),
        yoy_change=Decimal("5.7"),
        article=_article_on(datetime.date(2020, 3, 1)),
    )
    h1 = periods.half(2020, 1)
    half_period = PeriodFactory(kind=h1.kind, start=h1.start, end=h1.end)
    first = ObservationFactory(
        indicator=gdp,
        region=city,
        period=half_period,
        value=Decimal("670"),
        yoy_change=Decimal("-3.5"),
        article=_article_on(datetime.date(2020, 7, 20)),
    )
    revised = ObservationFactory(
        indicator=gdp,
        region=city,
        period=half_period,
        value=Decimal("676.05"),
        yoy_change=Decimal("-3.3"),
        article=_article_on(datetime.date(2020, 9, 15)),
    )
    return {"year": year, "first": first, "revised": revised}


def test_latest_vintage_by_default_all_on_request(client, series):
    latest = client.get(URL, {"indicator": "gdp"}).json()["results"]
    assert [row["value"] for row in latest] == ["1512.1", "676.05"]
    assert latest[1]["yoy_change"] == "-3.3"
    assert latest[1]["period"] == {
        "kind": "half",
        "start": "2020-01-01",
        "end": "2020-06-30",
        "label": "2020年上半年",
    }
    every = client.get(URL, {"indicator": "gdp", "vintage": "all"}).json()["results"]
    assert len(every) == 3


def test_observation_contract(client, series):
    """The fields clients rely on, frozen: a change here is a change of the API."""
    revised = series["revised"]
    assert client.get(f"{URL}{revised.pk}/").json() == {
        "id": revised.pk,
        "url": f"http://testserver/api/v1/observations/{revised.pk}/",
        "html_url": "http://testserver/indicators/gdp/",
        "indicator": "gdp",
        "region": "吕梁市",
        "region_code": "141100",
        "period": {
            "kind": "half",
            "start": "2020-01-01",
            "end": "2020-06-30",
            "label": "2020年上半年",
        },
        "value": "676.05",
        "unit": "亿元",
        "printed_value": "676.05",
        "printed_unit": "亿元",
        "yoy_change": "-3.3",
        "is_estimate": False,
        "vintage": "2020-09-15",
        "revised": True,
        "first_print": {
            "id": series["first"].pk,
            "url": f"http://testserver/api/v1/observations/{series['first'].pk}/",
            "value": "670",
            "yoy_change": "-3.5",
            "vintage": "2020-07-20",
        },
        "article": revised.article_id,
        "article_url": f"http://testserver/api/v1/articles/{revised.article_id}/",
        "article_html_url": f"http://testserver/articles/{revised.article_id}/",
        "note": "",
    }


def test_a_revision_names_the_vintage_first_printed(client, series):
    latest = client.get(URL, {"indicator": "gdp"}).json()["results"]
    assert [(row["revised"], row["first_print"]) for row in latest][0] == (False, None)
    assert latest[1]["revised"] and latest[1]["first_print"]["value"] == "670"
    every = client.get(URL, {"indicator": "gdp", "vintage": "all"}).json()["results"]
    first = next(row for row in every if row["id"] == series["first"].pk)
    assert (first["revised"], first["first_print"]) == (False, None)


def test_a_first_print_in_a_hidden_article_is_not_named(client, series):
    series["first"].article.status = Status.DRAFT
    series["first"].article.save()
    latest = client.get(URL, {"indicator": "gdp"}).json()["results"]
    assert (latest[1]["revised"], latest[1]["first_print"]) == (False, None)


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"period_kind": "half"}, ["676.05"]),
        ({"start": "2020-01-01"}, ["676.05"]),
        ({"end": "2019-12-31"}, ["1512.1"]),
        ({"region": "141100"}, ["1512.1", "676.05"]),
        ({"region": "吕梁市"}, ["1512.1", "676.05"]),
    ],
)
def test_filters(client, series, params, expected):
    rows = client.get(URL, params).json()["results"]
    assert [row["value"] for row in rows] == expected


def test_filter_by_source_article(client, series):
    rows = client.get(URL, {"article": series["first"].article_id, "vintage": "all"}).json()
    assert [row["id"] for row in rows["results"]] == [series["first"].pk]


@pytest.mark.parametrize(
    ("params", "name"),
    [
        ({"indicator": "no-such"}, "indicator"),
        ({"start": "2020-13-01"}, "start"),
        ({"period_kind": "decade"}, "period_kind"),
        ({"vintage": "oldest"}, "vintage"),
        ({"article": "x"}, "article"),
        ({"article": "9" * 25}, "article"),
        ({"article": "424242"}, "article"),
        ({"region": "孝义市"}, "region"),
        ({"page_size": "lots"}, "page_size"),
        ({"page_size": "0"}, "page_size"),
        ({"cursor": "not-a-cursor"}, "cursor"),
    ],
)
def test_bad_parameters_are_400_naming_the_parameter(client, series, params, name):
    response = client.get(URL, params)
    assert response.status_code == 400
    assert name in response.json()["fields"]


def test_csv_output_has_the_import_columns(client, series):
    response = client.get(URL, {"indicator": "gdp", "vintage": "all", "format": "csv"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    assert len(rows) == 3
    assert rows[0]["indicator"] == "gdp" and rows[0]["period_kind"] == "year"
    assert {row["value"] for row in rows} == {"1512.1", "670", "676.05"}


def test_csv_cells_cannot_become_spreadsheet_formulas(client, series):
    """A note typed as =HYPERLINK(…) must reach a spreadsheet as text, not as a formula."""
    series["first"].note = '=HYPERLINK("http://evil.example","点此")'
    series["first"].save()
    body = client.get(URL, {"vintage": "all", "format": "csv"}).content.decode()
    notes = {row["note"] for row in csv.DictReader(io.StringIO(body))}
    assert "'" + series["first"].note in notes
    assert not any(note.startswith(("=", "+", "-", "@")) for note in notes)


def test_csv_download_imports_again(client, series, gdp, city):
    from indicators import services
    from indicators.models import Observation

    body = client.get(URL, {"vintage": "all", "format": "csv"}).content
    Observation.objects.all().delete()
    assert len(services.import_observations_csv(data=body)) == 3


def test_figures_of_a_draft_article_are_hidden(client, gdp, city):
    draft = _article_on(datetime.date(2020, 9, 15), status=Status.DRAFT, published_at=None)
    hidden = ObservationFactory(indicator=gdp, region=city, article=draft)
    assert client.get(URL).json()["results"] == []
    assert client.get(f"{URL}{hidden.pk}/").status_code == 404
    csv_lines = client.get(URL, {"format": "csv"}).content.decode().strip().splitlines()
    assert len(csv_lines) == 1 and csv_lines[0].startswith("indicator,")  # the header only


def test_page_size_is_capped(client, gdp, city):
    for year in range(1990, 1990 + 105):
        ObservationFactory(indicator=gdp, region=city, period=PeriodFactory(year=year))
    assert client.get(URL, {"page_size": 1000}).json()["fields"].keys() == {"page_size"}
    body = client.get(URL, {"page_size": 100}).json()
    assert len(body["results"]) == 100 and body["next"]
    rest = client.get(body["next"]).json()
    assert len(rest["results"]) == 5 and rest["next"] is None


def test_query_count_does_not_grow_with_rows(client, django_assert_max_num_queries, gdp, city):
    for year in range(2000, 2030):
        ObservationFactory(indicator=gdp, region=city, period=PeriodFactory(year=year))
    with django_assert_max_num_queries(3):
        assert len(client.get(URL, {"page_size": 30}).json()["results"]) == 30
    with django_assert_max_num_queries(3):
        client.get(URL, {"format": "csv"})


def test_indicators_and_regions(client, gdp, city):
    assert client.get("/api/v1/indicators/").json()["results"][0]["code"] == "gdp"
    assert client.get("/api/v1/indicators/gdp/").json()["unit"] == "亿元"
    assert client.get("/api/v1/regions/").json()["results"][0]["division_code"] == "141100"
