"""Page scans read by OCR: at least 95 % of the characters right on a clean 300-dpi page, lines
with boxes where the text was drawn and the engine's confidence; images the project would not
take as uploads refused before any OCR runs."""

import io

import pytest
from PIL import Image

from imports.readers import ImportInputError, scan
from imports.readers.scan import ScanReader
from tests.imports import typeset
from tests.imports.typeset import character_accuracy


@pytest.fixture(scope="module")
def front():
    return typeset.front_page()


@pytest.fixture(scope="module")
def front_png(front):
    return typeset.image_bytes(front, "PNG")


@pytest.fixture(scope="module")
def read_front(front_png):
    """The front page read once (some 10–30 s), with every progress report."""
    reports = []
    source = ScanReader().read(front_png, progress=reports.append)
    return source, reports


@pytest.fixture
def no_ocr(monkeypatch):
    """OCR that fails the test if it is reached."""

    def engine():
        raise AssertionError("OCR ran on input that should have been refused")

    monkeypatch.setattr(scan, "_engine", engine)


def test_ocr_reads_at_least_95_percent_of_the_characters_of_a_clean_300_dpi_page(read_front, front):
    source, _ = read_front
    assert source.kind == "scan"
    assert character_accuracy(front.text, source.text) >= 0.95
    assert source.text.split("\n") == [line.text for line in source.lines]


def test_ocr_lines_land_where_the_text_was_drawn(read_front, front):
    source, _ = read_front
    for start in (
        "城区新开",
        "居民步行",
        "\u3000\u3000本报讯(记者",
        "乡村书屋",
        "网查资料",
        "要闻部主办",
    ):
        drawn = front.find(start)
        wanted = drawn.printed.replace(" ", "")
        line = max(source.lines, key=lambda ln: character_accuracy(wanted, ln.text))
        assert character_accuracy(wanted, line.text) > 0.9, wanted
        left = line.box.x * front.width
        top, bottom = line.box.y * front.height, (line.box.y + line.box.height) * front.height
        assert abs(left - drawn.ink_x) < 1.5, wanted
        assert top < drawn.baseline - 0.4 * drawn.em < bottom, wanted
        assert 0.5 * drawn.em < bottom - top < 1.8 * drawn.em, wanted
        assert 0.5 < line.confidence <= 1


def test_a_png_scan_is_kept_as_the_page_image_and_progress_is_reported(
    read_front, front_png, front
):
    source, reports = read_front
    assert source.image == front_png
    assert source.image_size == front.pixels(300)
    assert reports == sorted(reports) and reports[-1] == 1.0 and len(reports) >= 3


@pytest.mark.parametrize("fmt", ["JPEG", "TIFF"])
def test_jpeg_and_tiff_scans_are_read(fmt):
    notice = typeset.notice_page()
    source = ScanReader().read(typeset.image_bytes(notice, fmt))
    assert character_accuracy(notice.text, source.text) >= 0.95
    with Image.open(io.BytesIO(source.image)) as shown:
        assert shown.format == "JPEG"  # a TIFF is shown as JPEG: browsers cannot show TIFF
        assert shown.size == source.image_size == notice.pixels(300)


def test_a_page_is_picked_from_a_multipage_tiff():
    notice = typeset.image(typeset.notice_page())
    blank = Image.new("L", notice.size, 255)
    buffer = io.BytesIO()
    blank.save(buffer, "TIFF", save_all=True, append_images=[notice])
    source = ScanReader().read(buffer.getvalue(), page=2)
    assert source.lines[0].text == "倡议书"
    assert source.warnings[0] == "文件共 2 页，导入的是第 2 页。"


def test_a_scan_stored_sideways_is_read_upright():
    notice = typeset.notice_page()
    sideways = typeset.image(notice).transpose(Image.Transpose.ROTATE_90)
    exif = Image.Exif()
    exif[0x0112] = 6  # "rotate 90° clockwise to view": how a camera marks a sideways picture
    buffer = io.BytesIO()
    sideways.save(buffer, "JPEG", quality=90, exif=exif)
    source = ScanReader().read(buffer.getvalue())
    assert source.image_size == notice.pixels(300)
    assert character_accuracy(notice.text, source.text) >= 0.95


def test_a_large_scan_is_shrunk_before_ocr_and_shown_at_the_size_read(monkeypatch):
    """A 600-dpi scan read at half its size: the JPEG is decoded at half size straight away,
    and the page image the editor sees is the one the boxes were measured on."""
    notice = typeset.notice_page()
    buffer = io.BytesIO()
    typeset.image(notice, dpi=600).crop((0, 0, 2834, 1654)).save(buffer, "JPEG", quality=90)
    monkeypatch.setattr(scan, "WORK_MAX_SIDE", 1417)  # exactly half: no resizing after decoding
    source = ScanReader().read(buffer.getvalue())
    assert source.image_size == (1417, 827)
    with Image.open(io.BytesIO(source.image)) as shown:
        assert shown.size == source.image_size
    assert character_accuracy(notice.text, source.text) >= 0.95
    assert source.lines[0].box.x == pytest.approx(50 / notice.width, abs=0.01)


