"""What is served of an image: renditions; and where an article sits on its printed page."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from publishing.visibility import ReaderQuerySet


class RenditionQuerySet(ReaderQuerySet):
    def published(self):
        """Renditions of photos and page images a reader may see (by their own querysets)."""
        photo, page = (self.model._meta.get_field(name).related_model for name in ("photo", "page"))
        return self.filter(
            models.Q(photo__in=photo.objects.published().values("pk"))
            | models.Q(page__in=page.objects.published().values("pk"))
        )


class Rendition(models.Model):
    """One size and format of a photo or a page image, made from the original once."""

    class Spec(models.TextChoices):
        THUMBNAIL = "thumbnail", _("缩略图")
        MEDIUM = "medium", _("中图")
        LARGE = "large", _("大图")
        ZOOM = "zoom", _("放大图")

    class Format(models.TextChoices):
        WEBP = "webp", "WebP"
        JPEG = "jpeg", "JPEG"

    photo = models.ForeignKey(
        "articles.Photo",
        verbose_name=_("图片"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="renditions",
    )
    page = models.ForeignKey(
        "articles.Page",
        verbose_name=_("版面"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="renditions",
    )
    source_name = models.CharField(_("原图文件"), max_length=255)
    spec = models.CharField(_("尺寸"), max_length=10, choices=Spec.choices)
    format = models.CharField(_("格式"), max_length=4, choices=Format.choices)
    # a plain FileField: we know the size already and never want to open the file to learn it
    # db_index: newsroom.media finds the rendition of a requested file by its name
    file = models.FileField(_("文件"), upload_to="renditions/", max_length=255, db_index=True)
    width = models.PositiveIntegerField(_("宽度"))
    height = models.PositiveIntegerField(_("高度"))

    objects = RenditionQuerySet.as_manager()

    class Meta:
        verbose_name = _("图片尺寸")
        verbose_name_plural = pgettext_lazy("plural", "图片尺寸")
        ordering = ["width", "spec", "format"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(photo__isnull=True) ^ models.Q(page__isnull=True),
                name="rendition_of_photo_or_page",
            ),
            models.UniqueConstraint(
                fields=["photo", "spec", "format"],
                name="rendition_unique_photo",
                condition=models.Q(photo__isnull=False),
            ),
            models.UniqueConstraint(
                fields=["page", "spec", "format"],
                name="rendition_unique_page",
                condition=models.Q(page__isnull=False),
            ),
        ]

    def __str__(self):
        return f"{self.get_spec_display()} {self.get_format_display()} {self.width}×{self.height}"


# Specs from smallest to largest (the order of Rendition.Spec).
SPEC_RANK = {spec: rank for rank, spec in enumerate(Rendition.Spec.values)}


class RenditionsMixin:
    """Picks renditions from `self.renditions.all()` — prefetch it: no query per image."""

    def rendition(self, spec: str, fmt: str = "jpeg"):
        """The `spec` rendition, or the largest there is when the original was too small to
        make that size (see renditions.rendition_widths): callers need not know which were made."""
        rank = SPEC_RANK[spec]
        made = [r for r in self.renditions.all() if r.format == fmt and SPEC_RANK[r.spec] <= rank]
        return max(made, key=lambda r: SPEC_RANK[r.spec], default=None)

    @property
    def thumbnail(self):
        """The smallest JPEG rendition (page thumbnails in 版面导航 and on article pages)."""
        return self.rendition("thumbnail")

    def srcset(self, fmt: str = "jpeg") -> str:
        """`url 800w, …`, each width once: a browser may reject a srcset naming one twice."""
        urls = {}
        for rendition in self.renditions.all():
            if rendition.format == fmt:
                urls.setdefault(rendition.width, rendition.file.url)
        return ", ".join(f"{url} {width}w" for width, url in sorted(urls.items()))

    @property
    def picture(self) -> dict | None:
        """What a <picture> element needs: WebP and JPEG srcsets, the medium JPEG as fallback,
        and the largest size (zoom on pages) for zooming in."""
        fallback = self.rendition("medium")
        if fallback is None:
            return None
        zoom, zoom_webp = self.rendition("zoom"), self.rendition("zoom", "webp")
        return {
            "src": fallback.file.url,
            "width": fallback.width,
            "height": fallback.height,
            "webp_srcset": self.srcset("webp"),
            "jpeg_srcset": self.srcset("jpeg"),
            "zoom_src": zoom.file.url,
            "zoom_webp_src": zoom_webp.file.url if zoom_webp else zoom.file.url,
            "zoom_width": zoom.width,
        }


def fraction(name):
    return models.FloatField(name, validators=[MinValueValidator(0.0), MaxValueValidator(1.0)])


class ArticleRegion(models.Model):
    """A rectangle on the page image where (part of) an article is printed.

    Coordinates are fractions of the image's width and height (0–1), so any rendition works.
    """

    article = models.ForeignKey(
        "articles.Article",
        verbose_name=_("稿件"),
        on_delete=models.CASCADE,
        related_name="regions",
    )
    x = fraction(_("左边距（0–1）"))
    y = fraction(_("上边距（0–1）"))
    width = fraction(_("宽度（0–1）"))
    height = fraction(_("高度（0–1）"))

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("版面区域")
        verbose_name_plural = pgettext_lazy("plural", "版面区域")
        ordering = ["article", "y", "x"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(x__gte=0, y__gte=0, width__gt=0, height__gt=0)
                & models.Q(x__lte=1 - models.F("width"))
                & models.Q(y__lte=1 - models.F("height")),
                name="region_inside_the_page",
                violation_error_message=_(
                    "区域必须在版面图之内：x、y ≥ 0，x+宽度 ≤ 1，y+高度 ≤ 1。"
                ),
            )
        ]

    def __str__(self):
        return f"{self.article} ({self.x:.2f}, {self.y:.2f})"

    @property
    def style(self) -> str:
        """CSS placing the region's link over the image, in percent."""
        return box_style(self.x, self.y, self.width, self.height)

    @property
    def box(self) -> str:
        """ "x y width height" in fractions, for scripts that place the region themselves."""
        return f"{self.x:.5f} {self.y:.5f} {self.width:.5f} {self.height:.5f}"


def box_style(x: float, y: float, width: float, height: float) -> str:
    """CSS placing a box given in fractions of the page over the page image, in percent."""
    return (
        f"left:{x * 100:.3f}%;top:{y * 100:.3f}%;"
        f"width:{width * 100:.3f}%;height:{height * 100:.3f}%"
    )
