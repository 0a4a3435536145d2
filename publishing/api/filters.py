"""Filter fields every API app shares: ids and times that the database can store, or a 400;
objects named by typed id among what the requester may see."""

import datetime

import django_filters
from django.core.exceptions import ValidationError
from django.forms import IntegerField, ModelChoiceField, TextInput
from django.utils.translation import gettext_lazy as _
from django_filters import utils
from django_filters.rest_framework import DjangoFilterBackend

from .fields import MAX_ID

# The offsets that time zones in use have (Etc/GMT+12 to Pacific/Kiritimati).
MIN_UTC_OFFSET = datetime.timedelta(hours=-12)
MAX_UTC_OFFSET = datetime.timedelta(hours=14)

NOT_FOUND_ID = _("没有这个编号或标识。")


def _ascii_number(text: str) -> int:
    """The integer written in `text` with the digits 0–9 only; ValidationError otherwise.

    Python's int() also reads other scripts' digits (١, ²…) or fails on some of them with a
    ValueError the caller did not expect: a typed number is ASCII or it is refused, clearly.
    """
    if not (text.isascii() and text.isdigit()):
        raise ValidationError(_("请只用半角数字 0–9 填写整数。"), code="invalid")
    return int(text)


class VisibleObjectField(ModelChoiceField):
    """One object named by its id (or `to_field_name`), typed into a text box.

    Never a <select>: the browsable API would list every object as an <option>. An id outside
    the queryset (hidden from this requester, or not existing at all) gets the same answer.
    """

    widget = TextInput
    default_error_messages = {"invalid_choice": NOT_FOUND_ID}

    def to_python(self, value):
        if value in self.empty_values:
            return None
        text = str(value)
        if "\x00" in text:
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        if not self.to_field_name and not 0 < _ascii_number(text) <= MAX_ID:
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        return super().to_python(text)


class VisibleObjectFilter(django_filters.ModelChoiceFilter):
    """Filter by one object the requester may see: the declared queryset narrowed per request
    by its `for_reader(user)` (published() without a request), where the model has one."""

    field_class = VisibleObjectField

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        if not hasattr(queryset, "for_reader"):
            return queryset  # a model whose rows are all public (indicators, regions)
        if not self._requested():
            # Nothing to look up, so nothing to show: building published() (ten EXISTS for a
            # place) for every filter of every list request cost a third of an article page.
            return queryset.none()
        user = getattr(request, "user", None)
        return queryset.for_reader(user) if user is not None else queryset.published()

    def _requested(self) -> bool:
        """Whether the request gives this filter's parameter a value (True outside a FilterSet,
        where there is no request data to tell)."""
        filterset = getattr(self, "parent", None)
        if filterset is None:
            return True
        name = next(name for name, each in filterset.filters.items() if each is self)
        if filterset.form_prefix:
            name = f"{filterset.form_prefix}-{name}"
        return bool(filterset.data.get(name))


class AsciiIntegerField(IntegerField):
    def to_python(self, value):
        if value not in self.empty_values:
            value = _ascii_number(str(value).strip())
        return super().to_python(value)


class IntegerFilter(django_filters.NumberFilter):
    """An integer parameter (issue number, year): digits 0–9 only, within its bounds."""

    field_class = AsciiIntegerField


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


class ArchiveFilterBackend(DjangoFilterBackend):
    """django-filter's backend, with each request's FilterSet holding only the filters the
    request gives a parameter: the others filter nothing, yet each costs a form field, a
    queryset and a label on every request. A list given none is left as it is."""

    def filter_queryset(self, request, queryset, view):
        filterset_class = self.get_filterset_class(view, queryset)
        given = filterset_class is not None and {
            name
            for name, each in filterset_class.base_filters.items()
            if _given(request, name, each)
        }
        if not given:
            return queryset
        filterset = self.get_filterset(request, queryset, view)
        filterset.filters = {
            name: each for name, each in filterset.filters.items() if name in given
        }
        if not filterset.is_valid() and self.raise_exception:
            raise utils.translate_validation(filterset.errors)
        return filterset.qs


def _given(request, name: str, each: django_filters.Filter) -> bool:
    """Whether `request` gives filter `name` a parameter, asked of the widget its form field
    would have, as a form does (a range widget reads name_min and name_max, not name)."""
    widget = each.extra.get("widget") or each.field_class.widget
    if isinstance(widget, type):
        widget = widget()
    return not widget.value_omitted_from_data(request.query_params, {}, name)
