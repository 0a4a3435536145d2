"""Accepting a figure (which makes it public) becomes its own permission, given to 编辑 only.

记者 keep add/change/view on figures: what they record stays proposed until an editor accepts it.
"""

from django.db import migrations

from . import _group_permissions as group_permissions

GRANTS = {group_permissions.EDITOR: ["accept_observation"]}


def grant(apps, schema_editor):
    group_permissions.grant(apps, "indicators", GRANTS)


def revoke(apps, schema_editor):
    group_permissions.revoke(apps, "indicators", GRANTS)


class Migration(migrations.Migration):
    dependencies = [
        ("indicators", "0003_observation_history"),
    ]

    operations = [
        migrations.AlterModelOptions(
            name="observation",
            options={
                "ordering": ["indicator", "region", "period__start", "period__end", "vintage", "pk"],
                "permissions": [("accept_observation", "可以核实指标数据（核实后公开）")],
                "verbose_name": "指标数据",
                "verbose_name_plural": "指标数据",
            },
        ),
        migrations.RunPython(grant, revoke),
    ]
