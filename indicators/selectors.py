"""Reads for the public pages: indicator series for charts and tables, an article's figures."""

from collections import defaultdict

from django.db.models import OuterRef
from django.utils.translation import gettext

from .models import Category, Indicator, Observation, ObservationStatus, PeriodKind


def indicators_by_category() -> list[tuple[str, list[Indicator]]]:
    """Indicators grouped under their category's label, in the categories' order."""
    grouped = defaultdict(list)
    for indicator in Indicator.objects.order_by("category", "code"):
        grouped[indicator.category].append(indicator)
    return [(label, grouped[value]) for value, label in Category.choices if grouped[value]]


def indicator_series(*, indicator: Indicator, user) -> tuple[list[Observation], dict]:
    """Current figures of `indicator` visible to `user`, and the chart data built from them.

    One chart per kind of period (a year and a half-year are not comparable values, and a
    half-year after a year must not read as a fall), one line per region in each. A figure
    revised since it was first printed carries the first print too (`first_values`), so the
    chart can mark it beside the revision.
    """
    visible = Observation.objects.for_reader(user)
    observations = list(
        visible.current()
        .filter(indicator=indicator)
        .with_first_print(visible)
        .with_related()
        .order_by("region__name", "period__kind", "period__end")
    )
    by_kind = defaultdict(list)
    for observation in observations:
        by_kind[observation.period.kind].append(observation)
    panels = [
        _panel(kind, label, by_kind[kind]) for kind, label in PeriodKind.choices if by_kind[kind]
    ]
    chart = {
        "unit": indicator.unit_label,
        "first_print_label": gettext("初次见报"),
        "panels": panels,
    }
    return observations, chart


def _number(value) -> float | None:
    return None if value is None else float(value)


def _panel(kind: str, label: str, observations: list[Observation]) -> dict:
    """One kind of period: its periods in order as labels, a line of values per region."""
    labels_by_period = {
        (observation.period.start, observation.period.end): observation.period.label
        for observation in observations
    }
    periods = sorted(labels_by_period)
    position = {period: index for index, period in enumerate(periods)}
    series = {}
    for observation in observations:
        line = series.setdefault(
            observation.region.name,
            {
                key: [None] * len(periods)
                for key in ("values", "changes", "first_values", "first_changes")
            },
        )
        index = position[(observation.period.start, observation.period.end)]
        line["values"][index] = _number(observation.value)
        line["changes"][index] = _number(observation.yoy_change)
        first = observation.first_print
        if first is not None:
            line["first_values"][index] = _number(first["value"])
            line["first_changes"][index] = _number(first["yoy_change"])
    return {
        "kind": kind,
        "label": str(label),
        "labels": [labels_by_period[period] for period in periods],
        "series": [{"label": region, **line} for region, line in series.items()],
    }


def figures_of_outer_article():
    """The figures article_figures() shows, of the article at OuterRef("pk") (the article page
    asks whether there are any in its own query)."""
    return Observation.objects.filter(article=OuterRef("pk"), status=ObservationStatus.ACCEPTED)


def article_figures(article) -> list[Observation]:
    """Accepted figures reported by `article`, for its page (which checked the reader may see it).

    Only the names the table shows are joined: the article, its issue and page are the page's own.
    """
    return list(
        Observation.objects.filter(article=article, status=ObservationStatus.ACCEPTED)
        .select_related("indicator", "region", "period")
        .order_by("indicator__category", "indicator__code", "period__end")
    )
