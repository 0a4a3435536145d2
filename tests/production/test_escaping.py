"""Script and markup typed into any field are shown as text everywhere, never run."""

import datetime
import re

import pytest
from django.core.management import call_command

from articles.models import ArticleCredit, Correction
from tests.factories import (
    ArticleFactory,
    IssueFactory,
    PageFactory,
    PersonFactory,
    PhotoFactory,
    PlaceFactory,
    SectionFactory,
    TagFactory,
)

pytestmark = pytest.mark.django_db

ATTACK = '"><script>alert(1)</script><img src=x onerror=alert(2)></script>'
# What must never appear in any response: a live tag or attribute from the attack string.
LIVE = re.compile(r"<script>alert|<img src=x onerror|</script><img")


@pytest.fixture
def hostile():
    issue = IssueFactory(date=datetime.date(2020, 9, 15))
    article = ArticleFactory(
        page=PageFactory(issue=issue, number=1, name=ATTACK[:40]),
        kicker=ATTACK,
        headline="攻击" + ATTACK[:150],
        subheadline=ATTACK,
        dateline=ATTACK[:50],
        body=f"第一段{ATTACK}\n\n第二段{ATTACK}",
        signature=ATTACK,
        section=SectionFactory(name=ATTACK[:50], slug="hostile"),
    )
    person = PersonFactory(name=ATTACK[:50])
    ArticleCredit.objects.create(article=article, person=person, role="reporter")
    tag = TagFactory(name=ATTACK[:50])
    article.tags.add(tag)
    article.places.add(PlaceFactory(name=ATTACK[:100]))
    Correction.objects.create(article=article, date=issue.date, text=ATTACK)
    PhotoFactory(article=article, caption=ATTACK, alt_text=ATTACK)
    call_command("rebuild_search_index", verbosity=0)
    return {"article": article, "person": person, "tag": tag, "section": article.section}


def pages(hostile):
    article = hostile["article"]
    return [
        "/",
        article.issue.get_absolute_url(),
        article.page.get_absolute_url(),
        article.get_absolute_url(),
        hostile["person"].get_absolute_url(),
        hostile["tag"].get_absolute_url(),
        hostile["section"].get_absolute_url(),
        "/search/?q=攻击",
        "/feeds/latest/rss/",
        "/feeds/latest/atom/",
        f"/api/v1/articles/{article.pk}/?format=api",
        "/api/v1/articles/?format=api&q=攻击",
    ]


def test_hostile_text_never_becomes_markup(client, hostile):
    for url in pages(hostile):
        response = client.get(url)
        assert response.status_code == 200, url
        text = response.content.decode()
        assert not LIVE.search(text), f"live markup in {url}"
    # and the text itself is there, escaped, on the article page
    article_page = client.get(hostile["article"].get_absolute_url()).content.decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in article_page


def test_json_ld_cannot_close_its_script_element(client, hostile):
    html = client.get(hostile["article"].get_absolute_url()).content.decode()
    blocks = re.findall(r'<script type="application/ld\+json"[^>]*>(.*?)</script>', html, re.S)
    assert blocks, "the article page carries JSON-LD"
    for block in blocks:
        assert "<" not in block  # every < is escaped as \u003C inside the JSON


def test_json_keeps_the_text_exactly_and_cannot_be_sniffed_as_html(client, hostile):
    """JSON carries the editor's text unchanged (clients escape it for their medium); the
    content type and nosniff keep a browser from ever rendering it as a page."""
    response = client.get(f"/api/v1/articles/{hostile['article'].pk}/")
    assert response["Content-Type"] == "application/json"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response.json()["kicker"] == ATTACK
