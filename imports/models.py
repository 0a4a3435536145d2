"""An import in progress: the uploaded file, the state of its reading (OCR runs in the
background), and what was read, until the editor confirms the proposal."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from .lines import Box, Line, PageSource


class ImportJob(models.Model):
    """One uploaded or pasted page on its way in. The file is read by the task
    `imports.tasks.read_import` (OCR of a scan takes seconds to minutes); the editor then
    reviews the proposal parsed from `source_lines` and confirms it, which saves the page."""

    class State(models.TextChoices):
        QUEUED = "queued", _("排队中")
        READING = "reading", _("识别中")
        READY = "ready", _("待审核")
        FAILED = "failed", _("失败")
        SAVED = "saved", _("已保存")

    upload = models.FileField(_("上传文件"), upload_to="originals/imports/%Y/%m/", max_length=255)
    filename = models.CharField(_("文件名"), max_length=255, blank=True)
    issue_date = models.DateField(_("出版日期"), null=True, blank=True)
    page_number = models.PositiveSmallIntegerField(_("版次"), null=True, blank=True)
    state = models.CharField(
        _("状态"), max_length=10, choices=State.choices, default=State.QUEUED, db_index=True
    )
    progress = models.FloatField(_("进度"), default=0.0)
    error = models.TextField(_("错误"), blank=True)
    task_id = models.CharField(_("任务编号"), max_length=64, blank=True)
    # what the reader gave: kind, lines as [text, [x, y, w, h] or null, confidence or null],
    # the page image (kept beside the upload) and its size, and the reader's warnings
    source_kind = models.CharField(_("来源类型"), max_length=10, blank=True)
    source_lines = models.JSONField(_("识别的行"), default=list, blank=True)
    source_warnings = models.JSONField(_("识别提示"), default=list, blank=True)
    image = models.FileField(_("版面图"), upload_to="originals/imports/%Y/%m/", blank=True)
    image_size = models.JSONField(_("版面图尺寸"), null=True, blank=True)
    page = models.ForeignKey(
        "articles.Page",
        verbose_name=_("版面"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="import_jobs",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("导入人"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
    )
    created_at = models.DateTimeField(_("创建时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("导入版面")
        verbose_name_plural = pgettext_lazy("plural", "导入版面")
        ordering = ["-created_at"]

    def __str__(self):
        return self.filename or f"#{self.pk}"

    def store_source(self, source: PageSource) -> None:
        """Keep what the reader gave (not saved: the caller saves)."""
        self.source_kind = source.kind
        self.source_lines = [
            [line.text, line.box.as_list() if line.box else None, line.confidence]
            for line in source.lines
        ]
        self.source_warnings = list(source.warnings)
        self.image_size = list(source.image_size) if source.image_size else None

    def page_source(self) -> PageSource:
        """The PageSource read by the task, rebuilt (the parser runs again on it: a second)."""
        lines = [
            Line(text, Box(*box) if box else None, confidence)
            for text, box, confidence in self.source_lines
        ]
        image = None
        if self.image:
            with self.image.open("rb") as handle:
                image = handle.read()
        return PageSource(
            kind=self.source_kind,
            lines=lines,
            text="\n".join(line.text for line in lines),
            image=image,
            image_size=tuple(self.image_size) if self.image_size else None,
            warnings=list(self.source_warnings),
        )
