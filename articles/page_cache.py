"""What an edit of an article, a printed page or an issue makes stale in the page cache
(publishing/caching.py), so that saving one leaves the pages that do not show it, or do not
show what changed, cached (docs/caching.md).

Tags: "article:<pk>" (its own page and citation), "related:<pk>" (the article pages listing it
among related items), "page:<pk>" (the article pages of a printed page: each shows the items
before and after it, and the page's name and scan; the home page, naming the latest issue's
pages), "printed:<page pk>" (the printed page and its text: they print its items with their
photos, and the page itself), "issue:<pk>" (the issue page, which lists its pages and
headlines, and the issue pages whose "on this day" shows its front page's first headline),
"tag:<pk>" and "place:<pk>" (the article pages whose related items are chosen by them) and
LISTS (every list across issues). What each of them shows of an article is in SHOWN, of a
printed page in PAGE_SHOWN, of an issue in ISSUE_SHOWN: a save bumps a tag only when one of its
fields changed. Photos, their photographers and renditions bump what prints them; page credits
and a page's scan, what shows that page. Any other change, and any edit that moves an article,
a photo, a page or an issue in or out of what readers see, bumps everything. A draft, and what
belongs to it, shows on no cached page: the desk and the import enter a day's paper as drafts
without making any page stale.
"""

from types import SimpleNamespace

from django.db.models.signals import post_delete, post_save
from django.utils import timezone

from publishing.caching import EVERYTHING, LISTS
from publishing.visibility import Status, is_visible, visible_since

from .models import Article, Issue

# An article whose status, publish time, issue, page or date changes may enter or leave any
# list, any "related items" and any neighbours. One that moves (issue, page or date) bumps
# everything; one published where it is, now, bumps what shows it there and what its topics and
# places may bring it to (as when a publish time passes); one unpublished, the pages that showed
# it; one scheduled, or whose scheduled time moves, bumps everything, which also sets the next
# time to watch.
_PLACEMENT = ("status", "published_at", "issue_id", "page_id", "issue_date")
_VISIBILITY = ("status", "published_at")

# What the pages declaring each kind of tag show of an article (the templates they render), so
# that a save bumps the tag only when one of these fields changed; ALL: any save bumps it.
ALL = None
SHOWN = {
    "article": ALL,  # its own page and citation (article_detail.html, citations.py)
    # 相关报道 in article_detail.html: headline and date, linked by pk
    "related": ("headline", "issue_date"),
    # 上一篇 / 下一篇 in article_detail.html: the headline; which item is next, by position
    "page": ("headline", "position"),
    "printed": ALL,  # _item.html on page_detail.html, page_text.html: its text, photos, regions
    # _page_nav.html headlines in printed order; _on_this_day.html: the first one of page 1
    "issue": ("headline", "position"),
    LISTS: ALL,  # _item.html (kicker, headline, lead, byline), article_list.html, feeds
}
# The stored values remember_placement() reads before a save: all that SHOWN compares.
_COMPARED = tuple(
    dict.fromkeys([*_PLACEMENT, *(name for names in SHOWN.values() if names for name in names)])
)


def article_tags(article, changed=None) -> set[str]:
    """The tags of what shows `article` where it is now; with `changed` (the names of the
    fields a save changed), only of the pages that show one of them."""
    tags = {
        "article": f"article:{article.pk}",
        "related": f"related:{article.pk}",
        "page": f"page:{article.page_id}",
        "printed": f"printed:{article.page_id}",
        "issue": f"issue:{article.issue_id}",
        LISTS: LISTS,
    }
    return _showing(SHOWN, tags, changed)


def _showing(shown: dict, tags: dict, changed) -> set[str]:
    """Of `tags` ({kind: tag}), those whose pages show (`shown[kind]`) a field in `changed`;
    all of them when `changed` is None."""
    return {
        tag
        for kind, tag in tags.items()
        if changed is None or shown[kind] is ALL or not changed.isdisjoint(shown[kind])
    }


def _changed_fields(instance) -> set[str]:
    """The fields remembered before the save (`remembering`) whose value the save changed."""
    before = instance._stored_before
    return {name for name, value in before.items() if getattr(instance, name) != value}


