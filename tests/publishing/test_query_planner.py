"""SQLite's query planner, given statistics, reads an issue's pages through the page index."""

import datetime

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.management import call_command
from django.db import connection

from articles.models import Article, Issue
from articles.selectors import issue_pages_with_headlines
from publishing.query_planner import refresh_statistics
from tests.factories import ArticleFactory, IssueFactory, PageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def sqlite_only():
    if connection.vendor != "sqlite":
        pytest.skip("PostgreSQL keeps its own statistics (autovacuum)")


def headlines_plan(issue) -> str:
    """SQLite's plan for the issue page's headlines (版面导航), as one line of text."""
    pages = list(issue.pages.values_list("pk", flat=True))
    prefetch = issue_pages_with_headlines(AnonymousUser(), issue)._prefetch_related_lookups[-1]
    queryset = prefetch.queryset.filter(page_id__in=pages)
    sql, params = queryset.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute("EXPLAIN QUERY PLAN " + sql, params)
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


def test_after_migrate_the_pages_headlines_are_read_through_the_page_index(archive):
    refresh_statistics()
    plan = headlines_plan(archive)
    assert "status" not in plan and "page_id" in plan


def test_a_deploys_migrate_refreshes_the_statistics(archive):
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM sqlite_stat1")
    call_command("migrate", verbosity=0)
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM sqlite_stat1 WHERE tbl = 'articles_article'")
        assert cursor.fetchone()[0] > 0
