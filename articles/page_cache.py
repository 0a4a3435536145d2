"""What an edit of an article makes stale in the page cache (publishing/caching.py), so that
saving one article leaves the pages that do not show it cached (docs/caching.md).

Tags: "article:<pk>" (its own page and citation, and every article page listing it among
related items), "page:<pk>" (the article pages of a printed page: each shows the items before
and after it), "issue:<pk>" (the issue's pages: they list its headlines; and the issues whose
"on this day" shows its front page), "tag:<pk>" and "place:<pk>" (the article pages whose
related items are chosen by them) and LISTS (every list across issues). Any other change, and
any edit that moves an article in or out of what readers see, bumps everything.
"""

from django.db.models.signals import post_save

from publishing.caching import EVERYTHING, LISTS

from .models import Article

# An article whose status, publish time, issue, page or date changes may enter or leave any
# list, any "related items" and any neighbours: such a save bumps everything.
_PLACEMENT = ("status", "published_at", "issue_id", "page_id", "issue_date")


def article_tags(article) -> set[str]:
    """The tags of what shows `article` where it is now."""
    return {
        f"article:{article.pk}",
        f"page:{article.page_id}",
        f"issue:{article.issue_id}",
        LISTS,
    }


def article_page_tags(data: dict) -> set[str]:
    """The tags of what an article page (articles.selectors.article_page) shows."""
    article = data["article"]
    return {
        f"article:{article.pk}",
        f"page:{article.page_id}",  # the items before and after it
        *(f"tag:{tag.pk}" for tag in data["tags"]),  # related items are chosen by these
        *(f"place:{place.pk}" for place in data["places"]),
        *(f"article:{other.pk}" for other in data["related"]),  # their headlines
    }


def remember_placement(sender, instance, raw=False, **kwargs):
    """pre_save of Article: where the article was before this save (one query per save)."""
    adding = raw or instance._state.adding or instance.pk is None
    instance._placement_before = (
        None if adding else Article.objects.filter(pk=instance.pk).values_list(*_PLACEMENT).first()
    )


def saved_article_tags(instance, signal=None, raw=False, **kwargs) -> set[str]:
    """An article saved in place: what shows it; created, moved or deleted: everything."""
    before = getattr(instance, "_placement_before", None)
    if signal is not post_save or raw or before is None:
        return {EVERYTHING}
    if before != tuple(getattr(instance, name) for name in _PLACEMENT):
        return {EVERYTHING}
    return article_tags(instance)


def linked_tags(kind: str):
    """m2m_changed of Article.tags / Article.places: the article, and the subjects added or
    removed (the related items of their other articles may now name it, or no longer)."""

    def tags_of(instance, action="", reverse=False, pk_set=None, **kwargs) -> set[str]:
        if not action.startswith("post_"):
            return set()  # the pre_ signal of the same change
        if reverse or pk_set is None or not isinstance(instance, Article):
            return {EVERYTHING}
        return article_tags(instance) | {f"{kind}:{pk}" for pk in pk_set}

    return tags_of


def nothing_shown(instance, **kwargs) -> set[str]:
    """The search index: no cached page shows it (search results are never cached)."""
    return set()
