"""People credited in the paper: reporters, photographers, editors, page staff."""

from django.db import models
from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from publishing.versions import VersionedModel
from publishing.visibility import ReaderQuerySet


class PersonQuerySet(ReaderQuerySet):
    def published(self):
        """People a reader can meet: credited on a published article, page or photo.

        Someone credited only on work that is still a draft or embargoed stays unseen (their
        name could tell what is coming) until that work appears.
        """
        from .articles import Article
        from .issues import Page
        from .photos import Photo

        return self.filter(
            Exists(Article.objects.published().filter(article_credits__person=OuterRef("pk")))
            | Exists(Page.objects.published().filter(page_credits__person=OuterRef("pk")))
            | Exists(Photo.objects.published().filter(photo_credits__person=OuterRef("pk")))
        )

    def for_pickers(self):
        """What Person.picker_label reads (the affiliation)."""
        return self.select_related("affiliation")


class Person(VersionedModel):
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
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("人物")
        verbose_name_plural = pgettext_lazy("plural", "人物")
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
        return reverse("articles:person", args=[self.pk])

    @property
    def picker_label(self) -> str:
        """Who this is among namesakes: 马龙（本报记者）· 吕梁日报 (select_related the
        affiliation: Person.objects.for_pickers())."""
        if self.affiliation_id is None:
            return str(self)
        return gettext("%(person)s · %(affiliation)s") % {
            "person": self,
            "affiliation": self.affiliation.name,
        }
