import django.utils.timezone
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("articles", "0012_versions_history_of_people_tags_places"),
    ]

    operations = [
        migrations.AddField(
            model_name="page",
            name="updated_at",
            field=models.DateTimeField(
                auto_now=True, db_index=True, default=django.utils.timezone.now, verbose_name="更新时间"
            ),
            preserve_default=False,
        ),
        migrations.AddField(
            model_name="photo",
            name="updated_at",
            field=models.DateTimeField(
                auto_now=True, db_index=True, default=django.utils.timezone.now, verbose_name="更新时间"
            ),
            preserve_default=False,
        ),
    ]
