"""IIIF: static level-0 tiles made once per scan and served only for pages a reader may see, and a
Presentation 3 manifest per issue that validates against the IIIF JSON schema."""

import io
import json
import math
from pathlib import Path

import jsonschema
import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from PIL import Image

from articles import iiif
from articles.models import ArticleRegion, Status
from tests.factories import ArticleFactory, IssueFactory, PageFactory, png_bytes

pytestmark = pytest.mark.django_db

SCHEMA = Path(__file__).resolve().parent.parent / "iiif" / "iiif_3_0.json"


def scanned_page(issue=None, number=1, size=(1200, 1700)):
    issue = issue or IssueFactory()
    return PageFactory(
        issue=issue, number=number, image=ContentFile(png_bytes(*size), name="scan.png")
    )


def test_tiles_are_made_when_a_scan_is_saved_and_kept_until_it_changes():
    page = scanned_page()
    info = iiif.tile_info(page)
    assert (info["width"], info["height"]) == (1200, 1700)
    assert not iiif.make_tiles(page), "an unchanged scan keeps its tiles"
    old_folder = iiif.tile_folder(page)
    page.image = ContentFile(png_bytes(800, 1000), name="new-scan.png")
    page.save()
    assert iiif.tile_info(page)["width"] == 800
    assert not default_storage.exists(f"{old_folder}/info.json"), "the old scan's tiles go"


def test_make_tiles_command_makes_missing_tiles():
    page = scanned_page()
    iiif.remove_tiles(page)
    assert iiif.tile_info(page) is None
    call_command("make_tiles", stdout=io.StringIO())
    assert iiif.tile_info(page)["height"] == 1700


def test_info_json_follows_the_image_api_and_every_tile_it_promises_is_served(client):
    page = scanned_page()
    address = iiif.service_url(page)
    assert client.get(address).url == address + "/info.json"
    response = client.get(address + "/info.json")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/ld+json")
    assert response["Access-Control-Allow-Origin"] == "*"
    info = response.json()
    # Image API 3.0, 5. Image Information: the required properties, level 0
    assert info["@context"] == "http://iiif.io/api/image/3/context.json"
    assert info["id"] == "http://testserver" + address
    assert info["type"] == "ImageService3"
    assert info["protocol"] == "http://iiif.io/api/image"
    assert info["profile"] == "level0"
    assert (info["width"], info["height"]) == (1200, 1700)
    (tiles,) = info["tiles"]
    assert tiles["width"] == iiif.TILE_SIZE
    # every tile a viewer computes from info.json exists, at the size the address names (4.1–4.2)
    for scale in tiles["scaleFactors"]:
        region = tiles["width"] * scale
        for y in range(0, info["height"], region):
            for x in range(0, info["width"], region):
                w, h = min(region, info["width"] - x), min(region, info["height"] - y)
                size = (math.ceil(w / scale), math.ceil(h / scale))
                whole = (w, h) == (info["width"], info["height"])
                region_name = "full" if whole else f"{x},{y},{w},{h}"  # canonical form
                url = f"{address}/{region_name}/{size[0]},{size[1]}/0/default.jpg"
                tile = client.get(url)
                assert tile.status_code == 200, url
                assert Image.open(io.BytesIO(b"".join(tile.streaming_content))).size == size


def test_hidden_pages_have_no_tiles_for_readers(client, admin_client):
    page = scanned_page(issue=IssueFactory(status=Status.DRAFT, published_at=None))
    address = iiif.service_url(page)
    assert client.get(address + "/info.json").status_code == 404
    assert client.get(address + "/0,0,512,512/512,512/0/default.jpg").status_code == 404
    preview = admin_client.get(address + "/info.json")  # staff preview the page before publishing
    assert preview.status_code == 200
    assert "private" in preview["Cache-Control"]


def test_tile_addresses_are_only_those_of_a_tile_set(client):
    page = scanned_page()
    address = iiif.service_url(page)
    assert client.get(address + "/../../../../originals/x").status_code == 404
    assert client.get(address + "/full/max/0/default.jpg").status_code == 404  # level 0: tiles only
    other_scan = "0123456789" if iiif.scan_tag(page) != "0123456789" else "9876543210"
    assert client.get(f"/iiif/pages/{page.pk}/{other_scan}/info.json").status_code == 404


