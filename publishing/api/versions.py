"""Optimistic locking in the API, for every writable endpoint of a versioned model.

An edit names the version it is based on: `If-Match: "3"` (the version is the object's ETag)
or a `version` field. Without either it is refused with 428, so that no client overwrites
another's change by accident; `If-Match: *` overwrites on purpose. A stale version is a 412
naming who changed the object, when, and what they changed.
"""

from contextlib import contextmanager

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from rest_framework import exceptions, status

from ..versions import StaleVersionError, ensure_version

ANY_VERSION = "*"


class PreconditionFailed(exceptions.APIException):
    status_code = status.HTTP_412_PRECONDITION_FAILED
    default_code = "stale_version"
    default_detail = gettext_lazy("版本已过期。")


class PreconditionRequired(exceptions.APIException):
    """An edit that does not say which version it is based on could silently overwrite another
    client's change, so it is refused (RFC 6585)."""

    status_code = status.HTTP_428_PRECONDITION_REQUIRED
    default_code = "version_required"
    default_detail = gettext_lazy(
        '请用 If-Match: "<version>" 头或 version 字段说明修改所依据的版本'
        "（If-Match: * 表示有意覆盖）。"
    )


def expected_version(request):
    """The version the client based its change on: If-Match: "3", a `version` field, or
    If-Match: * for a deliberate overwrite; None when the client said nothing."""
    header = request.headers.get("If-Match", "").strip()
    if header == ANY_VERSION:
        return ANY_VERSION
    header = header.removeprefix("W/").strip('"')
    raw = header or request.data.get("version")
    if raw in (None, ""):
        return None
    try:
        return int(raw)
    except (TypeError, ValueError):
        raise exceptions.ValidationError({"version": [_("版本号必须是整数。")]}) from None


def stale_detail(stale: StaleVersionError) -> str:
    """The refusal with what changed, in one line: …；改动：主题：旧 → 新."""
    changes = "；".join(f"{label}：{old} → {new}" for label, old, new in stale.changes())
    if not changes:
        return stale.messages[0]
    return _("%(refusal)s 改动：%(changes)s") % {"refusal": stale.messages[0], "changes": changes}


@contextmanager
def versioned_write(request, obj):
    """Run the write of `obj` inside this block only if `request` named its current version
    (428 when it named none, 412 when it is stale); the row stays locked until the block ends."""
    expected = expected_version(request)
    if expected is None:
        raise PreconditionRequired()
    with transaction.atomic():
        if expected != ANY_VERSION:
            try:
                ensure_version(obj=obj, expected=expected)
            except StaleVersionError as stale:
                raise PreconditionFailed(stale_detail(stale)) from None
        yield


class VersionedUpdateMixin:
    """For a writable viewset of a versioned model (publishing.versions.VersionedModel): its
    perform_update writes inside versioned_write(); the answer carries the new version as its
    ETag."""

    def update(self, request, *args, **kwargs):
        response = super().update(request, *args, **kwargs)
        response["ETag"] = f'"{response.data["version"]}"'
        return response
