"""What every reader shares: the error for input it cannot read, the progress callback, and the
`Reader` protocol that `read_page()` picks a reader through."""

from collections.abc import Callable
from typing import Protocol

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from ..lines import PageSource

# Called with the share of the work done (0–1); OCR reports after each batch of lines.
Progress = Callable[[float], None]


class ImportInputError(ValidationError):
    """An input no reader can use; the message (Chinese, translatable) says what is wrong and,
    where there is one, what the editor can do about it."""


class Reader(Protocol):
    """One kind of source: recognises its data by content and reads one page of it."""

    kind: str

    def accepts(self, head: bytes) -> bool:
        """Whether data beginning with `head` (its first bytes) is of this kind."""
        ...

    def read(self, data: bytes, *, page: int = 1, progress: Progress | None = None) -> PageSource:
        """Page `page` (from 1) of `data` as lines; raise ImportInputError when it cannot."""
        ...


def check_page(page: int, count: int) -> list[str]:
    """Refuse a page number beyond the file's `count` pages; the warning to give when the file
    has more than one page (the others are not imported)."""
    if not 1 <= page <= count:
        raise ImportInputError(
            _("文件共 %(count)d 页，没有第 %(page)d 页。") % {"count": count, "page": page},
            code="no_such_page",
        )
    if count == 1:
        return []
    return [_("文件共 %(count)d 页，导入的是第 %(page)d 页。") % {"count": count, "page": page}]


def as_input_error(error: ValidationError) -> ImportInputError:
    """A project check's ValidationError (articles.upload_checks) as an ImportInputError."""
    return ImportInputError(error.messages[0], code=getattr(error, "code", None))
