"""Demo figures: the indicators, regions and the figures of the brief's table (2019 and H1 2020),
linked to the demo article on page 4 of issue 10076. Idempotent."""

import datetime
import json
from decimal import Decimal
from pathlib import Path

from django.db import transaction

from articles.models import Article
from indicators import periods
from indicators.catalogue import INDICATORS
from indicators.models import Indicator, Observation, Region
from indicators.services import get_period, load_catalogue_regions, record_observation

# The figures of the brief's table, apart from this code: demo/data/figures.json.
DATA = json.loads((Path(__file__).parent / "data" / "figures.json").read_text(encoding="utf-8"))
DEMO_HEADLINE = DATA["article"]["headline"]
DEMO_ISSUE_DATE = datetime.date.fromisoformat(DATA["article"]["issue_date"])
# The periods the data file's keys name
PERIODS = {"2019": periods.year(2019), "2020-H1": periods.half(2020, 1)}


def load_indicators() -> dict[str, Indicator]:
    indicators = {}
    for spec in INDICATORS:
        indicator, _ = Indicator.objects.update_or_create(
            code=spec.code,
            defaults={
                "name": spec.name,
                "name_en": spec.name_en,
                "unit": spec.unit,
                "category": spec.category,
                "measure": spec.measure,
                "aliases": "\n".join(spec.aliases),
            },
        )
        indicators[spec.code] = indicator
    return indicators


def load_regions() -> dict[str, Region]:
    load_catalogue_regions()
    return {region.name: region for region in Region.objects.all()}


def _decimal(text):
    return None if text is None else Decimal(text)


@transaction.atomic
def load_demo_figures() -> int:
    """Load the table's figures once; returns the number of demo figures afterwards."""
    indicators = load_indicators()
    regions = load_regions()
    article = (
        Article.objects.select_related("issue")
        .filter(headline=DEMO_HEADLINE, issue__date=DEMO_ISSUE_DATE)
        .first()
    )
    city = regions["吕梁市"]
    for code, by_period in DATA["figures"].items():
        for key, figure in by_period.items():
            span, value, change = PERIODS[key], figure["value"], figure["yoy_change"]
            if value is None and change is None:
                continue
            period = get_period(kind=span.kind, start=span.start, end=span.end)
            if Observation.objects.filter(
                indicator=indicators[code], region=city, period=period, article=article
            ).exists():
                continue
            record_observation(
                indicator=indicators[code],
                region=city,
                period=period,
                value=_decimal(value),
                yoy_change=_decimal(change),
                is_estimate=figure["is_estimate"],
                article=article,
                vintage=DEMO_ISSUE_DATE,
            )
    return Observation.objects.filter(article=article).count()