@pytest.fixture
def printed_issue():
    issue = IssueFactory()
    front = scanned_page(issue=issue, number=1)
    second = scanned_page(issue=issue, number=2, size=(900, 1300))
    PageFactory(issue=issue, number=3)  # no scan: no canvas
    story = ArticleFactory(issue=issue, page=front, headline="市委常委会召开会议", position=1)
    draft = ArticleFactory(
        issue=issue, page=front, headline="草稿稿件", status=Status.DRAFT, published_at=None
    )
    ArticleRegion.objects.create(article=story, x=0.1, y=0.2, width=0.5, height=0.25)
    ArticleRegion.objects.create(article=draft, x=0.1, y=0.6, width=0.5, height=0.3)
    return issue, front, second, story


def manifest_url(issue):
    return f"/{issue.date.year}/{issue.date.month}/{issue.date.day}/manifest.json"


def validate(manifest: dict):
    jsonschema.Draft7Validator(json.loads(SCHEMA.read_text())).validate(manifest)


def test_the_manifest_has_the_pages_as_canvases_and_the_items_as_annotations(client, printed_issue):
    issue, front, second, story = printed_issue
    response = client.get(manifest_url(issue))
    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == "*"
    manifest = response.json()
    validate(manifest)
    assert manifest["type"] == "Manifest"
    assert manifest["label"] == {"zh-Hans": [str(issue)]}
    first, other = manifest["items"]  # page 3 has no scan
    assert (first["width"], first["height"]) == (1200, 1700)
    assert (other["width"], other["height"]) == (900, 1300)
    painting = first["items"][0]["items"][0]
    assert painting["motivation"] == "painting"
    (service,) = painting["body"]["service"]
    assert service["id"] == "http://testserver" + iiif.service_url(front)
    assert service["type"] == "ImageService3" and service["profile"] == "level0"
    (annotation,) = first["annotations"][0]["items"]  # the draft is not there
    headline, link = annotation["body"]
    assert headline["value"] == "市委常委会召开会议"
    assert annotation["target"] == f"{first['id']}#xywh=120,340,600,425"
    assert link["id"] == "http://testserver" + story.get_absolute_url()
    assert "草稿稿件" not in response.content.decode()


def test_every_published_issue_has_a_valid_manifest_and_hidden_ones_none(client, printed_issue):
    scanned_page(issue=IssueFactory(), number=1)
    hidden = IssueFactory(status=Status.DRAFT, published_at=None)
    scanned_page(issue=hidden, number=1)
    from articles.models import Issue

    for issue in Issue.objects.published():
        validate(client.get(manifest_url(issue)).json())
    assert client.get(manifest_url(hidden)).status_code == 404


def test_manifest_queries_do_not_grow_with_pages_and_items(
    client, printed_issue, django_assert_max_num_queries
):
    issue, *_ = printed_issue
    with django_assert_max_num_queries(6):
        client.get(manifest_url(issue))
    for number in range(4, 8):
        page = scanned_page(issue=issue, number=number, size=(300, 400))
        article = ArticleFactory(issue=issue, page=page)
        ArticleRegion.objects.create(article=article, x=0, y=0, width=1, height=1)
    with django_assert_max_num_queries(6):
        assert len(client.get(manifest_url(issue)).json()["items"]) == 6


def test_the_issue_page_links_its_manifest(client, printed_issue):
    issue, *_ = printed_issue
    html = client.get(issue.get_absolute_url()).content.decode()
    assert f'href="{manifest_url(issue)}"' in html


def test_a_scan_stored_sideways_is_tiled_upright_like_its_renditions():
    scan = Image.new("RGB", (600, 400), (10, 200, 10))
    exif = scan.getexif()
    exif[0x0112] = 6  # stored turned: upright it is 400 wide, 600 high
    data = io.BytesIO()
    scan.save(data, "JPEG", exif=exif)
    page = PageFactory(image=ContentFile(data.getvalue(), name="sideways.jpg"))
    info = iiif.tile_info(page)
    assert (info["width"], info["height"]) == (400, 600)
    assert page.rendition("medium").width == 400


def test_a_tile_costs_one_query(client, django_assert_num_queries):
    page = scanned_page()
    address = iiif.service_url(page)
    with django_assert_num_queries(1):
        response = client.get(address + "/0,0,512,512/512,512/0/default.jpg")
    assert response.status_code == 200
    assert "immutable" in response["Cache-Control"]
