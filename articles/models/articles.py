"""Articles: every item printed on a page, with its headlines, credits, origin and corrections."""

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Exists, OuterRef, Prefetch
from django.urls import reverse
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from publishing.versions import VersionedModel
from publishing.visibility import (
    PublishableModel,
    ReaderQuerySet,
    count_per_year,
    published_constraint,
    published_q,
)

from .choices import LabelledChoices
from .credits import RoleCredit
from .issues import SOURCE_FIELDS as PAGE_SOURCE_FIELDS
from .photos import Photo


class Genre(models.TextChoices):
    NEWS = "news", _("消息")
    BRIEF = "brief", _("简讯")
    FEATURE = "feature", _("通讯")
    INTERVIEW = "interview", _("专访")
    COMMENTARY = "commentary", _("评论")
    PHOTO = "photo", _("图片新闻")
    NOTICE = "notice", _("公告")
    APPEAL = "appeal", _("倡议书")


class Origin(models.TextChoices):
    OWN = "own", _("本报采写")
    REPRINT = "reprint", _("转载")
    WIRE = "wire", _("通讯社电讯")


class ArticleQuerySet(ReaderQuerySet):
    def published(self):
        """Articles a reader may see: the article and its issue are both published and due."""
        return self.filter(published_q(), published_q("issue__"))

    def with_listing_data(self):
        """What a list of articles shows, fetched in a fixed number of queries."""
        return self.with_placement().prefetch_related(
            Prefetch(
                "article_credits",
                queryset=ArticleCredit.objects.select_related("person__affiliation").order_by(
                    "position"
                ),
            )
        )

    def with_placement(self):
        """Where the article was printed, joined: its issue's paper, its page (without the page's
        import sources) and its section, as lists and search hits say."""
        return self.select_related("issue__publication", "page", "section").without_page_sources()

    def without_page_sources(self):
        """The joined page without the text and line boxes it was imported from: tens of kB a
        page (the boxes decoded from JSON on every row) that only the page's own views read."""
        return self.defer(*(f"page__{name}" for name in PAGE_SOURCE_FIELDS))

    def with_printed_photos(self, *, images=True):
        """The article's photos in printed order, in `published_photos` (a list); with
        `images=False` without the photographers and renditions that showing one needs (a
        search hit only quotes the captions).

        Every photo of an article the reader may see is visible (same page, same issue), so no
        visibility joins here: they only cost planning time.
        """
        photos = Photo.objects.as_printed(images=images)
        return self.prefetch_related(
            Prefetch("photos", queryset=photos, to_attr="published_photos")
        )

    def with_search_hit_data(self):
        """What a search hit shows: its paper, page and section, and its photos' captions, which
        its snippet may quote. No credits, photographers or renditions: a hit shows none."""
        return self.with_placement().with_printed_photos(images=False)

    def for_pickers(self):
        """What Article.picker_label reads (its page)."""
        return self.select_related("page")

    def with_corrections(self, to_attr=None):
        """Corrections prefetched, oldest first (in a list at `to_attr` when given): Correction's
        own ordering (article_id, date, id), which needs no join."""
        return self.prefetch_related(Prefetch("corrections", to_attr=to_attr))

    def newest_first(self):
        """Newest issue first, then in printed order: how readers follow a subject over years.

        By the article's own copies of the date and page number: PostgreSQL then walks the index
        article_newest_first and sorts one day at a time, stopping at the page's last item (a
        topic of 200,000 articles among 1,000,000: 780 ms → 2 ms, when sorting them all by the
        joined issue and page)."""
        return self.order_by("-issue_date", "page_number", "position", "pk")

    def credited_to(self, person):
        """Articles crediting `person` in any role, without the duplicates a join would give."""
        return self.filter(pk__in=ArticleCredit.objects.filter(person=person).values("article"))

    def year_counts(self) -> list[dict]:
        """[{"year": 2020, "count": 31}, …], newest year first."""
        return count_per_year(self, "issue_date")

    def neighbours(self, article) -> tuple["Article | None", "Article | None"]:
        """The items printed just before and just after `article` on its page.

        One query for all items of the page (a printed page holds a few dozen at most) instead
        of one for each side: each query costs more to build and send than the rows it reads.
        """
        on_page = list(
            self.filter(page_id=article.page_id)
            .only("pk", "headline", "position")
            .order_by("position", "pk")
        )
        key = (article.position, article.pk)
        before = [item for item in on_page if (item.position, item.pk) < key]
        after = [item for item in on_page if (item.position, item.pk) > key]
        return (before[-1] if before else None), (after[0] if after else None)

    def related_to(self, article, limit: int = 5) -> list:
        """Up to `limit` other articles on the same topics, then in the same places, newest first.

        Shared topics come first because they are the stronger signal: a place such as the city
        itself is on a large share of all articles. Places are only asked for when the topics
        gave fewer than `limit`, so the usual case is one small query through the tag link
        table. Tags and places are read from the prefetch cache when the caller prefetched them.

        Newest first means by (issue_date, id), the order of the index article_newest_first:
        the database walks it and stops after `limit` matches. Ordering by the issue's date and
        printed position instead made it read and sort every article of a common place (all
        articles about the city) on each request. The newest linked articles' ids are found
        first, without the visibility join (with it, SQLite read every linked article's whole
        row, long body included, to sort them: 30–40 ms for a common topic), then the visible
        ones among them; only when too few of those are visible is the full query asked.
        """
        tag_ids = [tag.pk for tag in article.tags.all()]
        place_ids = [place.pk for place in article.places.all()]
        others = (
            self.exclude(pk=article.pk)
            .only("pk", "headline", "issue_date")
            .order_by("-issue_date", "-pk")
        )
        found = []
        for link_table, field, ids in (
            (Article.tags.through, "tag_id", tag_ids),
            (Article.places.through, "place_id", place_ids),
        ):
            if ids and len(found) < limit:
                linked = link_table.objects.filter(**{f"{field}__in": ids})
                seen = [article.pk, *(other.pk for other in found)]
                wanted = limit - len(found)
                newest = list(
                    Article.objects.filter(Exists(linked.filter(article_id=OuterRef("pk"))))
                    .exclude(pk__in=seen)
                    .order_by("-issue_date", "-pk")
                    .values_list("pk", flat=True)[: wanted * 4]
                )
                more = list(others.filter(pk__in=newest)[:wanted]) if newest else []
                if len(more) < wanted and len(newest) == wanted * 4:  # the newest not visible
                    linked_ids = linked.values("article_id")
                    more = list(others.filter(pk__in=linked_ids).exclude(pk__in=seen)[:wanted])
                found += more
        return found


