"""Parsing what a reader typed into search terms, with a clear message for input we refuse.

Syntax: words separated by spaces must all occur (AND); "quoted phrases" (also “…” and 「…」) are
matched as written, spaces included. Every character that is not a letter or digit is a separator,
so tsquery and FTS5 operators (& | ! : * ( ) NEAR), SQL fragments and invalid bytes in the URL
(decoded by Django to U+FFFD) can never reach the database as syntax: the backends build their
queries from the tokens below, which contain letters and digits only.
"""

import re
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from . import tokens as tk
from .scripts import other_spellings

MAX_QUERY_LENGTH = 100
MAX_TERMS = 8
QUOTED = re.compile(r'"([^"]*)"|“([^”]*)”|「([^」]*)」')


class QueryError(ValueError):
    """The query cannot be searched; str(error) is a message for the reader."""


@dataclass(frozen=True)
class Term:
    """One word or phrase: its tokens in order; the last one is a prefix when `prefix_last`."""

    text: str
    tokens: tuple[str, ...]
    prefix_last: bool
    # The same term in the other script (traditional for simplified and back); any one matches.
    variants: tuple["Term", ...] = ()

    @property
    def is_single_character(self) -> bool:
        return len(self.tokens) == 1 and self.prefix_last

    @property
    def spellings(self) -> tuple["Term", ...]:
        """The term as typed, then its variants: an article matches when it holds any of them."""
        return (self, *self.variants)


@dataclass(frozen=True)
class Query:
    text: str
    terms: tuple[Term, ...]

    def words(self) -> set[str]:
        """The whole words of the query, to rank articles that contain them as words higher."""
        return tk.words(term.text for term in self.terms)


def _term(chunk: str) -> Term | None:
    """The term with its spellings in the other script (see scripts.py)."""
    term = _spelling(chunk)
    if term is None:
        return None
    variants = []
    for spelling in other_spellings(chunk):
        variant = _spelling(spelling)
        if variant and variant != term and variant not in variants:
            variants.append(variant)
    return Term(term.text, term.tokens, term.prefix_last, tuple(variants))


def _spelling(chunk: str) -> Term | None:
    runs = tk.runs(chunk)
    if not runs:
        return None
    token_list: list[str] = []
    for index, run in enumerate(runs):
        run_tokens = tk.run_tokens(run)
        is_last = index == len(runs) - 1
        if is_last and run.is_han and len(run.text) > 1:
            # The article may continue the run: its last character then has a bigram, not itself.
            run_tokens = run_tokens[:-1]
        token_list.extend(run_tokens)
    last = runs[-1]
    prefix_last = last.is_han and len(last.text) == 1
    text = "".join(run.text if run.is_han else f" {run.text} " for run in runs).strip()
    return Term(text=re.sub(r"\s+", " ", text), tokens=tuple(token_list), prefix_last=prefix_last)


def parse_query(raw) -> Query:
    """The reader's query as terms; raises QueryError with a message for the reader."""
    text = (raw or "").strip() if isinstance(raw, str) else ""
    if not text:
        raise QueryError(_("请输入要搜索的词语。"))
    if len(text) > MAX_QUERY_LENGTH:
        raise QueryError(_("搜索词太长了，请不要超过 %(max)d 个字。") % {"max": MAX_QUERY_LENGTH})
    chunks = []
    for match in QUOTED.finditer(text):
        chunks.append(next(group for group in match.groups() if group is not None))
    chunks.extend(QUOTED.sub(" ", text).split())
    terms: list[Term] = []
    for chunk in chunks:
        term = _term(chunk)
        if term and term not in terms:
            terms.append(term)
    if not terms:
        raise QueryError(_("搜索词里没有可以检索的汉字、字母或数字。"))
    if len(terms) > MAX_TERMS:
        raise QueryError(_("一次最多搜索 %(max)d 个词。") % {"max": MAX_TERMS})
    if all(term.is_single_character for term in terms):
        # A single character occurs in most articles; matching it says little and costs a scan.
        raise QueryError(_("请至少输入两个连续的汉字，例如“扶贫”而不是“扶”。"))
    return Query(text=text, terms=tuple(terms))
