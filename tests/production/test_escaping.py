"""Script and markup typed into any field are shown as text everywhere, never run."""

import datetime
import re

import pytest
from django.core.management import call_command

from articles.models import ArticleCredit, Correction
from tests.factories import (
    ArticleFactory,
    IndicatorFactory,
    IssueFactory,
    ObservationFactory,
    PageFactory,
    PersonFactory,
    PhotoFactory,
    PlaceFactory,
    RegionFactory,
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
    publication = issue.publication
    publication.sponsor_statement = publication.publisher = ATTACK[:50]
    publication.save()
    article.page.department = ATTACK[:50]
    article.page.save()
    person.disambiguation = ATTACK
    person.save()
    place = article.places.get()
    indicator = IndicatorFactory(code="hostile", name=ATTACK, name_en=ATTACK, description=ATTACK)
    ObservationFactory(
        indicator=indicator, region=RegionFactory(name=ATTACK[:50]), article=article, note=ATTACK
    )
    call_command("rebuild_search_index", verbosity=0)
    return {
        "article": article,
        "person": person,
        "tag": tag,
        "section": article.section,
        "place": place,
        "publication": publication,
        "indicator": indicator,
    }


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
        hostile["place"].get_absolute_url(),
        hostile["publication"].get_absolute_url(),
        "/archive/",
        "/search/?q=攻击",
        "/feeds/latest/rss/",
        "/feeds/latest/atom/",
        f"/feeds/tags/{hostile['tag'].pk}/rss/",
        "/sitemap.xml",
        "/indicators/",
        hostile["indicator"].get_absolute_url(),
        f"/api/v1/articles/{article.pk}/?format=api",
        "/api/v1/articles/?format=api&q=攻击",
        f"/api/v1/issues/{article.issue_id}/?format=api",
        f"/api/v1/pages/{article.page_id}/?format=api",
        "/api/v1/observations/?format=api&vintage=all",
        "/api/v1/people/?format=api",
        "/api/v1/indicators/?format=api",
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
