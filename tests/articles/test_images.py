"""Uploads that cannot hurt: hostile files are refused with the reason, nothing half-saved;
good ones are served upright, in sRGB, without location data, as renditions only."""

import io
import struct
import zlib
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from articles.images import inspect_upload
from articles.models import Photo, Rendition
from tests.factories import ArticleFactory, PageFactory, PhotoFactory, png_bytes

pytestmark = pytest.mark.django_db


def jpeg_bytes(image=None, **save_options) -> bytes:
    image = image or Image.new("RGB", (64, 48), (30, 120, 200))
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", **save_options)
    return buffer.getvalue()


def png_bomb(width=20_000, height=20_000) -> bytes:
    """A PNG whose header claims 20000×20000 pixels: tiny on disk, 1.2 GB once decoded."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    rows = zlib.compress(b"\0" * (1 + 3 * 64), 9)  # far too little data, never read anyway
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", rows) + chunk(b"IEND", b"")
    )


def with_gps() -> bytes:
    exif = Image.Exif()
    exif[0x8825] = {1: "N", 2: (37.0, 31.0, 12.0), 3: "E", 4: (111.0, 8.0, 30.0)}
    return jpeg_bytes(exif=exif.tobytes())


def rotated_phone_photo() -> bytes:
    """Stored sideways (60×40, red left half) with EXIF orientation 6: upright it is 40×60,
    red on top."""
    image = Image.new("RGB", (60, 40), (0, 0, 255))
    image.paste((255, 0, 0), (0, 0, 30, 40))
    exif = Image.Exif()
    exif[0x0112] = 6
    return jpeg_bytes(image, exif=exif.tobytes(), quality=95)


HOSTILE = [
    ("text.jpg", b"this is not a picture at all", "无法识别为图片"),
    (
        "truncated.jpg",
        jpeg_bytes(Image.effect_noise((400, 300), 60).convert("RGB"))[:3000],
        "不完整或已损坏",
    ),
    ("bomb.png", png_bomb(), "像素过多"),
    (
        "script.svg",
        b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
        "无法识别为图片",
    ),
    (
        "script.png",
        b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>',
        "无法识别为图片",
    ),
    ("empty.jpg", b"", "文件是空的"),
]


@pytest.mark.parametrize("name, data, reason", HOSTILE, ids=[h[0] for h in HOSTILE])
def test_hostile_files_are_refused_with_their_reason(name, data, reason):
    with pytest.raises(ValidationError) as error:
        inspect_upload(SimpleUploadedFile(name, data))
    assert reason in error.value.messages[0]


def test_oversized_files_are_refused_before_reading_them(settings):
    settings.IMAGE_MAX_BYTES = 1000
    with pytest.raises(ValidationError, match="文件太大"):
        inspect_upload(SimpleUploadedFile("big.jpg", jpeg_bytes() + b"\0" * 2000))


def test_pixel_limit_is_configurable(settings):
    settings.IMAGE_MAX_PIXELS = 50 * 40
    with pytest.raises(ValidationError, match="像素过多"):
        inspect_upload(SimpleUploadedFile("wide.jpg", jpeg_bytes()))


def stored_files(settings) -> list[str]:
    root = Path(settings.MEDIA_ROOT)
    return [str(p) for p in root.rglob("*") if p.is_file()] if root.exists() else []


@pytest.mark.parametrize("name, data, reason", HOSTILE, ids=[h[0] for h in HOSTILE])
def test_admin_upload_of_a_hostile_file_saves_nothing(client, editor, settings, name, data, reason):
    page = PageFactory()
    client.force_login(editor)
    response = client.post(
        reverse("admin:articles_photo_add"),
        {
            "image": SimpleUploadedFile(name, data),
            "caption": "坏图片",
            "page": page.pk,
            "position": 0,
            "photo_credits-TOTAL_FORMS": 0,
            "photo_credits-INITIAL_FORMS": 0,
        },
    )
    assert response.status_code == 200
    assert reason in response.content.decode()
    assert not Photo.objects.exists() and not Rendition.objects.exists()
    assert stored_files(settings) == []


def test_api_upload_of_a_hostile_file_is_a_400_naming_the_reason(settings):
    from tests.api.conftest import token_client

    page = PageFactory()
    api = token_client("photo-desk", "编辑")
    response = api.post(
        "/api/v1/photos/",
        {"image": SimpleUploadedFile("bomb.png", png_bomb()), "page": page.pk, "caption": "x"},
        format="multipart",
    )
    assert response.status_code == 400
    assert "像素过多" in response.json()["fields"]["image"][0]
    assert not Photo.objects.exists() and stored_files(settings) == []


def test_api_upload_of_a_good_photo_makes_its_renditions():
    from tests.api.conftest import token_client

    article = ArticleFactory()
    api = token_client("photo-desk", "编辑")
    response = api.post(
        "/api/v1/photos/",
        {
            "image": SimpleUploadedFile("ok.jpg", jpeg_bytes()),
            "page": article.page_id,
            "article": article.pk,
            "caption": "好图片",
        },
        format="multipart",
    )
    assert response.status_code == 201, response.json()
    photo = Photo.objects.get()
    assert {(r.spec, r.format) for r in photo.renditions.all()} >= {
        ("medium", "webp"),
        ("medium", "jpeg"),
    }


def test_served_renditions_carry_no_location_but_the_original_is_kept():
    photo = PhotoFactory(image=ContentFile(with_gps(), name="gps.jpg"))
    with photo.image.open("rb") as original:
        assert Image.open(original).getexif().get_ifd(0x8825), "the original keeps its GPS"
    for rendition in photo.renditions.all():
        with rendition.file.open("rb") as served:
            image = Image.open(served)
            assert not image.getexif().get_ifd(0x8825)
            assert "exif" not in image.info


def test_a_rotated_phone_photo_is_served_upright():
    photo = PhotoFactory(image=ContentFile(rotated_phone_photo(), name="phone.jpg"))
    rendition = photo.rendition("medium", "jpeg")
    assert (rendition.width, rendition.height) == (40, 60)
    with rendition.file.open("rb") as served:
        image = Image.open(served).convert("RGB")
    top, bottom = image.getpixel((20, 5)), image.getpixel((20, 55))
    assert top[0] > 200 and top[2] < 60, top  # red on top
    assert bottom[2] > 200 and bottom[0] < 60, bottom


def test_renditions_are_made_once_and_reused():
    photo = PhotoFactory()
    first = sorted(r.pk for r in photo.renditions.all())
    photo.caption = "只改了说明"
    photo.save()
    assert sorted(r.pk for r in photo.renditions.all()) == first


def test_a_new_original_replaces_the_renditions_and_their_files():
    photo = PhotoFactory()
    old_names = [r.file.name for r in photo.renditions.all()]
    photo.image = ContentFile(png_bytes(90, 60), name="new.png")
    photo.save()
    new = list(photo.renditions.all())
    assert new and all(r.width == 90 for r in new)
    for name in old_names:
        assert not photo.image.storage.exists(name)


def test_page_view_uses_renditions_and_decodes_no_image(client, monkeypatch):
    page = PageFactory(image=ContentFile(png_bytes(300, 420), name="scan.png"))
    ArticleFactory(page=page, issue=page.issue)
    opened = []
    original_open = Image.open
    monkeypatch.setattr(Image, "open", lambda *a, **k: opened.append(a) or original_open(*a, **k))
    html = client.get(page.get_absolute_url()).content.decode()
    assert page.picture["src"] in html and "originals/" not in html
    assert opened == []


def test_generate_renditions_command_fills_in_what_is_missing():
    from django.core.management import call_command

    photo = PhotoFactory()
    Rendition.objects.all().delete()
    call_command("generate_renditions", verbosity=0)
    assert photo.renditions.count() == 6