def article_page_tags(data: dict) -> set[str]:
    """The tags of what an article page (articles.selectors.article_page) shows."""
    article = data["article"]
    return {
        f"article:{article.pk}",
        f"page:{article.page_id}",  # the items before and after it
        *(f"tag:{tag.pk}" for tag in data["tags"]),  # related items are chosen by these
        *(f"place:{place.pk}" for place in data["places"]),
        *(f"related:{other.pk}" for other in data["related"]),  # their headlines and dates
    }


def remembering(*fields: str):
    """A pre_save receiver keeping the stored values of `fields` before the save as
    `instance._stored_before` (None for a new row): one query per save."""

    def remember(sender, instance, raw=False, **kwargs):
        adding = raw or instance._state.adding or instance.pk is None
        stored = None if adding else sender.objects.filter(pk=instance.pk).values(*fields).first()
        instance._stored_before = stored

    return remember


# pre_save of Article: where the article was, and what SHOWN compares, before this save
remember_placement = remembering(*_COMPARED)


def saved_article_tags(
    instance, signal=None, raw=False, due=False, created=False, **kwargs
) -> set[str]:
    """An article saved in place: what shows the fields that changed; created, kept or deleted
    as a draft: nothing; published in place, or its publish time just passed (`due`): what
    shows it where it is, and the article pages whose related items its topics and places may
    bring it to; unpublished: what showed it; created (published), scheduled, moved or deleted:
    everything."""
    if due:
        return _where_it_shows(instance)
    before = getattr(instance, "_stored_before", None)
    if signal is post_save and not raw and _is_draft(instance) and (created or _is_draft(before)):
        return set()  # created or kept as a draft: readers saw it nowhere, and still do not
    if signal is post_delete and _is_draft(instance):
        return set()  # a draft deleted (an import replaced, an item removed at the desk)
    if signal is not post_save or raw or before is None:
        return {EVERYTHING}
    changed = _changed_fields(instance)
    if changed.isdisjoint(_PLACEMENT):
        return article_tags(instance, changed)
    moved = not changed.isdisjoint(set(_PLACEMENT) - set(_VISIBILITY))
    if moved or _is_scheduled(before) or _is_scheduled(instance):
        return {EVERYTHING}
    if _is_public_now(instance) and not _is_public_now(before):
        return _where_it_shows(instance)  # its topics' articles may list it among related
    # Gone, or neither before nor after: the pages that showed it declared its tags (those
    # listing it as related, `related:`), and no other related items change.
    return article_tags(instance)


def _where_it_shows(article) -> set[str]:
    """What shows `article` where it is, and the article pages whose related items its topics
    and places choose (they may list it now, or no longer)."""
    return (
        article_tags(article)
        | {f"tag:{pk}" for pk in article.tags.values_list("pk", flat=True)}
        | {f"place:{pk}" for pk in article.places.values_list("pk", flat=True)}
    )


def _is_scheduled(item) -> bool:
    """True for an article or issue (or its stored values) published with a time to come."""
    since = visible_since(_publishable(item))
    return since is not None and since > timezone.now()


def _is_public_now(item) -> bool:
    """True for an article (or its stored values) that readers may see by its own status."""
    return is_visible(_publishable(item))


def _publishable(item):
    """`item`, or the stored values read by remembering(), as the status and publish time that
    publishing.visibility judges."""
    if isinstance(item, dict):
        return SimpleNamespace(status=item["status"], published_at=item["published_at"])
    return item


def linked_tags(kind: str):
    """m2m_changed of Article.tags / Article.places: the article, and the subjects added or
    removed (the related items of their other articles may now name it, or no longer)."""

    def tags_of(instance, action="", reverse=False, pk_set=None, **kwargs) -> set[str]:
        if not action.startswith("post_"):
            return set()  # the pre_ signal of the same change
        if reverse or pk_set is None or not isinstance(instance, Article):
            return {EVERYTHING}
        if not pk_set or _is_draft(instance):
            return set()  # adding what was there already, or to a draft no reader sees
        # No page listing it as related or as a neighbour shows its topics; the related items
        # it joins or leaves are on the pages declaring the subject's tag.
        return article_tags(instance, changed={f"{kind}s"}) | {f"{kind}:{pk}" for pk in pk_set}

    return tags_of


