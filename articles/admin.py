"""The editors' admin.

Two groups (created by migration 0002): 编辑 may do everything, including publishing; 记者 may
create and edit drafts but may neither publish nor change or delete what is already published.
Who may write what is decided in `permissions` (the same rule as the API's); publishing itself
goes through `services`.
"""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.admin import SimpleHistoryAdmin
from simple_history.manager import SIMPLE_HISTORY_REVERSE_ATTR_NAME

from indicators.admin import ObservationInline, propose_figures

from . import search, services
from .models import (
    Article,
    ArticleCredit,
    ArticleRegion,
    Correction,
    Issue,
    Page,
    PageCredit,
    Person,
    Photo,
    PhotoCredit,
    Place,
    Publication,
    Section,
    Tag,
)
from .permissions import PublishingRuleAdminMixin, PublishingRuleForm, may_publish


class PublishingAdmin(PublishingRuleAdminMixin, SimpleHistoryAdmin):
    """Admin for a model with a status: publishing needs the model's publish permission."""

    publish_service = None
    unpublish_service = None
    actions = ["publish", "unpublish"]
    status_fields = ("status", "published_at")

    def has_publish_permission(self, request) -> bool:
        return may_publish(user=request.user, model=self.model)

    @admin.action(description=_("发布所选内容"), permissions=["publish"])
    def publish(self, request, queryset):
        self._run(request, queryset, type(self).publish_service, _("已发布 %(n)d 项。"))

    @admin.action(description=_("撤回所选内容（改为草稿）"), permissions=["publish"])
    def unpublish(self, request, queryset):
        self._run(request, queryset, type(self).unpublish_service, _("已撤回 %(n)d 项。"))

    def _run(self, request, queryset, service, done_message):
        done = 0
        for obj in queryset:
            try:
                service(**{self.opts.model_name: obj, "user": request.user})
                done += 1
            except (ValidationError, PermissionDenied) as error:
                self.message_user(request, f"{obj}: {error}", messages.ERROR)
        self.message_user(request, done_message % {"n": done}, messages.SUCCESS)


class ChineseUniqueMessageFormSet(forms.BaseInlineFormSet):
    """Names duplicated fields by their labels (版次), not their code names (number)."""

    def get_unique_error_message(self, unique_check):
        labels = [
            str(self.model._meta.get_field(name).verbose_name)
            for name in unique_check
            if name != self.fk.name
        ]
        return _("请修改重复的%(field)s。") % {"field": "、".join(labels)}


class PageInline(admin.TabularInline):
    model = Page
    formset = ChineseUniqueMessageFormSet
    extra = 0
    fields = ["number", "name", "department", "department_email"]
    show_change_link = True


@admin.register(Issue)
class IssueAdmin(PublishingAdmin):
    publish_service = services.publish_issue
    unpublish_service = services.unpublish_issue
    list_display = ["date", "number", "publication", "page_count", "weekday", "status"]
    list_filter = ["publication", "status", "date"]
    date_hierarchy = "date"
    search_fields = ["number", "date"]
    list_select_related = ["publication"]
    readonly_fields = ["weekday", "lunar_date"]
    fields = [
        "publication",
        "date",
        ("weekday", "lunar_date"),
        "number",
        "page_count",
        "status",
        "published_at",
    ]
    inlines = [PageInline]

    @admin.display(description=_("星期"))
    def weekday(self, obj):
        return date_format(obj.date, "l") if obj.date else ""  # 星期二 / Tuesday

    @admin.display(description=_("农历"))
    def lunar_date(self, obj):
        return obj.lunar_date_for_reader if obj.date else ""


class PageCreditInline(admin.TabularInline):
    model = PageCredit
    extra = 0
    autocomplete_fields = ["person"]
    fields = ["role", "person", "position"]


@admin.register(Page)
class PageAdmin(PublishingRuleAdminMixin, SimpleHistoryAdmin):
    list_display = ["__str__", "issue", "department"]
    list_filter = ["issue__publication", "number"]
    list_select_related = ["issue__publication"]
    search_fields = ["name", "department", "issue__number"]
    autocomplete_fields = ["issue"]
    inlines = [PageCreditInline]


class ArticleCreditInline(admin.TabularInline):
    model = ArticleCredit
    extra = 0
    autocomplete_fields = ["person"]
    fields = ["role", "person", "position"]


class PhotoInline(admin.StackedInline):
    model = Photo
    extra = 0
    fields = ["image", "caption", "alt_text", "taken_on", "place", "page", "position"]
    autocomplete_fields = ["place", "page"]


class ArticleRegionInline(admin.TabularInline):
    """Where the article is printed on its page image, typed as fractions (0–1) of the image."""

    model = ArticleRegion
    extra = 0
    fields = ["x", "y", "width", "height"]


class CorrectionInline(admin.TabularInline):
    model = Correction
    extra = 0