class Article(VersionedModel, PublishableModel):
    issue = models.ForeignKey(
        "articles.Issue", verbose_name=_("期次"), on_delete=models.PROTECT, related_name="articles"
    )
    page = models.ForeignKey(
        "articles.Page", verbose_name=_("版面"), on_delete=models.PROTECT, related_name="articles"
    )
    # A copy of issue.date: newest-first lists, API cursors and date filters over a million
    # articles then walk one index (issue_date, id) instead of joining and sorting issues.
    issue_date = models.DateField(_("出版日期"), editable=False, null=True)
    # A copy of page.number, for the same reason: the default order (newest day, then as
    # printed) sorts the article rows alone. Kept in step by save() and Page.save().
    page_number = models.PositiveSmallIntegerField(_("版次"), editable=False, null=True)
    position = models.PositiveSmallIntegerField(
        _("版内顺序"), default=0, help_text=_("在版面上的排列顺序，从上到下、从右到左")
    )
    kicker = models.CharField(_("引题"), max_length=200, blank=True)
    headline = models.CharField(pgettext_lazy("headline", "主题"), max_length=200)
    subheadline = models.CharField(_("副题"), max_length=200, blank=True)
    dateline = models.CharField(
        _("电头"), max_length=50, blank=True, help_text=_("如：本报讯、新华社北京9月14日电")
    )
    # the dateline's date too: 新华社北京9月14日电 and 本报讯…9月14日 give the day of the event
    event_date = models.DateField(_("事件日期"), null=True, blank=True)
    dateline_place = models.CharField(
        _("电头地点"), max_length=50, blank=True, help_text=_("如：新华社北京9月14日电 中的北京")
    )
    body = models.TextField(_("正文"), blank=True, help_text=_("纯文本，段落之间空一行"))
    signature = models.CharField(
        _("落款"), max_length=200, blank=True, help_text=_("倡议书、公告等的署名单位和日期")
    )
    genre = models.CharField(
        _("体裁"), max_length=20, choices=Genre.choices, default=Genre.NEWS, db_index=True
    )
    origin = models.CharField(
        _("来源"), max_length=10, choices=Origin.choices, default=Origin.OWN, db_index=True
    )
    source_publication = models.ForeignKey(
        "articles.Publication",
        verbose_name=_("原载报刊"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="reprinted_articles",
    )
    agency = models.CharField(
        _("通讯社"), max_length=50, blank=True, help_text=_("电讯稿的发稿机构，如：新华社")
    )
    source_date = models.DateField(_("原载日期"), null=True, blank=True)
    source_page = models.PositiveSmallIntegerField(
        _("原载版次"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(999)],
    )
    section = models.ForeignKey(
        "articles.Section",
        verbose_name=_("栏目"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="articles",
    )
    tags = models.ManyToManyField(
        "articles.Tag", verbose_name=_("话题"), blank=True, related_name="articles"
    )
    places = models.ManyToManyField(
        "articles.Place", verbose_name=_("地点"), blank=True, related_name="articles"
    )
    credits = models.ManyToManyField(
        "articles.Person",
        through="articles.ArticleCredit",
        verbose_name=_("署名"),
        related_name="articles",
        blank=True,
    )

    objects = ArticleQuerySet.as_manager()
    # tags and places are kept with every version (a change to them is a version of its own)
    history = HistoricalRecords(excluded_fields=["updated_at"], m2m_fields=["tags", "places"])

    class Meta:
        verbose_name = _("稿件")
        verbose_name_plural = pgettext_lazy("plural", "稿件")
        ordering = ["-issue_date", "page_number", "position", "pk"]
        permissions = [("publish_article", _("可以发布和撤回稿件"))]
        indexes = [
            models.Index(fields=["page", "position"], name="article_page_position"),
            models.Index(fields=["-issue_date", "-id"], name="article_newest_first"),
            # The feeds' newest articles by publish time (articles/feeds.py).
            models.Index(fields=["-published_at"], name="article_newest_online"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(origin="reprint") | models.Q(source_publication__isnull=False),
                name="article_reprint_has_source",
                violation_error_message=_("转载稿件必须注明原载报刊。"),
            ),
            models.CheckConstraint(
                condition=~models.Q(origin="wire") | ~models.Q(agency=""),
                name="article_wire_has_agency",
                violation_error_message=_("电讯稿件必须注明通讯社。"),
            ),
            published_constraint("article_published_has_time"),
        ]

    def __str__(self):
        return self.headline

    @classmethod
    def from_db(cls, db, field_names, values):
        article = super().from_db(db, field_names, values)
        article._loaded_page_id = article.__dict__.get("page_id")
        return article

    def save(self, *args, **kwargs):
        if self.issue_id:
            self.issue_date = self.issue.date
        self._copy_page_number()
        super().save(*args, **kwargs)
        self._loaded_page_id = self.page_id

    def _copy_page_number(self) -> None:
        """page_number from the page: from the loaded page when there is one, else read only
        when the article is new or moved page (a desk save of unmoved items reads nothing)."""
        if not self.page_id:
            return
        if Article.page.is_cached(self) and self.page.pk == self.page_id:
            self.page_number = self.page.number
        elif self.page_number is None or self.page_id != getattr(self, "_loaded_page_id", None):
            self.page_number = (
                type(self.page).objects.filter(pk=self.page_id).values_list("number", flat=True)
            ).first()

    def get_absolute_url(self):
        return reverse("articles:article", args=[self.pk])

    def clean(self):
        super().clean()
        if self.page_id and self.issue_id and self.page.issue_id != self.issue_id:
            raise ValidationError({"page": _("所选版面不属于这一期。")})
        if self.origin == Origin.REPRINT and not self.source_publication_id:
            raise ValidationError({"source_publication": _("转载稿件必须注明原载报刊。")})
        if self.origin == Origin.WIRE and not self.agency.strip():
            raise ValidationError({"agency": _("电讯稿件必须注明通讯社。")})

    @property
    def picker_label(self) -> str:
        """The article with where it was printed, e.g. 2020-09-15 第1版 · 市委常委会召开会议
        (select_related the page: Article.objects.for_pickers())."""
        return gettext("%(date)s 第%(page)s版 · %(headline)s") % {
            "date": f"{self.issue_date:%Y-%m-%d}" if self.issue_date else "",
            "page": self.page.number,
            "headline": self.headline,
        }

    @property
    def paragraphs(self) -> list[str]:
        """The body split into paragraphs at blank lines (or single line breaks)."""
        return [line.strip() for line in self.body.splitlines() if line.strip()]

    @property
    def is_reprint(self) -> bool:
        return self.origin == Origin.REPRINT

    @property
    def source_line(self) -> str:
        """The printed source of a reprint, e.g. 《人民日报》（2020年9月14日第10版）."""
        if not self.is_reprint or self.source_publication is None:
            return ""
        details = ""
        if self.source_date:
            details = f"{self.source_date.year}年{self.source_date.month}月{self.source_date.day}日"
        if self.source_page:
            details += f"第{self.source_page}版"
        return f"《{self.source_publication.name}》" + (f"（{details}）" if details else "")


class ArticleCredit(RoleCredit):
    class Role(LabelledChoices):
        REPORTER = "reporter", _("记者")
        CORRESPONDENT = "correspondent", _("通讯员")
        PHOTOGRAPHER = "photographer", _("摄影")
        EDITOR = "editor", _("编辑")
        AUTHOR = "author", _("作者")

    article = models.ForeignKey(
        Article, verbose_name=_("稿件"), on_delete=models.CASCADE, related_name="article_credits"
    )
    role = models.CharField(_("身份"), max_length=20, choices=Role.choices)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("稿件署名")
        verbose_name_plural = pgettext_lazy("plural", "稿件署名")
        ordering = ["article_id", "position", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["article", "person", "role"],
                name="articlecredit_unique",
                violation_error_message=_("此人在本稿件已有这一身份。"),
            )
        ]

    @property
    def byline_role(self) -> str:
        """The role as the byline prints it: 记者, or 人民日报记者 for a reporter of the paper a
        reprint comes from (their affiliation is not the paper the article is printed in).

        Reads the person's affiliation and the article's issue: list them with
        Article.objects.with_listing_data(), which loads both.
        """
        role = self.role_label
        affiliation = self.person.affiliation
        if affiliation is None or affiliation.pk == self.article.issue.publication_id:
            return role
        return _("%(paper)s%(role)s") % {"paper": affiliation.name, "role": role}


class Correction(models.Model):
    article = models.ForeignKey(
        Article, verbose_name=_("稿件"), on_delete=models.CASCADE, related_name="corrections"
    )
    date = models.DateField(_("更正日期"))
    text = models.TextField(_("更正内容"))

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("更正")
        verbose_name_plural = pgettext_lazy("plural", "更正")
        ordering = ["article_id", "date", "pk"]

    def __str__(self):
        return f"{self.date:%Y-%m-%d} {self.text[:30]}"
