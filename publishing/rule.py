"""The publishing rule: who may write published content. The admin and the API both call this.

Which models it covers is declared by each app in its AppConfig.ready() (see the registry below).

Content with a status of its own (an issue, an article, a figure) is public by that status.
Content without one is public with its container: a page with its issue, a photo with its article
or, when it stands alone, with the issue of its page; credits, corrections and regions with what
they belong to. A person has no status and no single container, but their name is printed in
every byline and credit that names them: someone credited on published content is public with it.

The rule: a user without the permission to publish a status may not create, change, move or
delete content that is public by it (not inside a published container, not into one, not out of
one), nor give their own content that status. A draft article in a published issue, or a
proposed figure of a published article, stays hidden by its own status until someone who may
publish it does, so reporters may write those.
"""

from dataclasses import dataclass

from django import forms
from django.apps import apps
from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from .visibility import PublishableModel


@dataclass(frozen=True)
class Publishing:
    """How one model with a status is published: the public value and who may set it."""

    public_status: str
    permission: str


# Filled by each content app in its AppConfig.ready() (register_status, register_container), so
# this app names none of them. Models with a status of their own, by "app_label.model_name":
PUBLISHING: dict[str, Publishing] = {}
# Content without a status: the fields pointing at its container, the first one set wins (a
# photo of an article goes with the article, a photo standing alone with its page).
CONTAINERS: dict[str, list[str]] = {}


def register_status(label: str, *, public_status: str, permission: str) -> None:
    """Declare that model `label` ("app_label.model_name") is public by its own status."""
    PUBLISHING[label] = Publishing(public_status, permission)


def register_container(label: str, *fields: str) -> None:
    """Declare that model `label` is public with its container, found through `fields`."""
    CONTAINERS[label] = list(fields)


# Content named by published content (its name is printed there, as a person's in bylines):
# public while `<model>.objects.published()` holds it, written only by those with every
# permission listed, the permissions to publish what can name it.
NAMED_BY_PUBLISHED: dict[str, tuple[str, ...]] = {}


def register_named(label: str, *permissions: str) -> None:
    """Declare that model `label` is public while published content names it (its
    objects.published()), and changed or deleted then only by users with all `permissions`."""
    NAMED_BY_PUBLISHED[label] = permissions


class PublishedContentError(PermissionDenied):
    """A write the publishing rule refuses. `field` is the field of the written object that leads
    to the published status (its container, or "status" itself), for a form error."""

    def __init__(self, message: str, *, field: str):
        super().__init__(message)
        self.message, self.field = message, field


def may_publish(*, user, model) -> bool:
    """True when `user` may publish (or accept) objects of `model`, a model with a status."""
    return user.has_perm(PUBLISHING[model._meta.label_lower].permission)


def is_locked(*, user, obj) -> bool:
    """True when `obj` is public by a status `user` may not publish: they may only look at it."""
    return obj is not None and obj.pk is not None and _refusal(user, obj, stored=True) is not None


def ensure_unlocked(*, user, obj) -> None:
    """Raise PublishedContentError when `obj`, as it is, is locked for `user` (see is_locked)."""
    refusal = _refusal(user, obj, stored=True)
    if refusal is not None:
        raise refusal


def check_write(*, user, obj) -> None:
    """Raise PublishedContentError unless `user` may save `obj` with its values in memory.

    Both ends count: the row as stored (changing published content, or moving it out of a
    published container) and the new values (creating content in, or moving it into, a published
    container, or giving it a public status). Containers are read from the database. Saving a
    row unchanged is not a write.
    """
    if obj.pk is not None:
        stored = type(obj)._base_manager.filter(pk=obj.pk).first()
        if stored is not None:
            if not _differs(stored, obj):
                return  # saved again unchanged (an untouched row of an inline): no write
            ensure_unlocked(user=user, obj=stored)
    refusal = _refusal(user, obj, stored=False)
    if refusal is not None:
        raise refusal


def _differs(stored, obj) -> bool:
    return any(
        getattr(stored, field.attname) != getattr(obj, field.attname)
        for field in obj._meta.concrete_fields
    )


def _status_holder(obj):
    """(the object whose status decides whether `obj` is public, the field of `obj` leading to
    it), or None for content that is public with nothing (a publication, a person)."""
    label = obj._meta.label_lower
    if label in PUBLISHING:
        return obj, "status"
    for name in CONTAINERS.get(label, []):
        field = obj._meta.get_field(name)
        container_pk = getattr(obj, field.attname)
        if container_pk is not None:
            # fresh from the database: a container's status may have changed since it was loaded
            container = field.related_model._base_manager.filter(pk=container_pk).first()
            if container is None:
                return None
            holder = _status_holder(container)
            return (holder[0], name) if holder else None
    return None


