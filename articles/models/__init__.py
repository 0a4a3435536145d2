"""The archive's data model, one module per kind of thing; names re-exported here."""

from publishing.visibility import Status

from .articles import Article, ArticleCredit, Correction, Genre, Origin
from .images import ArticleRegion, Rendition
from .issues import Issue, Page, PageCredit
from .people import Person
from .photos import Photo, PhotoCredit
from .publications import Publication
from .search import SearchDocument
from .taxonomy import Place, Section, Tag

__all__ = [
    "Article",
    "ArticleCredit",
    "ArticleRegion",
    "Correction",
    "Genre",
    "Issue",
    "Origin",
    "Page",
    "PageCredit",
    "Person",
    "Photo",
    "PhotoCredit",
    "Place",
    "Publication",
    "Rendition",
    "SearchDocument",
    "Section",
    "Status",
    "Tag",
]
