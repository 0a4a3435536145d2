"""Give the editorial groups their indicators permissions.

编辑 may do everything with indicators; 记者 may add, change and view figures (and view the
indicators, regions and periods they pick from, which the admin's autocomplete needs, and add a
period that is not there yet).
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

EDITOR = "编辑"
REPORTER = "记者"
REPORTER_PERMISSIONS = {
    "observation": ["add", "change", "view"],
    "indicator": ["view"],
    "region": ["view"],
    "period": ["add", "view"],
}


def grant(apps, schema_editor):
    app_config = apps.get_app_config("indicators")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    editor, _ = Group.objects.get_or_create(name=EDITOR)
    editor.permissions.add(*Permission.objects.filter(content_type__app_label="indicators"))
    reporter, _ = Group.objects.get_or_create(name=REPORTER)
    codenames = [
        f"{action}_{model}" for model, actions in REPORTER_PERMISSIONS.items() for action in actions
    ]
    reporter.permissions.add(
        *Permission.objects.filter(content_type__app_label="indicators", codename__in=codenames)
    )


def revoke(apps, schema_editor):
    Permission = apps.get_model("auth", "Permission")
    for group in apps.get_model("auth", "Group").objects.filter(name__in=[EDITOR, REPORTER]):
        group.permissions.remove(*Permission.objects.filter(content_type__app_label="indicators"))


class Migration(migrations.Migration):
    dependencies = [
        ("indicators", "0001_indicators_observations_periods_regions"),
        ("articles", "0002_editor_and_reporter_groups"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
