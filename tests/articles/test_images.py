"""Uploads that cannot hurt: hostile files are refused with the reason, nothing half-saved;
good ones are served upright, in sRGB, without location data, as renditions only."""

import io
import re
import struct
import zlib
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from articles import renditions, upload_checks
from articles.models import Page, Photo, Rendition
from articles.renditions import PAGE_SPECS, rendition_widths
from articles.upload_checks import inspect_upload
from publishing.atomic_files import atomic_with_files
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


def adobe_rgb_profile() -> bytes:
    """An ICC v2 matrix/TRC profile with Adobe RGB (1998)'s primaries (D50-adapted) and gamma
    563/256 ≈ 2.2: Pillow can only create sRGB, LAB and XYZ profiles, and Debian ships no
    Adobe RGB one in a package we already install."""

    def s15(value):  # ICC s15Fixed16Number
        return struct.pack(">i", round(value * 65536))

    def xyz(x, y, z):
        return b"XYZ " + bytes(4) + s15(x) + s15(y) + s15(z)

    name = b"Adobe RGB (1998)-like test profile\0"
    gamma = b"curv" + bytes(4) + struct.pack(">IH", 1, 563)
    tags = {
        b"desc": b"desc" + bytes(4) + struct.pack(">I", len(name)) + name + bytes(78),
        b"cprt": b"text" + bytes(4) + b"test data\0",
        b"wtpt": xyz(0.9642, 1.0, 0.8249),
        b"rXYZ": xyz(0.60974, 0.31111, 0.01947),
        b"gXYZ": xyz(0.20528, 0.62567, 0.06087),
        b"bXYZ": xyz(0.14919, 0.06322, 0.74457),
        b"rTRC": gamma,
        b"gTRC": gamma,
        b"bTRC": gamma,
    }
    offset = 128 + 4 + 12 * len(tags)
    table = data = b""
    for signature, body in tags.items():
        body += bytes(-len(body) % 4)  # tags start on 4-byte boundaries
        table += signature + struct.pack(">II", offset + len(data), len(body))
        data += body
    header = (
        struct.pack(">I", offset + len(data))
        + bytes(4)
        + bytes([2, 0x10, 0, 0])  # version 2.1
        + b"mntrRGB XYZ "
        + struct.pack(">6H", 2020, 9, 15, 0, 0, 0)
        + b"acsp"
        + bytes(28)
        + s15(0.9642)  # the PCS illuminant, D50
        + s15(1.0)
        + s15(0.8249)
        + bytes(48)
    )
    return header + struct.pack(">I", len(tags)) + table + data


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


@pytest.mark.django_db
@pytest.mark.parametrize("name, data, reason", HOSTILE, ids=[h[0] for h in HOSTILE])
def test_a_hostile_file_assigned_in_code_fails_full_clean_with_its_reason(name, data, reason):
    """An importer or a shell assigning a file gets a ValidationError on the image field, not
    Pillow's exception, and nothing is stored."""
    article = ArticleFactory()
    photo = Photo(page=article.page, article=article, caption="导入的图片")
    photo.image = ContentFile(data, name=name)
    with pytest.raises(ValidationError) as error:
        photo.full_clean()
    assert reason in error.value.message_dict["image"][0]
    assert not Photo.objects.exists()


@pytest.mark.django_db
def test_a_file_replaced_in_code_on_a_saved_photo_is_checked_too():
    photo = PhotoFactory()
    photo.image = ContentFile(b"GIF89a not really", name="replacement.jpg")
    with pytest.raises(ValidationError) as error:
        photo.full_clean()
    assert "无法识别为图片" in error.value.message_dict["image"][0]


@pytest.mark.django_db
def test_a_file_stored_before_full_clean_of_a_new_photo_is_checked_too():
    article = ArticleFactory()
    photo = Photo(page=article.page, caption="先存文件再校验")
    photo.image.save("stored.jpg", ContentFile(b"not a picture"), save=False)
    with pytest.raises(ValidationError, match="无法识别为图片"):
        photo.full_clean()


