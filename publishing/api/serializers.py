"""The read side of serializers every API app shares."""

import copy
import datetime

from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils.functional import cached_property
from rest_framework import serializers
from rest_framework.fields import SkipField
from rest_framework.relations import PKOnlyObject
from rest_framework.settings import ISO_8601, api_settings

# DRF fields whose output is the model column's Python value itself (str, int, bool, or None),
# given the model fields they may show as they are.
AS_STORED = {
    serializers.CharField: (models.CharField, models.TextField),
    serializers.ChoiceField: (models.CharField,),
    serializers.IntegerField: (models.IntegerField, models.AutoField),
    serializers.BooleanField: (models.BooleanField,),
    serializers.DateField: (models.DateField,),
}


# How to show each field, worked out once per serializer class or instance, not once per object.
#
# DRF builds a ModelSerializer's fields from the model for every response, walks the readable
# fields and resolves each field's attribute for every object it shows; in a list of 20
# articles with nested issues, pages and tags that bookkeeping was a third of serializing.
# Here the fields are built once per class, and a field that shows one column of the
# serializer's model as it is stored (text, integers, booleans, dates in ISO 8601) is read
# with a getattr; every other field goes through DRF as usual. The declared fields stay what
# the schema is made of and what the output is. (No docstring: drf-spectacular would put it in
# the description of every serializer that has none of its own.)
class ReadSerializerMixin:
    def get_fields(self):
        # A ModelSerializer works its fields out from the model on every response; they depend on
        # the class alone, so work them out once per class and hand out copies, as DRF does with
        # declared fields (the copies get bound to this serializer, the originals never).
        built = type(self).__dict__.get("_built_fields")
        if built is None:
            built = super().get_fields()
            type(self)._built_fields = built
        return copy.deepcopy(built)

    @cached_property
    def _read_plan(self) -> list[tuple[str, str | None, serializers.Field]]:
        """(key, column attribute or None, field) for each readable field, in order."""
        return [(field.field_name, self._column(field), field) for field in self._readable_fields]

    def _column(self, field) -> str | None:
        model = getattr(getattr(self, "Meta", None), "model", None)
        shown_as = AS_STORED.get(type(field))
        if model is None or shown_as is None or len(field.source_attrs) != 1:
            return None
        if type(field) is serializers.DateField and (
            getattr(field, "format", api_settings.DATE_FORMAT) != ISO_8601
        ):
            return None
        try:
            column = model._meta.get_field(field.source_attrs[0])
        except FieldDoesNotExist:
            return None  # a property: its value may need DRF's conversion
        if column.is_relation or not isinstance(column, shown_as):
            return None
        if isinstance(column, models.DateTimeField):
            return None  # a DateField subclass whose output depends on the time zone
        if isinstance(field, serializers.ChoiceField) and not all(
            isinstance(key, str) for key in field.choice_strings_to_values.values()
        ):
            return None
        return column.attname

    def to_representation(self, instance):
        shown = {}
        for key, column, field in self._read_plan:
            if column is not None:
                value = getattr(instance, column)
                shown[key] = value.isoformat() if isinstance(value, datetime.date) else value
                continue
            try:
                attribute = field.get_attribute(instance)
            except SkipField:
                continue
            if (attribute.pk if isinstance(attribute, PKOnlyObject) else attribute) is None:
                shown[key] = None
            else:
                shown[key] = field.to_representation(attribute)
        return shown
