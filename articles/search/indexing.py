"""Keeping the search index current: build and store the index rows of given articles.

Called by the signals on every save (articles/search/signals.py), by importers after bulk
writes (which send no signals), and by ``manage.py rebuild_search_index``.
"""

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from django.db import transaction

from publishing.visibility import visible_since

from ..models import Article, SearchDocument
from . import backends
from . import tokens as tk

BATCH_SIZE = 500


@dataclass
class IndexRow:
    """What the backends store for one article: tokens by field, and its whole words.

    `headline` and `body` hold (position of the first token, tokens) per field, as
    tokens.positioned_fields() numbers them; the body starts after the headline fields.
    """

    article_id: int
    headline: list[tuple[int, list[str]]]
    body: list[tuple[int, list[str]]]
    words: set[str]


def headline_fields(article: Article) -> list[str]:
    return [article.kicker, article.headline, article.subheadline]


def body_fields(article: Article) -> list[str]:
    """Body, captions and the names of everyone credited: what a reader may search for."""
    fields = [article.dateline, article.body, article.signature]
    fields.extend(credit.person.name for credit in article.article_credits.all())
    for photo in article.photos.all():
        fields.append(photo.caption)
        fields.extend(credit.person.name for credit in photo.photo_credits.all())
    return fields


def visible_from(article: Article):
    """When readers may first see the article (both it and its issue published), else None."""
    return visible_since(article, article.issue)


def articles_for_indexing():
    """Articles with everything the index reads, in a fixed number of queries per batch."""
    return Article.objects.select_related("issue").prefetch_related(
        "article_credits__person", "photos__photo_credits__person"
    )


def build_row(article_id: int, head: list[str], body: list[str]) -> IndexRow:
    """The index row of an article from its headline fields and its body fields.

    The one definition of what is indexed; the benchmark (benchmarks/search.py) calls it too.
    """
    headline = tk.positioned_fields(head)
    last = max((first + len(tokens) - 1 for first, tokens in headline if tokens), default=0)
    return IndexRow(
        article_id=article_id,
        headline=headline,
        body=tk.positioned_fields(body, start=last + 2 if last else 1),
        words=tk.words(head + body),
    )


def long_text(head: list[str], body: list[str]) -> str:
    """The text kept for the substring fallback of articles beyond the backend's limits."""
    return tk.normalize("\n".join(head + body))


def _build(article: Article, backend) -> tuple[SearchDocument, tuple]:
    head = headline_fields(article)
    body = body_fields(article)
    values, is_long = backend.index_values(build_row(article.pk, head, body))
    document = SearchDocument(
        article_id=article.pk,
        date=article.issue.date,
        visible_from=visible_from(article),
        section_id=article.section_id,
        is_long=is_long,
        long_text=long_text(head, body) if is_long else "",
    )
    return document, (article.pk, values)


def _batches(ids: list[int]) -> Iterator[list[int]]:
    for start in range(0, len(ids), BATCH_SIZE):
        yield ids[start : start + BATCH_SIZE]


def index_articles(article_ids: Iterable[int], *, progress=None) -> int:
    """(Re)index these articles; ids of deleted articles are dropped from the index."""
    backend = backends.current()
    ids = sorted(set(article_ids))
    done = 0
    for batch in _batches(ids):
        with transaction.atomic():
            articles = list(articles_for_indexing().filter(pk__in=batch))
            built = [_build(article, backend) for article in articles]
            found = {article.pk for article in articles}
            missing = [pk for pk in batch if pk not in found]
            if missing:
                remove_articles(missing)
            SearchDocument.objects.bulk_create(
                [document for document, _ in built],
                update_conflicts=True,
                unique_fields=["article"],
                update_fields=["date", "visible_from", "section", "is_long", "long_text"],
            )
            backend.write([values for _, values in built])
        done += len(batch)
        if progress is not None:
            progress.update(len(batch))
    return done


def remove_articles(article_ids: Iterable[int]) -> None:
    """Drop these articles from the index."""
    article_ids = list(article_ids)
    backends.current().delete(article_ids)
    SearchDocument.objects.filter(article_id__in=article_ids).delete()


def update_issue_fields(article_ids: Iterable[int]) -> None:
    """Refresh what the articles take from their issue: visibility and date (no re-tokenising)."""
    documents = [
        SearchDocument(
            article_id=article.pk, date=article.issue.date, visible_from=visible_from(article)
        )
        for article in Article.objects.select_related("issue").filter(pk__in=list(article_ids))
    ]
    SearchDocument.objects.bulk_update(documents, ["date", "visible_from"], batch_size=BATCH_SIZE)
