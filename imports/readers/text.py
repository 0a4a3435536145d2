"""Page text as OCR gives it: UTF-8 only, with or without a byte-order mark, any line ends.

Anything else is refused with the likely encoding named, never decoded by guesswork: GB18030
decodes almost any byte string without error, so a wrong guess would hand the editor a page of
plausible nonsense (see docs/import-sources.md).
"""

import re

from django.utils.translation import gettext as _

from ..lines import Line, PageSource
from .base import ImportInputError, Progress

UTF8_BOM = b"\xef\xbb\xbf"
UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
# A page's text is some 5–20 KB; far more is not one page.
TEXT_MAX_BYTES = 2 * 2**20
# C0 controls other than tab, line feed, form feed and carriage return: a text editor never
# writes them, binary files are full of them.
CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")


def _accepted() -> str:
    """What the import takes, to end a refusal with."""
    return _("可导入的是 UTF-8 文本、PDF、JPEG/PNG/TIFF 扫描图和 ALTO XML。")


def guess_encoding(data: bytes) -> str | None:
    """The encoding `data` (not UTF-8) is most likely in, as an editor would know it, or None.

    GB2312's characters (most of GBK/GB18030 text) have both bytes ≥ 0xA1; Big5 puts a third of
    its second bytes in 0x40–0x7E, which tells the two apart where both decode without error.
    """
    if data.startswith(UTF16_BOMS):
        return "UTF-16"
    odd, even = data[1::2].count(0), data[0::2].count(0)
    if max(odd, even) > len(data) // 5 and min(odd, even) < len(data) // 100:
        return "UTF-16"  # ASCII and CJK in UTF-16 without a BOM: zeros on one side only
    if _decodes(data, "gb18030"):
        pairs = re.findall(rb"[\x81-\xfe][\x40-\xfe]", data)
        low_trail = sum(1 for pair in pairs if pair[1] < 0x80)
        if low_trail > len(pairs) // 10 and _decodes(data, "big5"):
            return "Big5"
        return "GBK/GB18030"
    if _decodes(data, "big5"):
        return "Big5"
    return None


def _decodes(data: bytes, codec: str) -> bool:
    try:
        data.decode(codec)
    except UnicodeDecodeError:
        return False
    return True


def decode_text(data: bytes) -> str:
    """`data` as text with "\\n" line ends; raise ImportInputError naming what is wrong."""
    if len(data) > TEXT_MAX_BYTES:
        raise ImportInputError(
            _("文本太大：%(kb)d KB，一个版面的文字不会超过 %(limit)d KB。")
            % {"kb": len(data) // 1024, "limit": TEXT_MAX_BYTES // 1024},
            code="too_large",
        )
    if data.startswith(UTF8_BOM):
        data = data[len(UTF8_BOM) :]
    if b"\x00" in data or data.startswith(UTF16_BOMS):
        if guess_encoding(data) == "UTF-16":
            raise ImportInputError(
                _("文本是 UTF-16 编码（Windows 记事本的“Unicode”）：请另存为 UTF-8 后再导入。"),
                code="encoding",
            )
        raise ImportInputError(
            _("不是文本文件：内容含有二进制数据。") + _accepted(),
            code="binary",
        )
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        encoding = guess_encoding(data)
        if encoding:
            message = _(
                "文本不是 UTF-8 编码，看起来是 %(encoding)s（第 %(position)d 字节起）："
                "请用文本编辑器另存为 UTF-8 后再导入。"
            ) % {"encoding": encoding, "position": error.start + 1}
        else:
            message = _(
                "文本不是 UTF-8 编码（第 %(position)d 字节起无法解码），也认不出是哪种编码："
                "请另存为 UTF-8 后再导入。"
            ) % {"position": error.start + 1}
        raise ImportInputError(message, code="encoding") from None
    if len(CONTROL.findall(text)) > max(2, len(text) // 200):
        raise ImportInputError(
            _("不是文本文件：内容含有大量控制字符。") + _accepted(),
            code="binary",
        )
    # \f is how pdftotext and some OCR tools end a page
    text = CONTROL.sub("", text).replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n")
    if not text.strip():
        raise ImportInputError(_("文件是空的：没有任何文字。"), code="empty")
    return text


class TextReader:
    """Page text: each line of the file is a Line without a box (blank lines kept, as the
    paragraph breaks they are)."""

    kind = "text"

    def accepts(self, head: bytes) -> bool:
        return True  # what no other reader claims is read as text, or refused as not text

    def read(self, data: bytes, *, page: int = 1, progress: Progress | None = None) -> PageSource:
        text = decode_text(data)
        lines = [Line(line.rstrip()) for line in text.strip("\n").split("\n")]
        return PageSource(kind=self.kind, lines=lines, text=text)
