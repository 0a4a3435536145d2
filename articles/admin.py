"""The editors' admin.

Two groups (created by migration 0002): 编辑 may do everything, including publishing; 记者 may
create and edit drafts but may neither publish nor change or delete what is already published.
Who may write what is decided in `permissions` (the same rule as the API's); publishing itself
goes through `services`. A day's paper is entered page by page on the page desk (`desk`), and
goes public in one step from its issue (`IssueAdmin.publish_view`).
"""

from django import forms
from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.http import Http404, JsonResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.translation import gettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _
from simple_history.manager import SIMPLE_HISTORY_REVERSE_ATTR_NAME

from publishing.editing import EditingAdminMixin, ReadableHistoryAdmin, VersionedForm
from publishing.rule import PublishingRuleAdminMixin, PublishingRuleForm, may_publish

from . import search, services
from .desk import PageDesk, desk_page
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
    Status,
    Tag,
)


def preview_url(obj) -> str:
    """The never-cached, never-indexed preview of an issue, page or article (articles.urls)."""
    return reverse("articles:preview", kwargs={"path": obj.get_absolute_url().lstrip("/")})


def desk_url(page) -> str:
    return reverse("admin:articles_page_desk", args=[page.pk])


@admin.display(description=_("版面工作台"))
def desk_link(page):
    if page is None or page.pk is None:
        return "—"
    return format_html('<a class="desk-link" href="{}">{}</a>', desk_url(page), gettext("打开"))


class ObjectToolsMixin:
    """Buttons above a change form (desk, publish, preview) from `object_tools(request, obj)`,
    shown by templates/admin/articles/change_form.html."""

    def object_tools(self, request, obj) -> list[tuple[str, str]]:
        return [(preview_url(obj), gettext("预览"))] if hasattr(obj, "get_absolute_url") else []

    def change_view(self, request, object_id, form_url="", extra_context=None):
        obj = self.get_object(request, unquote(object_id))
        tools = self.object_tools(request, obj) if obj is not None else []
        extra_context = {**(extra_context or {}), "object_tools": tools}
        return super().change_view(request, object_id, form_url, extra_context)


class ArchiveAdmin(EditingAdminMixin, ReadableHistoryAdmin):
    """A content model's admin: versioned, uploads kept, choices labelled, history readable."""


class PublishingAdmin(PublishingRuleAdminMixin, ObjectToolsMixin, ArchiveAdmin):
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


class PageInline(EditingAdminMixin, admin.TabularInline):
    model = Page
    formset = ChineseUniqueMessageFormSet
    extra = 0
    fields = ["number", "name", "department", "department_email", desk_link]
    readonly_fields = [desk_link]
    show_change_link = True


@admin.register(Issue)
class IssueAdmin(PublishingAdmin):
    """An issue's masthead data and its pages. Publishing is its own step (publish_view): the
    status is never a field of the form, so saving the form cannot put an issue online with
    its articles still drafts."""

    unpublish_service = services.unpublish_issue
    list_display = ["date", "number", "publication", "page_count", "weekday", "status"]
    list_filter = ["publication", "status", "date"]
    date_hierarchy = "date"
    search_fields = ["number", "date"]
    list_select_related = ["publication"]
    readonly_fields = ["weekday", "lunar_date", "status", "published_at"]
    fields = [
        "publication",
        "date",
        ("weekday", "lunar_date"),
        "number",
        "page_count",
        ("status", "published_at"),
    ]
    inlines = [PageInline]
    change_form_template = "admin/articles/issue/change_form.html"

    @admin.display(description=_("星期"))
    def weekday(self, obj):
        return date_format(obj.date, "l") if obj.date else ""  # 星期二 / Tuesday

    @admin.display(description=_("农历"))
    def lunar_date(self, obj):
        return obj.lunar_date_for_reader if obj.date else ""

    def get_changeform_initial_data(self, request):
        """The next issue of the paper: its publication, the next number, the same page count."""
        initial = super().get_changeform_initial_data(request)
        latest = Issue.objects.of_own_paper().order_by("-date").first()
        if latest is not None:
            initial.setdefault("publication", latest.publication_id)
            initial.setdefault("number", latest.number + 1)
            initial.setdefault("page_count", latest.page_count)
        return initial

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        if not change:
            services.add_missing_pages(issue=form.instance, user=request.user)

    def response_add(self, request, obj, post_url_continue=None):
        if "_desk" in request.POST:
            front = obj.pages.order_by("number").first()
            if front is not None:
                return redirect(desk_url(front))
        return super().response_add(request, obj, post_url_continue)

    def object_tools(self, request, obj):
        tools = super().object_tools(request, obj)
        if self.has_publish_permission(request) and obj.status != Status.PUBLISHED:
            url = reverse("admin:articles_issue_publish", args=[obj.pk])
            tools.insert(0, (url, gettext("发布本期…")))
        return tools

    def get_urls(self):
        return [
            path(
                "<path:object_id>/publish/",
                self.admin_site.admin_view(self.publish_view),
                name="articles_issue_publish",
            ),
            path(
                "<path:object_id>/pages/",
                self.admin_site.admin_view(self.pages_view),
                name="articles_issue_pages",
            ),
            *super().get_urls(),
        ]

    @admin.action(description=_("发布所选期次（逐期确认）"), permissions=["publish"])
    def publish(self, request, queryset):
        """Publishing goes through the publish step, which shows what will go public."""
        if queryset.count() != 1:
            self.message_user(request, _("请只选一期：发布前要逐期确认。"), messages.WARNING)
            return None
        return redirect(reverse("admin:articles_issue_publish", args=[queryset.get().pk]))

    def publish_view(self, request, object_id):
        """发布本期: the issue, its pages and what goes public with it; one confirmation publishes
        them together (services.publish_issue), or nothing when the front page would be empty."""
        issue = self.get_object(request, unquote(object_id))
        if issue is None:
            raise Http404
        if not self.has_publish_permission(request):
            raise PermissionDenied
        errors = []
        if request.method == "POST":
            chosen = list(
                issue.articles.filter(
                    status=Status.DRAFT, pk__in=_ids(request.POST.getlist("article"))
                )
            )
            try:
                services.publish_issue(issue=issue, user=request.user, articles=chosen)
            except ValidationError as error:
                errors = error.messages
            else:
                self.message_user(
                    request,
                    _("已发布%(issue)s：%(n)d 篇稿件随本期公开。")
                    % {"issue": issue, "n": len(chosen)},
                    messages.SUCCESS,
                )
                return redirect(reverse("admin:articles_issue_change", args=[issue.pk]))
        going = services.issue_publication(issue)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": _("发布本期：%(issue)s") % {"issue": issue},
            "issue": issue,
            "going": going,
            "errors": errors,
            "preview_url": preview_url(issue),
        }
        return TemplateResponse(request, "admin/articles/issue/publish.html", context)

    def pages_view(self, request, object_id):
        """The pages of one issue, for the article form's page choice (static/articles/)."""
        if not str(object_id).isdigit() or not self.has_view_permission(request):
            raise Http404
        pages = Page.objects.filter(issue=object_id).for_pickers().order_by("number")
        return JsonResponse({"results": [{"id": p.pk, "text": p.picker_label} for p in pages]})


