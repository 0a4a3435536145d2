"""Images: checking uploads (and page PDFs) before anything is saved, and making the renditions
we serve.

Originals are kept exactly as uploaded under `originals/`, which is never linked from a page
or the API: they may carry GPS positions and huge scans. Everything served is a rendition —
EXIF orientation applied, converted to sRGB, saved without any metadata (so no GPS), at fixed
widths, as WebP and JPEG — made once per size when the original is saved and reused after.
"""

import hashlib
import io
import warnings
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import models, transaction
from django.db.models.fields.files import ImageFieldFile
from django.utils.translation import gettext as _
from PIL import Image, ImageCms, UnidentifiedImageError

# What we accept, by Pillow's format name. MPO is how Pillow reads many phone JPEGs.
ALLOWED_FORMATS = {"JPEG": "JPEG", "MPO": "JPEG", "PNG": "PNG", "WEBP": "WebP", "TIFF": "TIFF"}

# Rendition widths in pixels. Page scans also get a zoom size for reading small print.
PHOTO_SPECS = {"thumbnail": 320, "medium": 800, "large": 1600}
PAGE_SPECS = {**PHOTO_SPECS, "zoom": 3200}
FORMATS = {
    "webp": ("WEBP", {"quality": 80, "method": 4}),
    "jpeg": ("JPEG", {"quality": 85, "progressive": True, "optimize": True}),
}

# EXIF orientation → the transpose that makes the picture upright (as ImageOps.exif_transpose).
ORIENTATION = {
    2: Image.Transpose.FLIP_LEFT_RIGHT,
    3: Image.Transpose.ROTATE_180,
    4: Image.Transpose.FLIP_TOP_BOTTOM,
    5: Image.Transpose.TRANSPOSE,
    6: Image.Transpose.ROTATE_270,
    7: Image.Transpose.TRANSVERSE,
    8: Image.Transpose.ROTATE_90,
}
SIDEWAYS = {5, 6, 7, 8}  # orientations whose upright picture swaps width and height

PDF_MAGIC = b"%PDF-"  # every PDF starts with it (ISO 32000-1, 7.5.2)


JPEG_FORMATS = ("JPEG", "MPO")  # the formats Pillow can decode reduced (draft): 1/2, 1/4, 1/8


def max_pixels() -> int:
    return settings.IMAGE_MAX_PIXELS


