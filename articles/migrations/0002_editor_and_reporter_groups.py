"""Create the two editorial groups with their permissions.

Permissions are normally created after all migrations (post_migrate), so this migration creates
them first for the apps it needs; running it on an existing database changes nothing else.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

EDITOR = "编辑"
REPORTER = "记者"

# Reporters write drafts: they may add and change content (locked by the admin once published),
# view reference data, and may not delete anything.
REPORTER_PERMISSIONS = {
    "article": ["add", "change", "view"],
    "articlecredit": ["add", "change", "delete", "view"],
    "correction": ["add", "change", "view"],
    "photo": ["add", "change", "view"],
    "photocredit": ["add", "change", "delete", "view"],
    "issue": ["add", "change", "view"],
    "page": ["add", "change", "view"],
    "pagecredit": ["add", "change", "delete", "view"],
    "person": ["add", "change", "view"],
    "tag": ["add", "view"],
    "place": ["add", "view"],
    "section": ["view"],
    "publication": ["view"],
}


def create_groups(apps, schema_editor):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")

    editor, _ = Group.objects.get_or_create(name=EDITOR)
    editor.permissions.add(*Permission.objects.filter(content_type__app_label="articles"))

    reporter, _ = Group.objects.get_or_create(name=REPORTER)
    codenames = [
        f"{action}_{model}" for model, actions in REPORTER_PERMISSIONS.items() for action in actions
    ]
    reporter.permissions.add(
        *Permission.objects.filter(content_type__app_label="articles", codename__in=codenames)
    )


def remove_groups(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=[EDITOR, REPORTER]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_groups, remove_groups)]
