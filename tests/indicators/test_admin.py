"""Admin: figures inline on the article, CSV import page, proposals and their acceptance."""

import datetime

import pytest

from demo.indicators import load_indicators, load_regions
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


def test_reporter_may_add_figures_but_not_delete_them(reporter, editor):
    assert editor.has_perm("indicators.accept_observation")
    assert not reporter.has_perm("indicators.accept_observation")
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


def figure_form(article, **overrides):
    from tests.factories import IndicatorFactory, PeriodFactory, RegionFactory

    return {
        "indicator": IndicatorFactory().pk,
        "region": RegionFactory().pk,
        "period": PeriodFactory(year=2019).pk,
        "printed_value": "9999",
        "printed_unit": "亿元",
        "yoy_change": "",
        "article": article.pk,
        "vintage": "",
        "status": "accepted",
        "note": "",
        **overrides,
    }


class TestReportersFigures:
    """B8: what a reporter records is a proposal; accepting (which makes it public) is the
    editors' permission, in the form, the accept action and the CSV import alike."""

    def test_a_reporters_figure_on_a_published_article_is_a_hidden_proposal(self, client, reporter):
        article = ArticleFactory()
        client.force_login(reporter)
        response = client.post("/admin/indicators/observation/add/", figure_form(article))
        assert response.status_code == 302
        figure = Observation.objects.get()
        assert figure.status == ObservationStatus.PROPOSED  # "accepted" was ignored
        assert not Observation.objects.published().exists()

    def test_an_editors_figure_is_accepted(self, client, editor):
        client.force_login(editor)
        response = client.post("/admin/indicators/observation/add/", figure_form(ArticleFactory()))
        assert response.status_code == 302
        assert Observation.objects.published().count() == 1

    def test_a_reporter_may_not_accept_proposals(self, client, reporter):
        proposal = ObservationFactory(status=ObservationStatus.PROPOSED)
        client.force_login(reporter)
        form = client.get("/admin/indicators/observation/").context["action_form"]
        offered = [name for name, _ in form.fields["action"].choices] if form else []
        assert "accept" not in offered
        client.post(
            "/admin/indicators/observation/",
            {"action": "accept", "_selected_action": [proposal.pk]},
        )
        proposal.refresh_from_db()
        assert proposal.status == ObservationStatus.PROPOSED

    def test_a_reporters_figure_in_the_article_inline_is_a_proposal(self, client, reporter):
        from tests.articles.test_admin import article_form
        from tests.factories import IndicatorFactory, PeriodFactory, RegionFactory

        article = ArticleFactory(status="draft", published_at=None)
        client.force_login(reporter)
        data = article_form(article.page, headline=article.headline)
        data.update(
            {
                "observations-TOTAL_FORMS": "1",
                "observations-0-indicator": IndicatorFactory().pk,
                "observations-0-region": RegionFactory().pk,
                "observations-0-period": PeriodFactory(year=2019).pk,
                "observations-0-printed_value": "12.5",
                "observations-0-status": "accepted",
            }
        )
        response = client.post(f"/admin/articles/article/{article.pk}/change/", data)
        assert response.status_code == 302
        assert Observation.objects.get().status == ObservationStatus.PROPOSED

    def test_csv_import_by_a_reporter_saves_proposals(self, client, reporter):
        load_indicators(), load_regions()
        client.force_login(reporter)
        response = _upload(
            client, HEADER + "gdp,吕梁市,year,2019-01-01,2019-12-31,1512.1,亿元,5.7,,,2020-09-15,\n"
        )
        assert response.status_code == 302
        assert Observation.objects.get().status == ObservationStatus.PROPOSED
        assert not Observation.objects.published().exists()

    def test_an_accepted_figure_is_locked_for_reporters(self, client, reporter):
        figure = ObservationFactory(article=ArticleFactory(status="draft", published_at=None))
        client.force_login(reporter)
        url = f"/admin/indicators/observation/{figure.pk}/change/"
        assert client.post(url, figure_form(figure.article, note="改")).status_code == 403


class TestAcceptedFiguresInTheArticleForm:
    """A reporter's draft may carry figures an editor has accepted: the article stays theirs to
    edit, the accepted figures do not."""

    def form(self, article, figure, **row):
        from tests.articles.test_admin import article_form

        data = article_form(article.page, headline="改过的草稿标题")
        data.update(
            {
                "observations-TOTAL_FORMS": "1",
                "observations-INITIAL_FORMS": "1",
                "observations-0-id": figure.pk,
                "observations-0-article": article.pk,
                "observations-0-indicator": figure.indicator_id,
                "observations-0-region": figure.region_id,
                "observations-0-period": figure.period_id,
                "observations-0-printed_value": str(figure.printed_value),
                "observations-0-printed_unit": figure.printed_unit,
                "observations-0-yoy_change": str(figure.yoy_change),
                "observations-0-vintage": figure.vintage.isoformat(),
                **{f"observations-0-{name}": value for name, value in row.items()},
            }
        )
        return data

    def test_the_reporter_saves_the_draft_around_an_accepted_figure(self, client, reporter):
        article = ArticleFactory(status="draft", published_at=None)
        figure = ObservationFactory(article=article)
        client.force_login(reporter)
        response = client.post(
            f"/admin/articles/article/{article.pk}/change/", self.form(article, figure)
        )
        assert response.status_code == 302
        article.refresh_from_db()
        assert article.headline == "改过的草稿标题"

    def test_the_reporter_cannot_change_the_accepted_figure(self, client, reporter):
        article = ArticleFactory(status="draft", published_at=None)
        figure = ObservationFactory(article=article)
        client.force_login(reporter)
        response = client.post(
            f"/admin/articles/article/{article.pk}/change/",
            self.form(article, figure, printed_value="1"),
        )
        assert response.status_code == 200
        assert "已核实" in response.content.decode()
        figure.refresh_from_db()
        article.refresh_from_db()
        assert figure.printed_value != 1 and article.headline != "改过的草稿标题"


def test_a_proposal_whose_period_is_to_be_confirmed_is_not_accepted_until_confirmed(client, editor):
    waiting = ObservationFactory(status=ObservationStatus.PROPOSED, period_to_confirm=True)
    ready = ObservationFactory(status=ObservationStatus.PROPOSED)
    client.force_login(editor)
    listing = client.get("/admin/indicators/observation/?period_to_confirm__exact=1")
    assert listing.context["cl"].result_count == 1
    response = client.post(
        "/admin/indicators/observation/",
        {"action": "accept", "_selected_action": [waiting.pk, ready.pk]},
        follow=True,
    )
    assert "时期待确认" in response.content.decode()
    waiting.refresh_from_db(), ready.refresh_from_db()
    assert waiting.status == ObservationStatus.PROPOSED
    assert ready.status == ObservationStatus.ACCEPTED
    url = f"/admin/indicators/observation/{waiting.pk}/change/"
    form = {
        "indicator": waiting.indicator_id,
        "region": waiting.region_id,
        "period": waiting.period_id,
        "printed_value": "100",
        "printed_unit": waiting.indicator.unit,
        "article": waiting.article_id,
        "status": "accepted",
        "period_to_confirm": "on",
    }
    refused = client.post(url, form)
    assert refused.status_code == 200 and "时期待确认" in refused.content.decode()
    del form["period_to_confirm"]
    assert client.post(url, form).status_code == 302
    waiting.refresh_from_db()
    assert waiting.status == ObservationStatus.ACCEPTED and not waiting.period_to_confirm
