"""The demo archive carries the brief's table as figures of the page-4 article."""

from decimal import Decimal

import pytest
from django.core.management import call_command

from indicators.models import Observation

pytestmark = pytest.mark.django_db


def test_load_demo_links_the_table_to_the_economy_article(capsys):
    call_command("load_demo", "--no-synthetic", "--no-users")
    call_command("load_demo", "--no-synthetic", "--no-users")  # a second run adds nothing
    figures = Observation.objects.published().select_related("article__page", "period")
    assert figures.count() == 14
    gdp_h1 = figures.get(indicator__code="gdp", period__kind="half")
    assert (gdp_h1.value, gdp_h1.yoy_change) == (Decimal("676.05"), Decimal("-3.3"))
    assert gdp_h1.article.headline == "一座老区城市的经济账"
    assert gdp_h1.article.page.number == 4
    assert gdp_h1.article.issue.number == 10076
