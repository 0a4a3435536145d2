"""Tombstones: what readers could see and no longer can (publishing.tombstones records them)."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Tombstone(models.Model):
    """An object that was public and is not any more: withdrawn, unpublished, moved out of sight
    or deleted. Only its kind, its id and when: nothing of what it said."""

    class Kind(models.TextChoices):
        ISSUE = "issue", _("期次")
        PAGE = "page", _("版面")
        ARTICLE = "article", _("稿件")
        PHOTO = "photo", _("图片")
        FIGURE = "figure", _("数据")

    kind = models.CharField(_("类型"), max_length=10, choices=Kind.choices)
    object_id = models.PositiveBigIntegerField(_("编号"))
    removed_at = models.DateTimeField(_("撤下时间"), default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("撤下记录")
        verbose_name_plural = pgettext_lazy("plural", "撤下记录")
        ordering = ["removed_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "object_id"], name="tombstone_unique_object")
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.object_id}"