@pytest.mark.django_db
def test_a_good_file_assigned_in_code_passes_and_saves():
    article = ArticleFactory()
    photo = Photo(page=article.page, article=article, caption="好图")
    photo.image = ContentFile(png_bytes(64, 48), name="good.png")
    photo.full_clean()
    photo.save()
    assert (photo.width, photo.height) == (64, 48)
    assert photo.renditions.exists()


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
    # a 64-px photo: one size, in both formats
    assert {(r.spec, r.format) for r in photo.renditions.all()} == {
        ("thumbnail", "webp"),
        ("thumbnail", "jpeg"),
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


def test_served_jpegs_drop_the_originals_comment():
    original = jpeg_bytes(comment=b"GPS 37.52N 111.14E, staff only")
    assert Image.open(io.BytesIO(original)).info["comment"]
    photo = PhotoFactory(image=ContentFile(original, name="comment.jpg"))
    assert photo.renditions.exists()
    for rendition in photo.renditions.all():
        with rendition.file.open("rb") as served:
            data = served.read()
        assert b"staff only" not in data
        assert "comment" not in Image.open(io.BytesIO(data)).info


def png_header(width: int, height: int) -> bytes:
    """A PNG claiming `width`×`height` RGB pixels (its data is never read: refused first)."""
    return png_bomb(width, height)


def test_a_png_that_would_decode_over_the_budget_is_refused_before_decoding(settings, monkeypatch):
    settings.IMAGE_MAX_DECODE_PIXELS = 40_000_000
    decoded = []
    monkeypatch.setattr(Image.Image, "load", lambda image: decoded.append(image))
    # under the pixel cap (100 MP), over the decode budget: a PNG decodes whole
    with pytest.raises(ValidationError, match="解码后过大") as error:
        inspect_upload(SimpleUploadedFile("bomb.png", png_header(9_950, 9_950)))
    assert error.value.error_list[0].code == "too_costly" and decoded == []


def test_a_large_jpeg_fits_the_budget_as_it_decodes_reduced(settings):
    settings.IMAGE_MAX_DECODE_PIXELS = 1_000
    settings.IMAGE_MAX_PIXELS = 10**8
    big = jpeg_bytes(Image.new("RGB", (8 * 30, 8 * 20), (30, 120, 200)))  # 38,400 px
    assert upload_checks.decoded_pixels("JPEG", 240, 160, 30) == 600  # decoded at 1/8
    assert upload_checks.decoded_pixels("PNG", 240, 160, 30) == 38_400
    with pytest.raises(ValidationError, match="解码后过大"):
        inspect_upload(SimpleUploadedFile("big.png", png_bytes(240, 160)))
    made = list(renditions.render_renditions(io.BytesIO(big), {"thumbnail": 30}))
    assert [(spec, width) for spec, _fmt, width, _h, _data in made] == [
        ("thumbnail", 30),
        ("thumbnail", 30),
    ]


def test_a_jpeg_scan_over_the_budget_decodes_smaller_instead_of_being_refused(settings):
    """A page scan a little wider than the zoom size (6000×8000 against 3200) cannot decode at
    1/2 and still fill the zoom; over the budget it is accepted with a narrower zoom."""
    settings.IMAGE_MAX_DECODE_PIXELS = 40_000
    scan = jpeg_bytes(Image.new("RGB", (300, 400), (200, 200, 190)))  # 120,000 px
    specs = {"thumbnail": 80, "zoom": 200}
    assert upload_checks.jpeg_reduction(300, 400, 200) == 2  # 150×200 = 30,000 px
    inspect_upload(SimpleUploadedFile("scan.jpg", scan))  # accepted
    made = list(renditions.render_renditions(io.BytesIO(scan), specs))
    assert sorted({(spec, width) for spec, _fmt, width, _h, _data in made}) == [
        ("thumbnail", 80),
        ("zoom", 150),
    ]
    settings.IMAGE_MAX_DECODE_PIXELS = 10**8  # within the budget: the zoom is full width
    made = list(renditions.render_renditions(io.BytesIO(scan), specs))
    assert ("zoom", 200) in {(spec, width) for spec, _fmt, width, _h, _data in made}


def test_renditions_made_outside_an_upload_keep_the_budget_too(settings):
    """Importers and the shell save photos without inspect_upload(): refused all the same."""
    settings.IMAGE_MAX_DECODE_PIXELS = 1_000
    with pytest.raises(ValidationError, match="解码后过大"):
        list(renditions.render_renditions(io.BytesIO(png_bytes(240, 160)), renditions.PHOTO_SPECS))


def test_api_upload_over_the_decode_budget_is_a_400_and_saves_nothing(settings):
    from tests.api.conftest import token_client

    settings.IMAGE_MAX_DECODE_PIXELS = 1_000
    api = token_client("photo-desk", "记者")
    response = api.post(
        "/api/v1/photos/",
        {
            "image": SimpleUploadedFile("scan.png", png_bytes(240, 160)),
            "page": PageFactory(issue__status="draft").pk,
            "caption": "x",
        },
        format="multipart",
    )
    assert response.status_code == 400
    assert "解码后过大" in response.json()["fields"]["image"][0]
    assert not Photo.objects.exists() and stored_files(settings) == []


def test_a_rotated_phone_photo_is_served_upright(client):
    photo = PhotoFactory(image=ContentFile(rotated_phone_photo(), name="phone.jpg"))
    rendition = photo.rendition("medium", "jpeg")
    assert (rendition.width, rendition.height) == (40, 60)
    # its recorded size is the upright one too, in the model and in the API
    assert (photo.width, photo.height) == (40, 60)
    body = client.get(f"/api/v1/photos/{photo.pk}/").json()
    assert (body["width"], body["height"]) == (40, 60)
    with rendition.file.open("rb") as served:
        image = Image.open(served).convert("RGB")
    top, bottom = image.getpixel((20, 5)), image.getpixel((20, 55))
    assert top[0] > 200 and top[2] < 60, top  # red on top
    assert bottom[2] > 200 and bottom[0] < 60, bottom


def test_generate_renditions_force_corrects_sizes_recorded_sideways():
    from django.core.management import call_command

    photo = PhotoFactory(image=ContentFile(rotated_phone_photo(), name="phone.jpg"))
    Photo.objects.filter(pk=photo.pk).update(width=60, height=40)  # as recorded before the fix
    call_command("generate_renditions", verbosity=0)
    photo.refresh_from_db()
    assert (photo.width, photo.height) == (60, 40)  # without --force only renditions are made
    call_command("generate_renditions", "--force", verbosity=0)
    photo.refresh_from_db()
    assert (photo.width, photo.height) == (40, 60)
    assert photo.history.count() == 1  # a measurement, not an edit


def test_renditions_are_made_once_and_reused():
    photo = PhotoFactory()
    first = sorted(r.pk for r in photo.renditions.all())
    photo.caption = "只改了说明"
    photo.save()
    assert sorted(r.pk for r in photo.renditions.all()) == first


def test_a_new_original_replaces_the_renditions_and_their_files(
    django_capture_on_commit_callbacks,
):
    photo = PhotoFactory()
    old_names = [r.file.name for r in photo.renditions.all()]
    photo.image = ContentFile(png_bytes(90, 60), name="new.png")
    with django_capture_on_commit_callbacks(execute=True):
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
    assert photo.renditions.count() == 2  # a 40-px photo: one size, WebP and JPEG


@pytest.mark.parametrize(
    "width, widths",
    [
        (6000, {"thumbnail": 320, "medium": 800, "large": 1600, "zoom": 3200}),
        (2000, {"thumbnail": 320, "medium": 800, "large": 1600, "zoom": 2000}),
        (1600, {"thumbnail": 320, "medium": 800, "large": 1600}),
        (1200, {"thumbnail": 320, "medium": 800, "large": 1200}),
        (200, {"thumbnail": 200}),
    ],
)
def test_sizes_an_original_cannot_fill_are_made_once_at_its_own_width(width, widths):
    assert rendition_widths(PAGE_SPECS, width) == widths


@pytest.fixture
def small_page_specs(monkeypatch):
    """Page sizes a tenth of the real ones, so a test can show every case with small images."""
    monkeypatch.setattr(
        renditions, "PAGE_SPECS", {"thumbnail": 32, "medium": 80, "large": 160, "zoom": 320}
    )


def test_a_scan_narrower_than_zoom_gets_no_zoom_and_each_width_once_in_srcset(small_page_specs):
    page = PageFactory(image=ContentFile(png_bytes(120, 170), name="scan.png"))
    assert {(r.spec, r.width) for r in page.renditions.all() if r.format == "jpeg"} == {
        ("thumbnail", 32),
        ("medium", 80),
        ("large", 120),
    }
    assert [entry.split()[1] for entry in page.srcset("webp").split(", ")] == ["32w", "80w", "120w"]
    # zooming shows the largest there is
    assert page.picture["zoom_src"] == page.rendition("large").file.url
    assert page.picture["zoom_webp_src"] == page.rendition("large", "webp").file.url


def test_a_scan_wider_than_zoom_gets_every_size(small_page_specs):
    page = PageFactory(image=ContentFile(png_bytes(400, 560), name="scan.png"))
    widths = [entry.split()[1] for entry in page.srcset().split(", ")]
    assert widths == ["32w", "80w", "160w", "320w"]
    assert page.picture["zoom_src"] == page.rendition("zoom").file.url
    assert page.picture["zoom_width"] == 320


def test_srcset_names_each_width_once_even_for_renditions_made_before_the_rule(small_page_specs):
    """Renditions made before rendition_widths() had "large" and "zoom" at the same width."""
    page = PageFactory(image=ContentFile(png_bytes(400, 560), name="scan.png"))
    page.renditions.filter(spec="zoom").update(width=160, height=224)
    page = Page.objects.prefetch_related("renditions").get(pk=page.pk)
    assert page.srcset().count(" 160w") == 1 and page.srcset("webp").count(" 160w") == 1


def test_a_photo_smaller_than_medium_still_has_a_picture_and_an_api_image_url(client):
    photo = PhotoFactory(image=ContentFile(png_bytes(200, 150), name="small.png"))
    thumbnail = photo.rendition("thumbnail")
    assert photo.rendition("medium") == thumbnail and photo.picture["src"] == thumbnail.file.url
    body = client.get(f"/api/v1/photos/{photo.pk}/").json()
    assert body["image_url"] == f"http://testserver{thumbnail.file.url}"
    assert [(r["spec"], r["width"]) for r in body["renditions"]] == [
        ("thumbnail", 200),
        ("thumbnail", 200),
    ]


def served_colour(photo, fmt="jpeg"):
    with photo.rendition("thumbnail", fmt).file.open("rb") as served:
        image = Image.open(served)
        image.load()
    return image


@pytest.mark.parametrize("fmt", ["jpeg", "webp"])
def test_an_adobe_rgb_photo_is_served_converted_to_srgb(fmt):
    """Adobe RGB (200, 100, 50) is sRGB (227, 100, 42): linearise with gamma 2.2, Adobe RGB →
    XYZ → linear sRGB by the published D65 matrices, sRGB-encode. Worked by hand, not by
    LittleCMS, so the test does not just repeat the code. Served files carry no profile:
    browsers read them as sRGB."""
    original = Image.new("RGB", (32, 32), (200, 100, 50))
    photo = PhotoFactory(
        image=ContentFile(
            jpeg_bytes(original, quality=100, icc_profile=adobe_rgb_profile()), name="adobe.jpg"
        )
    )
    served = served_colour(photo, fmt)
    assert "icc_profile" not in served.info
    assert all(
        abs(got - want) <= 3
        for got, want in zip(served.getpixel((16, 16)), (227, 100, 42), strict=True)
    ), served.getpixel((16, 16))


def test_a_photo_without_a_profile_or_with_a_broken_one_keeps_its_pixels():
    for profile in (None, b"not an ICC profile"):
        options = {"icc_profile": profile} if profile else {}
        original = jpeg_bytes(Image.new("RGB", (32, 32), (200, 100, 50)), quality=100, **options)
        photo = PhotoFactory(image=ContentFile(original, name="plain.jpg"))
        pixel = served_colour(photo).getpixel((16, 16))
        assert all(abs(got - want) <= 3 for got, want in zip(pixel, (200, 100, 50), strict=True))


@pytest.mark.parametrize(
    "caption, alt_text, alt",
    [
        ("方山县的肉牛在山坡上吃草", "", "方山县的肉牛在山坡上吃草"),  # the caption by default
        ("方山县的肉牛在山坡上吃草", "山坡上的九头肉牛", "山坡上的九头肉牛"),  # the editor's text
        ("", "", "新闻图片"),  # never an empty alt: it is news, not decoration
    ],
)
def test_alt_text_defaults_to_the_caption(client, caption, alt_text, alt):
    photo = PhotoFactory(caption=caption, alt_text=alt_text)
    assert photo.alt == alt
    html = client.get(photo.page.get_absolute_url()).content.decode()
    assert re.search(rf'<img src="{re.escape(photo.picture["src"])}"[^>]* alt="{alt}"', html)
    assert client.get(f"/api/v1/photos/{photo.pk}/").json()["alt"] == alt


# Uploads are atomic: a row, its original and its renditions together, or none of them --------


class InjectedFailure(Exception):
    pass


def fail_renditions(monkeypatch):
    """Every file written, then the renditions' rows fail: the last step of an upload."""

    def fail(*args, **kwargs):
        raise InjectedFailure("the database went away")

    monkeypatch.setattr(Rendition.objects, "bulk_create", fail)


@pytest.fixture
def renditions_fail_to_save(monkeypatch):
    fail_renditions(monkeypatch)


def test_an_api_upload_failing_midway_leaves_no_photo_and_no_file(
    settings, renditions_fail_to_save
):
    from tests.api.conftest import token_client

    api = token_client("photo-desk", "编辑")
    api.raise_request_exception = False
    response = api.post(
        "/api/v1/photos/",
        {
            "image": SimpleUploadedFile("ok.jpg", jpeg_bytes()),
            "page": PageFactory().pk,
            "caption": "上传到一半",
        },
        format="multipart",
    )
    assert response.status_code == 500
    assert not Photo.objects.exists() and not Rendition.objects.exists()
    assert stored_files(settings) == []


def test_a_failed_replacement_keeps_the_old_renditions_and_their_files(
    settings, monkeypatch, django_capture_on_commit_callbacks
):
    photo = PhotoFactory()
    before = {r.pk: r.file.name for r in photo.renditions.all()}
    files_before = sorted(stored_files(settings))
    fail_renditions(monkeypatch)
    photo.image = ContentFile(png_bytes(90, 60), name="new.png")
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(InjectedFailure):
        with atomic_with_files():
            photo.save()
    assert {r.pk: r.file.name for r in Rendition.objects.filter(photo=photo)} == before
    assert sorted(stored_files(settings)) == files_before


def test_generate_renditions_remakes_missing_rows_and_missing_files(settings):
    from django.core.management import call_command

    photo = PhotoFactory(image=ContentFile(png_bytes(1000, 700), name="wide.png"))
    wanted = {(r.spec, r.format) for r in photo.renditions.all()}
    assert len(wanted) == 6
    photo.renditions.filter(spec="large").delete()  # a row lost
    gone = photo.renditions.get(spec="thumbnail", format="webp").file
    gone.storage.delete(gone.name)  # a file lost
    call_command("generate_renditions", verbosity=0)
    renditions = list(Rendition.objects.filter(photo=photo))
    assert {(r.spec, r.format) for r in renditions} == wanted
    assert all(r.file.storage.exists(r.file.name) for r in renditions)
