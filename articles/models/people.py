"""People credited in the paper: reporters, photographers, editors, page staff."""

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class PersonQuerySet(models.QuerySet):
    def published(self):
        """People are public: they appear only through the items that credit them."""
        return self


class Person(models.Model):
    name = models.CharField(_("姓名"), max_length=50, db_index=True)
    disambiguation = models.CharField(
        _("区分说明"),
        max_length=100,
        blank=True,
        help_text=_("同名时用以区分，如：本报记者，2015年起"),
    )
    affiliation = models.ForeignKey(
        "articles.Publication",
        verbose_name=_("所属单位"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="staff",
    )

    objects = PersonQuerySet.as_manager()

    class Meta:
        verbose_name = _("人物")
        verbose_name_plural = _("人物")
        ordering = ["name", "disambiguation"]
        constraints = [
            models.UniqueConstraint(
                fields=["name", "disambiguation"],
                name="person_unique_name_disambiguation",
                violation_error_message=_("已有同名且区分说明相同的人物，请填写不同的区分说明。"),
            )
        ]

    def __str__(self):
        return f"{self.name}（{self.disambiguation}）" if self.disambiguation else self.name

    def get_absolute_url(self):
        return reverse("articles:person", kwargs={"pk": self.pk})
