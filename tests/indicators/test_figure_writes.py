"""One write path for a figure: the bulk import, its atomicity and history, catalogue regions."""

import datetime
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.utils import timezone

from demo.indicators import load_indicators, load_regions
from indicators import services
from indicators.models import Observation, ObservationStatus, Period, Region
from indicators.services import CSV_COLUMNS
from publishing.caching import content_version
from tests.factories import ArticleFactory, IssueFactory, PageFactory

pytestmark = pytest.mark.django_db

HEADER = ",".join(CSV_COLUMNS) + "\n"


def monthly_rows(count: int, region: str = "吕梁市", vintage: str = "2021-03-01") -> str:
    rows = []
    for index in range(count):
        year, month = divmod(index, 12)
        start = datetime.date(2000 + year, month + 1, 1)
        end = (start.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)
        end -= datetime.timedelta(days=1)
        rows.append(f"gdp,{region},month,{start},{end},{index + 1},亿元,,,,{vintage},\n")
    return "".join(rows)


@pytest.fixture
def catalogue():
    load_indicators(), load_regions()


def test_the_bulk_import_keeps_a_history_row_per_figure_with_the_importer(catalogue, editor):
    saved = services.import_observations_csv(data=HEADER + monthly_rows(30), user=editor)
    assert len(saved) == 30 and all(figure.pk for figure in saved)
    history = Observation.history.filter(indicator__code="gdp")
    assert history.count() == 30
    assert set(history.values_list("history_type", "history_user")) == {("+", editor.pk)}
    # the rows the admin's history reads: the figure as saved, when and by whom
    record = history.get(id=saved[13].pk)
    assert (record.value, record.version, record.instance.vintage) == (
        Decimal("14"),
        1,
        datetime.date(2021, 3, 1),
    )
    assert abs(record.history_date - timezone.now()) < datetime.timedelta(minutes=1)
    assert Observation.objects.get(period__start=datetime.date(2001, 2, 1)).value == 14


def test_the_bulk_import_queries_do_not_grow_with_the_rows(
    catalogue, editor, django_assert_max_num_queries
):
    with django_assert_max_num_queries(20) as small:
        services.import_observations_csv(data=HEADER + monthly_rows(5), user=editor)
    Observation.objects.all().delete()
    # 36 rows: one insert batch even on SQLite (999 parameters a statement); PostgreSQL's
    # batches are BULK_BATCH_SIZE rows
    with django_assert_max_num_queries(len(small.captured_queries)):
        services.import_observations_csv(data=HEADER + monthly_rows(36), user=editor)
    assert Observation.objects.count() == 36


def test_the_content_version_moves_once_after_the_import_commits(
    catalogue, django_capture_on_commit_callbacks
):
    before = content_version()["version"]
    with django_capture_on_commit_callbacks() as callbacks:
        services.import_observations_csv(data=HEADER + monthly_rows(12))
    assert content_version()["version"] == before  # no reader sees the new version before commit
    assert len(callbacks) == 1
    callbacks[0]()
    assert content_version()["version"] != before


def test_one_bad_row_anywhere_saves_nothing_and_every_bad_row_is_named(catalogue):
    rows = monthly_rows(40, region="汾阳市").splitlines(keepends=True)
    rows[9] = rows[9].replace(",10,亿元,", ",10,万人,")  # a unit that does not convert
    rows[24] = rows[24].replace("month,2002-01-01", "month,2002-01-02")  # not a month
    rows.append(rows[0])  # the first figure again
    Region.objects.filter(name="汾阳市").delete()
    with pytest.raises(services.FigureRowsError) as error:
        services.import_observations_csv(data=HEADER + "".join(rows))
    assert [line for line, _reason in error.value.errors] == [11, 26, 42]
    assert "不能换算" in error.value.errors[0][1]
    assert "第 2 行" in error.value.errors[2][1]
    assert not Observation.objects.exists()
    assert not Period.objects.exists()
    assert not Region.objects.filter(name="汾阳市").exists()  # the catalogue region rolled back


