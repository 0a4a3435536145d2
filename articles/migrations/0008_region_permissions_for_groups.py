"""Give the editorial groups the permissions of article regions (added in 0006).

Without them only superusers saw the regions inline on the article page: 编辑 may do everything
with regions; 记者 draws them for drafts (the admin locks published articles, regions included).
"""

from django.db import migrations

from . import _group_permissions as group_permissions

REGIONS = [f"{action}_articleregion" for action in ("add", "change", "delete", "view")]
GRANTS = {group_permissions.EDITOR: REGIONS, group_permissions.REPORTER: REGIONS}


def grant(apps, schema_editor):
    group_permissions.grant(apps, "articles", GRANTS)


def revoke(apps, schema_editor):
    group_permissions.revoke(apps, "articles", GRANTS)


class Migration(migrations.Migration):
    dependencies = [("articles", "0007_history_of_credits_corrections_regions_tags_places")]

    operations = [migrations.RunPython(grant, revoke)]
