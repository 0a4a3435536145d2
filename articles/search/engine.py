"""search_articles(): the one entry point for the search page, the admin and the API.

The engine finds the ids of the matching articles, counts and facets them with bounded work, ranks
a bounded set of candidates, and loads the page's articles with the queryset its caller gives
(what the caller shows: no second load). How and why, with measurements: docs/search.md.
"""

import datetime
from dataclasses import dataclass, field

from django.db.models import Q
from django.utils import timezone

from publishing.visibility import sees_unpublished

from ..models import Article, ArticleCredit, SearchDocument, Section
from . import backends, highlight
from .base import READINGS, Summary
from .query import Query, parse_query

COUNT_LIMIT = 10_000
TRUSTED_ESTIMATE = 3
CANDIDATES = 200
FACET_SAMPLE = 2_000
MIN_SAMPLE = 200
ROW_BUDGET = 5_000
ORDERS = ("relevance", "date")


@dataclass
class SearchFilters:
    """Optional filters; model instances or primary keys are both accepted."""

    @classmethod
    def from_cleaned_data(cls, data: dict) -> "SearchFilters":
        """The filters named in a form's (or filterset's) cleaned data; other keys are ignored."""
        names = cls.__dataclass_fields__
        return cls(**{name: value for name, value in data.items() if name in names and value})

    publication: object = None
    section: object = None
    person: object = None
    place: object = None
    tag: object = None
    genre: str = ""
    origin: str = ""
    date_from: datetime.date | None = None
    date_to: datetime.date | None = None
    issue: object = None
    page: object = None
    source_publication: object = None
    updated_since: datetime.datetime | None = None


@dataclass
class SearchHit:
    """One result: the article (loaded by the caller's queryset), its score and highlights."""

    article: Article
    score: float
    headline_html: str
    snippet: str


@dataclass
class SearchResults:
    query: Query
    order: str
    items: list[SearchHit]
    count: int
    count_is_estimate: bool
    facets_by_year: list[tuple[int, int]] = field(default_factory=list)
    facets_by_section: list[tuple[Section, int]] = field(default_factory=list)
    # With relevance order only the first `ranked_limit` matches can be paged through.
    ranked_limit: int | None = None
    # When counts are estimates, the facets count this many matches (the newest), not all.
    facet_sample_size: int | None = None


# SearchFilters field → lookup on SearchDocument (person, through the credits, is apart)
FILTER_LOOKUPS = {
    "publication": "article__issue__publication",
    "section": "section",
    "genre": "article__genre",
    "origin": "article__origin",
    "date_from": "date__gte",
    "date_to": "date__lte",
    "tag": "article__tags",
    "place": "article__places",
    "issue": "article__issue",
    "page": "article__page",
    "source_publication": "article__source_publication",
    "updated_since": "article__updated_at__gte",
}


def _pk(value):
    return getattr(value, "pk", value)


def documents_for(user=None, filters: SearchFilters | None = None):
    """Search documents the user may see, narrowed by the filters (no text condition yet)."""
    documents = SearchDocument.objects.all()
    if user is None or not sees_unpublished(user):
        documents = documents.filter(visible_from__lte=timezone.now())
    f = filters or SearchFilters()
    conditions = Q()
    for name, lookup in FILTER_LOOKUPS.items():
        value = getattr(f, name)
        if value:
            conditions &= Q(**{lookup: _pk(value)})
    if f.person:
        credited = ArticleCredit.objects.filter(person=_pk(f.person)).values("article_id")
        conditions &= Q(article_id__in=credited)
    return documents.filter(conditions)


@dataclass
class _Found:
    summary: Summary
    count: int
    is_estimate: bool
    complete: bool  # the summary read every match
    newest_first: bool  # the summary read the newest matches


