"""The printed page image with clickable article regions."""

import pytest
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction

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
        {"article": visible.pk, "x": 0.05, "y": 0.1, "width": 0.5, "height": 0.3}
    ]
    assert {r["spec"] for r in body["image"]} == {"thumbnail", "medium", "large", "zoom"}


@pytest.mark.parametrize(
    "box", [(-0.1, 0, 0.5, 0.5), (0.6, 0, 0.5, 0.5), (0, 0, 0, 0.5), (0, 0.9, 0.5, 0.2)]
)
def test_a_region_outside_the_page_is_refused_by_the_database(box):
    article = ArticleFactory()
    x, y, width, height = box
    with pytest.raises(IntegrityError), transaction.atomic():
        ArticleRegion.objects.create(article=article, x=x, y=y, width=width, height=height)


def test_zoom_works_without_inline_script(client, printed_page):
    page, _ = printed_page
    html = client.get(page.get_absolute_url()).content.decode()
    assert 'src="/static/js/page-zoom.js"' in html
    assert 'data-zoom-src="' + page.picture["zoom_src"] in html
