"""The API's default permission (its own module: REST framework imports it while starting up,
before the views that publishing.api builds on exist)."""

from django.utils.translation import gettext_lazy as _
from rest_framework import permissions


class TokenWritesModelPermissions(permissions.DjangoModelPermissionsOrAnonReadOnly):
    """Anyone reads; a write needs a service account's token and the model permission.

    A logged-in editor's browser session may read the browsable API but not write through it:
    the admin is the editors' tool, and its checks (version, locks) are the ones they see.
    """

    message = _("写入需要服务账号的令牌（Authorization: Token …）及相应的权限。")

    def has_permission(self, request, view):
        if request.method in permissions.SAFE_METHODS:
            # What DjangoModelPermissions answers for a read (it requires no permission), without
            # building the view's queryset, prefetches and all, only to learn its model.
            return True
        if request.auth is None:
            return False
        return super().has_permission(request, view)