def shown_with_its_article(*kinds: str):
    """register_dependencies for rows shown only with their article (`article_id`): the tags of
    `kinds` (keys of SHOWN) of that article, e.g. a correction is printed on its page alone."""

    def tags_of(instance, **kwargs) -> set[str]:
        return _article_kinds(_related(instance, "article", "status", "page", "issue"), kinds)

    return tags_of


def _related(instance, name: str, *fields: str):
    """The row `instance.<name>` points to: the one the instance holds already (a desk or form
    save sets it, so saving many rows of one article reads it once), else read with `fields`;
    None when it is gone."""
    field = instance._meta.get_field(name)
    if field.is_cached(instance):
        return field.get_cached_value(instance)
    pk = getattr(instance, field.attname)
    return field.related_model.objects.filter(pk=pk).only(*fields).first()


def _article_kinds(article, kinds) -> set[str]:
    if article is None:  # deleted with its article, which bumped everything
        return {EVERYTHING}
    if _is_draft(article):  # shown only with it, so nowhere a reader looks
        return set()
    return {tag for tag in article_tags(article) if tag_kind(tag) in kinds}


def _is_draft(item) -> bool:
    """True for an article or issue (or an article's stored values, read by
    remember_placement()) in draft, which no reader sees anywhere."""
    return item is not None and _publishable(item).status == Status.DRAFT


# The pages printing an article's photos (_photo.html): its own, its printed page, and the
# lists (_item.html on the home page and lists, the feeds' enclosures).
_PRINTING_PHOTOS = ("article", "printed", LISTS)
_PHOTO_PLACE = ("article_id", "page_id")
# pre_save of Photo: its article and page before this save
remember_photo_place = remembering(*_PHOTO_PLACE)


def photo_tags(photo) -> set[str]:
    """What prints `photo` where it is: its article's pages, or, a photo of no article, its
    printed page (the issue page and lists show no such photo)."""
    if photo.article_id is None:
        return {f"printed:{photo.page_id}"}
    return _article_kinds(_related(photo, "article", "status", "page", "issue"), _PRINTING_PHOTOS)


def saved_photo_tags(instance, signal=None, raw=False, **kwargs) -> set[str]:
    """A photo saved in place, created or deleted: what prints it (it is public with its
    article or page); moved to another article or page: everything (rare)."""
    if raw:
        return {EVERYTHING}
    before = getattr(instance, "_stored_before", None) if signal is post_save else None
    if before is not None and any(getattr(instance, f) != before[f] for f in _PHOTO_PLACE):
        return {EVERYTHING}
    return photo_tags(instance)


def with_its_photo(*, lists: bool = False):
    """register_dependencies for rows of a photo (`photo_id`): what prints the photo, and
    LISTS with `lists`; a row of no photo, everything (a page scan's renditions: rendition_tags)."""

    def tags_of(instance, raw=False, **kwargs) -> set[str]:
        if raw or instance.photo_id is None:
            return {EVERYTHING}
        photo = _related(instance, "photo", "article", "page")
        if photo is None:  # deleted with its photo or page, which bumped what showed it
            return {EVERYTHING}
        tags = photo_tags(photo)
        return tags | {LISTS} if lists and tags else tags  # none: a draft's photo

    return tags_of


# A printed page ---------------------------------------------------------------------------------

