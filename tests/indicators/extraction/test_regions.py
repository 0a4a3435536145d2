"""Region mentions: full and short names, pointing words, places that are not the subject."""

import pytest

from indicators.catalogue import REGIONS
from indicators.extraction.regions import Gazetteer

GAZETTEER = Gazetteer(name for name, _code, _parent in REGIONS)


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("孝义市", "孝义市"),
        ("孝义", "孝义市"),
        ("临县", "临县"),
        ("太原", "太原市"),
        ("河南", "河南省"),
        ("内蒙古", "内蒙古自治区"),
        ("我国", "全国"),
        ("介休市", "介休市"),
        ("阳泉市城区", "阳泉市城区"),
    ],
)
def test_names_and_short_names(text, name):
    [mention] = GAZETTEER.find(text)
    assert mention.name == name and mention.subject


def test_pointing_words_say_what_they_point_to():
    assert [(m.name, m.reference) for m in GAZETTEER.find("全市、我省、该县")] == [
        ("全市", "city"),
        ("我省", "home_province"),
        ("该县", "county"),
    ]


@pytest.mark.parametrize(
    "text", ["吕梁市委书记", "山西日报", "吕梁精神", "现代县域经济", "吕梁山护工", "孝义市场监管"]
)
def test_institutions_and_words_are_not_places(text):
    assert GAZETTEER.find(text) == []


@pytest.mark.parametrize(
    "text", ["高于全省1.3个百分点", "占全省的9%", "居全省第三", "在孝义市调研"]
)
def test_regions_compared_with_are_not_the_subject(text):
    [mention] = GAZETTEER.find(text)
    assert not mention.subject


@pytest.mark.parametrize(
    ("text", "name"),
    [("榆林市", "榆林市"), ("其中鄂尔多斯市", "鄂尔多斯市"), ("全市", None), ("开发区", None)],
)
def test_a_region_the_catalogue_does_not_know(text, name):
    assert GAZETTEER.unknown_before(text) == name
