"""Admin: figures inline on the article, CSV import page, proposals and their acceptance."""

import datetime

import pytest

from indicators.demo import load_indicators, load_regions
from indicators.models import Observation, ObservationStatus
from indicators.services import CSV_COLUMNS
from tests.factories import ArticleFactory, ObservationFactory

pytestmark = pytest.mark.django_db
IMPORT_URL = "/admin/indicators/observation/import/"
HEADER = ",".join(CSV_COLUMNS) + "\n"


def _upload(client, text):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return client.post(IMPORT_URL, {"file": SimpleUploadedFile("f.csv", text.encode())})


def test_article_admin_shows_its_figures(client, editor):
    observation = ObservationFactory()
    client.force_login(editor)
    page = client.get(f"/admin/articles/article/{observation.article_id}/change/")
    assert page.status_code == 200
    assert "本文数据" in page.content.decode()


def test_reporter_may_add_figures_but_not_delete_them(reporter):
    assert reporter.has_perm("indicators.add_observation")
    assert reporter.has_perm("indicators.change_observation")
    assert not reporter.has_perm("indicators.delete_observation")
    assert not reporter.has_perm("indicators.change_indicator")


def test_changelist_links_to_the_csv_import(client, editor):
    client.force_login(editor)
    page = client.get("/admin/indicators/observation/").content.decode()
    assert IMPORT_URL in page


def test_csv_import_page_saves_a_good_file(client, editor):
    load_indicators(), load_regions()
    client.force_login(editor)
    response = _upload(
        client, HEADER + "gdp,吕梁市,year,2019-01-01,2019-12-31,1512.1,亿元,5.7,,,2020-09-15,\n"
    )
    assert response.status_code == 302
    assert Observation.objects.count() == 1


def test_csv_import_page_lists_bad_rows_and_saves_nothing(client, editor):
    load_indicators(), load_regions()
    client.force_login(editor)
    response = _upload(
        client,
        HEADER
        + "gdp,吕梁市,year,2019-01-01,2019-12-31,1512.1,亿元,5.7,,,2020-09-15,\n"
        + "gdp,吕梁市,year,2018-01-01,2018-12-31,1400,万人,,,,2020-09-15,\n",
    )
    assert response.status_code == 200
    assert "第 3 行" in response.content.decode()
    assert Observation.objects.count() == 0


def test_propose_then_accept_from_the_admin(client, editor):
    load_indicators(), load_regions()
    article = ArticleFactory(body="今年上半年，全市固定资产投资完成235.1亿元，增长7.3%。")
    article.issue.date = datetime.date(2020, 9, 15)
    article.issue.save()
    client.force_login(editor)
    client.post(
        "/admin/articles/article/",
        {"action": "propose_figures", "_selected_action": [article.pk]},
    )
    proposal = Observation.objects.get()
    assert proposal.status == ObservationStatus.PROPOSED
    client.post(
        "/admin/indicators/observation/",
        {"action": "accept", "_selected_action": [proposal.pk]},
    )
    proposal.refresh_from_db()
    assert proposal.status == ObservationStatus.ACCEPTED


@pytest.mark.parametrize(
    "url",
    [
        "/admin/indicators/observation/",
        "/admin/indicators/observation/add/",
        "/admin/indicators/indicator/",
        "/admin/indicators/region/",
        "/admin/indicators/period/",
        IMPORT_URL,
    ],
)
def test_admin_pages_open_for_an_editor(client, editor, url):
    ObservationFactory()
    client.force_login(editor)
    assert client.get(url).status_code == 200


def test_a_figure_typed_in_another_unit_is_converted(client, editor):
    load_indicators(), load_regions()
    from indicators.models import Indicator, Period, Region

    observation = ObservationFactory(
        indicator=Indicator.objects.get(code="urban_income"),
        region=Region.objects.get(name="吕梁市"),
    )
    client.force_login(editor)
    url = f"/admin/indicators/observation/{observation.pk}/change/"
    form = {
        "indicator": observation.indicator_id,
        "region": observation.region_id,
        "period": Period.objects.get().pk,
        "printed_value": "1.4145",
        "printed_unit": "万元",
        "vintage": "",
        "article": observation.article_id,
        "status": "accepted",
    }
    assert client.post(url, form).status_code == 302
    observation.refresh_from_db()
    assert observation.value == 14145
    assert observation.vintage == observation.article.issue.date
    bad = client.post(url, {**form, "printed_unit": "万人"})
    assert bad.status_code == 200
    assert "不能换算" in bad.content.decode()


def test_reporter_cannot_change_figures_of_a_published_article(client, reporter):
    from articles.models import Status

    published = ObservationFactory()
    draft = ObservationFactory(article=ArticleFactory(status=Status.DRAFT, published_at=None))
    client.force_login(reporter)
    assert (
        client.post(f"/admin/indicators/observation/{published.pk}/change/", {}).status_code == 403
    )
    assert client.get(f"/admin/indicators/observation/{draft.pk}/change/").status_code == 200
