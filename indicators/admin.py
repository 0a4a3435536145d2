"""The editors' admin for indicators: figures per article, their own list, CSV import, proposals."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from articles.models import Status

from . import services
from .forms import ObservationForm, ObservationImportForm
from .models import Indicator, Observation, ObservationStatus, Period, Region


class ObservationInline(admin.TabularInline):
    """“本文数据”: the figures an article reported, on the article's admin page."""

    model = Observation
    form = ObservationForm
    verbose_name = _("本文数据")
    verbose_name_plural = _("本文数据")
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
    list_display = ["name", "code", "unit", "category", "measure"]
    list_filter = ["category", "measure"]
    search_fields = ["name", "code", "aliases", "name_en"]
    prepopulated_fields = {}


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ["name", "division_code", "parent"]
    search_fields = ["name", "division_code"]
    autocomplete_fields = ["parent"]
    list_select_related = ["parent"]


@admin.register(Period)
class PeriodAdmin(admin.ModelAdmin):
    list_display = ["label", "kind", "start", "end"]
    list_filter = ["kind"]
    search_fields = ["start", "end"]
    date_hierarchy = "start"


@admin.register(Observation)
class ObservationAdmin(SimpleHistoryAdmin):
    list_display = [
        "indicator",
        "region",
        "period",
        "printed_value",
        "printed_unit",
        "yoy_change",
        "is_estimate",
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
        "is_estimate",
    ]
    list_select_related = ["indicator", "region", "period", "article"]
    search_fields = ["indicator__name", "region__name", "note", "article__headline"]
    autocomplete_fields = ["indicator", "region", "period", "article", "page"]
    form = ObservationForm
    readonly_fields = ["value", "source_span"]
    date_hierarchy = "vintage"
    actions = ["accept"]

    def _locked(self, request, obj) -> bool:
        """Figures of a published article are locked, like the article, for those who may not
        publish it."""
        return (
            obj is not None
            and obj.article_id is not None
            and obj.article.status == Status.PUBLISHED
            and not request.user.has_perm("articles.publish_article")
        )

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and not self._locked(request, obj)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and not self._locked(request, obj)

    @admin.action(description=_("核实所选数据（公开）"), permissions=["change"])
    def accept(self, request, queryset):
        accepted = services.accept_observations(
            observations=queryset.filter(status=ObservationStatus.PROPOSED)
        )
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
                saved = services.import_observations_csv(data=form.cleaned_data["file"].read())
            except services.CsvImportError as error:
                errors = error.errors
            else:
                self.message_user(
                    request, _("已导入 %(n)d 条指标数据。") % {"n": len(saved)}, messages.SUCCESS
                )
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