def _named_refusal(user, obj, *, stored: bool) -> PublishedContentError | None:
    """The refusal for content named by published content (NAMED_BY_PUBLISHED): changing or
    deleting it would rewrite published pages. A new one is named by nothing yet."""
    permissions = NAMED_BY_PUBLISHED[obj._meta.label_lower]
    if not stored or obj.pk is None or user.has_perms(permissions):
        return None
    if not type(obj).objects.published().filter(pk=obj.pk).exists():
        return None
    message = _("%(kind)s“%(name)s”署名于已发布的内容，只有有发布权限的用户才能修改或删除。")
    return PublishedContentError(
        message % {"kind": obj._meta.verbose_name, "name": obj}, field="name"
    )


def _refusal(user, obj, *, stored: bool) -> PublishedContentError | None:
    if obj._meta.label_lower in NAMED_BY_PUBLISHED:
        return _named_refusal(user, obj, stored=stored)
    holder = _status_holder(obj)
    if holder is None:
        return None
    status_holder, field = holder
    publishing = PUBLISHING[status_holder._meta.label_lower]
    if status_holder.status != publishing.public_status or user.has_perm(publishing.permission):
        return None
    names = {
        "kind": status_holder._meta.verbose_name,
        "name": status_holder,
        "status": status_holder.get_status_display(),
    }
    if status_holder is not obj:
        message = _(
            "%(kind)s“%(name)s”%(status)s，只有有发布权限的用户才能在其中添加、修改或移出内容。"
        )
    elif stored:
        message = _("%(kind)s“%(name)s”%(status)s，只有有发布权限的用户才能修改或删除。")
    else:
        message = _("只有有发布权限的用户才能把%(kind)s设为“%(status)s”。")
    return PublishedContentError(message % names, field=field)


class PublishingRuleForm(forms.ModelForm):
    """A model form that reports what the rule refuses as an error on the field that leads to the
    published status, so nothing is saved. `user` is set per request (see `form_for`)."""

    user = None

    def _post_clean(self):
        # the instance holds the submitted values only after ModelForm._post_clean
        super()._post_clean()
        if self.user is None:
            return
        if self.instance.pk is not None and not self.has_changed():
            # an untouched stored row (an inline's other rows): no write, and no query to read it
            # back. Not for new objects: an add form prefilled from the address is "unchanged".
            return
        try:
            check_write(user=self.user, obj=self.instance)
        except PublishedContentError as refusal:
            self.add_error(refusal.field if refusal.field in self.fields else None, refusal.message)


def form_for(form_class: type[forms.ModelForm], user) -> type[forms.ModelForm]:
    """`form_class` checking the rule for `user` (a subclass: the class itself stays shared)."""
    return type(form_class.__name__, (form_class,), {"user": user})


class PublishingRuleAdminMixin:
    """The admin's side of the rule, for ModelAdmins and inlines.

    Locked content opens read-only and cannot be deleted; forms refuse creating or moving content
    into (or out of) published content with the reason; the status fields are read-only for
    whoever may not publish; reverting to an earlier version needs the change permission.
    """

    form = PublishingRuleForm
    status_fields: tuple[str, ...] = ()  # e.g. ("status", "published_at")

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and not is_locked(
            user=request.user, obj=obj
        )

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and not is_locked(
            user=request.user, obj=obj
        )

    def get_readonly_fields(self, request, obj=None):
        readonly = list(super().get_readonly_fields(request, obj))
        if self.status_fields and not may_publish(user=request.user, model=self.model):
            readonly += [name for name in self.status_fields if name not in readonly]
        return readonly

    def get_form(self, request, obj=None, **kwargs):
        return form_for(super().get_form(request, obj, **kwargs), request.user)

    def get_formset(self, request, obj=None, **kwargs):
        formset = super().get_formset(request, obj, **kwargs)
        formset.form = form_for(formset.form, request.user)
        return formset

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        # django-simple-history accepts a revert from anyone who may view the history
        if request.method == "POST":
            current = self.get_object(request, unquote(object_id))
            if current is None or not self.has_change_permission(request, current):
                raise PermissionDenied
        return super().history_form_view(request, object_id, version_id, extra_context)


def scheduled_models() -> list[type]:
    """The registered models with a publish time (PublishableModel): a future one is a
    scheduled publication."""
    models = (apps.get_model(label) for label in PUBLISHING)
    return [model for model in models if issubclass(model, PublishableModel)]
