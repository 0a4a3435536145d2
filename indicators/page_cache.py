"""What a figure's edit makes stale in the page cache (publishing/caching.py, docs/caching.md).

Readers see an accepted figure on the page of the article that reported it (the article page's
section `indicators/_article_figures.html`); the indicator pages are not cached. So a figure
bumps its article's `article:` tag while it is, or was, accepted; a proposed figure (what an
import extracts, awaiting an editor) bumps nothing. A new name of an indicator, region or period
shows on every article page with such a figure: those still bump everything.
"""

from django.db.models.signals import post_save

from articles.page_cache import remembering
from publishing.caching import EVERYTHING

from .models import ObservationStatus

# pre_save of Observation: its status and article before this save
remember_shown = remembering("status", "article_id")


def observation_tags(instance, signal=None, raw=False, **kwargs) -> set[str]:
    """The article pages showing the figure before or after this save (or deletion)."""
    if raw:
        return {EVERYTHING}
    shown = [(instance.status, instance.article_id)]
    before = getattr(instance, "_stored_before", None) if signal is post_save else None
    if before is not None:
        shown.append((before["status"], before["article_id"]))
    return {
        f"article:{article}"
        for status, article in shown
        if status == ObservationStatus.ACCEPTED and article is not None
    }
