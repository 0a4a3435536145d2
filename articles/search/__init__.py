"""Chinese full-text search over articles: one interface, a PostgreSQL and a SQLite backend.

Use from a view, the admin or a DRF view/filter::

    from articles.search import QueryError, SearchFilters, search_articles

    try:
        results = search_articles(
            request.GET.get("q"),
            filters=SearchFilters(section=section, date_from=date(2020, 1, 1)),
            order="relevance",          # or "date" (newest first)
            user=request.user,          # staff also find drafts; None = anonymous reader
            limit=20,
            offset=0,
            articles=None,              # the Article queryset hits are loaded with (default: the
        )                               # user's visible articles with_search_hit_data())
    except QueryError as error:
        return Response({"q": [str(error)]}, status=400)   # message in Chinese, for the reader
    for hit in results.items:        # hit.article (from `articles`), hit.score,
        ...                          # hit.snippet / hit.headline_html (escaped HTML with <mark>)
    results.count, results.count_is_estimate              # exact up to 10,000
    results.facets_by_year, results.facets_by_section     # [(2020, 12), …], [(Section, 3), …]

For a queryset of matching articles (e.g. the admin's changelist), use ``matching_article_ids``.
Backends implement ``base.SearchBackend``; the design and its measurements: docs/search.md.
Indexing: ``index_articles(ids)`` after bulk writes (saves are handled by signals) and
``manage.py rebuild_search_index`` for everything.
"""

from .engine import SearchFilters, SearchHit, SearchResults, matching_article_ids, search_articles
from .indexing import index_articles, remove_articles
from .query import QueryError, parse_query

__all__ = [
    "QueryError",
    "SearchFilters",
    "SearchHit",
    "SearchResults",
    "index_articles",
    "matching_article_ids",
    "parse_query",
    "remove_articles",
    "search_articles",
]
