"""read_page(): the reader is picked from the content, not the name; every bad input the issue
names gets a clear error and nothing else happens."""

import pytest

from imports.readers import ImportInputError, read_page, scan
from tests.imports import typeset

PAGE_TEXT = "吕梁日报\n城区新开十二处便民菜市场\n本报讯(记者 赵晓东)3月7日，记者从市商务局获悉。\n"


@pytest.fixture
def no_ocr(monkeypatch):
    def engine():
        raise AssertionError("OCR ran on input that should have been refused")

    monkeypatch.setattr(scan, "_engine", engine)


def test_a_pdf_named_txt_is_read_as_the_pdf_it_is_with_a_warning():
    source = read_page(typeset.pdf_bytes(typeset.notice_page()), filename="第1版.txt")
    assert source.kind == "pdf"
    assert source.warnings == ["文件名是 .txt，内容却是PDF，已按PDF读取。"]


def test_an_image_named_pdf_is_read_as_the_scan_it_is():
    source = read_page(typeset.image_bytes(typeset.notice_page(), "PNG"), filename="page.PDF")
    assert source.kind == "scan" and source.lines[0].text == "倡议书"
    assert source.warnings[0] == "文件名是 .pdf，内容却是扫描图，已按扫描图读取。"


@pytest.mark.parametrize(
    "data, filename, kind",
    [
        (PAGE_TEXT.encode(), "page.txt", "text"),
        (PAGE_TEXT.encode(), None, "text"),
        (typeset.alto_xml(typeset.notice_page()), "page.xml", "alto"),
        (typeset.alto_xml(typeset.notice_page()), None, "alto"),
    ],
)
def test_text_and_alto_are_told_apart_by_content(data, filename, kind):
    source = read_page(data, filename=filename)
    assert source.kind == kind and source.warnings == []


@pytest.mark.parametrize(
    "data, filename, code",
    [
        (PAGE_TEXT.encode("gb18030"), "page.txt", "encoding"),
        (b"", "page.txt", "empty"),
        (b"", None, "empty"),
        (PAGE_TEXT.encode(), "page.pdf", "not_a_pdf"),
        (b"<html><body>a web page saved as .pdf</body></html>", "page.pdf", "not_a_pdf"),
        (PAGE_TEXT.encode(), "scan.jpg", "not_an_image"),
        (b"%PDF-1.7\n" + bytes(500), "page.pdf", "corrupt"),
        (
            b'<!DOCTYPE alto [<!ENTITY x SYSTEM "file:///etc/passwd">]><alto>&x;</alto>',
            None,
            "hostile_xml",
        ),
    ],
    ids=[
        "gbk",
        "empty",
        "empty-unnamed",
        "text-as-pdf",
        "html-as-pdf",
        "text-as-jpeg",
        "broken-pdf",
        "xxe",
    ],
)
def test_bad_input_gets_a_clear_error_and_nothing_else_happens(
    settings, no_ocr, data, filename, code
):
    with pytest.raises(ImportInputError) as refused:
        read_page(data, filename=filename)
    assert refused.value.code == code and refused.value.messages[0]
    assert not settings.MEDIA_ROOT.exists()


def test_an_image_too_large_gets_a_clear_error_and_no_ocr(settings, no_ocr):
    settings.IMAGE_MAX_PIXELS = 2_000_000
    with pytest.raises(ImportInputError) as refused:
        read_page(typeset.image_bytes(typeset.front_page(), "JPEG"), filename="scan.jpg")
    assert refused.value.code == "too_many_pixels"
    assert "上限为 200 万像素" in refused.value.messages[0]


def test_page_numbers_start_at_one():
    with pytest.raises(ImportInputError) as refused:
        read_page(PAGE_TEXT.encode(), page=0)
    assert refused.value.code == "no_such_page"