# A page whose issue or number changes moves: its address, its issue's order of pages (上一版 /
# 下一版, 版面导航) and the page number its articles print all change. Such a save bumps
# everything; so does deleting a page, or creating one in an issue that is not a draft.
_PAGE_PLACEMENT = ("issue_id", "number")
# What the pages declaring each kind of tag show of a Page itself (the templates they render),
# as SHOWN does for an article; the page's image stands for its scan (the renditions made from
# it, which change with it).
PAGE_SHOWN = {
    # page_detail.html: name, department, credits, scan, PDF; page_text.html: its source text
    "printed": ALL,
    # _page_nav.html on the issue page: name, department and its e-mail, thumbnail, credits;
    # the first page's scan as og:image
    "issue": ("name", "department", "department_email", "image"),
    # article_detail.html: the page's name (breadcrumbs, 刊于, citations, JSON-LD), its
    # thumbnail with the article's place and its scan as og:image; home.html: the names in
    # 版面导航, the front page's scan (_page_map.html, og:image)
    "page": ("name", "image"),
}
_PAGE_COMPARED = tuple(
    dict.fromkeys(
        [*_PAGE_PLACEMENT, *(name for names in PAGE_SHOWN.values() if names for name in names)]
    )
)
# pre_save of Page: where the page was, and what PAGE_SHOWN compares, before this save
remember_page = remembering(*_PAGE_COMPARED)


def page_tags(page, changed=None) -> set[str]:
    """The tags of what shows `page` itself (not its items); with `changed`, only of the pages
    that show one of those fields."""
    tags = {
        "printed": f"printed:{page.pk}",
        "issue": f"issue:{page.issue_id}",
        "page": f"page:{page.pk}",
    }
    return _showing(PAGE_SHOWN, tags, changed)


def saved_page_tags(instance, signal=None, raw=False, created=False, **kwargs) -> set[str]:
    """A page saved in place: what shows the fields that changed; created in a draft issue:
    nothing (the desk and the import add pages to the issue they are entering); otherwise
    created, moved, renumbered or deleted: everything."""
    if signal is post_save and created and not raw:
        if _is_draft(_related(instance, "issue", "status")):
            return set()
    if signal is not post_save or raw or getattr(instance, "_stored_before", None) is None:
        return {EVERYTHING}
    changed = _changed_fields(instance)
    if not changed.isdisjoint(_PAGE_PLACEMENT):
        return {EVERYTHING}
    return page_tags(instance, changed)


# pre_save of PageCredit: its page and person before this save
remember_page_credit = remembering("page_id", "person_id")


def saved_page_credit_tags(instance, signal=None, raw=False, **kwargs) -> set[str]:
    """A page credit (组版, 责编, 校对) is printed on its page (page_detail.html) and in the
    issue page's 版面导航 (_page_nav.html); article pages and the home page show none. One
    deleted, or naming someone else now, may leave its person with nothing public, and person
    pages are lists: LISTS too. Moved to another page (rare): everything."""
    if raw:
        return {EVERYTHING}
    before = getattr(instance, "_stored_before", None) if signal is post_save else None
    if before is not None and before["page_id"] != instance.page_id:
        return {EVERYTHING}
    page = _related(instance, "page", "issue")
    if page is None:  # deleted with its page, which bumped everything
        return {EVERYTHING}
    tags = {f"printed:{page.pk}", f"issue:{page.issue_id}"}
    renamed = before is not None and before["person_id"] != instance.person_id
    if (signal is not post_save or renamed) and not _is_draft(_related(page, "issue", "status")):
        tags.add(LISTS)  # (a draft issue's credit made no one public)
    return tags


_with_its_photo = with_its_photo()


def rendition_tags(instance, raw=False, **kwargs) -> set[str]:
    """A rendition of a photo: what prints the photo; of a page scan: what shows the scan (the
    printed page, the thumbnails and front page of the issue and home pages, the article pages
    of that page), as a new image of the page does."""
    if raw or instance.page_id is None:
        return _with_its_photo(instance, raw=raw, **kwargs)
    page = _related(instance, "page", "issue")
    if page is None:  # deleted with its page, which bumped everything
        return {EVERYTHING}
    return page_tags(page, changed={"image"})


# An issue ----------------------------------------------------------------------------------------

