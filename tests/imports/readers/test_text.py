"""Page text as OCR gives it: UTF-8 in, every other encoding and anything not text refused with
a message that says what the file is and what to do."""

import pytest
from django.core.exceptions import ValidationError

from imports.readers import ImportInputError
from imports.readers.text import TEXT_MAX_BYTES, TextReader

PAGE = "吕梁日报\n\n城区新开十二处便民菜市场\n本报讯(记者 赵晓东)3月7日，记者从市商务局获悉。\n"


def read(data: bytes):
    return TextReader().read(data)


@pytest.mark.parametrize(
    "data",
    [
        PAGE.encode(),
        PAGE.encode("utf-8-sig"),
        PAGE.replace("\n", "\r\n").encode("utf-8-sig"),
        PAGE.replace("\n", "\r").encode(),
    ],
    ids=["utf-8", "bom", "bom-crlf", "old-mac-cr"],
)
def test_utf8_text_gives_its_lines_whatever_the_bom_and_line_ends(data):
    source = read(data)
    assert source.kind == "text"
    assert [line.text for line in source.lines] == [
        "吕梁日报",
        "",
        "城区新开十二处便民菜市场",
        "本报讯(记者 赵晓东)3月7日，记者从市商务局获悉。",
    ]
    assert all(line.box is None and line.confidence is None for line in source.lines)
    assert source.text == PAGE and "\ufeff" not in source.text
    assert source.image is None and source.warnings == []


@pytest.mark.parametrize(
    "encoding, named",
    [("gb18030", "GBK/GB18030"), ("gbk", "GBK/GB18030"), ("utf-16", "UTF-16")],
)
def test_text_in_another_encoding_is_refused_naming_it(encoding, named):
    with pytest.raises(ImportInputError) as refused:
        read(PAGE.encode(encoding))
    assert refused.value.code == "encoding"
    assert named in refused.value.messages[0] and "UTF-8" in refused.value.messages[0]


def test_big5_is_told_apart_from_gbk():
    traditional = "本報訊(記者 趙曉東)城區新開十二處便民菜市場，附近居民步行十分鐘就能買到蔬菜。"
    with pytest.raises(ImportInputError) as refused:
        read(traditional.encode("big5"))
    assert "Big5" in refused.value.messages[0]


@pytest.mark.parametrize(
    "data", [b"", b"\xef\xbb\xbf", b" \r\n\t\n"], ids=["0-bytes", "bom", "blank"]
)
def test_an_empty_file_is_refused(data):
    with pytest.raises(ImportInputError) as refused:
        read(data)
    assert refused.value.code == "empty" and "空" in refused.value.messages[0]


@pytest.mark.parametrize(
    "data",
    [
        bytes(range(256)) * 4,
        b"\x89PNG\r\n\x1a\n" + bytes(40) + b"IHDR",
        b"abc\x01\x02\x03\x04\x05def",
    ],
    ids=["all-bytes", "png-header", "control-characters"],
)
def test_binary_data_is_refused_as_not_text(data):
    with pytest.raises(ImportInputError) as refused:
        read(data)
    assert refused.value.code == "binary" and "不是文本文件" in refused.value.messages[0]


def test_a_file_far_larger_than_a_page_is_refused():
    with pytest.raises(ImportInputError) as refused:
        read("字".encode() * (TEXT_MAX_BYTES // 3 + 1))
    assert refused.value.code == "too_large"


def test_the_error_is_a_validation_error_forms_and_serializers_show():
    with pytest.raises(ValidationError):
        read(b"")
