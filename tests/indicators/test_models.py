"""Indicators model rules: one row per period, vintages, visibility of figures."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from articles.models import Status
from indicators import periods
from indicators.models import Observation, ObservationStatus, Period
from tests.factories import (
    ArticleFactory,
    IssueFactory,
    ObservationFactory,
    PageFactory,
    PeriodFactory,
)

pytestmark = pytest.mark.django_db


def _article_on(date, **extra):
    page = PageFactory(issue=IssueFactory(date=date))
    return ArticleFactory(page=page, **extra)


def test_the_same_period_is_the_same_row():
    PeriodFactory(year=2019)
    with pytest.raises(IntegrityError):
        Period.objects.create(
            kind="year", start=datetime.date(2019, 1, 1), end=datetime.date(2019, 12, 31)
        )


def test_period_dates_must_fit_the_kind():
    period = Period(kind="half", start=datetime.date(2020, 1, 1), end=datetime.date(2020, 8, 31))
    with pytest.raises(ValidationError):
        period.full_clean()


def test_period_labels_read_as_printed():
    assert periods.half(2020, 1).label == "2020年上半年"
    assert periods.year_to_date(2020, 8).label == "2020年1—8月"
    assert periods.quarter(2020, 3).label == "2020年第三季度"


def test_a_revised_figure_is_kept_as_a_new_vintage_and_becomes_current():
    first = ObservationFactory(
        article=_article_on(datetime.date(2020, 7, 20)), value=Decimal("670.00")
    )
    revised = ObservationFactory(
        indicator=first.indicator,
        region=first.region,
        period=first.period,
        article=_article_on(datetime.date(2020, 9, 15)),
        value=Decimal("676.05"),
    )
    assert Observation.objects.count() == 2
    assert list(Observation.objects.current()) == [revised]
    assert revised.vintage == datetime.date(2020, 9, 15)


def test_current_is_the_latest_visible_vintage():
    """A revision in a draft article does not replace the published figure for readers."""
    published = ObservationFactory(article=_article_on(datetime.date(2020, 7, 20)))
    ObservationFactory(
        indicator=published.indicator,
        region=published.region,
        period=published.period,
        article=_article_on(datetime.date(2020, 9, 15), status=Status.DRAFT, published_at=None),
    )
    assert list(Observation.objects.published().current()) == [published]


def test_figures_of_a_draft_or_proposed_are_not_published():
    draft = ObservationFactory(article=ArticleFactory(status=Status.DRAFT, published_at=None))
    proposed = ObservationFactory(status=ObservationStatus.PROPOSED)
    sourceless = ObservationFactory(article=None, page=None)
    visible = Observation.objects.published()
    assert draft not in visible
    assert proposed not in visible
    assert sourceless in visible


def test_two_accepted_values_for_the_same_vintage_are_refused():
    first = ObservationFactory()
    duplicate = Observation(
        indicator=first.indicator,
        region=first.region,
        period=first.period,
        value=Decimal("1"),
        vintage=first.vintage,
    )
    with pytest.raises(ValidationError):
        duplicate.full_clean()


def test_a_figure_needs_a_value_or_a_change():
    observation = ObservationFactory.build(value=None, printed_value=None, yoy_change=None)
    with pytest.raises(ValidationError):
        observation.full_clean(exclude=["indicator", "region", "period", "article", "page"])


def test_an_accepted_figure_cannot_keep_its_period_to_be_confirmed():
    figure = ObservationFactory(status=ObservationStatus.PROPOSED, period_to_confirm=True)
    figure.status = ObservationStatus.ACCEPTED
    with pytest.raises(ValidationError, match="时期待确认"):
        figure.full_clean()
    with pytest.raises(IntegrityError), transaction.atomic():
        figure.save()


def test_a_five_year_plan_is_a_period():
    span = periods.five_year_plan(13)
    period = Period(kind=span.kind, start=span.start, end=span.end)
    period.full_clean()
    assert period.label == "2016—2020年（“十三五”时期）"
    assert periods.a_year_earlier(periods.half(2020, 1)) == periods.half(2019, 1)


# The default order without joins (Observation.period_start/end copy the period's dates) ---------


def test_a_series_comes_in_period_order_then_vintage_without_a_join():
    first = ObservationFactory(period=PeriodFactory(year=2020), vintage=datetime.date(2021, 1, 20))
    series = {"indicator": first.indicator, "region": first.region, "article": None, "page": None}
    revised = ObservationFactory(
        period=first.period, vintage=datetime.date(2021, 6, 1), value=Decimal("101"), **series
    )
    older = ObservationFactory(
        period=PeriodFactory(year=2019), vintage=datetime.date(2020, 1, 20), **series
    )
    half = ObservationFactory(
        period=PeriodFactory(
            kind=periods.HALF, start=datetime.date(2020, 1, 1), end=datetime.date(2020, 6, 30)
        ),
        vintage=datetime.date(2020, 7, 20),
        **series,
    )
    assert list(Observation.objects.all()) == [older, half, first, revised]
    assert "JOIN" not in str(Observation.objects.all().query).upper()


def test_a_re_dated_period_keeps_its_figures_in_order():
    early = ObservationFactory(
        period=PeriodFactory(year=2018), article=None, page=None, vintage=datetime.date(2019, 1, 20)
    )
    series = {"indicator": early.indicator, "region": early.region, "article": None, "page": None}
    late = ObservationFactory(
        period=PeriodFactory(year=2019), vintage=datetime.date(2020, 1, 20), **series
    )
    period = Period.objects.get(pk=early.period_id)
    period.start, period.end = datetime.date(2020, 1, 1), datetime.date(2020, 12, 31)
    period.save()
    assert Observation.objects.get(pk=early.pk).period_start == datetime.date(2020, 1, 1)
    assert list(Observation.objects.all()) == [late, early]