def decoded_pixels(image_format: str, width: int, height: int, largest: int) -> int:
    """How many pixels making renditions of a `width`×`height` original decodes at once when the
    largest rendition is `largest` pixels wide: all of them, except for a JPEG, which decodes
    at the largest reduction (1/2, 1/4, 1/8) still at least that wide (see render_renditions)."""
    reduction = 1
    if image_format in JPEG_FORMATS:
        factor = width // max(1, largest)
        reduction = max(scale for scale in (1, 2, 4, 8) if scale <= max(1, factor))
    return -(-width // reduction) * -(-height // reduction)


def orientation_of(image: Image.Image) -> int | None:
    """The EXIF orientation, read from the header alone. Pillow's getexif() decodes a whole PNG
    to look for an eXIf chunk after the pixels; only one before them is read here."""
    if image.format == "PNG" and "exif" not in image.info:
        return None
    return image.getexif().get(0x0112)


def refuse_costly_decode(pixels: int, width: int, height: int) -> None:
    """Raise ValidationError when decoding would hold more than IMAGE_MAX_DECODE_PIXELS pixels
    in memory: checked before any decoding, from the header alone."""
    limit = settings.IMAGE_MAX_DECODE_PIXELS
    if pixels > limit:
        raise ValidationError(
            _(
                "图片解码后过大：%(w)d×%(h)d，PNG、WebP、TIFF 上限为 %(limit)d 万像素；"
                "请缩小后上传，或转存为 JPEG。"
            )
            % {"w": width, "h": height, "limit": limit // 10_000},
            code="too_costly",
        )


# The files saved inside the innermost atomic_with_files() block, as (storage, name).
_written_files: ContextVar[list | None] = ContextVar("written_files", default=None)


def note_written(storage, name: str) -> None:
    """Record a file just saved, for atomic_with_files() to remove if its transaction fails."""
    written = _written_files.get()
    if written is not None:
        written.append((storage, name))


@contextmanager
def atomic_with_files(using=None):
    """transaction.atomic() for writes that save files (an original, its renditions): when the
    block fails, or its commit does, every file saved inside it is deleted again, so storage
    never keeps a file whose row was rolled back. Files replaced inside it are deleted only on
    commit (delete_rendition_file), so a rollback leaves the old ones whole.

    A worker killed inside the block commits nothing: its row never appears, and a file it had
    written stays unnamed by any row (as the originals of deleted photos do: an archive keeps
    them).
    """
    outer = _written_files.get()
    written = []
    token = _written_files.set(written)
    try:
        with transaction.atomic(using=using):
            yield
    except BaseException:
        for storage, name in written:
            storage.delete(name)
        raise
    finally:
        _written_files.reset(token)
    if outer is not None:  # an enclosing block that fails later removes these too
        outer.extend(written)


@dataclass
class ImageInfo:
    format: str
    width: int
    height: int


def refuse_larger_than(limit: int, size: int):
    """Raise ValidationError naming both sizes when an upload of `size` bytes is over `limit`."""
    if size > limit:
        raise ValidationError(
            _("文件太大：%(mb).1f MB，上限为 %(limit).0f MB。")
            % {"mb": size / 2**20, "limit": limit / 2**20},
            code="too_large",
        )


def inspect_upload(file) -> ImageInfo:
    """Check an uploaded file and return what it is; raise ValidationError naming the reason.

    Order matters: size and header first (cheap), the pixel count and what making renditions
    would decode before any decoding (a 20000×20000 PNG bomb is a few kilobytes on disk and
    1.2 GB in memory; see refuse_costly_decode), then a decode (reduced for a JPEG), so a
    truncated or corrupt file is refused now rather than when a reader opens the page.
    """
    size = getattr(file, "size", None)
    if not size:
        raise ValidationError(_("文件是空的（0 字节），请重新选择图片。"), code="empty")
    refuse_larger_than(settings.IMAGE_MAX_BYTES, size)
    file.seek(0)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            Image.MAX_IMAGE_PIXELS = max_pixels()
            image = Image.open(file)  # reads the header only
            width, height = image.size
            if width * height > max_pixels():
                raise ValidationError(
                    _("图片像素过多：%(w)d×%(h)d，上限为 %(limit)d 万像素。")
                    % {"w": width, "h": height, "limit": max_pixels() // 10_000},
                    code="too_many_pixels",
                )
            if image.format not in ALLOWED_FORMATS:
                raise ValidationError(
                    _("不支持的图片格式 %(format)s：只接受 JPEG、PNG、WebP 和 TIFF。")
                    % {"format": image.format},
                    code="format",
                )
            # what making the widest renditions (a page's zoom size) will decode, upright
            sideways = orientation_of(image) in SIDEWAYS
            upright = (height, width) if sideways else (width, height)
            largest = min(max(PAGE_SPECS.values()), upright[0])
            refuse_costly_decode(decoded_pixels(image.format, *upright, largest), width, height)
            if image.format in JPEG_FORMATS:
                # decoding at 1/8 scale still reads every byte: enough to find truncation
                image.draft("RGB", (max(1, width // 8), max(1, height // 8)))
            image.load()
            return ImageInfo(image.format, width, height)
    except UnidentifiedImageError:
        raise ValidationError(
            _("无法识别为图片：只接受 JPEG、PNG、WebP 和 TIFF（文本文件、SVG 等都不行）。"),
            code="not_an_image",
        ) from None
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise ValidationError(
            _("图片像素过多，上限为 %(limit)d 万像素。") % {"limit": max_pixels() // 10_000},
            code="too_many_pixels",
        ) from None
    except (OSError, SyntaxError, ValueError, EOFError) as error:
        raise ValidationError(
            _("图片数据不完整或已损坏：%(error)s") % {"error": error}, code="corrupt"
        ) from None
    finally:
        file.seek(0)


def inspect_pdf(file):
    """Check an uploaded page PDF: not over PDF_MAX_BYTES, and a PDF by its first bytes, not just
    by its name. Raise ValidationError naming the reason."""
    refuse_larger_than(settings.PDF_MAX_BYTES, getattr(file, "size", None) or 0)
    file.seek(0)
    try:
        header = file.read(len(PDF_MAGIC))
    finally:
        file.seek(0)
    if header != PDF_MAGIC:
        raise ValidationError(
            _("不是 PDF 文件：文件开头没有 PDF 文件头，可能是改了扩展名的其他文件。"),
            code="not_a_pdf",
        )


class SafeImageFormField(forms.ImageField):
    """Django's image field, with our checks first so the editor reads the real reason."""

    def to_python(self, data):
        if data not in self.empty_values:
            inspect_upload(data)
        return super().to_python(data)


def upright_size(file) -> tuple[int, int]:
    """(width, height) of the picture as readers see it: a phone photo stored sideways with
    EXIF orientation 6 is 60×40 on disk and 40×60 upright, as its renditions are."""
    file.seek(0)
    with Image.open(file) as image:  # no decoding for a JPEG: its EXIF is in the header
        width, height = image.size
        sideways = orientation_of(image) in SIDEWAYS
    return (height, width) if sideways else (width, height)


class UprightImageFieldFile(ImageFieldFile):
    """An image file whose .width and .height (and so the model's width_field and height_field,
    filled from them) are the upright picture's, and whose saving is noted for
    atomic_with_files()."""

    def save(self, name, content, save=True):
        super().save(name, content, save=save)
        note_written(self.storage, self.name)

    def _get_image_dimensions(self):
        if not hasattr(self, "_dimensions_cache"):
            close = self.closed
            self.open()
            position = self.tell()
            try:
                self._dimensions_cache = upright_size(self)
            finally:
                if close:
                    self.close()
                else:
                    self.seek(position)
        return self._dimensions_cache


class SafeImageField(models.ImageField):
    """An ImageField whose forms (admin, API) run inspect_upload() and whose dimensions are the
    upright picture's."""

    attr_class = UprightImageFieldFile

    def formfield(self, **kwargs):
        return super().formfield(**{"form_class": SafeImageFormField, **kwargs})


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
        scale = largest / width
        if image.format in JPEG_FORMATS:
            wanted = (max(1, int(image.size[0] * scale)), max(1, int(image.size[1] * scale)))
            image.draft("RGB", wanted)
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
    only once the transaction commits.
    """
    from .models import Rendition

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
    tag = hashlib.sha1(field.name.encode()).hexdigest()[:10]
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
                rendition.file.save(
                    f"{kind}s/{owner.pk}/{spec}-{tag}.{fmt}", ContentFile(data), save=False
                )
                saved.append(rendition.file.name)
                note_written(rendition.file.storage, rendition.file.name)
                rows.append(rendition)
    except Exception:
        for name in saved:
            field.storage.delete(name)
        raise
    return Rendition.objects.bulk_create(rows)


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
