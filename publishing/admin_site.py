"""The editors' admin site: named after the archive, pickers that say which one, originals for
staff.

Installed in place of Django's default site (publishing.apps.ArchiveAdminConfig), so every
`admin.site.register` and `@admin.register` in the apps lands here.
"""

import mimetypes
import posixpath

from django.contrib import admin
from django.contrib.admin.views.autocomplete import AutocompleteJsonView
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404
from django.urls import path
from django.utils.translation import gettext_lazy as _

ORIGINALS_DIR = "originals"
# What staff may open in the browser; anything else is downloaded, never rendered on our origin.
INLINE_TYPES = {"image/jpeg", "image/png", "image/webp", "image/tiff", "application/pdf"}


def picker_label(obj) -> str:
    """How a choice names an object: its `picker_label` (a page with its issue's date and
    number, a person with who they are), else str()."""
    return str(getattr(obj, "picker_label", None) or obj)


def for_pickers(queryset):
    """`queryset` with what picker_label() reads, when its model says what that is."""
    return queryset.for_pickers() if hasattr(queryset, "for_pickers") else queryset


class LabelledAutocompleteJsonView(AutocompleteJsonView):
    """Autocomplete answers with picker labels; `token` is the plain name a typed field takes."""

    def get_queryset(self):
        return for_pickers(super().get_queryset())

    def serialize_result(self, obj, to_field_name):
        result = super().serialize_result(obj, to_field_name)
        return {**result, "text": picker_label(obj), "token": str(obj)}


class ArchiveAdminSite(admin.AdminSite):
    site_header = _("吕梁日报数字报 · 编辑部")
    site_title = _("吕梁日报数字报编辑部")
    index_title = _("编辑工作台")

    def get_urls(self):
        return [
            # /admin/originals/originals/photos/2020/09/x.jpg — an uploaded original, for staff
            path("originals/<path:name>", self.admin_view(self.original_view), name="original"),
            *super().get_urls(),
        ]

    def autocomplete_view(self, request):
        return LabelledAutocompleteJsonView.as_view(admin_site=self)(request)

    def original_view(self, request, name):
        """An uploaded original (scan, photo with its metadata), for logged-in staff only:
        readers get renditions, and originals/ is never served publicly."""
        clean = posixpath.normpath(name)
        if clean != name or not clean.startswith(ORIGINALS_DIR + "/") or ".." in clean:
            raise Http404
        if not default_storage.exists(clean):
            raise Http404
        content_type, _encoding = mimetypes.guess_type(clean)
        inline = content_type in INLINE_TYPES
        response = FileResponse(
            default_storage.open(clean, "rb"),
            as_attachment=not inline,
            filename=posixpath.basename(clean),
            content_type=content_type if inline else "application/octet-stream",
        )
        response["Cache-Control"] = "private, no-store"
        response["X-Robots-Tag"] = "noindex, nofollow"
        return response
