"""Accounts and groups in the admin's language.

Django stores a permission's name in English when it creates it ("Can add 稿件"); the pickers of
the group and user forms name each permission from its model instead, in the language of the
page: 报纸内容 | 稿件 | 可以修改稿件.
"""

from django.contrib import admin
from django.contrib.auth.admin import GroupAdmin, UserAdmin
from django.contrib.auth.models import Group, User
from django.utils.translation import gettext, gettext_noop

ACTIONS = {
    "add": gettext_noop("可以增加%(model)s"),
    "change": gettext_noop("可以修改%(model)s"),
    "delete": gettext_noop("可以删除%(model)s"),
    "view": gettext_noop("可以查看%(model)s"),
}


def model_label(model) -> str:
    """稿件; 稿件的历史 for its history table; 稿件的地点 for the link table of Article.places."""
    instance = getattr(model, "instance_type", None)  # a django-simple-history table
    if instance is not None:
        return gettext("%(model)s的历史") % {"model": model_label(instance)}
    source = model._meta.auto_created
    if source:
        field = next(f for f in source._meta.many_to_many if f.remote_field.through is model)
        return gettext("%(model)s的%(field)s") % {
            "model": source._meta.verbose_name,
            "field": field.verbose_name,
        }
    return str(model._meta.verbose_name)


def permission_label(permission) -> str:
    model = permission.content_type.model_class()
    action = permission.codename.split("_", 1)[0]
    if model is None or permission.codename != f"{action}_{model._meta.model_name}":
        name = permission.name  # a permission of our own: named in Chinese already
    else:
        name = gettext(ACTIONS[action]) % {"model": model_label(model)} if action in ACTIONS else ""
        name = name or permission.name
    app = model._meta.app_config.verbose_name if model is not None else ""
    return f"{app} | {model_label(model) if model else ''} | {name}"


class PermissionLabelsMixin:
    def formfield_for_manytomany(self, db_field, request=None, **kwargs):
        formfield = super().formfield_for_manytomany(db_field, request, **kwargs)
        if db_field.name in ("permissions", "user_permissions"):
            formfield.queryset = formfield.queryset.select_related("content_type")
            formfield.label_from_instance = permission_label
        return formfield


class ArchiveGroupAdmin(PermissionLabelsMixin, GroupAdmin):
    pass


class ArchiveUserAdmin(PermissionLabelsMixin, UserAdmin):
    pass


admin.site.unregister(Group)
admin.site.register(Group, ArchiveGroupAdmin)
admin.site.unregister(User)
admin.site.register(User, ArchiveUserAdmin)
