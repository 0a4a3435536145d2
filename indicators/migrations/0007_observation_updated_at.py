import django.utils.timezone
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("indicators", "0006_observation_version"),
    ]

    operations = [
        migrations.AddField(
            model_name="observation",
            name="updated_at",
            field=models.DateTimeField(
                auto_now=True, db_index=True, default=django.utils.timezone.now, verbose_name="更新时间"
            ),
            preserve_default=False,
        ),
    ]
