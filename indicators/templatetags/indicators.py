"""Template helpers: the figures an article reported, for the article page."""

from django import template

from ..models import Observation

register = template.Library()


@register.simple_tag
def article_figures(article):
    """Accepted figures of `article` (the page already checked that the reader may see it)."""
    return list(
        Observation.objects.filter(article=article, status="accepted")
        .with_related()
        .order_by("indicator__category", "indicator__code", "period__end")
    )
