"""The admin's editing kit, shared by the content apps' ModelAdmins, inlines and the page desk.

- a versioned form: a save based on an old copy is refused with who saved in between, when, and
  what differs (publishing.versions);
- uploads kept through a failed save, and originals linked to the staff-only view
  (publishing.uploads);
- choices that say which one (publishing.admin_site.picker_label);
- history with field labels, local times and "—" for nothing (publishing.history).
"""

from django import forms
from django.contrib.admin.options import InlineModelAdmin
from django.contrib.admin.utils import flatten_fieldsets
from django.db import models, router, transaction
from django.urls import NoReverseMatch, reverse
from django.utils.functional import cached_property
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from simple_history.admin import SimpleHistoryAdmin
from simple_history.manager import SIMPLE_HISTORY_REVERSE_ATTR_NAME

from .admin_site import for_pickers, picker_label
from .history import ReadableHistoryHelper
from .uploads import KeepingFileInput, KeepsUploadsForm
from .versions import StaleVersionError, VersionedModel, ensure_version

EXPECTED_VERSION = "expected_version"


def history_url(obj) -> str:
    """The admin's history page of `obj`, or "" when its admin keeps none."""
    opts = obj._meta
    try:
        return reverse(f"admin:{opts.app_label}_{opts.model_name}_history", args=[obj.pk])
    except NoReverseMatch:
        return ""


def stale_message(stale: StaleVersionError):
    """The refusal, what the saves in between did (fields then → now, their own summaries) and a
    link to the full history, as HTML for a form error."""
    rows = format_html_join("", "<li>{}：{} → {}</li>", stale.changes())
    reasons = format_html_join("", "<li>{}</li>", ((reason,) for reason in stale.reasons()))
    link = history_url(stale.obj)
    return format_html(
        '{} <ul class="stale-changes">{}{}</ul>{}',
        stale.messages[0],
        rows,
        reasons,
        format_html('<a href="{}">{}</a>', link, _("查看全部修改历史")) if link else "",
    )


class VersionedForm(forms.ModelForm):
    """Carries the version the editor opened, so a save over someone else's edit is refused.

    The main form of a page checks whenever it is saved (it is saved even when untouched, and its
    inlines' changes go with it); an inline row (`check_unchanged = False`) only when changed,
    as only then is it saved.
    """

    expected_version = forms.IntegerField(
        label=gettext_lazy("打开时的版本"), widget=forms.HiddenInput, required=False
    )
    check_unchanged = True

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk is not None:
            version = self.instance.version
            if getattr(self.instance, SIMPLE_HISTORY_REVERSE_ATTR_NAME, None) is not None:
                # a version opened from the history to restore: compare with the stored row
                model = type(self.instance)
                stored = model._base_manager.filter(pk=self.instance.pk)
                version = stored.values_list("version", flat=True).first()
            self.fields[EXPECTED_VERSION].initial = version

    @cached_property
    def changed_data(self):
        return [name for name in super().changed_data if name != EXPECTED_VERSION]

    def clean(self):
        cleaned = super().clean()
        expected = cleaned.get(EXPECTED_VERSION)
        if (
            self.instance.pk is not None
            and expected is not None
            and (self.check_unchanged or self.has_changed())
        ):
            try:
                # inside the saving transaction: the row stays locked until the save commits
                ensure_version(obj=self.instance, expected=expected)
            except StaleVersionError as stale:
                raise forms.ValidationError(stale_message(stale), code="stale") from None
        return cleaned


def is_versioned(model) -> bool:
    return issubclass(model, VersionedModel)


def editing_form(form_class, *, model, check_unchanged: bool = True):
    """`form_class` keeping its uploads and, for a versioned model, checking the version."""
    bases = [] if issubclass(form_class, KeepsUploadsForm) else [KeepsUploadsForm]
    if is_versioned(model) and not issubclass(form_class, VersionedForm):
        bases.append(VersionedForm)
    attrs = {"check_unchanged": check_unchanged} if is_versioned(model) else {}
    if not bases and not attrs:
        return form_class
    return type(form_class.__name__, (*bases, form_class), attrs)


class EditingAdminMixin:
    """For ModelAdmins and inlines: versioned forms, kept uploads, labelled choices."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        inline = isinstance(self, InlineModelAdmin)
        self.form = editing_form(self.form, model=self.model, check_unchanged=not inline)

    def get_fieldsets(self, request, obj=None):
        fieldsets = super().get_fieldsets(request, obj)
        if not is_versioned(self.model) or EXPECTED_VERSION in flatten_fieldsets(fieldsets):
            return fieldsets
        (name, options), *rest = fieldsets
        return [(name, {**options, "fields": [*options["fields"], EXPECTED_VERSION]}), *rest]

    def formfield_for_dbfield(self, db_field, request, **kwargs):
        if isinstance(db_field, models.FileField):
            kwargs.setdefault("widget", KeepingFileInput)
        return super().formfield_for_dbfield(db_field, request, **kwargs)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        formfield = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if formfield is not None:
            formfield.queryset = for_pickers(formfield.queryset)
            formfield.label_from_instance = picker_label
        return formfield


class ReadableHistoryAdmin(SimpleHistoryAdmin):
    """django-simple-history's pages with labels, local times and "—" (publishing.history)."""

    object_history_list_template = "publishing/history_list.html"
    object_history_form_template = "publishing/history_form.html"

    def get_historical_record_context_helper(self, request, historical_record):
        return ReadableHistoryHelper(self.model, historical_record)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        # restoring a version is a save like the change form's, which Django runs in a
        # transaction: the version check then holds its row lock until the save
        with transaction.atomic(using=router.db_for_write(self.model)):
            return super().history_form_view(request, object_id, version_id, extra_context)
