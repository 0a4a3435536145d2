"""The editors' admin for indicators: figures per article, their own list, CSV import, proposals."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from articles.admin import ArticleAdmin
from articles.models import Article
from publishing.editing import EditingAdminMixin, ReadableHistoryAdmin
from publishing.rule import PublishingRuleAdminMixin, may_publish

from . import services
from .forms import ObservationForm, ObservationImportForm
from .models import Indicator, Observation, ObservationStatus, Period, Region


class ObservationInline(PublishingRuleAdminMixin, EditingAdminMixin, admin.TabularInline):
    """“本文数据”: the figures an article reported, on the article's admin page."""

    model = Observation
    form = ObservationForm
    status_fields = ("status",)
    verbose_name = _("本文数据")
    verbose_name_plural = pgettext_lazy("plural", "本文数据")
    extra = 0
    fk_name = "article"
    autocomplete_fields = ["indicator", "region", "period"]
    show_change_link = True

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("indicator", "region", "period")


@admin.action(description=_("从正文提取指标数据（待核实）"), permissions=["change"])
def propose_figures(modeladmin, request, queryset):
    """Article admin action: proposals from each selected article's text, for an editor to check."""
    proposed = 0
    for article in queryset.select_related("issue"):
        proposed += len(services.propose_observations(article=article))
    modeladmin.message_user(
        request, _("已提取 %(n)d 条待核实的指标数据。") % {"n": proposed}, messages.SUCCESS
    )


@admin.register(Indicator)
class IndicatorAdmin(admin.ModelAdmin):
    list_display = ["name", "name_en", "code", "unit_label", "category", "measure"]
    list_filter = ["category", "measure"]
    search_fields = ["name", "code", "aliases", "name_en"]
    prepopulated_fields = {}

    @admin.display(description=_("单位"), ordering="unit")
    def unit_label(self, obj):
        return obj.unit_label


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ["name", "division_code", "parent"]
    search_fields = ["name", "division_code"]
    autocomplete_fields = ["parent"]
    list_select_related = ["parent"]


@admin.register(Period)
class PeriodAdmin(admin.ModelAdmin):
    list_display = ["period_label", "kind", "start", "end"]
    list_filter = ["kind"]
    search_fields = ["start", "end"]
    date_hierarchy = "start"

    @admin.display(description=_("时期"))
    def period_label(self, obj):
        return obj.label


@admin.register(Observation)
class ObservationAdmin(PublishingRuleAdminMixin, EditingAdminMixin, ReadableHistoryAdmin):
    list_display = [
        "indicator",
        "region",
        "period",
        "printed_value",
        "printed_unit_label",
        "yoy_change",
        "is_estimate",
        "period_to_confirm",
        "vintage",
        "status",
        "article",
    ]
    list_filter = [
        "status",
        "indicator__category",
        "indicator",
        "region",
        "period__kind",
        "period_to_confirm",
        "is_estimate",
    ]
    list_select_related = ["indicator", "region", "period", "article"]
    search_fields = ["indicator__name", "region__name", "note", "article__headline"]
    autocomplete_fields = ["indicator", "region", "period", "article", "page"]
    form = ObservationForm
    readonly_fields = ["value", "source_span"]
    date_hierarchy = "vintage"
    actions = ["accept"]
    status_fields = ("status",)

    @admin.display(description=_("见报单位"), ordering="printed_unit")
    def printed_unit_label(self, obj):
        return obj.printed_unit_label

    def has_accept_permission(self, request) -> bool:
        return may_publish(user=request.user, model=Observation)

    @admin.action(description=_("核实所选数据（公开）"), permissions=["accept"])
    def accept(self, request, queryset):
        """Accept the proposals selected, except those whose period an editor has yet to confirm."""
        proposed = queryset.filter(status=ObservationStatus.PROPOSED)
        waiting = proposed.filter(period_to_confirm=True).count()
        if waiting:
            self.message_user(
                request,
                _("%(n)d 条数据时期待确认，没有核实：请先核对时期并取消“时期待确认”。")
                % {"n": waiting},
                messages.WARNING,
            )
        try:
            accepted = services.accept_observations(
                observations=proposed.filter(period_to_confirm=False), user=request.user
            )
        except (PermissionDenied, ValidationError) as error:
            reason = "；".join(getattr(error, "messages", [str(error)]))
            self.message_user(
                request, _("没有核实任何数据：%(reason)s") % {"reason": reason}, messages.ERROR
            )
            return
        self.message_user(request, _("已核实 %(n)d 条。") % {"n": accepted}, messages.SUCCESS)

    def get_urls(self):
        urls = [
            path(
                "import/",
                self.admin_site.admin_view(self.import_csv),
                name="indicators_observation_import",
            )
        ]
        return urls + super().get_urls()

    def import_csv(self, request):
        """Form page: upload a CSV file; either every row is saved or the errors are listed."""
        if not self.has_add_permission(request):
            raise PermissionDenied
        form = ObservationImportForm(request.POST or None, request.FILES or None)
        errors = []
        if request.method == "POST" and form.is_valid():
            try:
                saved = services.import_observations_csv(
                    data=form.cleaned_data["file"].read(), user=request.user
                )
            except services.FigureRowsError as error:
                errors = error.errors
            else:
                if services.new_figure_status(user=request.user) == ObservationStatus.PROPOSED:
                    done = _("已导入 %(n)d 条指标数据，待编辑核实后公开。")
                else:
                    done = _("已导入 %(n)d 条指标数据。")
                self.message_user(request, done % {"n": len(saved)}, messages.SUCCESS)
                return redirect(reverse("admin:indicators_observation_changelist"))
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": _("导入指标数据（CSV）"),
            "form": form,
            "errors": errors,
            "columns": services.CSV_COLUMNS,
        }
        return TemplateResponse(request, "admin/indicators/observation/import.html", context)


class ArticleWithFiguresAdmin(ArticleAdmin):
    """The article admin with what this app adds to it: the article's figures (“本文数据”) and
    the action proposing them from its text. Registered in place of articles' own, so that
    `articles` need not know this app exists."""

    inlines = [*ArticleAdmin.inlines, ObservationInline]
    actions = [*ArticleAdmin.actions, propose_figures]


admin.site.unregister(Article)
admin.site.register(Article, ArticleWithFiguresAdmin)
