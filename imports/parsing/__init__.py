"""The parser of printed pages: `parse_page(source)` turns a PageSource's lines into a
PageProposal (issue, page, items, warnings). Pure Python, no database; see docs/import.md."""

from .pages import parse_page
from .proposal import (
    ArticleProposal,
    DatelineProposal,
    IssueProposal,
    PageProposal,
    PageProposalInfo,
    SourceProposal,
)

__all__ = [
    "ArticleProposal",
    "DatelineProposal",
    "IssueProposal",
    "PageProposal",
    "PageProposalInfo",
    "SourceProposal",
    "parse_page",
]
