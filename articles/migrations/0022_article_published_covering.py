"""Counting a subject's published articles per year (历年篇数) without reading the articles.

A topic's or a paper's year counts join up to hundreds of thousands of articles to check that each
is visible and to read its date. From the table that means reading every article's row, body and
all (868 MB at 1,000,000 articles). This index holds just what the count reads, for published
articles only, and PostgreSQL answers from it alone: 56 MB, built in about 2 s; a topic of
200,000 articles is counted in 179–198 ms instead of 300–340 (benchmarks/README.md, "Year
counts from an index"). SQLite has no covering indexes (Django's `Index.include` is
PostgreSQL's), and its archives are small.

Built CONCURRENTLY, outside a transaction (`atomic = False`): the articles stay writable while it
builds, as the editors' desk may be in use during a deploy.
"""

from django.db import migrations

from ._postgres import on_postgresql

FORWARD = [
    "CREATE INDEX CONCURRENTLY article_published_covering ON articles_article (id) "
    "INCLUDE (issue_date, issue_id, published_at, section_id) WHERE status = 'published'"
]
BACKWARD = ["DROP INDEX CONCURRENTLY article_published_covering"]


class Migration(migrations.Migration):
    atomic = False
    dependencies = [("articles", "0021_issue_lunar_date")]

    operations = [
        migrations.RunPython(on_postgresql(FORWARD), on_postgresql(BACKWARD)),
    ]
