"""A prototype of search on Tantivy (PyPI `tantivy`, optional extra `tantivy`): the index the
PostgreSQL tables would become, measured at 1,000,000 articles of printed length (issue 20).

Not a SearchBackend yet, and chosen by no setting: the contract (base.py) hands the backend SQL
conditions that the engine combines with relational filters, which an index outside the
database cannot answer without a list of a million ids. What it shows: the same tokens and
positions as the other backends (indexing.build_row()), each term as a phrase of its bigrams
(spellings in the other script OR-ed, a one-character tail as a prefix), every term required,
with the filters the search document carries (date, section, visible from) inside the index,
exact counts, facets by year and section over every match, newest first or ranked
(headline hit, then whole-word hit, then BM25); three- and four-character windows as terms of
their own, all of them or only those made of common bigrams (the measured proposal: 1.06 × the
text at 1,000,000 articles). How it measured and what a backend needs:
docs/search.md ("Search that fits") and benchmarks/search_tantivy.py.
"""

import datetime
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import tantivy

from . import indexing
from .postgres import NGRAMS, chained_ngrams, windows
from .query import Query

TOKENIZER = "tokens"  # our tokens, separated by spaces: letters and digits only (tokens.py)
NO_DATE = 2**62  # visible_from of an article readers may never see
# Ranking tiers: any headline hit above any body-only hit, then whole words, then BM25.
HEADLINE_BOOST, WORD_BOOST = 1000.0, 100.0
WRITER_HEAP = 64_000_000
# An n-gram is worth a posting list only when every bigram in it is in at least this share of the
# articles: otherwise its phrase of bigrams is led by a posting list shorter than that, and is
# checked by position about as fast (benchmarks/README.md, "common n-grams only").
COMMON_SHARE = 0.05
COMMON_BIGRAMS_FILE = "common_bigrams.txt"


@dataclass
class Found:
    """What one search found: the exact count, facets over every match, the page's ids."""

    count: int
    years: dict[int, int]
    sections: dict[int, int]
    ids: list[int]


def schema(ngrams=NGRAMS) -> tantivy.Schema:
    builder = tantivy.SchemaBuilder()
    builder.add_integer_field("article_id", indexed=True, fast=True)
    # (date, article id) in one number, newest first in one sort: date ordinal × 10⁹ + id
    builder.add_integer_field("newest", indexed=False, fast=True)
    builder.add_integer_field("day", indexed=False, fast=True)
    builder.add_integer_field("year", indexed=False, fast=True)
    builder.add_integer_field("section", indexed=False, fast=True)
    builder.add_integer_field("visible_from", indexed=False, fast=True)
    for name, option in (("headline", "position"), ("text", "position"), ("words", "basic")):
        builder.add_text_field(name, tokenizer_name=TOKENIZER, index_option=option)
    # every three- and four-character window, without positions, as in PostgreSQL's columns:
    # a term of three or four characters is one look-up, a longer one checks positions only
    # where all its four-grams are (docs/search.md)
    for name in ngrams:
        builder.add_text_field(name, tokenizer_name=TOKENIZER, index_option="basic")
    return builder.build()


def common_bigrams(texts, share: float = COMMON_SHARE) -> frozenset[str]:
    """The bigrams in at least `share` of the documents; `texts`: each document's token texts
    (token_texts()'s headline and body lists, or any list of space-separated tokens)."""
    counts, documents = Counter(), 0
    for fields in texts:
        documents += 1
        counts.update({token for text in fields for token in text.split() if len(token) == 2})
    return frozenset(bigram for bigram, n in counts.items() if n >= share * documents)


def database_common_bigrams(share: float = COMMON_SHARE) -> frozenset[str]:
    """common_bigrams() of every article in the database: what an index built from it keeps."""
    texts = (token_texts(row) for _, row in _rows(indexing.articles_for_indexing()))
    return common_bigrams((headline + body for headline, body, _ in texts), share)


def _rows(articles):
    """(article, indexing.IndexRow) for each article of the queryset."""
    for article in articles:
        fields = indexing.headline_fields(article), indexing.body_fields(article)
        yield article, indexing.build_row(article.pk, *fields)


def _epoch(moment: datetime.datetime | None) -> int:
    return NO_DATE if moment is None else int(moment.timestamp())


def token_texts(row) -> tuple[list[str], list[str], str]:
    """(headline fields, body fields, words) of an IndexRow as space-separated tokens: what a
    document holds, in a form cheap to send from the process that tokenised it."""
    return (
        [" ".join(tokens) for _, tokens in row.headline if tokens],
        [" ".join(tokens) for _, tokens in row.body if tokens],
        " ".join(sorted(row.words)),
    )


