"""Writes: the demo figures, CSV import (all or nothing), proposals from text."""

import datetime
from decimal import Decimal

import pytest

from demo.indicators import load_demo_figures, load_indicators, load_regions
from indicators import services
from indicators.models import Observation, ObservationStatus
from indicators.services import CSV_COLUMNS
from indicators.units import UnitError, normalise
from tests.factories import ArticleFactory, IssueFactory, ObservationFactory, PageFactory

pytestmark = pytest.mark.django_db

HEADER = ",".join(CSV_COLUMNS) + "\n"


@pytest.fixture
def demo_article():
    page = PageFactory(issue=IssueFactory(date=datetime.date(2020, 9, 15), number=10076), number=4)
    return ArticleFactory(page=page, headline="一座老区城市的经济账")


def test_seed_figures_round_trip(demo_article):
    load_demo_figures()
    load_demo_figures()  # idempotent
    figures = Observation.objects.filter(article=demo_article, indicator__code="gdp")
    by_kind = {figure.period.kind: figure for figure in figures}
    assert len(figures) == 2
    assert (by_kind["year"].value, by_kind["year"].yoy_change) == (
        Decimal("1512.1"),
        Decimal("5.7"),
    )
    assert by_kind["year"].period.start == datetime.date(2019, 1, 1)
    h1 = by_kind["half"]
    assert (h1.value, h1.yoy_change, h1.printed_unit) == (
        Decimal("676.05"),
        Decimal("-3.3"),
        "亿元",
    )
    assert (h1.period.start, h1.period.end) == (
        datetime.date(2020, 1, 1),
        datetime.date(2020, 6, 30),
    )
    incomes = Observation.objects.filter(
        article=demo_article, period__kind="half", is_estimate=True
    )
    assert sorted(incomes.values_list("value", flat=True)) == [Decimal("5094"), Decimal("14145")]


def test_units_are_normalised_exactly():
    assert normalise(Decimal("1.2"), unit="万元", to_unit="元") == Decimal("12000")
    assert normalise(Decimal("3.5"), unit="万元", to_unit="亿元") == Decimal("0.00035")
    with pytest.raises(UnitError):
        normalise(Decimal("1"), unit="万人", to_unit="亿元")


def test_csv_import_saves_every_row(demo_article):
    load_indicators(), load_regions()
    data = HEADER + (
        f"gdp,吕梁市,year,2019-01-01,2019-12-31,1512.1,亿元,5.7,否,{demo_article.pk},,\n"
        "urban_income,141100,half,2020-01-01,2020-06-30,1.4145,万元,,是,,2020-09-15,预计\n"
    )
    saved = services.import_observations_csv(data=data.encode())
    assert len(saved) == 2
    income = Observation.objects.get(indicator__code="urban_income")
    assert income.value == Decimal("14145") and income.is_estimate
    assert Observation.objects.get(indicator__code="gdp").vintage == datetime.date(2020, 9, 15)


def test_csv_import_rejects_a_bad_file_whole_with_line_numbers():
    load_indicators(), load_regions()
    data = HEADER + (
        "gdp,吕梁市,year,2019-01-01,2019-12-31,1512.1,亿元,5.7,,,2020-09-15,\n"
        "gdp,吕梁市,half,2020-01-01,2020-08-31,676.05,亿元,-3.3,,,2020-09-15,\n"
        "nope,吕梁市,year,2019-01-01,2019-12-31,1,亿元,,,,2020-09-15,\n"
        "gdp,吕梁市,year,2018-01-01,2018-12-31,abc,亿元,,,,2020-09-15,\n"
    )
    with pytest.raises(services.FigureRowsError) as error:
        services.import_observations_csv(data=data.encode())
    assert [line for line, _reason in error.value.errors] == [3, 4, 5]
    assert "nope" in error.value.errors[1][1]
    assert Observation.objects.count() == 0


def test_csv_import_rejects_a_duplicate_inside_the_file_and_saves_nothing():
    load_indicators(), load_regions()
    row = "gdp,吕梁市,year,2019-01-01,2019-12-31,1512.1,亿元,5.7,,,2020-09-15,\n"
    with pytest.raises(services.FigureRowsError) as error:
        services.import_observations_csv(data=(HEADER + row + row).encode())
    assert error.value.errors[0][0] == 3
    assert Observation.objects.count() == 0


def test_csv_import_rejects_a_file_without_the_columns():
    with pytest.raises(services.FigureRowsError) as error:
        services.import_observations_csv(data=b"a,b\n1,2\n")
    assert error.value.errors[0][0] == 1


def test_proposals_from_an_article_wait_for_an_editor(demo_article, editor):
    load_indicators(), load_regions()
    demo_article.body = "今年上半年，全市地区生产总值为676.05亿元，同比下降3.3%。"
    demo_article.save()
    proposed = services.propose_observations(article=demo_article)
    assert len(proposed) == 1 and proposed[0].status == ObservationStatus.PROPOSED
    assert not Observation.objects.published().exists()
    assert services.propose_observations(article=demo_article) == []  # not proposed twice
    assert services.accept_observations(observations=proposed, user=editor) == 1
    figure = Observation.objects.published().get()
    assert (figure.value, figure.yoy_change, figure.source_span) == (
        Decimal("676.05"),
        Decimal("-3.3"),
        "8-32",
    )


def test_a_reporter_cannot_accept_figures(demo_article, reporter):
    from publishing.rule import PublishedContentError

    proposals = [
        ObservationFactory(article=demo_article, status=ObservationStatus.PROPOSED)
        for _ in range(2)
    ]
    with pytest.raises(PublishedContentError, match="核实"):
        services.accept_observations(observations=proposals, user=reporter)
    assert set(Observation.objects.values_list("status", flat=True)) == {"proposed"}


def test_csv_import_by_a_reporter_saves_proposals_and_by_an_editor_accepted_figures(
    demo_article, reporter, editor
):
    load_indicators(), load_regions()
    row = "gdp,吕梁市,year,2019-01-01,2019-12-31,1512.1,亿元,5.7,,{article},,\n"
    services.import_observations_csv(
        data=HEADER + row.format(article=demo_article.pk), user=reporter
    )
    assert Observation.objects.get().status == ObservationStatus.PROPOSED
    assert not Observation.objects.published().exists()
    Observation.objects.all().delete()
    services.import_observations_csv(data=HEADER + row.format(article=demo_article.pk), user=editor)
    assert Observation.objects.published().count() == 1


def test_a_proposal_keeps_its_period_to_be_confirmed(demo_article):
    load_indicators(), load_regions()
    demo_article.body = "全市规模以上工业增加值同比增长3.1%。"  # no period: a guess in September
    demo_article.save()
    [proposal] = services.propose_observations(article=demo_article)
    assert proposal.period_to_confirm and proposal.status == ObservationStatus.PROPOSED
