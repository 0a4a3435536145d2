"""The publishing rule itself (publishing.rule); every role and action through the admin
and the API is in tests/production/test_permission_matrix.py."""

import pytest

from articles.models import ArticleRegion, Correction, Issue, PhotoCredit, Status
from publishing.rule import PublishedContentError, check_write, is_locked
from tests.factories import (
    ArticleCreditFactory,
    ArticleFactory,
    IssueFactory,
    PageCreditFactory,
    PageFactory,
    PersonFactory,
    PhotoFactory,
)

pytestmark = pytest.mark.django_db

BELONGINGS = {
    "page credit": lambda: PageCreditFactory(),
    "photo credit": lambda: PhotoCredit.objects.create(
        photo=PhotoFactory(), person=PersonFactory()
    ),
    "article credit": lambda: ArticleCreditFactory(),
    "correction": lambda: Correction.objects.create(
        article=ArticleFactory(), date="2020-09-16", text="更正"
    ),
    "region": lambda: ArticleRegion.objects.create(
        article=ArticleFactory(), x=0.1, y=0.1, width=0.5, height=0.2
    ),
}


@pytest.mark.parametrize("kind", BELONGINGS)
def test_what_belongs_to_published_content_is_locked_with_it(reporter, editor, kind):
    belonging = BELONGINGS[kind]()
    assert is_locked(user=reporter, obj=belonging)
    assert not is_locked(user=editor, obj=belonging)


def test_the_refusal_names_the_published_container_and_the_field(reporter):
    issue = IssueFactory(number=10076)
    page = PageFactory(issue=IssueFactory(status=Status.DRAFT, published_at=None))
    page.issue = issue
    with pytest.raises(PublishedContentError) as refusal:
        check_write(user=reporter, obj=page)
    assert refusal.value.field == "issue"
    assert str(issue) in refusal.value.message and "已发布" in refusal.value.message


def test_a_container_published_since_it_was_loaded_counts(reporter):
    photo = PhotoFactory(article=None, page=PageFactory(issue=IssueFactory(status=Status.DRAFT)))
    Issue.objects.filter(pk=photo.page.issue_id).update(
        status=Status.PUBLISHED, published_at="2020-09-15T06:00:00+08:00"
    )
    photo.caption = "改"
    with pytest.raises(PublishedContentError):
        check_write(user=reporter, obj=photo)  # the stale copy in memory still says draft
