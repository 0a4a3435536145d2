"""SQLite's query planner, given statistics, reads an issue's pages through the page index."""

import datetime

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from articles.models import Article, Issue
from publishing.query_planner import refresh_statistics
from tests.factories import ArticleFactory, IssueFactory, PageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def sqlite_only():
    if connection.vendor != "sqlite":
        pytest.skip("PostgreSQL keeps its own statistics (autovacuum)")


def headlines_plan(client, issue) -> str:
    """SQLite's plan for the issue page's headlines (版面导航), as one line of text: the
    statement that reads the articles of the issue's pages, as the page sends it."""
    with CaptureQueriesContext(connection) as queries:
        assert client.get(issue.get_absolute_url()).status_code == 200
    [headlines] = [
        query["sql"]
        for query in queries
        if query["sql"].startswith('SELECT "articles_article"') and '"page_id" IN' in query["sql"]
    ]
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN QUERY PLAN " + headlines)
        return " ".join(str(row[-1]) for row in cursor.fetchall())


@pytest.fixture
def archive():
    """Forty days of a four-page paper, ten items a day, all published."""
    for day in range(40):
        issue = IssueFactory(date=datetime.date(2020, 1, 1) + datetime.timedelta(days=day))
        pages = [PageFactory(issue=issue, number=number) for number in range(1, 5)]
        Article.objects.bulk_create(
            ArticleFactory.build(page=pages[n % 4], issue=issue, position=n) for n in range(10)
        )
    return Issue.objects.order_by("date").last()


def test_after_migrate_the_pages_headlines_are_read_through_the_page_index(client, archive):
    refresh_statistics()
    plan = headlines_plan(client, archive)
    assert "status" not in plan and "page_id" in plan


def test_a_deploys_migrate_refreshes_the_statistics(archive):
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM sqlite_stat1")
    call_command("migrate", verbosity=0)
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM sqlite_stat1 WHERE tbl = 'articles_article'")
        assert cursor.fetchone()[0] > 0
