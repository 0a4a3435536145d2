"""History as editors read it: field labels, choice labels, local times, "—" for nothing.

django-simple-history shows a change as the field's code name and each value's str(): None,
True, "draft", a foreign key's id and a UTC time. The same formatting serves the admin's
history page and the refusal of a stale save (publishing.versions), so both read alike.
"""

import datetime

from django.utils import timezone
from django.utils.html import conditional_escape
from django.utils.text import capfirst
from django.utils.translation import gettext
from simple_history.models import DeletedObject
from simple_history.template_utils import HistoricalRecordContextHelper

EMPTY = "—"
MAX_CHARS = 80


def readable_value(model, field_name: str, value) -> str:
    """One value of `model`'s field as an editor reads it (not escaped)."""
    field = model._meta.get_field(field_name)
    if isinstance(value, list):  # a many-to-many field: one dict per linked row
        target = field.m2m_reverse_field_name() if field.many_to_many else None
        names = [str(row.get(target, "")) if isinstance(row, dict) else str(row) for row in value]
        return "、".join(sorted(names)) or EMPTY
    if value is None or value == "":
        return EMPTY
    if isinstance(value, DeletedObject):
        return gettext("已删除的%(kind)s（编号 %(pk)s）") % {
            "kind": value.model._meta.verbose_name,
            "pk": value.pk,
        }
    if field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return gettext("是") if value else gettext("否")
    if isinstance(value, datetime.datetime):
        moment = timezone.localtime(value) if timezone.is_aware(value) else value
        return moment.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, datetime.date):
        return value.isoformat()
    text = str(value)
    return text if len(text) <= MAX_CHARS else text[: MAX_CHARS - 1] + "…"


def field_label(model, field_name: str) -> str:
    return str(capfirst(model._meta.get_field(field_name).verbose_name))


def readable_changes(model, delta) -> list[tuple[str, str, str]]:
    """(field label, value then, value now) for each change of a simple-history delta."""
    return [
        (
            field_label(model, change.field),
            readable_value(model, change.field, change.old),
            readable_value(model, change.field, change.new),
        )
        for change in delta.changes
    ]


class ReadableHistoryHelper(HistoricalRecordContextHelper):
    """The history page's changes with labels and readable values (see readable_value)."""

    def format_delta_change(self, change):
        old = readable_value(self.model, change.field, change.old)
        new = readable_value(self.model, change.field, change.new)
        return type(change)(
            field=field_label(self.model, change.field),
            old=conditional_escape(old),
            new=conditional_escape(new),
        )
