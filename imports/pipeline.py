"""From a file's bytes to a proposal: read (by content) and parse, nothing saved.

The admin's 导入版面, the background job and `manage.py import_page` all start here, then hand
the proposal (after the editor's changes) to `imports.services.import_page()`.
"""

import datetime
from dataclasses import dataclass

from .lines import PageSource
from .parsing import PageProposal, parse_page
from .readers import Progress, read_page


@dataclass
class ProposedPage:
    """A file read and parsed: the source (lines, text, page image), the proposal, and the
    PDF's bytes when the file was a PDF (kept with the page when it is saved)."""

    source: PageSource
    proposal: PageProposal
    pdf: bytes | None = None


def propose_page(
    data: bytes,
    *,
    filename: str | None = None,
    issue_date: datetime.date | None = None,
    page_number: int | None = None,
    progress: Progress | None = None,
) -> ProposedPage:
    """Read `data` (text, PDF, scan or ALTO, told by content) and propose its page.

    Raises ImportInputError (a ValidationError) for input that cannot be read. A scan runs OCR,
    which takes seconds to minutes: pass `progress` (called with 0–1) to follow it.
    """
    source = read_page(data, filename=filename, progress=progress)
    proposal = parse_page(source, issue_date=issue_date, page_number=page_number)
    return ProposedPage(
        source=source, proposal=proposal, pdf=data if source.kind == "pdf" else None
    )