def _matching_rows(matches: dict, documents, backend, keep: int) -> _Found:
    """Count and summarise the matches, reading a bounded number of rows.

    The planner's estimate picks the path: up to TRUSTED_ESTIMATE × COUNT_LIMIT expected matches,
    up to COUNT_LIMIT + 1 are read in table order (exact when that is all of them); above, the
    newest matches are read down the date index, a sample sized to read about ROW_BUDGET rows.
    `matches` holds the matches for each reading of the backend's match(). Why: docs/search.md.
    A backend whose estimate is an exact count (which reads every match) is asked for it only
    when the table-order read found more than COUNT_LIMIT.
    """

    def in_table_order():
        return backend.summarise(matches["count"], limit=COUNT_LIMIT + 1, newest=keep)

    summary = in_table_order() if backend.estimate_is_exact else None
    if summary is not None and summary.read <= COUNT_LIMIT:
        return _Found(summary, summary.read, False, True, False)
    estimate = backend.estimate_count(matches["estimate"])
    if estimate <= TRUSTED_ESTIMATE * COUNT_LIMIT:
        summary = summary or in_table_order()
        if summary.read <= COUNT_LIMIT:
            return _Found(summary, summary.read, False, True, False)
        return _Found(summary, max(summary.read, estimate), True, False, False)
    documents_count = max(backend.estimate_count(documents), estimate, 1)
    size = min(FACET_SAMPLE, max(MIN_SAMPLE, ROW_BUDGET * estimate // documents_count))
    summary = backend.summarise(_newest(matches["newest"]), limit=size, newest=keep)
    if summary.read < size:
        return _Found(summary, summary.read, False, True, True)
    return _Found(summary, max(estimate, summary.read), True, False, True)


def _newest(queryset):
    return queryset.order_by("-date", "-article_id")


def _facets(summary: Summary, *, with_sections: bool = True):
    """[(year, n)] newest first and [(Section, n)] most first (empty without with_sections)."""
    if not with_sections:
        return sorted(summary.years.items(), reverse=True), []
    names = Section.objects.in_bulk(list(summary.sections))
    by_section = sorted(
        ((names[pk], n) for pk, n in summary.sections.items() if pk in names),
        key=lambda item: (-item[1], item[0].name),
    )
    return sorted(summary.years.items(), reverse=True), by_section


def _scores(ids, query, backend) -> dict[int, float]:
    """4 × headline hit + 2 × whole-word hit + rank (0..1) for a bounded set of article ids."""
    return {
        pk: 4 * headline_hit + 2 * word_hit + rank
        for pk, (headline_hit, word_hit, rank) in backend.score_parts(ids, query).items()
    }


def search_articles(
    text: str,
    *,
    filters: SearchFilters | None = None,
    order: str = "relevance",
    user=None,
    limit: int = 20,
    offset: int = 0,
    articles=None,
    facets: bool = True,
) -> SearchResults:
    """Published articles containing every term of `text` (staff `user`: drafts too).

    `articles` is the Article queryset the page's hits are loaded from, with whatever the caller
    shows of them; it decides what the reader may see (start from for_reader() or published())
    and must use with_printed_photos(), whose captions the snippets quote. By default: the
    user's visible articles with_search_hit_data(), what the search page shows of a hit.
    `facets=False` skips the facets' section names.

    Raises query.QueryError (message for the reader) when the text cannot be searched.
    """
    query = parse_query(text)
    if order not in ORDERS:
        order = "relevance"
    if articles is None:
        visible = Article.objects.for_reader(user) if user else Article.objects.published()
        articles = visible.with_search_hit_data()
    backend = backends.current()
    with backend.session() as long_documents:
        page_ids, scores, found, ranked_limit = _search(
            query, backend, long_documents, filters, order, user, limit, offset
        )
    by_year, by_section = _facets(found.summary, with_sections=facets)
    return SearchResults(
        query=query,
        order=order,
        items=_hits(articles, page_ids, scores, query),
        count=found.count,
        count_is_estimate=found.is_estimate,
        facets_by_year=by_year,
        facets_by_section=by_section,
        ranked_limit=ranked_limit,
        facet_sample_size=found.summary.read if found.is_estimate else None,
    )


def _hits(articles, page_ids: list[int], scores: dict[int, float], query) -> list[SearchHit]:
    """The page's articles, loaded by `articles`, in the order of page_ids, with highlights."""
    loaded = articles.in_bulk(page_ids)
    items = []
    for pk in page_ids:
        article = loaded.get(pk)
        if article is None:
            continue
        fields = [article.body] + [photo.caption for photo in article.published_photos]
        fields += [article.subheadline, article.kicker]
        items.append(
            SearchHit(
                article=article,
                score=round(scores.get(pk, 0.0), 4),
                headline_html=highlight.mark(article.headline, query),
                snippet=highlight.snippet(fields, query),
            )
        )
    return items


def _search(query, backend, long_documents, filters, order, user, limit, offset):
    """(the page's article ids, their scores, what was found, ranked_limit)."""
    documents = documents_for(user, filters).order_by()
    matches = {
        reading: documents.filter(
            backend.match(query, long_documents=long_documents, reading=reading)
        )
        for reading in READINGS
    }
    keep = max(CANDIDATES, offset + limit) if order == "relevance" else offset + limit
    found = _matching_rows(matches, documents, backend, keep)
    newest = found.summary.newest
    ranked_limit = None
    if order == "date":
        if found.complete or (found.newest_first and offset + limit <= len(newest)):
            page_ids = [pk for pk, _ in newest[offset : offset + limit]]
        else:
            page_ids = list(
                _newest(matches["count"]).values_list("pk", flat=True)[offset : offset + limit]
            )
        scores = _scores(page_ids, query, backend)
    else:
        # Candidates: the newest matches we read (all of them, the newest sample, or, for a term
        # with too many matches to count, the newest of those read in table order, which keeps
        # the work bounded) and the newest headline matches, which rank first.
        candidates = dict(newest[:CANDIDATES])
        if not (found.complete and found.count <= CANDIDATES):  # else every match is one
            headline_matches = documents.filter(
                backend.match(query, headline_only=True, long_documents=False)
            )
            newest_headlines = _newest(headline_matches).values_list("pk", "date")
            candidates |= dict(newest_headlines[:CANDIDATES])
        scores = _scores(list(candidates), query, backend)
        ranked = sorted(
            candidates, key=lambda pk: (-scores.get(pk, 0), -candidates[pk].toordinal(), -pk)
        )
        ranked_limit = len(ranked)
        page_ids = ranked[offset : offset + limit]
    return page_ids, scores, found, ranked_limit


def matching_article_ids(text: str, *, user=None):
    """A subquery of the ids of articles matching `text` (raises QueryError), for ORM filters."""
    query = parse_query(text)
    backend = backends.current()
    match = backend.match(query, long_documents=backend.has_long_documents())
    return documents_for(user).filter(match).values("article_id")
