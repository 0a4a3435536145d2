"""Page PDFs: the text layer read as lines that land where the text was drawn, the page rendered
for the editor, OCR when there is no text layer, and every unreadable PDF refused."""

import io

import pytest
from PIL import Image

from imports.readers import ImportInputError
from imports.readers.pdf import MAX_PAGE_MM, PdfReader
from tests.imports import typeset
from tests.imports.typeset import character_accuracy


@pytest.fixture(scope="module")
def front():
    return typeset.front_page()


@pytest.fixture(scope="module")
def source(front):
    return PdfReader().read(typeset.pdf_bytes(front))


def test_the_text_layer_gives_every_drawn_line_in_reading_order(source, front):
    assert source.kind == "pdf" and source.warnings == []
    assert [line.text for line in source.lines] == [d.printed for d in front.drawn]
    assert source.text.split("\n") == [line.text for line in source.lines]
    assert all(line.confidence is None for line in source.lines)


def test_each_line_box_lands_where_its_text_was_drawn(source, front):
    for line, drawn in zip(source.lines, front.drawn, strict=True):
        left = line.box.x * front.width
        top, bottom = line.box.y * front.height, (line.box.y + line.box.height) * front.height
        right = left + line.box.width * front.width
        assert abs(left - drawn.ink_x) < 0.3, line.text
        assert abs(right - (drawn.x + drawn.width)) < 0.5, line.text
        # the box holds the characters: from above their tops to below the baseline
        assert top < drawn.baseline - 0.8 * drawn.em and bottom > drawn.baseline, line.text
        assert bottom - top < 1.6 * drawn.em, line.text


def test_an_item_stays_in_its_column(source, front):
    """The first item's lines, byline to last line, all lie in the left column; the second
    item's end lies in the right one."""
    texts = [line.text for line in source.lines]
    first = source.lines[texts.index(front.find("\u3000\u3000本报讯(记者").text.strip()) :]
    first = first[: [line.text for line in first].index("价格也比超市便宜一些。") + 1]
    column_right = (148 - 10) / 2 + 2.5  # mm: the middle of the gutter
    assert len(first) == 15
    assert all((line.box.x + line.box.width) * front.width < column_right for line in first)
    assert source.lines[-1].text == "周开展一次读书分享活动。"
    assert source.lines[-1].box.x * front.width > column_right


def test_the_page_is_rendered_at_300_dpi_for_the_editor(source, front):
    with Image.open(io.BytesIO(source.image)) as rendered:
        assert rendered.format == "JPEG"
        assert rendered.size == source.image_size
    assert source.image_size == pytest.approx(front.pixels(300), abs=1)


def test_a_page_is_picked_from_a_pdf_of_several():
    data = typeset.pdf_bytes(typeset.front_page(), typeset.notice_page())
    second = PdfReader().read(data, page=2)
    assert second.lines[0].text == "倡议书"
    assert second.warnings == ["文件共 2 页，导入的是第 2 页。"]
    with pytest.raises(ImportInputError) as refused:
        PdfReader().read(data, page=3)
    assert refused.value.code == "no_such_page" and "共 2 页" in refused.value.messages[0]


def test_a_pdf_without_a_text_layer_is_read_by_ocr_with_a_warning():
    notice = typeset.notice_page()
    source = PdfReader().read(typeset.pdf_bytes(notice, scanned=True))
    assert source.kind == "pdf"
    assert any("没有可用的文字层" in warning for warning in source.warnings)
    assert character_accuracy(notice.text, source.text) >= 0.95
    assert all(line.box is not None and 0 < line.confidence <= 1 for line in source.lines)


@pytest.mark.parametrize(
    "data, code, says",
    [
        (b"%PDF-1.7\n" + b"\x00garbage" * 100, "corrupt", "已损坏"),
        (b"<html><body>not a pdf</body></html>", "not_a_pdf", "不是 PDF 文件"),
        (b"", "not_a_pdf", "不是 PDF 文件"),
    ],
    ids=["broken", "html", "empty"],
)
def test_a_file_that_is_not_a_readable_pdf_is_refused(data, code, says):
    with pytest.raises(ImportInputError) as refused:
        PdfReader().read(data)
    assert refused.value.code == code and says in refused.value.messages[0]


def test_a_truncated_pdf_is_refused_or_read_never_crashes(front):
    data = typeset.pdf_bytes(front)
    try:
        source = PdfReader().read(data[: len(data) // 3])
    except ImportInputError as refused:
        assert refused.code in ("corrupt", "no_such_page")
    else:
        assert source.kind == "pdf"


def test_an_encrypted_pdf_is_refused_asking_for_an_unencrypted_one():
    with pytest.raises(ImportInputError) as refused:
        PdfReader().read(typeset.pdf_bytes(typeset.notice_page(), user_password="secret"))
    assert refused.value.code == "encrypted" and "加密" in refused.value.messages[0]


def test_a_page_larger_than_any_newspaper_is_refused_before_rendering():
    huge = typeset.SamplePage(MAX_PAGE_MM + 100, 300)
    huge.drawn = [typeset.Drawn("超大版面", 10, 20, 12)]
    with pytest.raises(ImportInputError) as refused:
        PdfReader().read(typeset.pdf_bytes(huge))
    assert refused.value.code == "page_too_large" and "毫米" in refused.value.messages[0]


def test_a_pdf_over_the_upload_limit_is_refused(settings, front):
    settings.PDF_MAX_BYTES = 1000
    with pytest.raises(ImportInputError) as refused:
        PdfReader().read(typeset.pdf_bytes(front))
    assert refused.value.code == "too_large"
