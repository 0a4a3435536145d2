"""Checking uploads (images and page PDFs) before anything is saved, and the image field that
runs the checks in every form (admin, API) and reads the upright picture's dimensions.

Originals are kept exactly as uploaded under `originals/`, which is never linked from a page
or the API: they may carry GPS positions and huge scans. What is served is made from them in
articles/renditions.py.
"""

import posixpath
import secrets
import warnings
from dataclasses import dataclass

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.fields.files import ImageFieldFile
from django.utils.translation import gettext as _
from PIL import Image, UnidentifiedImageError

from publishing.atomic_files import note_written

# What we accept, by Pillow's format name. MPO is how Pillow reads many phone JPEGs.
ALLOWED_FORMATS = {"JPEG": "JPEG", "MPO": "JPEG", "PNG": "PNG", "WEBP": "WebP", "TIFF": "TIFF"}

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

# What Pillow raises for a file it cannot (or must not) read as an image.
UNREADABLE_IMAGE = (
    UnidentifiedImageError,
    Image.DecompressionBombError,
    OSError,
    SyntaxError,
    ValueError,
    EOFError,
)

PDF_MAGIC = b"%PDF-"  # every PDF starts with it (ISO 32000-1, 7.5.2)

JPEG_FORMATS = ("JPEG", "MPO")  # the formats Pillow can decode reduced (draft): 1/2, 1/4, 1/8
# The widest rendition made of any image (a page's zoom size, articles/renditions.py): what
# making renditions decodes is judged against it before anything is decoded.
WIDEST_RENDITION = 3200


def max_pixels() -> int:
    return settings.IMAGE_MAX_PIXELS


def jpeg_reduction(width: int, height: int, largest: int) -> int:
    """The scale (1, 2, 4 or 8) a JPEG `width`×`height` decodes at for renditions at most
    `largest` wide: the largest still at least that wide, or, when that would hold more than
    IMAGE_MAX_DECODE_PIXELS, the first within the budget. A 6000×8000 page scan thus decodes at
    3000×4000 and its zoom size is 3000 wide instead of 3200: a slightly narrower zoom, not a
    refused scan."""
    factor = width // max(1, largest)
    reduction = max(scale for scale in (1, 2, 4, 8) if scale <= max(1, factor))
    while reduction < 8 and -(-width // reduction) * -(-height // reduction) > (
        settings.IMAGE_MAX_DECODE_PIXELS
    ):
        reduction *= 2
    return reduction


def decoded_pixels(image_format: str, width: int, height: int, largest: int) -> int:
    """How many pixels making renditions of a `width`×`height` original decodes at once when the
    largest rendition is `largest` pixels wide: all of them, except for a JPEG, which decodes
    reduced (jpeg_reduction, see render_renditions)."""
    reduction = 1
    if image_format in JPEG_FORMATS:
        reduction = jpeg_reduction(width, height, largest)
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
            largest = min(WIDEST_RENDITION, upright[0])
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
            data.image_inspected = True  # the model field's validate() need not decode it again
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
    publishing.atomic_files.atomic_with_files()."""

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
            except UNREADABLE_IMAGE:
                # Assigning a file that is not an image (an importer, a shell) fills the size
                # fields; the model's validation then names the problem (SafeImageField).
                self._dimensions_cache = (0, 0)
            finally:
                if close:
                    self.close()
                else:
                    self.seek(position)
        return self._dimensions_cache


def unguessable_name(name: str) -> str:
    """`name` in a folder of its own with a random name: dir/x.pdf → dir/<token>/x.pdf.

    Files of unpublished work must not be found by guessing (an upload's name, a date, an id);
    the file keeps its own name for whoever downloads it.
    """
    directory, filename = posixpath.split(name)
    return posixpath.join(directory, secrets.token_urlsafe(16), filename)


class UnguessableNameMixin:
    """A file field whose stored names carry a random folder (see unguessable_name)."""

    def generate_filename(self, instance, filename):
        return unguessable_name(super().generate_filename(instance, filename))


class UnguessableFileField(UnguessableNameMixin, models.FileField):
    """A FileField storing each upload under an unguessable name (page PDFs)."""

    def deconstruct(self):
        # The column is a FileField's: migrations need not import this module.
        name, _path, args, kwargs = super().deconstruct()
        return name, "django.db.models.FileField", args, kwargs


class SafeImageField(UnguessableNameMixin, models.ImageField):
    """An ImageField whose forms (admin, API) run inspect_upload(), whose dimensions are the
    upright picture's, and whose files get unguessable names."""

    attr_class = UprightImageFieldFile

    def formfield(self, **kwargs):
        return super().formfield(**{"form_class": SafeImageFormField, **kwargs})

    def validate(self, value, model_instance):
        """full_clean() checks a file assigned in code as an upload is checked: a new file (not
        yet stored, or stored for a row not yet saved) that no form has inspected already."""
        super().validate(value, model_instance)
        if not value:
            return
        if not value._committed:
            if not getattr(value.file, "image_inspected", False):
                inspect_upload(value.file)  # leaves it open and rewound for the save
        elif model_instance._state.adding:
            value.open("rb")
            try:
                inspect_upload(value)
            finally:
                value.close()

    def deconstruct(self):
        # Migrations see a plain ImageField: the checks are the forms' and the dimensions are
        # read in Python, neither changes the column, and migrations import no project code.
        name, _path, args, kwargs = super().deconstruct()
        return name, "django.db.models.ImageField", args, kwargs
