"""Photos printed in the paper, with captions and photographers (摄)."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from publishing.versions import VersionedModel
from publishing.visibility import ReaderQuerySet, published_q

from ..upload_checks import SafeImageField
from .credits import Credit
from .images import RenditionsMixin


class PhotoQuerySet(ReaderQuerySet):
    def published(self):
        """Photos on published issues, and of a published article when they belong to one."""
        return self.filter(published_q("page__issue__")).filter(
            models.Q(article__isnull=True) | published_q("article__")
        )

    def as_printed(self, *, images=True):
        """In printed order, with photographers (in credit order) and renditions prefetched
        (without them when `images` is False: for captions alone)."""
        in_order = self.order_by("position", "pk")
        if not images:
            return in_order
        # sorted within the photo: PhotoCredit's ordering starts with the photo, which would
        # join the photo, its page and its issue to sort one photo's rows
        credits = PhotoCredit.objects.select_related("person").order_by("position", "pk")
        return in_order.prefetch_related(
            models.Prefetch("photo_credits", queryset=credits), "renditions"
        )


class Photo(RenditionsMixin, VersionedModel):
    # originals are never served (they may carry GPS): pages and the API use renditions
    image = SafeImageField(
        _("图片"),
        upload_to="originals/photos/%Y/%m/",
        width_field="width",
        height_field="height",
        max_length=255,
    )
    width = models.PositiveIntegerField(_("宽度（像素）"), editable=False, default=0)
    height = models.PositiveIntegerField(_("高度（像素）"), editable=False, default=0)
    caption = models.TextField(_("图片说明"), blank=True)
    alt_text = models.CharField(
        _("替代文字"), max_length=300, blank=True, help_text=_("留空则使用图片说明")
    )
    taken_on = models.DateField(_("拍摄日期"), null=True, blank=True)
    place = models.ForeignKey(
        "articles.Place",
        verbose_name=_("拍摄地点"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="photos",
    )
    page = models.ForeignKey(
        "articles.Page", verbose_name=_("版面"), on_delete=models.CASCADE, related_name="photos"
    )
    article = models.ForeignKey(
        "articles.Article",
        verbose_name=_("所属稿件"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="photos",
    )
    position = models.PositiveSmallIntegerField(_("顺序"), default=0)
    credits = models.ManyToManyField(
        "articles.Person",
        through="articles.PhotoCredit",
        verbose_name=_("摄影"),
        related_name="photos",
        blank=True,
    )

    # when the row last changed: the lists' ?updated_since= (with tombstones for removals)
    updated_at = models.DateTimeField(_("更新时间"), auto_now=True, db_index=True)

    objects = PhotoQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        verbose_name = _("图片")
        verbose_name_plural = pgettext_lazy("plural", "图片")
        ordering = ["page_id", "position", "pk"]

    def __str__(self):
        return self.caption[:40] or self.image.name

    def clean(self):
        super().clean()
        if self.article_id and self.page_id and self.article.page_id != self.page_id:
            raise ValidationError({"page": _("图片所在版面必须与所属稿件的版面一致。")})

    @property
    def alt(self) -> str:
        """Alt text for the image: the editor's text, else the caption."""
        return self.alt_text or self.caption or str(_("新闻图片"))


class PhotoCredit(Credit):
    photo = models.ForeignKey(
        Photo, verbose_name=_("图片"), on_delete=models.CASCADE, related_name="photo_credits"
    )
    person = models.ForeignKey(
        "articles.Person", verbose_name=_("摄影者"), on_delete=models.PROTECT
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("图片署名")
        verbose_name_plural = pgettext_lazy("plural", "图片署名")
        ordering = ["photo_id", "position", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["photo", "person"],
                name="photocredit_unique",
                violation_error_message=_("此人已是这张图片的摄影者。"),
            )
        ]

    def __str__(self):
        return gettext("%(person)s 摄") % {"person": self.person}
