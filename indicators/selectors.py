"""Reads for the public pages: indicator series for charts and tables, an article's figures."""

from collections import defaultdict

from .models import Category, Indicator, Observation, ObservationStatus


def indicators_by_category() -> list[tuple[str, list[Indicator]]]:
    """Indicators grouped under their category's label, in the categories' order."""
    grouped = defaultdict(list)
    for indicator in Indicator.objects.order_by("category", "code"):
        grouped[indicator.category].append(indicator)
    return [(label, grouped[value]) for value, label in Category.choices if grouped[value]]


def indicator_series(*, indicator: Indicator, user) -> tuple[list[Observation], dict]:
    """Current figures of `indicator` visible to `user`, and the chart data built from them.

    One line per region and kind of period (a year and a half-year are not comparable values).
    """
    observations = list(
        Observation.objects.for_reader(user)
        .current()
        .filter(indicator=indicator)
        .with_related()
        .order_by("region__name", "period__kind", "period__end")
    )
    labels_by_end = {}
    for observation in observations:
        labels_by_end[observation.period.end] = observation.period.label
    ends = sorted(labels_by_end)
    series = defaultdict(lambda: {"values": [None] * len(ends), "changes": [None] * len(ends)})
    for observation in observations:
        key = f"{observation.region.name} · {observation.period.get_kind_display()}"
        position = ends.index(observation.period.end)
        line = series[key]
        line["values"][position] = None if observation.value is None else float(observation.value)
        line["changes"][position] = (
            None if observation.yoy_change is None else float(observation.yoy_change)
        )
    chart = {
        "unit": indicator.unit_label,
        "labels": [labels_by_end[end] for end in ends],
        "series": [{"label": key, **line} for key, line in series.items()],
    }
    return observations, chart


def article_figures(article) -> list[Observation]:
    """Accepted figures reported by `article`, for its page (which checked the reader may see it).

    Only the names the table shows are joined: the article, its issue and page are the page's own.
    """
    return list(
        Observation.objects.filter(article=article, status=ObservationStatus.ACCEPTED)
        .select_related("indicator", "region", "period")
        .order_by("indicator__category", "indicator__code", "period__end")
    )
