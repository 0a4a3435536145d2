"""Renditions: what we serve of an uploaded image, made once per size when the original is saved
and reused after — EXIF orientation applied, converted to sRGB, saved without any metadata (so
no GPS), at fixed widths, as WebP and JPEG. Uploads are checked before in articles/upload_checks.py.
"""

import io
import secrets

from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models.signals import post_save
from PIL import Image, ImageCms

from publishing.atomic_files import note_written
from publishing.caching import content_changed

from .models import Rendition
from .upload_checks import (
    JPEG_FORMATS,
    ORIENTATION,
    SIDEWAYS,
    WIDEST_RENDITION,
    jpeg_reduction,
    orientation_of,
    refuse_costly_decode,
    upright_size,
)

# Rendition widths in pixels. Page scans also get a zoom size for reading small print.
PHOTO_SPECS = {"thumbnail": 320, "medium": 800, "large": 1600}
PAGE_SPECS = {**PHOTO_SPECS, "zoom": WIDEST_RENDITION}
FORMATS = {
    "webp": ("WEBP", {"quality": 80, "method": 4}),
    "jpeg": ("JPEG", {"quality": 85, "progressive": True, "optimize": True}),
}


def _upright_srgb(image: Image.Image, orientation: int | None) -> Image.Image:
    if orientation in ORIENTATION:
        image = image.transpose(ORIENTATION[orientation])
    profile = image.info.get("icc_profile")
    if profile:
        try:
            image = ImageCms.profileToProfile(
                image,
                ImageCms.ImageCmsProfile(io.BytesIO(profile)),
                ImageCms.createProfile("sRGB"),
                outputMode="RGB",
            )
        except (ImageCms.PyCMSError, OSError, ValueError):
            pass  # a broken profile: keep the pixels as they are rather than fail
    if image.mode in ("RGBA", "LA", "P"):
        image = image.convert("RGBA")
        background = Image.new("RGB", image.size, (255, 255, 255))
        background.paste(image, mask=image.getchannel("A"))
        return background
    return image if image.mode == "RGB" else image.convert("RGB")


def rendition_widths(specs: dict[str, int], width: int) -> dict[str, int]:
    """The width of each rendition to make of an original `width` pixels wide (upright).

    Never wider than the original, and never the same picture twice: the sizes a small original
    cannot fill are made once, at its own width, under the smallest of their names. A 1200-px
    scan gets thumbnail 320, medium 800 and large 1200 but no zoom; a 200-px photo only a
    thumbnail. RenditionsMixin.rendition() answers for a missing size with the largest made.
    """
    widths = {}
    for spec, target in sorted(specs.items(), key=lambda item: item[1]):
        widths[spec] = min(target, width)
        if target >= width:
            break
    return widths


