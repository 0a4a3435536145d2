import django.utils.timezone
from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True

    dependencies = []

    operations = [
        migrations.CreateModel(
            name="Tombstone",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                (
                    "kind",
                    models.CharField(
                        choices=[
                            ("issue", "期次"),
                            ("page", "版面"),
                            ("article", "稿件"),
                            ("photo", "图片"),
                            ("figure", "数据"),
                        ],
                        max_length=10,
                        verbose_name="类型",
                    ),
                ),
                ("object_id", models.PositiveBigIntegerField(verbose_name="编号")),
                (
                    "removed_at",
                    models.DateTimeField(
                        db_index=True, default=django.utils.timezone.now, verbose_name="撤下时间"
                    ),
                ),
            ],
            options={
                "verbose_name": "撤下记录",
                "verbose_name_plural": "撤下记录",
                "ordering": ["removed_at", "id"],
                "constraints": [
                    models.UniqueConstraint(fields=("kind", "object_id"), name="tombstone_unique_object")
                ],
            },
        ),
    ]