# An issue whose paper, date, status or publish time changes moves in or out of what readers see,
# or to another address: everything (so does an issue created, deleted or due).
_ISSUE_PLACEMENT = ("publication_id", "date", "status", "published_at")
# What the pages declaring each kind of tag show of an Issue itself, for each of its pages
# ("printed", "page") or once ("issue", LISTS).
ISSUE_SHOWN = {
    "issue": ("number", "page_count"),  # issue_detail.html: title, _masthead.html
    "printed": ("number",),  # page_detail.html, page_text.html: the breadcrumbs
    "page": ("number",),  # article_detail.html: breadcrumbs, 刊于; citations, JSON-LD
    LISTS: ("number", "page_count"),  # home.html's masthead, archive.html's calendar
}
_ISSUE_COMPARED = tuple(
    dict.fromkeys([*_ISSUE_PLACEMENT, *(name for names in ISSUE_SHOWN.values() for name in names)])
)
# pre_save of Issue: where it stood, and what ISSUE_SHOWN compares, before this save
remember_issue = remembering(*_ISSUE_COMPARED)


def saved_issue_tags(
    instance, signal=None, raw=False, due=False, created=False, **kwargs
) -> set[str]:
    """An issue saved in place: what shows the fields that changed (its number on each of its
    pages and their articles); published or unpublished in place, or its publish time passing:
    what shows it or its neighbourhood (issue_visibility_tags); created as a draft: nothing;
    created otherwise, scheduled, moved to another date or paper, or deleted: everything (a
    new scheduled time must also be watched for)."""
    if due:
        return issue_visibility_tags(instance)
    if signal is post_save and created and not raw and _is_draft(instance):
        return set()
    before = getattr(instance, "_stored_before", None)
    if raw or signal is not post_save or before is None:
        return {EVERYTHING}
    changed = _changed_fields(instance)
    tags = set()
    if not changed.isdisjoint(_ISSUE_PLACEMENT):
        moved = not changed.isdisjoint(("publication_id", "date"))
        if moved or _is_scheduled(before) or _is_scheduled(instance):
            return {EVERYTHING}
        tags = issue_visibility_tags(instance)
    kinds = {kind for kind, names in ISSUE_SHOWN.items() if not changed.isdisjoint(names)}
    shown = {tag for tag in (f"issue:{instance.pk}", LISTS) if tag_kind(tag) in kinds}
    if not instance.is_published:  # lists show no such issue (they do once it is published)
        shown.discard(LISTS)
    tags |= shown
    per_page = kinds & {"printed", "page"}
    if per_page:
        pages = instance.pages.values_list("pk", flat=True)
        tags |= {f"{kind}:{pk}" for pk in pages for kind in per_page}
    return tags


def issue_visibility_tags(issue) -> set[str]:
    """What an issue coming into or going out of readers' sight changes: its issue page, its
    printed pages and their article pages (`page:`), the lists and calendar, the issue pages of
    the issues just before and after it (上一期 / 下一期), those whose 历史上的今天 may name it
    (`on-this-day:<month-day>`), and the article pages whose related items its articles' topics
    and places choose."""
    pages = issue.pages.values_list("pk", flat=True)
    neighbours = Issue.objects.published().of_own_paper().exclude(pk=issue.pk)
    links = Article.tags.through.objects.filter(article__issue=issue)
    places = Article.places.through.objects.filter(article__issue=issue)
    return {
        f"issue:{issue.pk}",
        LISTS,
        f"on-this-day:{issue.date:%m-%d}",
        *(f"{kind}:{pk}" for pk in pages for kind in ("printed", "page")),
        *(f"issue:{other.pk}" for other in neighbours.neighbours(issue.date) if other),
        *(f"tag:{pk}" for pk in links.values_list("tag_id", flat=True).distinct()),
        *(f"place:{pk}" for pk in places.values_list("place_id", flat=True).distinct()),
    }


def unseen_until_linked(instance, signal=None, raw=False, created=False, **kwargs) -> set[str]:
    """A person, topic, place or paper (or another app's row of that kind, such as a figure's
    indicator): readers meet one only through the published work linked to it (its
    published()), whose credit or link bumps what shows it; so a new one is on no cached page.
    A rename or a deletion shows wherever it is named: everything."""
    if signal is post_save and created and not raw:
        return set()
    return {EVERYTHING}


def tag_kind(tag: str) -> str:
    """ "article:7" → "article"; LISTS → LISTS (the keys of SHOWN)."""
    return tag.split(":", 1)[0]


def nothing_shown(instance, **kwargs) -> set[str]:
    """The search index: no cached page shows it (search results are never cached)."""
    return set()
