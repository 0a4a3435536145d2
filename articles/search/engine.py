"""search_articles(): the one entry point for the search page, the admin and the API.

Bounded work per request, whatever the query (measured with 1,000,000 articles by
benchmarks/search.py; figures in benchmarks/README.md):

- Counting: the planner's estimate (one EXPLAIN, about a millisecond) picks the path, see
  _matching_rows(). Up to TRUSTED_ESTIMATE × COUNT_LIMIT expected matches, at most
  COUNT_LIMIT + 1 matches are read in table order: no ORDER BY, so the scan stops there. (With
  ORDER BY date, for a term in 4 % of 1,000,000 articles the planner walked the date index through
  240,000 rows: 730 ms; for one in 2 % it fetched and sorted all 18,000 matches: 120 ms.)
  Above that, the estimate is trusted and only the newest matches are read, down the date index.
- Counts are exact up to COUNT_LIMIT; above, the estimate with `count_is_estimate` set, and the
  facets count the rows that were read (`facet_sample_size`), which readers see as "≥ n".
- The backend counts the facets where the rows are (backend.summarise(); on PostgreSQL in SQL),
  so that only the facets and the newest rows reach Python: converting 10,001 rows in Python
  took longer than reading them.
- Relevance: ranking every match of a term found in most articles would cost seconds, so we rank a
  bounded candidate set: the newest CANDIDATES headline matches (small GIN index) plus the newest
  CANDIDATES of the matches read. Score = 4 × headline hit + 2 × whole-word hit + ts_rank/bm25
  (0..1), ties newest first. For terms with fewer than CANDIDATES matches the order is exact. For
  terms with more than COUNT_LIMIT matches read in table order, the body candidates are the newest
  of those rows rather than the newest overall (finding those would mean a second walk over
  thousands of rows); headline matches, which rank first, are always the newest.
  Scoring reads each candidate's row and its words from TOAST: 200 + 200 candidates cost about
  a third of 500 + 500 at 1,000,000 articles.
"""

import datetime
from dataclasses import dataclass, field

from django.db.models import Q
from django.utils import timezone

from ..models import Article, ArticleCredit, SearchDocument, Section
from . import backends, highlight
from .base import FORMS, Summary
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
    if not (user is not None and user.is_staff):
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

    The planner's estimate (one EXPLAIN, about a millisecond) picks the path:

    - Up to TRUSTED_ESTIMATE × COUNT_LIMIT expected matches, up to COUNT_LIMIT + 1 of them are
      read in table order (no ORDER BY: the scan stops there instead of sorting every match).
      When that is all of them the count and facets are exact and the newest `keep` rows give the
      date order and the candidates; otherwise the count is the estimate and the facets count
      the rows read.
    - Above, the estimate is trusted (estimates for frequent lexemes come from the column's
      statistics; for phrases they assume independent lexemes and err low, towards the exact
      path) and the newest matches are read through the date index. That walk reads about
      sample × documents / matches rows, so the sample shrinks for less frequent terms to keep
      the walk near ROW_BUDGET rows.

    The backend counts the facets where the rows are (PostgreSQL: in SQL), so that only the
    facets and the newest `keep` rows travel to Python, not up to 10,001 rows.

    `matches` holds the matches in each form of the backends' match(), by form.
    """
    estimate = backend.estimate_count(matches["estimate"])
    if estimate <= TRUSTED_ESTIMATE * COUNT_LIMIT:
        summary = backend.summarise(matches["count"], limit=COUNT_LIMIT + 1, newest=keep)
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


def _facets(summary: Summary):
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
) -> SearchResults:
    """Published articles containing every term of `text` (staff `user`: drafts too).

    Raises query.QueryError (message for the reader) when the text cannot be searched.
    """
    query = parse_query(text)
    if order not in ORDERS:
        order = "relevance"
    backend = backends.current()
    with backend.session() as long_documents:
        return _search(query, backend, long_documents, filters, order, user, limit, offset)


def _search(query, backend, long_documents, filters, order, user, limit, offset):
    documents = documents_for(user, filters).order_by()
    matches = {
        form: documents.filter(backend.match(query, long_documents=long_documents, form=form))
        for form in FORMS
    }
    keep = max(CANDIDATES, offset + limit) if order == "relevance" else offset + limit
    found = _matching_rows(matches, documents, backend, keep)
    newest = found.summary.newest
    by_year, by_section = _facets(found.summary)
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
    articles = Article.objects.for_reader(user) if user is not None else Article.objects.published()
    loaded = articles.with_listing_data().prefetch_related("photos").in_bulk(page_ids)
    items = []
    for pk in page_ids:
        article = loaded.get(pk)
        if article is None:
            continue
        fields = [article.body] + [photo.caption for photo in article.photos.all()]
        fields += [article.subheadline, article.kicker]
        items.append(
            SearchHit(
                article=article,
                score=round(scores.get(pk, 0.0), 4),
                headline_html=highlight.mark(article.headline, query),
                snippet=highlight.snippet(fields, query),
            )
        )
    return SearchResults(
        query=query,
        order=order,
        items=items,
        count=found.count,
        count_is_estimate=found.is_estimate,
        facets_by_year=by_year,
        facets_by_section=by_section,
        ranked_limit=ranked_limit,
        facet_sample_size=found.summary.read if found.is_estimate else None,
    )


def matching_article_ids(text: str, *, user=None):
    """A subquery of the ids of articles matching `text` (raises QueryError), for ORM filters."""
    query = parse_query(text)
    backend = backends.current()
    match = backend.match(query, long_documents=backend.has_long_documents())
    return documents_for(user).filter(match).values("article_id")
