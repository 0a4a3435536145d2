"""search_articles(): the one entry point for the search page, the admin and the API.

Bounded work per request, whatever the query (see the benchmark in benchmarks/search.py):

- One read of the matches (pk, date, section), at most COUNT_LIMIT + 1 rows, gives the count,
  the facets, and, when it holds every match, the date order and the candidates too (sorted in
  Python). When the planner expects far more than the limit (its estimate costs ~1 ms), the newest
  FACET_SAMPLE matches are read through the date index instead, which stays fast however common
  the term is.
- Relevance: ranking every match of a term found in most articles would cost seconds, so we rank a
  bounded candidate set: the newest CANDIDATES headline matches (small GIN index) plus the newest
  CANDIDATES matches anywhere. Score = 4 × headline hit + 2 × whole-word hit + ts_rank/bm25 (0..1),
  ties newest first. For terms with fewer than CANDIDATES matches the order is exact; for common
  terms it is the best of the newest matches plus every recent headline match. 1,000 candidates
  measured no better than 500 at 300,000 articles (benchmarks/README.md).
- Counts are exact up to COUNT_LIMIT; above, the planner's estimate with `count_is_estimate` set,
  and the facets count a stated sample (`facet_sample_size`). Counting 10,000 phrase matches
  exactly means re-checking 10,000 TOASTed tsvectors (100–500 ms measured), so when the planner
  already expects far more, we skip straight to the sample.
"""

import datetime
from collections import Counter
from dataclasses import dataclass, field

from django.db.models import Q
from django.utils import timezone

from ..models import Article, ArticleCredit, SearchDocument, Section
from . import backends, highlight
from .query import Query, parse_query

COUNT_LIMIT = 10_000
CANDIDATES = 500
FACET_SAMPLE = 2_000
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


def _pk(value):
    return getattr(value, "pk", value)


def documents_for(user=None, filters: SearchFilters | None = None):
    """Search documents the user may see, narrowed by the filters (no text condition yet)."""
    documents = SearchDocument.objects.all()
    if not (user is not None and user.is_staff):
        documents = documents.filter(visible_from__lte=timezone.now())
    f = filters or SearchFilters()
    conditions = Q()
    if f.publication:
        conditions &= Q(article__issue__publication=_pk(f.publication))
    if f.section:
        conditions &= Q(section=_pk(f.section))
    if f.genre:
        conditions &= Q(article__genre=f.genre)
    if f.origin:
        conditions &= Q(article__origin=f.origin)
    if f.date_from:
        conditions &= Q(date__gte=f.date_from)
    if f.date_to:
        conditions &= Q(date__lte=f.date_to)
    if f.tag:
        conditions &= Q(article__tags=_pk(f.tag))
    if f.place:
        conditions &= Q(article__places=_pk(f.place))
    if f.person:
        credited = ArticleCredit.objects.filter(person=_pk(f.person)).values("article_id")
        conditions &= Q(article_id__in=credited)
    return documents.filter(conditions)


def _matching_rows(matches, backend):
    """(rows, count, is_estimate, newest_first, complete); rows are (pk, date, section_id).

    The planner's estimate (about a millisecond) picks the path. Clearly above the limit, the
    rows are the newest FACET_SAMPLE matches (the date index finds them without reading every
    match) and the count is the estimate. Otherwise up to COUNT_LIMIT + 1 matches are read once,
    and when that is all of them (`complete`) they also give the date order and the candidates.
    """
    estimate = backend.estimate_count(matches)
    if estimate > 5 * COUNT_LIMIT:
        rows = list(
            matches.order_by("-date", "-article_id").values_list("pk", "date", "section_id")[
                :FACET_SAMPLE
            ]
        )
        complete = len(rows) < FACET_SAMPLE
        count = len(rows) if complete else max(estimate, len(rows))
        return rows, count, not complete, True, complete
    rows = list(matches.values_list("pk", "date", "section_id")[: COUNT_LIMIT + 1])
    if len(rows) <= COUNT_LIMIT:
        rows.sort(key=lambda row: (row[1], row[0]), reverse=True)
        return rows, len(rows), False, True, True
    return rows[:COUNT_LIMIT], max(len(rows), estimate), True, False, False


def _facets(rows):
    years = Counter(date.year for _, date, _ in rows)
    sections = Counter(section_id for _, _, section_id in rows if section_id)
    names = Section.objects.in_bulk(list(sections))
    by_section = sorted(
        ((names[pk], n) for pk, n in sections.items() if pk in names),
        key=lambda item: (-item[1], item[0].name),
    )
    return sorted(years.items(), reverse=True), by_section


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
    documents = documents_for(user, filters)
    matches = documents.filter(backend.match(query))
    rows, count, is_estimate, newest_first, complete = _matching_rows(matches, backend)
    by_year, by_section = _facets(rows)
    newest_rows = rows if newest_first else None
    ranked_limit = None
    if order == "date":
        if complete or (newest_rows is not None and offset + limit <= len(newest_rows)):
            page_ids = [pk for pk, _, _ in newest_rows[offset : offset + limit]]
        else:
            newest = matches.order_by("-date", "-article_id").values_list("pk", flat=True)
            page_ids = list(newest[offset : offset + limit])
        scores = _scores(page_ids, query, backend)
    else:
        if newest_rows is not None:
            candidates = {pk: date for pk, date, _ in newest_rows[:CANDIDATES]}
        else:
            newest = matches.order_by("-date", "-article_id").values_list("pk", "date")
            candidates = dict(newest[:CANDIDATES])
        # Headline tokens are also in the full vector, so this needs only the small GIN index.
        headline_matches = documents.filter(backend.match(query, headline_only=True))
        newest_headlines = headline_matches.order_by("-date", "-article_id")
        candidates |= dict(newest_headlines.values_list("pk", "date")[:CANDIDATES])
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
        count=count,
        count_is_estimate=is_estimate,
        facets_by_year=by_year,
        facets_by_section=by_section,
        ranked_limit=ranked_limit,
        facet_sample_size=len(rows) if is_estimate else None,
    )


def matching_article_ids(text: str, *, user=None):
    """A subquery of the ids of articles matching `text` (raises QueryError), for ORM filters."""
    query = parse_query(text)
    backend = backends.current()
    return documents_for(user).filter(backend.match(query)).values("article_id")
