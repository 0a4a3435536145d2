"""Template helpers for the reading site: citation and schema.org data."""

import json

from django import template
from django.templatetags.static import static
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from .. import citations

register = template.Library()

# The same escapes as django.utils.html.json_script: nothing in the data can close the
# <script> element or open a comment, whatever an editor typed into a headline.
_JSON_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}
SITE_LOGO = "img/site-logo.png"  # 1200×630: where an item or page has no picture of its own


def share_image(request, *candidates) -> str:
    """The absolute URL of the first candidate (Photo or Page) with a picture — its large JPEG,
    for link previews and search results — else of the site logo."""
    for candidate in candidates:
        rendition = candidate.rendition("large") if candidate else None  # "" from |first of []
        if rendition is not None:
            return request.build_absolute_uri(rendition.file.url)
    return request.build_absolute_uri(static(SITE_LOGO))


@register.simple_tag(takes_context=True)
def og_image(context, *candidates) -> str:
    """{% og_image photo page %}: see share_image."""
    return share_image(context["request"], *candidates)


@register.filter
def gbt7714(article) -> str:
    """A GB/T 7714-2015 reference to a newspaper article (articles.citations.gbt7714)."""
    return citations.gbt7714(citations.reference(article, url=""))


@register.simple_tag(takes_context=True)
def article_jsonld(context, article, photos, url):
    """A schema.org NewsArticle as a JSON-LD <script>, safely escaped; `photos`: the article's
    (as the page shows them), `url`: its absolute URL."""
    request = context["request"]
    issue = article.issue
    data = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": article.headline[:110],
        "alternativeHeadline": article.subheadline or article.kicker or None,
        "datePublished": issue.date.isoformat(),
        "dateModified": article.updated_at.isoformat(),
        "inLanguage": "zh-Hans",
        "url": url,
        "mainEntityOfPage": url,
        "author": _jsonld_authors(article, photos, issue.publication),
        "publisher": {"@type": "Organization", "name": issue.publication.name},
        "printEdition": f"第{issue.number}期",
        "printPage": str(article.page.number),
        "printSection": article.page.name or None,
        "articleSection": article.section.name if article.section else None,
        "keywords": [tag.name for tag in article.tags.all()] or None,
        # Search engines want an image on every article: the photos, else the printed page
        # (page renditions prefetched by the article page's selector), else the site logo.
        "image": [
            request.build_absolute_uri(photo.picture["src"]) for photo in photos if photo.picture
        ]
        or [share_image(request, article.page)],
    }
    data = {key: value for key, value in data.items() if value is not None}
    text = json.dumps(data, ensure_ascii=False).translate(_JSON_ESCAPES)
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(text))


def _jsonld_authors(article, photos, publication) -> list[dict]:
    """The writers; for a photo story without one, its photographers; for an unsigned piece,
    the paper itself (schema.org allows an Organization as author)."""
    names = citations.writers(article) or list(
        dict.fromkeys(
            credit.person.name for photo in photos for credit in photo.photo_credits.all()
        )
    )
    if names:
        return [{"@type": "Person", "name": name} for name in names]
    return [{"@type": "Organization", "name": publication.name}]


@register.filter
def highwire_tags(reference) -> list[tuple[str, str]]:
    """{% for name, content in reference|highwire_tags %}: the `citation_*` meta tags."""
    return citations.highwire_tags(reference)


# The term-through-the-years chart: bar geometry in the SVG's own units (its viewBox).
TERM_CHART_WIDTH = 600
TERM_CHART_HEIGHT = 160
TERM_CHART_BASELINE = 140  # bars stand on this line; the year labels sit below it


@register.inclusion_tag("articles/_term_by_year.html")
def term_by_year(results):
    """How many of the search's matches each year printed, as bars from the first year with a
    match to the last (years without one stand at zero, so gaps read as gaps). The counts are
    the search's own year facets: no query of its own."""
    counts = dict(results.facets_by_year)
    if len(counts) < 2:
        return {"bars": []}
    years = range(min(counts), max(counts) + 1)
    peak = max(counts.values())
    slot = TERM_CHART_WIDTH / len(years)
    label_every = max(1, round(len(years) / 8))  # about eight year labels, whatever the span
    bars = []
    for index, year in enumerate(years):
        count = counts.get(year, 0)
        height = round(count / peak * (TERM_CHART_BASELINE - 10), 1)
        bars.append(
            {
                "year": year,
                "count": count,
                "x": round(index * slot + slot * 0.15, 1),
                "width": round(slot * 0.7, 1),
                "y": round(TERM_CHART_BASELINE - height, 1),
                "height": height,
                "label_x": round(index * slot + slot / 2, 1),
                "labelled": index % label_every == 0 or index == len(years) - 1,
            }
        )
    return {
        "bars": bars,
        "estimate": results.count_is_estimate,
        "sample": results.facet_sample_size,
        "width": TERM_CHART_WIDTH,
        "height": TERM_CHART_HEIGHT,
        "baseline": TERM_CHART_BASELINE,
    }
