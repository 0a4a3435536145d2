"""The printed page image with clickable article regions."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction

from articles import iiif
from articles.models import ArticleRegion, Status
from tests.factories import ArticleFactory, PageFactory, png_bytes

pytestmark = pytest.mark.django_db


@pytest.fixture
def printed_page():
    page = PageFactory(image=ContentFile(png_bytes(600, 840), name="scan.png"))
    visible = ArticleFactory(page=page, issue=page.issue, headline="看得见的稿件")
    draft = ArticleFactory(
        page=page, issue=page.issue, headline="草稿稿件", status=Status.DRAFT, published_at=None
    )
    ArticleRegion.objects.create(article=visible, x=0.05, y=0.1, width=0.5, height=0.3)
    ArticleRegion.objects.create(article=draft, x=0.05, y=0.5, width=0.5, height=0.3)
    return page, visible


def test_regions_are_links_to_their_articles_placed_in_percent(client, printed_page):
    page, visible = printed_page
    html = client.get(page.get_absolute_url()).content.decode()
    assert f'href="{visible.get_absolute_url()}"' in html
    assert "left:5.000%;top:10.000%;width:50.000%;height:30.000%" in html
    assert "草稿稿件" not in html  # a draft's region is not shown to readers


def test_regions_in_the_api(client, printed_page):
    page, visible = printed_page
    body = client.get(f"/api/v1/pages/{page.pk}/").json()
    assert body["regions"] == [
        {
            "article": visible.pk,
            "article_url": f"http://testserver/api/v1/articles/{visible.pk}/",
            "article_html_url": f"http://testserver{visible.get_absolute_url()}",
            "x": 0.05,
            "y": 0.1,
            "width": 0.5,
            "height": 0.3,
        }
    ]
    # a 600-px scan: no "large" or "zoom" of the same 600 pixels (images.rendition_widths)
    assert {(r["spec"], r["width"]) for r in body["image"]} == {("thumbnail", 320), ("medium", 600)}


@pytest.mark.parametrize(
    "box", [(-0.1, 0, 0.5, 0.5), (0.6, 0, 0.5, 0.5), (0, 0, 0, 0.5), (0, 0.9, 0.5, 0.2)]
)
def test_a_region_outside_the_page_is_refused_by_the_database(box):
    article = ArticleFactory()
    x, y, width, height = box
    with pytest.raises(IntegrityError), transaction.atomic():
        ArticleRegion.objects.create(article=article, x=x, y=y, width=width, height=height)


def test_deep_zoom_works_without_inline_script(client, printed_page):
    page, _ = printed_page
    html = client.get(page.get_absolute_url()).content.decode()
    assert 'src="/static/vendor/openseadragon/openseadragon.min.js"' in html
    assert 'src="/static/js/page-viewer.js"' in html and "<script>" not in html
    assert f'data-tiles="{iiif.service_url(page)}/info.json"' in html
    # without JavaScript the zoom tools stay hidden: a plain image with its links
    assert re.search(r'<div class="page-image__tools"[^>]* hidden>', html)


def test_the_page_text_is_linked_from_the_page(client, printed_page):
    page, _ = printed_page
    html = client.get(page.get_absolute_url()).content.decode()
    assert f'href="{page.get_absolute_url()}text/"' in html


def test_a_region_link_is_named_by_its_headline(client, printed_page):
    """Its only content is a label shown on hover and focus (display:none otherwise), so the
    name comes from aria-label: a screen reader reaching it by Tab hears the headline."""
    page, visible = printed_page
    visible.kicker = "引题"
    visible.save()
    html = client.get(page.get_absolute_url()).content.decode()
    assert re.search(
        rf'<a class="page-region" href="{visible.get_absolute_url()}"[^>]* '
        r'aria-label="引题：看得见的稿件">',
        html,
    )


def test_the_viewer_script_takes_its_words_from_the_page(client, printed_page):
    """Strings the script shows are translated in the template; the script has none of its own."""
    script = (Path(settings.BASE_DIR) / "static" / "js" / "page-viewer.js").read_text()
    assert not re.search(r"[\u4e00-\u9fff]", script)
    page, _ = printed_page
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    html = client.get(page.get_absolute_url()).content.decode()
    assert 'data-text-level="Zoom {percent}"' in html
    assert ">Zoom in</button>" in html and ">Zoom out</button>" in html
