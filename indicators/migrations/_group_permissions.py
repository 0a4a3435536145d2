"""Granting the editorial groups (编辑, 记者) permissions from data migrations.

A frozen copy kept with the migrations that use it (each app its own): migrations import no live
project code, so that what they do never changes with it.

Permissions are normally created after all migrations have run (post_migrate), so a migration
that hands some out creates its app's permissions first. Migrations call these functions with
their own historical `apps`, and name each permission by codename, so what an old migration
grants never changes with today's models.
"""

EDITOR = "编辑"
REPORTER = "记者"


def _create_permissions(apps, app_label):
    from django.contrib.auth.management import create_permissions

    app_config = apps.get_app_config(app_label)
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None


def grant(apps, app_label: str, codenames_by_group: dict[str, list[str]]) -> None:
    """Give each group these permissions of `app_label` (creating groups that are missing)."""
    _create_permissions(apps, app_label)
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, codenames in codenames_by_group.items():
        group, _ = Group.objects.get_or_create(name=name)
        group.permissions.add(
            *Permission.objects.filter(content_type__app_label=app_label, codename__in=codenames)
        )


def revoke(apps, app_label: str, codenames_by_group: dict[str, list[str]]) -> None:
    """Take these permissions of `app_label` back from each group (the reverse of grant)."""
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for group in Group.objects.filter(name__in=codenames_by_group):
        group.permissions.remove(
            *Permission.objects.filter(
                content_type__app_label=app_label, codename__in=codenames_by_group[group.name]
            )
        )
