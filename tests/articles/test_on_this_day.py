"""往期回顾 opens on the latest month with issues; 历史上的今天 on the home and issue pages."""

import datetime
import re

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from articles.models import Issue, Status
from tests.factories import ArticleFactory, IssueFactory, PageFactory

pytestmark = pytest.mark.django_db


def test_calendar_opens_on_the_latest_month_with_issues(client, archive):
    page = client.get("/archive/").content.decode()
    months = re.findall(r'<section class="calendar__month[^"]*" id="m(\d+)"', page)
    assert months == [str(m) for m in range(9, 0, -1)]  # September first; no empty autumn
    assert 'href="/2020/9/15/"' in page
    # an empty month is one line: its heading, no grid of days
    july = page[page.index('id="m7"') : page.index('id="m6"')]
    assert "calendar__month--empty" in page and "calendar__days" not in july


def _issue_on(archive, year, headline, status=Status.PUBLISHED):
    issue = IssueFactory(
        publication=archive.issue.publication,
        date=datetime.date(year, 9, 15),
        number=10076 - 300 * (2020 - year),
        status=status,
        **({} if status == Status.PUBLISHED else {"published_at": None}),
    )
    ArticleFactory(page=PageFactory(issue=issue, number=1), headline=headline, position=1)
    return issue


def test_home_and_issue_pages_show_the_same_day_in_earlier_years(client, archive):
    _issue_on(archive, 2018, "两年前的头条")
    _issue_on(archive, 2019, "一年前的头条")
    _issue_on(archive, 2017, "未发布期次的头条", status=Status.DRAFT)
    for url in ("/", "/2020/9/15/"):
        page = client.get(url).content.decode()
        section = page[page.index('class="on-this-day"') :]
        assert "历史上的今天" in page
        assert section.index("一年前的头条") < section.index("两年前的头条")  # newest first
        assert 'href="/2019/9/15/"' in section and "未发布期次的头条" not in section
        assert "2017" not in section


def test_on_this_day_finds_the_same_month_and_day_in_earlier_years_only():
    dates = [
        datetime.date(2016, 2, 29),
        datetime.date(2017, 2, 28),
        datetime.date(2017, 3, 1),
        datetime.date(2019, 2, 28),
        datetime.date(2024, 2, 29),
        datetime.date(2028, 2, 29),
        datetime.date(2016, 12, 29),
        datetime.date(2016, 2, 9),
    ]
    for number, date in enumerate(dates, start=1):
        IssueFactory(date=date, number=number)
    found = Issue.objects.on_this_day(datetime.date(2024, 2, 29))
    assert [issue.date for issue in found] == [datetime.date(2016, 2, 29)]
    found = Issue.objects.on_this_day(datetime.date(2025, 2, 28))
    assert [issue.date for issue in found] == [
        datetime.date(2019, 2, 28),
        datetime.date(2017, 2, 28),
    ]


def test_on_this_day_reads_an_index_of_month_and_day_on_postgresql():
    if connection.vendor != "postgresql":
        pytest.skip("runs in the PostgreSQL pass (SQLite has no such index)")
    for year in range(1990, 2020):
        IssueFactory(date=datetime.date(year, 9, 15), number=year)
    query = Issue.objects.published().on_this_day(datetime.date(2020, 9, 15))
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")  # a few rows: tell it the table is big
        plan = query.explain()
    assert "issue_month_day" in plan


def _queries(client, url) -> int:
    cache.clear()  # measure the page as rendered, not the cached copy
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_on_this_day_costs_the_same_queries_however_many_years(client, archive):
    _issue_on(archive, 2019, "一年前的头条")
    few = {url: _queries(client, url) for url in ("/", "/2020/9/15/")}
    for year in range(2000, 2019):
        _issue_on(archive, year, f"{year}年的头条")
    assert {url: _queries(client, url) for url in few} == few
