"""Each issue keeps its lunar date (庚子年七月廿八), worked out on save instead of on every page
and API response that shows it (about 1 ms a date with lunar-python). Existing issues get theirs
here: about 30 s for 30,000 issues."""

from django.db import migrations, models

from ._lunar import lunar_date


def fill(apps, schema_editor):
    Issue = apps.get_model("articles", "Issue")
    issues = list(Issue.objects.only("pk", "date"))
    for issue in issues:
        issue.lunar_date = lunar_date(issue.date)
    Issue.objects.bulk_update(issues, ["lunar_date"], batch_size=1000)


class Migration(migrations.Migration):
    dependencies = [("articles", "0020_issue_month_day")]

    operations = [
        migrations.AddField(
            model_name="issue",
            name="lunar_date",
            field=models.CharField(blank=True, editable=False, max_length=20, verbose_name="农历"),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
    ]