def _ids(values) -> list[int]:
    return [int(value) for value in values if str(value).isdigit()]


class PageCreditInline(EditingAdminMixin, admin.TabularInline):
    model = PageCredit
    extra = 0
    autocomplete_fields = ["person"]
    fields = ["role", "person", "position"]


@admin.register(Page)
class PageAdmin(PublishingRuleAdminMixin, ObjectToolsMixin, ArchiveAdmin):
    list_display = ["__str__", "issue", "department", desk_link]
    list_filter = ["issue__publication", "number"]
    list_select_related = ["issue__publication"]
    search_fields = ["name", "department", "issue__number", "issue__date"]
    autocomplete_fields = ["issue"]
    inlines = [PageCreditInline]

    def get_queryset(self, request):
        # page choices and autocompletes name each page with its issue (Page.picker_label)
        return super().get_queryset(request).select_related("issue__publication")

    def object_tools(self, request, obj):
        return [(desk_url(obj), gettext("版面工作台")), *super().object_tools(request, obj)]

    def get_urls(self):
        return [
            path(
                "<path:object_id>/desk/",
                self.admin_site.admin_view(self.desk_view),
                name="articles_page_desk",
            ),
            *super().get_urls(),
        ]

    def desk_view(self, request, object_id):
        """版面工作台: the page and everything printed on it, saved together (articles.desk)."""
        if not str(object_id).isdigit():
            raise Http404
        page = desk_page(self.get_queryset(request)).filter(pk=object_id).first()
        if page is None:
            raise Http404
        if not self.has_view_permission(request, page):
            raise PermissionDenied
        editable = self.has_change_permission(request, page)
        bound = request.method == "POST"
        if bound and not editable:
            raise PermissionDenied
        with transaction.atomic():  # the version checks' row locks last until the save
            desk = PageDesk(
                page=page,
                user=request.user,
                data=request.POST if bound else None,
                files=request.FILES if bound else None,
            )
            if bound and desk.is_valid():
                done = [desk.save(), *desk.directory.created()]
                self.message_user(request, "；".join(done) + "。", messages.SUCCESS)
                if "_publish" in request.POST:
                    return redirect(reverse("admin:articles_issue_publish", args=[page.issue_id]))
                return redirect(desk_url(page))
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": _("版面工作台：%(page)s") % {"page": page.picker_label},
            "page": page,
            "issue": page.issue,
            "desk": desk,
            "editable": editable,
            "errors": desk.errors_count() if bound else 0,
            "other_pages": page.issue.pages.order_by("number"),
            "may_publish": may_publish(user=request.user, model=Issue),
            "preview_url": preview_url(page),
            "autocomplete_url": reverse("admin:autocomplete"),
        }
        return TemplateResponse(request, "admin/articles/page/desk.html", context)


class ArticleCreditInline(EditingAdminMixin, admin.TabularInline):
    model = ArticleCredit
    extra = 0
    autocomplete_fields = ["person"]
    fields = ["role", "person", "position"]


