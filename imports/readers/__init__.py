"""The import sources: a page's text, PDF, scan or ALTO file read into a `PageSource`.

`read_page()` picks the reader from the content (its first bytes), never from the file name;
each reader refuses what it cannot read with an `ImportInputError` and reads nothing else. OCR
takes seconds to minutes a page: callers that cannot wait run it in the background and may pass
`progress`. What each reader does and its limits: docs/import-sources.md.
"""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ..lines import PageSource
from .alto import AltoReader
from .base import ImportInputError, Progress, Reader
from .pdf import PdfReader
from .scan import ScanReader
from .text import TextReader

# In the order they are asked; text takes whatever no other reader claims.
READERS: list[Reader] = [PdfReader(), ScanReader(), AltoReader(), TextReader()]
# What a file name's extension says it is, to warn when the content says otherwise.
EXTENSIONS = {
    "txt": "text",
    "pdf": "pdf",
    "jpg": "scan",
    "jpeg": "scan",
    "png": "scan",
    "tif": "scan",
    "tiff": "scan",
    "webp": "scan",
    "xml": "alto",
    "alto": "alto",
}
KIND_NAMES = {
    "text": gettext_lazy("文本"),
    "pdf": "PDF",
    "scan": gettext_lazy("扫描图"),
    "alto": "ALTO XML",
}
HEAD = 64  # bytes enough to tell every kind apart


def reader_for(data: bytes) -> Reader:
    """The reader for `data`, by its first bytes."""
    head = data[:HEAD]
    return next(reader for reader in READERS if reader.accepts(head))


def read_page(
    data: bytes, *, filename: str | None = None, page: int = 1, progress: Progress | None = None
) -> PageSource:
    """Page `page` (from 1) of `data` as lines, read by the reader its content calls for.

    Raise ImportInputError (a ValidationError, message in Chinese) for anything unreadable:
    empty, not UTF-8, not really a PDF, an encrypted or broken PDF, an image too large, hostile
    XML. `filename` only adds a warning when its extension names another kind of file.
    """
    if page < 1:
        raise ImportInputError(
            _("页码从 1 开始：没有第 %(page)d 页。") % {"page": page}, code="no_such_page"
        )
    reader = reader_for(data)
    extension = filename.rpartition(".")[2].lower() if filename and "." in filename else ""
    named = EXTENSIONS.get(extension)
    if named in ("pdf", "scan") and reader.kind in ("text", "alto"):
        # text under a PDF's or an image's name is a mislabelled or damaged file: let the
        # named reader refuse it, saying what it expected
        reader = next(r for r in READERS if r.kind == named)
    source = reader.read(data, page=page, progress=progress)
    if named and named != reader.kind:
        source.warnings.insert(
            0,
            _("文件名是 .%(extension)s，内容却是%(kind)s，已按%(kind)s读取。")
            % {"extension": extension, "kind": KIND_NAMES[reader.kind]},
        )
    return source


__all__ = [
    "READERS",
    "ImportInputError",
    "PageSource",
    "Progress",
    "Reader",
    "read_page",
    "reader_for",
]
