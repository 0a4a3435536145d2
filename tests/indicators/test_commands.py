"""Management commands: extract_figures prints JSON lines; import_observations is all-or-nothing."""

import json

import pytest
from django.core.management import CommandError, call_command

from demo.indicators import load_indicators, load_regions
from indicators.models import Observation
from indicators.services import CSV_COLUMNS

HEADER = ",".join(CSV_COLUMNS) + "\n"


def test_extract_figures_prints_one_json_object_per_figure(tmp_path, capsys):
    source = tmp_path / "article.txt"
    source.write_text(
        "今年上半年，全市地区生产总值为676.05亿元，同比下降3.3%；规模以上工业增加值下降4%。",
        encoding="utf-8",
    )
    call_command("extract_figures", str(source), "--date", "2020-09-15")
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert lines[0] == {
        "indicator": "gdp",
        "region": "吕梁市",
        "period": {"kind": "half", "start": "2020-01-01", "end": "2020-06-30"},
        "value": "676.05",
        "unit": "亿元",
        "yoy_change": "-3.3",
        "change_points": None,
        "is_estimate": False,
        "qualifier": "",
        "period_to_confirm": False,
        "warnings": [],
        "span": [8, 32],
    }
    assert lines[1]["indicator"] == "industry_value_added" and lines[1]["value"] is None


def test_extract_figures_without_a_date_marks_relative_periods_to_be_confirmed(tmp_path, capsys):
    source = tmp_path / "article.txt"
    source.write_text("今年上半年，全市地区生产总值同比下降3.3%。", encoding="utf-8")
    call_command("extract_figures", str(source))
    [line] = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert line["period_to_confirm"] is True


@pytest.mark.django_db
def test_import_observations_rejects_a_bad_file(tmp_path):
    load_indicators(), load_regions()
    bad = tmp_path / "bad.csv"
    bad.write_text(
        HEADER
        + "gdp,吕梁市,year,2019-01-01,2019-12-31,1512.1,亿元,5.7,,,2020-09-15,\n"
        + "gdp,nowhere,year,2018-01-01,2018-12-31,1400,亿元,,,,2020-09-15,\n",
        encoding="utf-8",
    )
    with pytest.raises(CommandError):
        call_command("import_observations", str(bad))
    assert Observation.objects.count() == 0
    good = tmp_path / "good.csv"
    good.write_text(
        HEADER + "gdp,吕梁市,year,2019-01-01,2019-12-31,1512.1,亿元,5.7,,,2020-09-15,\n"
    )
    call_command("import_observations", str(good))
    assert Observation.objects.count() == 1
