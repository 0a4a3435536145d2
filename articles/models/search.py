"""The search index: one row per article, kept current by articles/search/signals.py.

The row holds what filtering and ordering need without touching the article table (issue date,
when the article became visible, section) so that a search over a million articles reads one table
and its indexes. The tokens themselves live in backend-specific structures created by the migration:
on PostgreSQL tsvector columns with GIN indexes on this table (see articles/search/postgres.py),
on SQLite an FTS5 table.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class SearchDocument(models.Model):
    article = models.OneToOneField(
        "articles.Article",
        verbose_name=_("稿件"),
        primary_key=True,
        on_delete=models.CASCADE,
        related_name="search_document",
    )
    date = models.DateField(_("出版日期"), db_index=True)
    visible_from = models.DateTimeField(
        _("读者可见时间"),
        null=True,
        blank=True,
        help_text=_("稿件与期次都已发布时取两者发布时间中较晚者；未发布为空"),
    )
    section = models.ForeignKey(
        "articles.Section",
        verbose_name=_("栏目"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    is_long = models.BooleanField(
        _("超长文本"),
        default=False,
        help_text=_("超出 tsvector 位置上限的稿件，检索时另以子串匹配补足"),
    )
    long_text = models.TextField(_("超长文本全文"), blank=True)
    indexed_at = models.DateTimeField(_("索引时间"), auto_now=True)

    class Meta:
        verbose_name = _("检索索引")
        verbose_name_plural = pgettext_lazy("plural", "检索索引")
        ordering = ["-date", "-article_id"]
        indexes = [
            models.Index(
                fields=["article"],
                condition=models.Q(is_long=True),
                name="searchdoc_long",
            )
        ]

    def __str__(self):
        return f"{self.article_id} {self.date:%Y-%m-%d}"
