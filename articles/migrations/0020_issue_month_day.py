"""历史上的今天 (IssueQuerySet.on_this_day) through an index on the issue's month and day.

The lookups date__month and date__day are EXTRACT(MONTH / DAY FROM date) on PostgreSQL, and this
index holds exactly those: the home and issue pages read about 90 index entries instead of every
issue (4.8 → 0.2 ms at 31,250 issues, benchmarks/README.md). On SQLite Django writes them with a
function of its own, which an index could hold only if nothing but Django ever wrote to the table
(the sqlite3 shell could no longer insert an issue); SQLite archives are small, so it has none.
"""

from django.db import migrations

from ._postgres import on_postgresql

FORWARD = [
    "CREATE INDEX issue_month_day ON articles_issue "
    '((EXTRACT(MONTH FROM "date")), (EXTRACT(DAY FROM "date")))'
]
BACKWARD = ["DROP INDEX issue_month_day"]


class Migration(migrations.Migration):
    dependencies = [("articles", "0019_feed_indexes")]

    operations = [
        migrations.RunPython(on_postgresql(FORWARD), on_postgresql(BACKWARD)),
    ]
