"""Tombstones: telling harvesters what disappeared.

The changes feed (`?updated_since=` on the lists) shows what is public and changed; a harvester
also needs what stopped being public, or it keeps withdrawn articles for ever. Each content app
names its models here with `watch()`: whenever one of their objects that readers could see stops
being visible (unpublished, withdrawn, moved into something unpublished, deleted), a Tombstone
(kind, id, when) is written in the same transaction. Objects hidden with their container count
too: unpublishing an issue writes tombstones for the pages, articles, photos and figures that
were public in it.

Visibility is each model's `objects.published()`, read before and after the write: only what a
reader could see gets a tombstone, so a draft's id never appears. One object has one tombstone,
moved to the latest removal; an object published again keeps it, and its own `updated_at` is
then the later time (a harvester compares the two). The other way round, publishing an issue
or article marks what becomes public through it as updated (`_touch_dependents`), so the
changes feed shows a page that appears with its issue.
"""

from dataclasses import dataclass, field

import django_filters
from django.db import models
from django.db.models.signals import post_save, pre_delete, pre_save
from django.utils import timezone
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import mixins, serializers, viewsets

from publishing.api.filters import updated_since_filter
from publishing.api.pagination import CountedCursorPagination
from publishing.api.views import PublicCachingMixin

from .models import Tombstone


@dataclass
class Watched:
    kind: str
    # (model, lookup from it to this model's pk): what is public only while this object is
    dependents: list[tuple[type[models.Model], str]] = field(default_factory=list)


WATCHED: dict[type[models.Model], Watched] = {}
_PUBLIC_BEFORE = "_tombstones_public_before"


def watch(model, kind: str, dependents=()) -> None:
    """Record tombstones for `model` (its objects.published() says what readers see) and, when
    one of its objects goes out of sight, for the `dependents` that were public through it."""
    WATCHED[model] = Watched(kind, list(dependents))
    uid = f"tombstones-{kind}"
    pre_save.connect(_before_save, sender=model, dispatch_uid=uid)
    post_save.connect(_after_save, sender=model, dispatch_uid=uid)
    pre_delete.connect(_before_delete, sender=model, dispatch_uid=uid)


def add_dependents(model, dependents) -> None:
    """More (model, lookup) public only through `model`'s objects, from another app (figures
    are public only through their article)."""
    WATCHED[model].dependents.extend(dependents)


def _public(model, **lookup) -> set[int]:
    return set(model.objects.published().filter(**lookup).values_list("pk", flat=True))


def record(model, pks, *, when=None) -> None:
    """Write (or move to `when`) the tombstones of `model`'s objects `pks`."""
    pks = sorted(pks)
    if not pks:
        return
    kind, when = WATCHED[model].kind, when or timezone.now()
    Tombstone.objects.bulk_create(
        [Tombstone(kind=kind, object_id=pk, removed_at=when) for pk in pks],
        update_conflicts=True,  # one per object, at its latest removal (even when two race)
        unique_fields=["kind", "object_id"],
        update_fields=["removed_at"],
    )


def _before_save(sender, instance, raw=False, **kwargs):
    # One query for a new or unpublished object (nothing of it can disappear); more only when
    # a public one is saved: what is public through it, to compare with after the save.
    if raw or instance.pk is None or not _public(sender, pk=instance.pk):
        return
    public = {sender: {instance.pk}}
    for model, lookup in WATCHED[sender].dependents:
        public[model] = _public(model, **{lookup: instance.pk})
    setattr(instance, _PUBLIC_BEFORE, public)


def _after_save(sender, instance, created=False, raw=False, **kwargs):
    public_before = instance.__dict__.pop(_PUBLIC_BEFORE, None)
    if raw:
        return
    if public_before is None:
        if not created and getattr(instance, "is_published", False):
            _touch_dependents(sender, instance)
        return
    if _public(sender, pk=instance.pk):
        return  # still public: so is everything public through it
    for model, pks in public_before.items():
        record(model, pks - _public(model, pk__in=pks))


def _touch_dependents(sender, instance):
    """An issue or article just published: what became public through it (its pages, photos,
    figures, articles published before the issue) was not saved, so mark it changed now for
    the changes feed (`updated_since`), as the tombstones mark the opposite. An update, not a
    save: no new version, no history."""
    if not _public(sender, pk=instance.pk):
        return  # scheduled for later, or inside something unpublished
    now = timezone.now()
    for model, lookup in WATCHED[sender].dependents:
        model.objects.published().filter(**{lookup: instance.pk}).update(updated_at=now)


def _before_delete(sender, instance, **kwargs):
    # Deleting a container deletes what it holds one by one (each gets this signal itself).
    if _public(sender, pk=instance.pk):
        record(sender, [instance.pk])


# The API: /api/v1/tombstones/ ----------------------------------------------------------------


class TombstoneSerializer(serializers.ModelSerializer):
    id = serializers.IntegerField(source="object_id", help_text="the removed object's id")

    class Meta:
        model = Tombstone
        fields = ["kind", "id", "removed_at"]


class TombstoneFilter(django_filters.FilterSet):
    kind = django_filters.ChoiceFilter(choices=Tombstone.Kind.choices, help_text="kind of object")
    updated_since = updated_since_filter("removed_at")

    class Meta:
        model = Tombstone
        fields = []


class TombstonePagination(CountedCursorPagination):
    ordering = ("removed_at", "id")


@extend_schema_view(
    list=extend_schema(
        summary="What stopped being public (withdrawn, unpublished or deleted): kind, id, when",
        description=(
            "Harvest with the same `updated_since` as the lists: an article, issue, page, photo "
            "or figure listed here is no longer public. Only its kind, id and removal time are "
            "kept. An object published again keeps its tombstone; its own `updated_at` is then "
            "later than `removed_at`."
        ),
    ),
)
class TombstoneViewSet(PublicCachingMixin, mixins.ListModelMixin, viewsets.GenericViewSet):
    queryset = Tombstone.objects.order_by("removed_at", "id")
    serializer_class = TombstoneSerializer
    filterset_class = TombstoneFilter
    pagination_class = TombstonePagination