class TantivyIndex:
    """An index in a directory (created when missing): add/replace, delete, search.

    `ngrams`: which of the n-gram fields (postgres.NGRAMS, name: size) it has; a term without
    its n-gram field is a phrase of its tokens, checked by position (a measured variant).
    `common`: the bigrams in many articles (common_bigrams()); given, the n-gram fields keep only
    the n-grams made of them, and a term whose n-grams are not kept is a phrase of its tokens.
    It is part of the index: stored in its directory when given, read from there when not
    (an index built without it keeps every n-gram)."""

    def __init__(self, path: Path, ngrams=NGRAMS, common: frozenset[str] | None = None):
        Path(path).mkdir(parents=True, exist_ok=True)
        stored = Path(path) / COMMON_BIGRAMS_FILE
        if common is not None:
            stored.write_text("\n".join(sorted(common)), encoding="utf-8")
        elif stored.exists():
            common = frozenset(stored.read_text(encoding="utf-8").split())
        self.common = common
        self.ngrams = dict(ngrams)
        self.schema = schema(self.ngrams)
        self.index = tantivy.Index(self.schema, path=str(path))
        self.index.register_tokenizer(
            TOKENIZER, tantivy.TextAnalyzerBuilder(tantivy.Tokenizer.whitespace()).build()
        )

    # Indexing ----------------------------------------------------------------------------------

    def document(self, row, *, date: datetime.date, section: int | None, visible_from):
        """The Tantivy document of one indexing.IndexRow."""
        return self.document_of_texts(
            row.article_id, *token_texts(row), date=date, section=section, visible_from=visible_from
        )

    def document_of_texts(
        self, article_id: int, headline, body, words, *, date, section, visible_from, ngrams=None
    ):
        """The document from token_texts(): each field a value of its own, so that no phrase
        spans two fields (Tantivy leaves a gap in positions between values). `ngrams`: the
        texts' ngram_texts(), when already computed."""
        document = tantivy.Document()
        document.add_integer("article_id", article_id)
        document.add_integer("newest", date.toordinal() * 10**9 + article_id)
        document.add_integer("day", date.toordinal())
        document.add_integer("year", date.year)
        document.add_integer("section", section or 0)
        document.add_integer("visible_from", _epoch(visible_from))
        for text in headline:
            document.add_text("headline", text)
            document.add_text("text", text)
        for text in body:
            document.add_text("text", text)
        document.add_text("words", words)
        for name, text in (ngrams or self.ngram_texts(headline, body)).items():
            document.add_text(name, text)
        return document

    def ngram_texts(self, headline, body) -> dict[str, str]:
        """Each n-gram field's text: the distinct windows of the headline and body tokens."""
        fields = [text.split() for text in [*headline, *body]]
        return {
            name: " ".join(
                sorted(
                    {
                        ngram
                        for tokens in fields
                        for ngram in chained_ngrams(tokens, size)
                        if self.is_indexed(ngram)
                    }
                )
            )
            for name, size in self.ngrams.items()
        }

    def is_indexed(self, ngram: str) -> bool:
        """Whether the n-gram has a posting list: always, or when every bigram in it is common."""
        common = self.common
        return common is None or all(bigram in common for bigram in windows([ngram], 2))

    def writer(self, threads: int = 1, heap: int = WRITER_HEAP):
        """A writer of `threads` indexing threads, `heap` bytes each (a larger heap writes fewer,
        larger segments: fewer merges in a bulk load)."""
        return self.index.writer(heap * threads, threads)

    def replace(self, documents, article_ids) -> None:
        """Store these documents in place of any earlier ones of the same articles; one commit."""
        writer = self.writer()
        for article_id in article_ids:
            writer.delete_documents_by_term("article_id", article_id)
        for document in documents:
            writer.add_document(document)
        writer.commit()
        writer.wait_merging_threads()
        self.index.reload()

    def index_articles(self, article_ids) -> None:
        """(Re)index these articles from the database, as indexing.index_articles() does for the
        other backends; ids of deleted articles are dropped."""
        article_ids = list(article_ids)
        documents = [
            self.document(
                row,
                date=article.issue.date,
                section=article.section_id,
                visible_from=indexing.visible_from(article),
            )
            for article, row in _rows(indexing.articles_for_indexing().filter(pk__in=article_ids))
        ]
        self.replace(documents, article_ids)

    def delete(self, article_ids) -> None:
        self.replace([], article_ids)

    # Searching ---------------------------------------------------------------------------------

    def _phrase(self, field: str, term) -> tantivy.Query:
        """Any spelling of the term: as its one trigram or four-gram, or as a phrase of its
        tokens (the last one a prefix when the term ends in one Chinese character, as in the
        other backends) where all its four-grams are."""
        spellings = [self._spelling(field, spelling) for spelling in term.spellings]
        if len(spellings) == 1:
            return spellings[0]
        return tantivy.Query.boolean_query([(tantivy.Occur.Should, q) for q in spellings])

    def _spelling(self, field: str, spelling) -> tantivy.Query:
        tokens = list(spelling.tokens)
        if spelling.prefix_last:
            return tantivy.Query.phrase_prefix_query(self.schema, field, tokens)
        if len(tokens) == 1:
            return tantivy.Query.term_query(self.schema, field, tokens[0])
        phrase = tantivy.Query.phrase_query(self.schema, field, tokens)
        if field != "text":
            return phrase
        for name, size in sorted(self.ngrams.items(), key=lambda item: -item[1]):
            ngrams = {ngram for ngram in chained_ngrams(tokens, size) if self.is_indexed(ngram)}
            if not ngrams:  # none, or none common: a phrase led by a rarer bigram's postings
                continue
            lookups = [
                (tantivy.Occur.Must, tantivy.Query.term_query(self.schema, name, ngram))
                for ngram in sorted(ngrams)
            ]
            if len(tokens) == size - 1:  # the term is this one n-gram: no positions to check
                return tantivy.Query.boolean_query(lookups)
            return tantivy.Query.boolean_query([*lookups, (tantivy.Occur.Must, phrase)])
        return phrase

    def match(self, query: Query, *, field: str = "text") -> tantivy.Query:
        """Every term of the query in the field."""
        return tantivy.Query.boolean_query(
            [(tantivy.Occur.Must, self._phrase(field, term)) for term in query.terms]
        )

    def _filtered(self, query: Query, *, date_from, date_to, section, visible_at):
        clauses = [(tantivy.Occur.Must, self.match(query))]
        if date_from or date_to:
            clauses.append(self._range("day", date_from, date_to))
        if section:
            clauses.append(self._range("section", section, section))
        if visible_at is not None:
            clauses.append(self._range("visible_from", None, _epoch(visible_at)))
        return tantivy.Query.boolean_query(clauses)

    def _range(self, field, lower, upper):
        def value(bound):
            return bound.toordinal() if isinstance(bound, datetime.date) else bound

        return (
            tantivy.Occur.Must,
            tantivy.Query.range_query(
                self.schema, field, tantivy.FieldType.Integer, value(lower), value(upper)
            ),
        )

    def search(
        self,
        query: Query,
        *,
        order: str = "relevance",
        date_from: datetime.date | None = None,
        date_to: datetime.date | None = None,
        section: int | None = None,
        visible_at: datetime.datetime | None = None,
        limit: int = 20,
        offset: int = 0,
        facets: bool = True,
    ) -> Found:
        """Matches readers may see at `visible_at` (None: all, as staff), narrowed by the filters:
        exact count, facets over all of them, and the ids of the page in the order asked."""
        searcher = self.index.searcher()
        matches = self._filtered(
            query, date_from=date_from, date_to=date_to, section=section, visible_at=visible_at
        )
        if order == "date":
            result = searcher.search(
                matches, limit=limit, offset=offset, count=True, order_by_field="newest"
            )
        else:
            ranked = tantivy.Query.boolean_query(
                [
                    (tantivy.Occur.Must, matches),
                    (tantivy.Occur.Should, self._boosted(self.match(query, field="headline"), 1)),
                    *self._word_clauses(query),
                ]
            )
            result = searcher.search(ranked, limit=limit, offset=offset, count=True)
        addresses = [address for _, address in result.hits]
        ids = searcher.fast_field_values("article_id", addresses) if addresses else []
        years, sections = self._facets(searcher, matches) if facets else ({}, {})
        return Found(count=result.count, years=years, sections=sections, ids=ids)

    def _boosted(self, query, tier: int):
        score = HEADLINE_BOOST if tier == 1 else WORD_BOOST
        return tantivy.Query.const_score_query(query, score)

    def _word_clauses(self, query: Query):
        words = sorted(query.words())
        if not words:
            return []
        every_word = tantivy.Query.boolean_query(
            [
                (tantivy.Occur.Must, tantivy.Query.term_query(self.schema, "words", word))
                for word in words
            ]
        )
        return [(tantivy.Occur.Should, self._boosted(every_word, 2))]

    def _facets(self, searcher, matches) -> tuple[dict[int, int], dict[int, int]]:
        aggregated = searcher.aggregate(
            matches,
            {
                "years": {"terms": {"field": "year", "size": 1000}},
                "sections": {"terms": {"field": "section", "size": 1000}},
            },
        )

        def counts(name):
            return {
                int(bucket["key"]): bucket["doc_count"] for bucket in aggregated[name]["buckets"]
            }

        sections = counts("sections")
        sections.pop(0, None)  # articles without a section
        return counts("years"), sections