class ArticleAdminForm(PublishingRuleForm):
    """Carries the version the editor opened, so a save over someone else's edit is refused."""

    expected_version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = Article
        fields = "__all__"  # noqa: DJ007 -- the admin narrows this to its fieldsets

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            # the stored version, not the instance's: a revert form shows an old copy
            stored = Article.objects.filter(pk=self.instance.pk).values_list("version", flat=True)
            self.fields["expected_version"].initial = stored.first()
        version = getattr(self.instance, SIMPLE_HISTORY_REVERSE_ATTR_NAME, None)
        if version is not None and not self.is_bound:
            # a version opened to restore: django-simple-history keeps its tags and places but
            # fills the form with today's
            for name in ("tags", "places"):
                target = Article._meta.get_field(name).m2m_reverse_field_name()
                self.initial[name] = [
                    getattr(row, f"{target}_id") for row in getattr(version, name).all()
                ]

    def clean(self):
        cleaned = super().clean()
        expected = cleaned.get("expected_version")
        if self.instance.pk and expected is not None:
            try:
                # inside the admin's transaction: the row stays locked until the save commits
                services.ensure_article_version(article=self.instance, expected=expected)
            except services.StaleVersionError as stale:
                raise forms.ValidationError(stale_message(stale)) from None
        return cleaned


def stale_message(stale):
    """The refusal, the fields that changed (then → now) and a link to the full history."""
    rows = format_html_join(
        "", "<li>{}：{} → {}</li>", ((f, str(o)[:80], str(n)[:80]) for f, o, n in stale.changes())
    )
    history = reverse("admin:articles_article_history", args=[stale.article.pk])
    return format_html(
        '{} <ul class="stale-changes">{}</ul><a href="{}">{}</a>',
        stale.messages[0],
        rows,
        history,
        _("查看全部修改历史"),
    )


@admin.register(Article)
class ArticleAdmin(PublishingAdmin):
    form = ArticleAdminForm
    publish_service = services.publish_article
    unpublish_service = services.unpublish_article
    list_display = ["headline", "issue", "page", "genre", "origin", "status", "published_at"]
    list_filter = [
        "issue__publication",
        "issue__date",
        "page__number",
        "genre",
        "status",
        "origin",
        "section",
    ]
    list_select_related = ["issue__publication", "page"]
    date_hierarchy = "issue__date"
    search_fields = ["headline", "kicker", "subheadline", "body"]
    autocomplete_fields = [
        "issue",
        "page",
        "section",
        "source_publication",
        "tags",
        "places",
    ]
    fieldsets = [
        (None, {"fields": ["issue", "page", "position", "genre", "section", "expected_version"]}),
        (_("标题"), {"fields": ["kicker", "headline", "subheadline"]}),
        (
            pgettext_lazy("fieldset", "正文"),
            {"fields": ["dateline", "event_date", "body", "signature"]},
        ),
        (
            pgettext_lazy("fieldset", "来源"),
            {"fields": ["origin", "source_publication", "source_date", "source_page"]},
        ),
        (_("主题与地点"), {"fields": ["tags", "places"]}),
        (_("发布"), {"fields": ["status", "published_at"]}),
    ]
    inlines = [
        ArticleCreditInline,
        PhotoInline,
        ArticleRegionInline,
        CorrectionInline,
        ObservationInline,
    ]
    actions = [*PublishingAdmin.actions, propose_figures]

    def get_search_results(self, request, queryset, search_term):
        """The admin searches with the same engine as readers (drafts included for staff)."""
        if not search_term.strip():
            return queryset, False
        try:
            matching = search.matching_article_ids(search_term, user=request.user)
        except search.QueryError as error:
            messages.warning(request, str(error))
            return queryset.none(), False
        return queryset.filter(pk__in=matching), False


class PhotoCreditInline(admin.TabularInline):
    model = PhotoCredit
    extra = 0
    autocomplete_fields = ["person"]


@admin.register(Photo)
class PhotoAdmin(PublishingRuleAdminMixin, SimpleHistoryAdmin):
    list_display = ["__str__", "page", "article", "width", "height"]
    list_select_related = ["page__issue", "article"]
    search_fields = ["caption", "alt_text"]
    autocomplete_fields = ["page", "article", "place"]
    inlines = [PhotoCreditInline]


@admin.register(Publication)
class PublicationAdmin(admin.ModelAdmin):
    # a website typed without a scheme is https (Django 6's default, chosen now)
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    list_display = ["name", "serial_number", "postal_code", "is_own"]
    list_filter = ["is_own"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Person)
class PersonAdmin(admin.ModelAdmin):
    list_display = ["name", "disambiguation", "affiliation"]
    list_filter = ["affiliation"]
    search_fields = ["name", "disambiguation"]
    autocomplete_fields = ["affiliation"]


@admin.register(Tag)
class TagAdmin(admin.ModelAdmin):
    search_fields = ["name"]


@admin.register(Place)
class PlaceAdmin(admin.ModelAdmin):
    list_display = ["name", "division_code", "parent"]
    search_fields = ["name", "division_code"]
    autocomplete_fields = ["parent"]


@admin.register(Section)
class SectionAdmin(admin.ModelAdmin):
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}
