"""Constraint errors shown on the field an editor has to change."""

from django.core.exceptions import ValidationError
from django.db import router


class FieldConstraintErrorsMixin:
    """Reports a broken multi-field constraint on one named field instead of above the form.

    Django puts the error of a constraint over several fields (publication + date) at the top of
    the form; the editor then has to guess which field to change. `constraint_fields` maps a
    constraint's name to the field its message belongs to.
    """

    constraint_fields: dict[str, str] = {}

    def validate_constraints(self, exclude=None):
        using = router.db_for_write(self.__class__, instance=self)
        errors = {}
        for model_class, constraints in self.get_constraints():
            for constraint in constraints:
                try:
                    constraint.validate(model_class, self, exclude=exclude, using=using)
                except ValidationError as error:
                    field = self.constraint_fields.get(constraint.name)
                    if field and not (exclude and field in exclude):
                        errors.setdefault(field, []).extend(error.error_list)
                    else:
                        errors = error.update_error_dict(errors)
        if errors:
            raise ValidationError(errors)
