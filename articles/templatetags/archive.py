"""Template helpers for the reading site: citation and schema.org data."""

import json

from django import template
from django.utils.html import format_html
from django.utils.safestring import mark_safe

register = template.Library()

# The same escapes as django.utils.html.json_script: nothing in the data can close the
# <script> element or open a comment, whatever an editor typed into a headline.
_JSON_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}
WRITING_ROLES = ("reporter", "correspondent", "author")


def writers(article) -> list[str]:
    """Names of those who wrote the article (not the photographers or editors), in byline order."""
    return [c.person.name for c in article.article_credits.all() if c.role in WRITING_ROLES]


@register.filter
def gbt7714(article) -> str:
    """A GB/T 7714-2015 reference to a newspaper article, e.g.
    李雅萍. 市委常委会召开会议[N]. 吕梁日报, 2020-09-15(1)."""
    authors = writers(article)
    if len(authors) > 3:
        authors = authors[:3] + ["等"]
    prefix = ", ".join(authors) + ". " if authors else ""
    title = article.headline + (f": {article.subheadline}" if article.subheadline else "")
    issue = article.issue
    printed = f"{issue.publication.name}, {issue.date:%Y-%m-%d}({article.page.number})"
    return f"{prefix}{title}[N]. {printed}."


@register.simple_tag(takes_context=True)
def article_jsonld(context, article, url):
    """A schema.org NewsArticle as a JSON-LD <script>, safely escaped; `url`: its absolute URL."""
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
        "author": [{"@type": "Person", "name": name} for name in writers(article)] or None,
        "publisher": {"@type": "Organization", "name": issue.publication.name},
        "printEdition": f"第{issue.number}期",
        "printPage": str(article.page.number),
        "printSection": article.page.name or None,
        "articleSection": article.section.name if article.section else None,
        "keywords": [tag.name for tag in article.tags.all()] or None,
        "image": [
            request.build_absolute_uri(photo.picture["src"])
            for photo in article.photos.all()
            if photo.picture
        ]
        or None,
    }
    data = {key: value for key, value in data.items() if value is not None}
    text = json.dumps(data, ensure_ascii=False).translate(_JSON_ESCAPES)
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(text))
