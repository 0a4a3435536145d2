"""Filter fields every API app shares: ids and times that the database can store, or a 400."""

import datetime

import django_filters
from django.core.exceptions import ValidationError
from django.forms import ModelChoiceField
from django.utils.translation import gettext_lazy as _

from .fields import MAX_ID

# The offsets that time zones in use have (Etc/GMT+12 to Pacific/Kiritimati).
MIN_UTC_OFFSET = datetime.timedelta(hours=-12)
MAX_UTC_OFFSET = datetime.timedelta(hours=14)


class BoundedModelChoiceField(ModelChoiceField):
    """A choice by primary key that refuses non-numbers and out-of-range ids as invalid choices."""

    def to_python(self, value):
        if value not in self.empty_values and not self.to_field_name:
            text = str(value)
            # isascii: "²" and "١" are digits to isdigit() but not to int()
            if not (text.isascii() and text.isdigit()) or not 0 < int(text) <= MAX_ID:
                raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        return super().to_python(value)


class ModelChoiceFilter(django_filters.ModelChoiceFilter):
    field_class = BoundedModelChoiceField


class StorableIsoDateTimeField(django_filters.fields.IsoDateTimeField):
    """An ISO 8601 time that the database can store, given to it in UTC.

    Real offsets run from -12:00 to +14:00; Python accepts up to ±23:59, which PostgreSQL
    refuses mid-query. And 9999-12-31T23:59-12:00 is year 10000 in UTC, which Python cannot
    even represent.
    """

    def to_python(self, value):
        moment = super().to_python(value)
        if moment is None:
            return None
        offset = moment.utcoffset()
        if offset is not None and not MIN_UTC_OFFSET <= offset <= MAX_UTC_OFFSET:
            raise ValidationError(
                _("时区偏移超出范围：只能在 -12:00 到 +14:00 之间。"), code="invalid"
            )
        try:
            return moment.astimezone(datetime.UTC)
        except OverflowError:
            raise ValidationError(_("时间超出可处理的范围。"), code="invalid") from None


class IsoDateTimeFilter(django_filters.IsoDateTimeFilter):
    field_class = StorableIsoDateTimeField


def updated_since_filter(field_name: str = "updated_at") -> IsoDateTimeFilter:
    """The changes feed's `?updated_since=`: rows changed at or after a time. Removals are in
    /api/v1/tombstones/ with the same parameter (publishing.tombstones)."""
    return IsoDateTimeFilter(
        field_name=field_name,
        lookup_expr="gte",
        help_text="changed at or after this ISO 8601 time, for harvesting changes "
        "(removals: /api/v1/tombstones/)",
    )
