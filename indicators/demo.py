"""Demo figures: the indicators, regions and the figures of the brief's table (2019 and H1 2020),
linked to the demo article on page 4 of issue 10076. Idempotent."""

import datetime
from decimal import Decimal

from django.db import transaction

from articles.models import Article

from . import periods
from .catalogue import INDICATORS
from .models import Indicator, Observation, Region
from .services import get_period, load_catalogue_regions, record_observation

DEMO_HEADLINE = "一座老区城市的经济账"
DEMO_ISSUE_DATE = datetime.date(2020, 9, 15)

# indicator code: (value 2019, growth 2019, value H1 2020, growth H1 2020, H1 is an estimate)
DEMO_FIGURES = {
    "gdp": ("1512.1", "5.7", "676.05", "-3.3", False),
    "industry_value_added": ("963.2", "4.6", None, "-4", False),
    "fixed_asset_investment": ("523.3", "11.2", "235.1", "7.3", False),
    "budget_revenue": ("192.6", "10.2", "94.76", "-16.15", False),
    "retail_sales": (None, None, "191.8", "-13.9", False),
    "foreign_trade": (None, None, "18.99", "-2.3", False),
    "urban_income": ("29181", "6.8", "14145", None, True),
    "rural_income": ("9963", "10.3", "5094", None, True),
}


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
    spans = [periods.year(2019), periods.half(2020, 1)]
    for code, (value19, change19, value20, change20, estimate20) in DEMO_FIGURES.items():
        rows = [(spans[0], value19, change19, False), (spans[1], value20, change20, estimate20)]
        for span, value, change, estimate in rows:
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
                is_estimate=estimate,
                article=article,
                vintage=DEMO_ISSUE_DATE,
            )
    return Observation.objects.filter(article=article).count()