def test_a_figure_already_stored_is_a_duplicate_of_its_line(catalogue):
    services.import_observations_csv(data=HEADER + monthly_rows(3))
    revisions = monthly_rows(3, vintage="2022-01-01")  # later vintages: new figures
    with pytest.raises(services.FigureRowsError) as error:
        services.import_observations_csv(data=HEADER + revisions + monthly_rows(1))
    assert [line for line, _reason in error.value.errors] == [5]
    assert "已有数据" in error.value.errors[0][1]
    assert Observation.objects.count() == 3


def test_a_reporters_bulk_import_on_a_published_article_is_hidden_proposals(catalogue, reporter):
    from articles.models import Status

    published = ArticleFactory(status=Status.PUBLISHED)
    row = f"gdp,吕梁市,year,2019-01-01,2019-12-31,1512.1,亿元,5.7,,{published.pk},,\n"
    saved = services.import_observations_csv(data=HEADER + row, user=reporter)
    assert [figure.status for figure in saved] == [ObservationStatus.PROPOSED]
    assert saved[0].page == published.page
    assert not Observation.objects.published().exists()


def test_the_csv_import_finds_or_creates_a_catalogue_region_by_name(catalogue):
    Region.objects.filter(name="汾阳市").delete()
    services.import_observations_csv(data=HEADER + monthly_rows(2, region="汾阳市"))
    fenyang = Region.objects.get(name="汾阳市")
    assert (fenyang.division_code, fenyang.parent.name) == ("141182", "吕梁市")
    with pytest.raises(services.FigureRowsError, match="未知地区"):
        services.import_observations_csv(data=HEADER + monthly_rows(1, region="不存在县"))


def test_load_regions_loads_the_catalogue_once(capsys):
    call_command("load_regions")
    count = Region.objects.count()
    call_command("load_regions")
    assert Region.objects.count() == count
    assert "新建 0 个地区" in capsys.readouterr().out
    province = Region.objects.get(name="山西省")
    assert (province.division_code, province.parent) == ("140000", None)
    fenyang = Region.objects.get(name="汾阳市")
    assert fenyang.parent.parent == province
    assert Region.objects.filter(division_code__startswith="14").count() > 117


def test_load_regions_keeps_a_region_an_editor_renamed():
    Region.objects.create(name="吕梁", division_code="141100")
    call_command("load_regions")
    assert not Region.objects.filter(name="吕梁市").exists()
    assert Region.objects.get(name="汾阳市").parent.name == "吕梁"


def test_proposals_name_catalogue_regions_not_yet_in_the_database():
    load_indicators()
    assert not Region.objects.exists()  # production: no loader has run
    page = PageFactory(issue=IssueFactory(date=datetime.date(2024, 2, 1)))
    article = ArticleFactory(
        page=page,
        body="2023年，汾阳市实现地区生产总值312.5亿元，同比增长5.1%。"
        "2023年山西省地区生产总值25698.18亿元，比上年增长5.0%。",
    )
    proposed = services.propose_observations(article=article)
    by_region = {figure.region.name: figure for figure in proposed}
    assert set(by_region) == {"汾阳市", "山西省"}
    assert by_region["汾阳市"].value == Decimal("312.5")
    assert by_region["汾阳市"].region.parent.name == "吕梁市"
    assert by_region["山西省"].region.division_code == "140000"


def test_a_figure_saved_by_someone_else_meanwhile_is_a_clear_error(catalogue, monkeypatch):
    services.import_observations_csv(data=HEADER + monthly_rows(2))
    # as if the other import committed between this one's check and its insert
    monkeypatch.setattr(services, "_duplicates", lambda observations, status: [])
    with pytest.raises(services.FigureRowsError, match="其他人刚刚保存了相同的数据"):
        services.import_observations_csv(data=HEADER + monthly_rows(3))
    assert Observation.objects.count() == 2
