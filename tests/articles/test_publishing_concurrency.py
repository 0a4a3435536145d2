"""Publishing and unpublishing the same items at once never deadlocks (PostgreSQL).

Every write that publishes or withdraws takes its row locks in one order (the issue, then its
articles by id, before anything else is written): two editors — or an editor and an API client —
working on the same issue wait for each other instead of PostgreSQL killing one of them with
"deadlock detected", which readers of the API saw as a 503.
"""

import random
import threading

import pytest
from django.contrib.auth.models import User
from django.db import OperationalError, connection, connections

from articles import services
from articles.models import Article, Issue, Status
from tests.factories import ArticleFactory, IssueFactory, PageFactory

pytestmark = pytest.mark.django_db(transaction=True)

THREADS = 6
CALLS_PER_THREAD = 12


@pytest.fixture(autouse=True)
def postgresql_only():
    if connection.vendor != "postgresql":
        pytest.skip("row locks and deadlock detection are PostgreSQL's; runs in its pass")


def _run(user, issue_pk, article_pks, seed, failures):
    chance = random.Random(seed)
    try:
        for _ in range(CALLS_PER_THREAD):
            action = chance.choice(["publish_issue", "unpublish_issue", "article", "article"])
            try:
                if action == "publish_issue":
                    services.publish_issue(issue=Issue.objects.get(pk=issue_pk), user=user)
                elif action == "unpublish_issue":
                    services.unpublish_issue(issue=Issue.objects.get(pk=issue_pk), user=user)
                else:
                    article = Article.objects.get(pk=chance.choice(article_pks))
                    if chance.random() < 0.5:
                        services.publish_article(article=article, user=user)
                    else:
                        services.unpublish_article(article=article, user=user)
            except OperationalError as error:
                failures.append(f"{action}: {error}")
    finally:
        connections.close_all()


def test_concurrent_publishing_and_unpublishing_of_one_issue_never_deadlocks():
    user = User.objects.create_superuser("desk-chief", password="a-long-password-4")
    issue = IssueFactory(status=Status.DRAFT, published_at=None)
    page = PageFactory(issue=issue, number=1)
    article_pks = [
        ArticleFactory(page=page, status=Status.DRAFT, published_at=None, position=n).pk
        for n in range(8)
    ]
    failures = []
    threads = [
        threading.Thread(target=_run, args=(user, issue.pk, article_pks, seed, failures))
        for seed in range(THREADS)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not any(thread.is_alive() for thread in threads), "a call hung"
    assert failures == []
    # every call went through: the rows are in one of the two states, with one history row each
    statuses = set(Article.objects.filter(pk__in=article_pks).values_list("status", flat=True))
    assert statuses <= {Status.DRAFT, Status.PUBLISHED}
