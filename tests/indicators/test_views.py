"""Public pages: index, indicator page with chart data and table, figures on the article page."""

import re

import pytest

from articles.models import Status
from tests.factories import ArticleFactory, IndicatorFactory, ObservationFactory, PeriodFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def gdp():
    return IndicatorFactory(
        code="gdp", name="地区生产总值", unit="亿元", category="national_accounts"
    )


def test_index_lists_indicators_by_category(client, gdp):
    IndicatorFactory(code="retail_sales", name="社会消费品零售总额", category="consumption")
    page = client.get("/indicators/").content.decode()
    assert "国民经济核算" in page and "消费" in page
    assert 'href="/indicators/gdp/"' in page


def test_indicator_page_has_chart_data_table_and_csv_without_inline_script(client, gdp):
    observation = ObservationFactory(indicator=gdp)
    page = client.get("/indicators/gdp/").content.decode()
    assert 'id="indicator-chart-data" type="application/json"' in page
    assert "vendor/chartjs/chart.umd.min.js" in page
    # Every <script> either loads a file or carries JSON data: nothing a CSP would block.
    for tag in re.findall(r"<script[^>]*>", page):
        assert "src=" in tag or 'type="application/json"' in tag
    assert observation.article.get_absolute_url() in page
    assert "format=csv" in page


def test_indicator_page_hides_figures_of_drafts(client, gdp):
    draft = ArticleFactory(status=Status.DRAFT, published_at=None, headline="未发布的稿件")
    ObservationFactory(indicator=gdp, article=draft)
    page = client.get("/indicators/gdp/").content.decode()
    assert "未发布的稿件" not in page
    assert "暂无数据" in page


def test_indicator_page_query_count_is_bounded(client, gdp, django_assert_max_num_queries):
    for year in range(2000, 2020):
        ObservationFactory(indicator=gdp, period=PeriodFactory(year=year))
    with django_assert_max_num_queries(4):
        client.get("/indicators/gdp/")


def test_unknown_indicator_is_404(client):
    assert client.get("/indicators/no-such/").status_code == 404


def test_article_page_lists_its_figures(client, gdp):
    observation = ObservationFactory(indicator=gdp)
    page = client.get(observation.article.get_absolute_url()).content.decode()
    assert "本文数据" in page and "地区生产总值" in page


def test_article_page_figures_cost_one_query_however_many(client, gdp, committed):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def page_with(figures):
        with committed():
            article = ArticleFactory()
            for year in range(2000, 2000 + figures):
                ObservationFactory(indicator=gdp, article=article, period=PeriodFactory(year=year))
        with CaptureQueriesContext(connection) as queries:
            page = client.get(article.get_absolute_url()).content.decode()
        return len(queries), page

    one, _ = page_with(1)
    twelve, page = page_with(12)
    assert twelve == one
    assert page.count("地区生产总值") >= 12


def test_accepting_a_figure_shows_it_on_the_cached_article_page(client, gdp, editor, committed):
    """Figures are part of the article page: their changes start a new content version."""
    from indicators.services import accept_observations

    observation = ObservationFactory(indicator=gdp, status="proposed")
    url = observation.article.get_absolute_url()
    assert "本文数据" not in client.get(url).content.decode()
    with committed():
        accept_observations(observations=[observation], user=editor)
    assert "地区生产总值" in client.get(url).content.decode()
    gdp.name = "地区生产总值（修订名称）"
    with committed():
        gdp.save()
    assert "修订名称" in client.get(url).content.decode()


def _chart(page: str) -> dict:
    import json

    found = re.search(
        r'<script id="indicator-chart-data" type="application/json">(.*?)</script>', page
    )
    return json.loads(found.group(1))


def test_a_year_and_a_half_year_are_never_on_one_chart(client, gdp):
    from indicators import periods

    ObservationFactory(indicator=gdp, period=PeriodFactory(year=2019), value=1512)
    h1 = periods.half(2020, 1)
    ObservationFactory(
        indicator=gdp, period=PeriodFactory(kind=h1.kind, start=h1.start, end=h1.end), value=676
    )
    page = client.get("/indicators/gdp/").content.decode()
    panels = _chart(page)["panels"]
    assert [(panel["kind"], panel["labels"]) for panel in panels] == [
        ("year", ["2019年"]),
        ("half", ["2020年上半年"]),
    ]
    assert [line["values"] for line in panels[0]["series"]] == [[1512.0]]
    assert 'id="indicator-value-chart-year"' in page and 'id="indicator-value-chart-half"' in page


def test_a_revised_figure_shows_the_first_print_marked(client, gdp):
    import datetime

    from tests.factories import IssueFactory, PageFactory

    def reported_on(date):
        return ArticleFactory(page=PageFactory(issue=IssueFactory(date=date)))

    period = PeriodFactory(year=2019)
    ObservationFactory(
        indicator=gdp,
        period=period,
        value=1500,
        yoy_change=5.5,
        article=reported_on(datetime.date(2020, 2, 1)),
    )
    revised = ObservationFactory(
        indicator=gdp,
        region=gdp.observations.get().region,
        period=period,
        value=1512.1,
        yoy_change=5.7,
        article=reported_on(datetime.date(2020, 9, 15)),
    )
    page = client.get("/indicators/gdp/").content.decode()
    [line] = _chart(page)["panels"][0]["series"]
    assert (line["values"], line["first_values"]) == ([1512.1], [1500.0])
    assert (line["changes"], line["first_changes"]) == ([5.7], [5.5])
    row = page[page.index("<tbody>") : page.index("</tbody>")]
    assert "1512.1" in row and "修订" in row and "初次见报 1500（2020-02-01）" in row
    assert revised.article.get_absolute_url() in row


def test_a_figure_printed_once_carries_no_revision_mark(client, gdp):
    ObservationFactory(indicator=gdp)
    page = client.get("/indicators/gdp/").content.decode()
    assert "初次见报 " not in page[page.index("<tbody>") :]
    assert _chart(page)["panels"][0]["series"][0]["first_values"] == [None]


def test_a_proposed_figure_leaves_pages_cached_and_an_accepted_one_reaches_only_its_article(
    client, gdp, editor, committed, monkeypatch, django_assert_num_queries
):
    """An import proposes figures awaiting an editor: no cached page changes. Accepting one
    shows it on its article page at once; other articles' pages keep their cached copies."""
    from indicators.services import accept_observations
    from publishing import caching

    monkeypatch.setattr(caching, "BUMP_MARGIN_NS", 0)  # one clock: keep pages rendered at once
    with committed():
        reporting, other = ArticleFactory(), ArticleFactory()
    urls = [reporting.get_absolute_url(), other.get_absolute_url(), "/"]
    for url in urls:
        assert client.get(url).status_code == 200, url
    with committed():
        observation = ObservationFactory(indicator=gdp, article=reporting, status="proposed")
    with django_assert_num_queries(0):
        for url in urls:
            assert "地区生产总值" not in client.get(url).content.decode(), url
    with committed():
        accept_observations(observations=[observation], user=editor)
    assert "地区生产总值" in client.get(reporting.get_absolute_url()).content.decode()
    with django_assert_num_queries(0):
        client.get(other.get_absolute_url())
        client.get("/")
    with committed():
        observation.delete()
    assert "地区生产总值" not in client.get(reporting.get_absolute_url()).content.decode()
