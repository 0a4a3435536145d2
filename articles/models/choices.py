"""Choices whose labels are read on hot paths (bylines, page credits)."""

from django.db import models


class LabelledChoices(models.TextChoices):
    """TextChoices with label_of(): what get_FOO_display() shows, for one value.

    get_FOO_display() builds a dict of all the field's choices and translates every label on
    each call (about 60 µs measured for a credit's role); this looks up one member.
    """

    @classmethod
    def label_of(cls, value: str):
        # cls(value) is a dict lookup; `cls.values` would build the list of every choice
        try:
            return cls(value).label
        except ValueError:
            return value