def render_renditions(source, specs: dict[str, int]):
    """Yield (spec, fmt, width, height, bytes) for every size in rendition_widths().

    Memory stays near one decoded copy of the original: JPEGs are decoded at a reduced scale
    (draft) when the largest rendition allows, every image is shrunk in place to the largest
    served size right after decoding, and each size is made from the previous, larger one.
    """
    with Image.open(source) as image:
        orientation = orientation_of(image)
        width, height = image.size
        if orientation in SIDEWAYS:
            width, height = height, width  # sizes are for the upright picture
        widths = rendition_widths(specs, width)
        largest = max(widths.values())
        if image.format in JPEG_FORMATS:
            reduction = jpeg_reduction(width, height, largest)  # as inspect_upload() judged it
            image.draft("RGB", (image.size[0] // reduction, image.size[1] // reduction))
        # importers and the shell reach here without inspect_upload(): the same budget
        refuse_costly_decode(image.size[0] * image.size[1], width, height)
        image.load()
        # Shrink to the largest size we serve before anything else copies the full scan.
        # (Sizes here are in stored orientation: a sideways photo's width is its height.)
        sideways = orientation in SIDEWAYS
        image.thumbnail((10 * largest, largest) if sideways else (largest, 10 * largest))
        image = _upright_srgb(image, orientation)
    # Nothing of the original's metadata goes out: Pillow would write its JPEG comment (COM)
    # segment into every JPEG rendition unless told otherwise.
    image.info.clear()
    for spec, target in sorted(widths.items(), key=lambda item: -item[1]):
        if target < image.width:
            image.thumbnail((target, 10 * target))
        for fmt, (pil_format, options) in FORMATS.items():
            buffer = io.BytesIO()
            image.save(buffer, pil_format, **options)  # no exif=, no comment=: no metadata
            yield spec, fmt, image.width, image.height, buffer.getvalue()


def _complete(existing, field, specs: dict[str, int]) -> bool:
    """Whether `existing` renditions are every one the original needs, each file in storage."""
    with field.open("rb"):
        widths = rendition_widths(specs, upright_size(field)[0])
    wanted = {(spec, fmt) for spec in widths for fmt in FORMATS}
    made = {(r.spec, r.format) for r in existing}
    return made >= wanted and all(field.storage.exists(r.file.name) for r in existing)


def make_renditions(
    owner, field, specs: dict[str, int], *, force: bool = False, verify: bool = False
):
    """Make (or reuse) the renditions of `owner`'s image `field`; returns the Rendition rows.

    Reused when they were made from the same original (and, with `verify`, are all there, each
    with its file: what generate_renditions checks); otherwise replaced. A failure deletes
    whatever files it had written, so nothing half-made stays in storage; the files replaced go
    only once the transaction commits (delete_rendition_file).
    """

    existing = list(owner.renditions.all())
    if (
        existing
        and not force
        and all(r.source_name == field.name for r in existing)
        and (not verify or _complete(existing, field, specs))
    ):
        return existing
    for rendition in existing:
        rendition.delete()  # its file goes on commit (delete_rendition_file)
    # A random folder, not the owner's id: renditions of unpublished work are not to be found
    # by counting; new renditions get a new folder, so a changed picture gets new URLs.
    folder = f"{owner._meta.model_name}s/{secrets.token_urlsafe(16)}"
    kind = owner._meta.model_name
    saved, rows = [], []
    try:
        with field.open("rb") as source:
            for spec, fmt, width, height, data in render_renditions(source, specs):
                rendition = Rendition(
                    **{kind: owner},
                    source_name=field.name,
                    spec=spec,
                    format=fmt,
                    width=width,
                    height=height,
                )
                rendition.file.save(f"{folder}/{spec}.{fmt}", ContentFile(data), save=False)
                saved.append(rendition.file.name)
                note_written(rendition.file.storage, rendition.file.name)
                rows.append(rendition)
    except Exception:
        for name in saved:
            field.storage.delete(name)
        raise
    made = Rendition.objects.bulk_create(rows)
    # bulk_create sends no post_save: what shows the owner's picture is made stale here, once
    # for all its renditions (a save of the owner that brought a new image has done so too, but
    # generate_renditions saves no owner)
    if made:
        content_changed(sender=Rendition, instance=made[0], signal=post_save, created=True)
    return made


def refresh_renditions(sender, instance, **kwargs):
    """post_save of Photo and Page: (re)make renditions when the original is new or changed.

    Run inside the saving transaction on purpose: if it fails, the save fails with it, so an
    image never exists without the renditions every page relies on.
    """
    field = instance.image
    if not field:
        return
    specs = PAGE_SPECS if sender._meta.model_name == "page" else PHOTO_SPECS
    make_renditions(instance, field, specs)


def delete_rendition_file(sender, instance, **kwargs):
    """post_delete of Rendition: its file goes too, once the deletion is committed (a rollback
    brings the row back, and it needs its file). Originals are kept: it is an archive."""
    if not instance.file:
        return
    storage, name = instance.file.storage, instance.file.name

    def delete_unless_reused():
        # a rendition made again while this one's file was missing may have got its name
        if not sender.objects.filter(file=name).exists():
            storage.delete(name)

    transaction.on_commit(delete_unless_reused)
