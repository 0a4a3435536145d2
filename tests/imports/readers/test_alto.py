"""ALTO files (versions 2–4, any of the three units): each TextLine a line with its box in
fractions of the page; hostile or broken XML refused before anything is read from it."""

import pytest

from imports.readers import ImportInputError
from imports.readers.alto import AltoReader
from tests.imports import typeset


@pytest.fixture(scope="module")
def front():
    return typeset.front_page()


@pytest.mark.parametrize("version", [2, 3, 4])
@pytest.mark.parametrize("unit", ["pixel", "mm10", "inch1200"])
def test_every_text_line_becomes_a_line_where_it_was_drawn(front, version, unit):
    source = AltoReader().read(typeset.alto_xml(front, version=version, unit=unit))
    assert source.kind == "alto" and source.warnings == [] and source.image is None
    assert [line.text for line in source.lines] == [d.printed for d in front.drawn]
    for line, drawn in zip(source.lines, front.drawn, strict=True):
        assert line.box.x * front.width == pytest.approx(drawn.ink_x, abs=0.2)
        top = drawn.baseline - 0.88 * drawn.em
        assert line.box.y * front.height == pytest.approx(top, abs=0.2)
        assert (line.box.x + line.box.width) * front.width == pytest.approx(
            drawn.x + drawn.width, abs=0.3
        )
        assert line.confidence == pytest.approx(0.97)
    # the page's size as a 300-dpi image: what the parser compares widths and heights with
    assert source.image_size == pytest.approx(front.pixels(300), abs=2)


def alto(body: str, *, unit: str = "pixel", page: str = 'WIDTH="1000" HEIGHT="1400"') -> bytes:
    return (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<alto xmlns="http://www.loc.gov/standards/alto/ns-v4#">'
        f"<Description><MeasurementUnit>{unit}</MeasurementUnit></Description>"
        f'<Layout><Page ID="p1" {page}><PrintSpace>{body}</PrintSpace></Page></Layout></alto>'
    ).encode()


def test_words_join_as_printed_and_a_line_without_coordinates_takes_its_words_box():
    body = (
        "<TextBlock><TextLine>"
        '<String CONTENT="本报讯" HPOS="100" VPOS="200" WIDTH="90" HEIGHT="30"/>'
        '<SP WIDTH="10"/><String CONTENT="(记者" HPOS="200" VPOS="202" WIDTH="70" HEIGHT="30"/>'
        '<String CONTENT="赵晓东)" HPOS="270" VPOS="200" WIDTH="100" HEIGHT="30"/></TextLine>'
        "</TextBlock>"
    )
    [line] = AltoReader().read(alto(body)).lines
    assert line.text == "本报讯 (记者赵晓东)"
    assert line.box.as_list() == [
        0.1,
        pytest.approx(200 / 1400, abs=1e-4),
        0.27,
        pytest.approx(32 / 1400, abs=1e-4),
    ]
    assert line.confidence is None


def test_a_page_is_picked_from_an_alto_file_of_several():
    one = (
        '<Page ID="p1" WIDTH="100" HEIGHT="100"><PrintSpace><TextBlock>'
        '<TextLine HPOS="1" VPOS="1" WIDTH="9" HEIGHT="9"><String CONTENT="第一页"/></TextLine>'
        "</TextBlock></PrintSpace></Page>"
    )
    two = one.replace("p1", "p2").replace("第一页", "第二页")
    data = f'<alto xmlns="http://www.loc.gov/standards/alto/ns-v3#"><Layout>{one}{two}</Layout></alto>'.encode()
    source = AltoReader().read(data, page=2)
    assert [line.text for line in source.lines] == ["第二页"]
    assert source.warnings == ["文件共 2 页，导入的是第 2 页。"]


BILLION_LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE alto [
  <!ENTITY a "hahahahahahahahahahaha">
  <!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">
  <!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">
  <!ENTITY d "&c;&c;&c;&c;&c;&c;&c;&c;&c;&c;">
]>
<alto><Layout><Page WIDTH="10" HEIGHT="10">
<TextLine><String CONTENT="&d;"/></TextLine></Page></Layout></alto>"""

EXTERNAL_ENTITY = b"""<?xml version="1.0"?>
<!DOCTYPE alto [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<alto><Layout><Page WIDTH="10" HEIGHT="10">
<TextLine><String CONTENT="&secret;"/></TextLine></Page></Layout></alto>"""

EXTERNAL_DTD = b"""<?xml version="1.0"?>
<!DOCTYPE alto SYSTEM "http://example.invalid/alto.dtd">
<alto><Layout><Page WIDTH="10" HEIGHT="10"/></Layout></alto>"""


@pytest.mark.parametrize(
    "data",
    [BILLION_LAUGHS, EXTERNAL_ENTITY, EXTERNAL_DTD],
    ids=["entity-bomb", "external-entity", "external-dtd"],
)
def test_hostile_xml_is_refused_without_expanding_or_fetching_anything(data):
    with pytest.raises(ImportInputError) as refused:
        AltoReader().read(data)
    assert refused.value.code == "hostile_xml"
    assert "root:" not in refused.value.messages[0] and "haha" not in refused.value.messages[0]


@pytest.mark.parametrize(
    "data, code",
    [
        (b"<?xml version='1.0'?><alto><Layout><Page WIDTH='10'", "corrupt"),
        (b"<html><body><p>\xe4\xb8\x8d\xe6\x98\xaf ALTO</p></body></html>", "not_alto"),
        (alto("<TextBlock/>", unit="cm"), "unit"),
        (alto("<TextBlock/>", page=""), "no_page_size"),
        (alto("<TextBlock/>"), "empty"),
    ],
    ids=["broken", "html", "unknown-unit", "no-page-size", "no-lines"],
)
def test_xml_that_is_not_a_usable_alto_page_is_refused(data, code):
    with pytest.raises(ImportInputError) as refused:
        AltoReader().read(data)
    assert refused.value.code == code