def test_a_blank_page_is_refused_as_having_no_text():
    buffer = io.BytesIO()
    Image.new("L", (1400, 900), 255).save(buffer, "PNG")
    with pytest.raises(ImportInputError) as refused:
        ScanReader().read(buffer.getvalue())
    assert refused.value.code == "no_text"


def test_an_image_with_too_many_pixels_is_refused_without_ocr(settings, no_ocr):
    settings.IMAGE_MAX_PIXELS = 1_000_000
    with pytest.raises(ImportInputError) as refused:
        ScanReader().read(typeset.image_bytes(typeset.notice_page(), "PNG"))
    assert refused.value.code == "too_many_pixels" and "像素" in refused.value.messages[0]


def test_an_image_over_the_upload_limit_is_refused_without_ocr(settings, no_ocr):
    settings.IMAGE_MAX_BYTES = 10_000
    with pytest.raises(ImportInputError) as refused:
        ScanReader().read(typeset.image_bytes(typeset.notice_page(), "PNG"))
    assert refused.value.code == "too_large" and "文件太大" in refused.value.messages[0]


def test_a_truncated_scan_is_refused_without_ocr(no_ocr):
    data = typeset.image_bytes(typeset.notice_page(), "JPEG")
    with pytest.raises(ImportInputError) as refused:
        ScanReader().read(data[: len(data) // 2])
    assert refused.value.code == "corrupt" and "损坏" in refused.value.messages[0]


def test_bytes_that_only_start_like_an_image_are_refused_without_ocr(no_ocr):
    with pytest.raises(ImportInputError) as refused:
        ScanReader().read(b"\xff\xd8\xff\xe0" + bytes(50))
    assert refused.value.code == "not_an_image"


def test_a_gif_is_refused_naming_the_formats_taken(no_ocr):
    buffer = io.BytesIO()
    Image.new("L", (50, 50), 255).save(buffer, "GIF")
    with pytest.raises(ImportInputError) as refused:
        ScanReader().read(buffer.getvalue())
    assert refused.value.code == "format" and "GIF" in refused.value.messages[0]


def recognised(columns: list[int], width: float = 600.0):
    """What the recogniser says of a line 600 px wide drawn 30 px high at (100, 200): its
    characters' CTC columns, out of 150 across the line, and their confidences."""
    import numpy as np

    text = "甲" * len(columns)
    positions = [150, [list(text)], [columns], ["cn"], [0.9] * len(columns)]
    quad = np.array([[100, 200], [100 + width, 200], [100 + width, 230], [100, 230]], "float32")
    return text, positions, quad


def test_a_line_found_across_a_gutter_is_cut_where_its_characters_are_far_apart():
    columns = [2, 7, 12, 17, 22, 27, 45, 50, 55, 60]  # 5 apart, then 18: a gutter of 13 columns
    pieces = scan._split_at_gaps(*recognised(columns))
    assert [piece.text for piece in pieces] == ["甲" * 6, "甲" * 4]
    left, right = pieces
    assert left.left == 100 and right.right == 700
    # 4 px a column: the cut falls between the 27th and the 45th column
    assert 100 + 27 * 4 < left.right < right.left < 100 + 45 * 4
    assert left.confidence == right.confidence == pytest.approx(0.9)


def test_a_line_with_no_wide_gap_stays_one_line():
    columns = [2, 7, 12, 17, 23, 27, 32, 37]  # one step of 6 in steps of 5: a wider character
    [piece] = scan._split_at_gaps(*recognised(columns))
    assert (piece.text, piece.left, piece.right) == ("甲" * 8, 100, 700)


@pytest.mark.parametrize(
    "mode, fmt, options",
    [("I;16", "PNG", {}), ("1", "TIFF", {"compression": "group4"})],
    ids=["16-bit-greyscale-png", "bilevel-group4-tiff"],
)
def test_archival_scans_in_16_bit_greyscale_or_black_and_white_are_read(mode, fmt, options):
    notice = typeset.notice_page()
    picture = typeset.image(notice)
    if mode == "I;16":
        picture = picture.point(lambda value: value * 257, "I").convert("I;16")
    else:
        picture = picture.convert("1")
    buffer = io.BytesIO()
    picture.save(buffer, fmt, dpi=(300, 300), **options)
    source = ScanReader().read(buffer.getvalue())
    assert character_accuracy(notice.text, source.text) >= 0.95