class PhotoInline(EditingAdminMixin, admin.StackedInline):
    """The article's photos. Their page is the article's, set on save rather than chosen again
    (a second page choice could only disagree, and made a failed save lose the upload)."""

    model = Photo
    extra = 0
    fields = ["image", "caption", "alt_text", "taken_on", "place", "position"]
    autocomplete_fields = ["place"]


class ArticleRegionInline(EditingAdminMixin, admin.TabularInline):
    """Where the article is printed on its page image, typed as fractions (0–1) of the image;
    the page desk draws them on the scan."""

    model = ArticleRegion
    extra = 0
    fields = ["x", "y", "width", "height"]


class CorrectionInline(EditingAdminMixin, admin.TabularInline):
    model = Correction
    extra = 0


class ArticleAdminForm(VersionedForm, PublishingRuleForm):
    """Versioned (publishing.editing); the page is chosen among the pages of the article's
    issue only."""

    class Meta:
        model = Article
        fields = "__all__"  # noqa: DJ007 -- the admin narrows this to its fieldsets

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "page" in self.fields:
            self._pages_of_the_issue()
        version = getattr(self.instance, SIMPLE_HISTORY_REVERSE_ATTR_NAME, None)
        if version is not None and not self.is_bound:
            # a version opened to restore: django-simple-history keeps its tags and places but
            # fills the form with today's
            for name in ("tags", "places"):
                target = Article._meta.get_field(name).m2m_reverse_field_name()
                self.initial[name] = [
                    getattr(row, f"{target}_id") for row in getattr(version, name).all()
                ]

    def _pages_of_the_issue(self):
        """The chosen issue's pages (the submitted issue, else the article's or the address's
        ?issue=); static/articles/pick-page.js reloads them when the issue changes."""
        issue = self.data.get(self.add_prefix("issue")) if self.is_bound else None
        issue = issue or self.initial.get("issue") or self.instance.issue_id
        field = self.fields["page"]
        pages = Page.objects.for_pickers().order_by("number")
        field.queryset = pages.filter(issue=issue) if str(issue or "").isdigit() else pages.none()
        field.error_messages["invalid_choice"] = gettext("所选版面不属于这一期。")
        field.widget.attrs["data-pages-url"] = reverse("admin:articles_issue_pages", args=["0"])


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
            {"fields": ["dateline", "dateline_place", "event_date", "body", "signature"]},
        ),
        (
            pgettext_lazy("fieldset", "来源"),
            {"fields": ["origin", "agency", "source_publication", "source_date", "source_page"]},
        ),
        (_("话题与地点"), {"fields": ["tags", "places"]}),
        (_("发布"), {"fields": ["status", "published_at"]}),
    ]
    inlines = [
        ArticleCreditInline,
        PhotoInline,
        ArticleRegionInline,
        CorrectionInline,
    ]

    class Media:
        js = ["articles/pick-page.js"]

    def object_tools(self, request, obj):
        return [(desk_url(obj.page), gettext("版面工作台")), *super().object_tools(request, obj)]

    def save_formset(self, request, form, formset, change):
        if formset.model is Photo:
            for photo_form in formset.forms:
                photo_form.instance.page_id = form.instance.page_id
        super().save_formset(request, form, formset, change)

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


class PhotoCreditInline(EditingAdminMixin, admin.TabularInline):
    model = PhotoCredit
    extra = 0
    autocomplete_fields = ["person"]


@admin.register(Photo)
class PhotoAdmin(PublishingRuleAdminMixin, ArchiveAdmin):
    list_display = ["__str__", "page", "article", "width", "height"]
    list_select_related = ["page__issue", "article"]
    search_fields = ["caption", "alt_text"]
    autocomplete_fields = ["page", "article", "place"]
    inlines = [PhotoCreditInline]


@admin.register(Publication)
class PublicationAdmin(EditingAdminMixin, admin.ModelAdmin):
    # a website typed without a scheme is https (Django 6's default, chosen now)
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    list_display = ["name", "serial_number", "postal_code", "is_own"]
    list_filter = ["is_own"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(Person)
class PersonAdmin(PublishingRuleAdminMixin, ArchiveAdmin):
    list_display = ["name", "disambiguation", "affiliation"]
    list_filter = ["affiliation"]
    list_select_related = ["affiliation"]
    search_fields = ["name", "disambiguation"]
    autocomplete_fields = ["affiliation"]

    def get_queryset(self, request):
        # choices and autocompletes say who each namesake is (Person.picker_label)
        return super().get_queryset(request).select_related("affiliation")


@admin.register(Tag)
class TagAdmin(ArchiveAdmin):
    search_fields = ["name"]


@admin.register(Place)
class PlaceAdmin(ArchiveAdmin):
    list_display = ["name", "division_code", "parent"]
    list_select_related = ["parent"]
    search_fields = ["name", "division_code"]
    autocomplete_fields = ["parent"]


@admin.register(Section)
class SectionAdmin(EditingAdminMixin, admin.ModelAdmin):
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}
