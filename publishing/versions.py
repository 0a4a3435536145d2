"""Optimistic locking for everything an editor can change.

Every save of a versioned row is a new version. A write says which version it was based on (the
admin's hidden `expected_version`, the API's If-Match or `version`); when the row has moved on
since, the write is refused with who saved in between, when, and what they changed, instead of
silently overwriting their work.
"""

from django.core.exceptions import ValidationError
from django.db import models, router, transaction
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .history import readable_changes


class VersionedModel(models.Model):
    """A `version` counted up by every save, whoever saves (admin, desk, API, services)."""

    version = models.PositiveIntegerField(
        _("版本号"),
        default=1,
        editable=False,
        help_text=_("每次保存加一；用于发现两位编辑同时修改同一条内容"),
    )

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        # Counted from the stored row, not this copy, so the number only ever grows (a revert
        # to an old version from the history gets a new, higher number).
        if self.pk is not None:
            stored = (
                type(self)
                ._base_manager.filter(pk=self.pk)
                .values_list("version", flat=True)
                .first()
            )
            self.version = max(stored or 0, self.version) + 1
            if kwargs.get("update_fields") is not None:
                kwargs["update_fields"] = {*kwargs["update_fields"], "version"}
        super().save(*args, **kwargs)


class StaleVersionError(ValidationError):
    """`obj` changed since the editor (or API client) loaded version `expected`."""

    def __init__(self, *, obj, expected: int, current: int, changed_by, changed_at):
        self.obj, self.expected, self.current = obj, expected, current
        self.changed_by, self.changed_at = changed_by, changed_at
        when = timezone.localtime(changed_at).strftime("%Y-%m-%d %H:%M:%S") if changed_at else "?"
        super().__init__(
            gettext(
                "%(kind)s“%(name)s”已被 %(who)s 于 %(when)s 修改（你打开的是第 %(expected)d 版，"
                "现在是第 %(current)d 版）。你的修改没有保存，请查看差异后重新编辑。"
            )
            % {
                "kind": obj._meta.verbose_name,
                "name": obj,
                "who": str(changed_by) if changed_by else gettext("其他人"),
                "when": when,
                "expected": expected,
                "current": current,
            },
            code="stale",
        )

    def _history(self):
        return getattr(self.obj, "history", None)

    def changes(self) -> list[tuple[str, str, str]]:
        """(field label, value then, value now) for each field changed since `expected`."""
        history = self._history()
        if history is None:
            return []
        old = history.filter(version=self.expected).first()
        new = history.filter(version=self.current).first()
        if old is None or new is None:
            return []
        return readable_changes(type(self.obj), new.diff_against(old, foreign_keys_are_objs=True))

    def reasons(self) -> list[str]:
        """What the saves in between said they did (e.g. a desk save's summary), oldest first."""
        history = self._history()
        if history is None:
            return []
        reasons = (
            history.filter(version__gt=self.expected, version__lte=self.current)
            .exclude(history_change_reason__isnull=True)
            .exclude(history_change_reason="")
            .order_by("version")
            .values_list("history_change_reason", flat=True)
        )
        return list(reasons)


def ensure_version(*, obj, expected: int) -> None:
    """Refuse a write based on an old copy: raise StaleVersionError unless `expected` is current.

    Call inside the transaction that saves: the row is then locked (SELECT ... FOR UPDATE) so
    that a concurrent save cannot slip in between this check and the write.
    """
    model = type(obj)
    stored = model._base_manager.filter(pk=obj.pk)
    if transaction.get_connection(router.db_for_write(model)).in_atomic_block:
        stored = stored.select_for_update()
    current = stored.values_list("version", flat=True).first()
    if current is None or current == expected:
        return  # a deleted row: the save itself will say so
    history = getattr(obj, "history", None)
    last = None
    if history is not None:
        last = history.filter(version=current).order_by("-history_date").first()
        last = last or history.order_by("-history_date").first()
    raise StaleVersionError(
        obj=obj,
        expected=expected,
        current=current,
        changed_by=last.history_user if last else None,
        changed_at=last.history_date if last else None,
    )
