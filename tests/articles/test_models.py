"""The data model: derived masthead dates, database-level rules, visibility."""

import datetime

import pytest
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from articles.models import Article, Issue, Page, Photo, Status
from articles.models.issues import lunar_date
from tests.factories import (
    ArticleCreditFactory,
    ArticleFactory,
    IssueFactory,
    PageCreditFactory,
    PageFactory,
    PersonFactory,
    PhotoFactory,
    PlaceFactory,
    PublicationFactory,
    TagFactory,
)

pytestmark = pytest.mark.django_db


def test_credits_name_their_role_as_printed_and_keep_an_unknown_one_as_stored():
    """Admin lists, history and logs show a credit as the paper prints it (责编 王敏); a role
    no longer among the choices (an old import) still shows, as its stored value."""
    person = PersonFactory(name="王敏")
    page_credit = PageCreditFactory(person=person, role="editor")
    article_credit = ArticleCreditFactory(person=person, role="correspondent")
    assert str(page_credit) == "责编 王敏" and page_credit.role_label == "责编"
    assert str(article_credit) == "通讯员 王敏" and article_credit.role_label == "通讯员"
    article_credit.role = "stringer"
    assert str(article_credit) == "stringer 王敏"


def test_masthead_dates_of_issue_10076():
    issue = IssueFactory(date=datetime.date(2020, 9, 15), number=10076)
    assert issue.weekday == "星期二"
    assert issue.lunar_date == "庚子年七月廿八"


def test_an_issue_keeps_the_lunar_date_of_its_date_through_saves():
    issue = IssueFactory(date=datetime.date(2020, 9, 15))
    issue.date = datetime.date(2020, 9, 16)
    issue.save(update_fields=["date"])
    assert Issue.objects.values_list("lunar_date", flat=True).get(pk=issue.pk) == "庚子年七月廿九"
    issue.page_count = 8
    issue.save(update_fields=["page_count"])
    assert Issue.objects.get(pk=issue.pk).lunar_date == "庚子年七月廿九"
    issue.date = "2020-05-23"  # as a form or the API may give it
    issue.save()
    assert Issue.objects.get(pk=issue.pk).lunar_date == "庚子年闰四月初一"


@pytest.mark.parametrize(
    "day, expected",
    [
        # 2020 had a leap fourth month (闰四月) from May 23 to June 20.
        (datetime.date(2020, 5, 23), "庚子年闰四月初一"),
        (datetime.date(2020, 6, 20), "庚子年闰四月廿九"),
        (datetime.date(2020, 6, 21), "庚子年五月初一"),
        # Across the lunar new year: the ganzhi year changes on 正月初一, not on January 1.
        (datetime.date(2020, 1, 24), "己亥年腊月三十"),
        (datetime.date(2020, 1, 25), "庚子年正月初一"),
        (datetime.date(2021, 2, 11), "庚子年腊月三十"),
        (datetime.date(2021, 2, 12), "辛丑年正月初一"),
    ],
)
def test_lunar_dates_across_leap_months_and_new_year(day, expected):
    assert lunar_date(day) == expected


def test_one_issue_per_date_is_enforced_by_the_database():
    issue = IssueFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Issue.objects.create(
            publication=issue.publication, date=issue.date, number=issue.number + 1, page_count=4
        )


def test_one_issue_per_number_is_enforced_by_the_database():
    issue = IssueFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Issue.objects.create(
            publication=issue.publication,
            date=issue.date + datetime.timedelta(days=1),
            number=issue.number,
            page_count=4,
        )


def test_another_paper_may_use_the_same_date_and_number():
    issue = IssueFactory()
    other = PublicationFactory(name="人民日报", slug="peoples-daily", is_own=False)
    Issue.objects.create(publication=other, date=issue.date, number=issue.number, page_count=20)
    assert Issue.objects.filter(date=issue.date).count() == 2


def test_page_numbers_are_unique_within_an_issue():
    page = PageFactory(number=1)
    with pytest.raises(IntegrityError), transaction.atomic():
        Page.objects.create(issue=page.issue, number=1, name="重复")


def test_published_row_needs_a_publish_time_in_the_database():
    issue = IssueFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Issue.objects.filter(pk=issue.pk).update(published_at=None)


def test_reprint_without_source_is_refused_by_the_database():
    article = ArticleFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Article.objects.filter(pk=article.pk).update(origin="reprint")


def test_article_on_a_page_of_another_issue_fails_validation():
    article = ArticleFactory()
    other_page = PageFactory()
    article.page = other_page
    with pytest.raises(Exception) as error:
        article.full_clean()
    assert "page" in error.value.message_dict


def test_source_line_of_a_reprint():
    peoples_daily = PublicationFactory(name="人民日报", slug="peoples-daily", is_own=False)
    article = ArticleFactory(
        origin="reprint",
        source_publication=peoples_daily,
        source_date=datetime.date(2020, 9, 14),
        source_page=10,
    )
    assert article.source_line == "《人民日报》（2020年9月14日第10版）"


def test_body_is_split_into_paragraphs():
    article = ArticleFactory(body="第一段。\n\n  第二段。  \n第三段。")
    assert article.paragraphs == ["第一段。", "第二段。", "第三段。"]


def test_neighbours_follow_printed_order_with_the_id_breaking_ties():
    page = PageFactory()
    first, middle, tied, last = (
        ArticleFactory(page=page, position=position) for position in (1, 2, 2, 3)
    )
    ArticleFactory(page=page, position=2, status=Status.DRAFT, published_at=None)
    articles = Article.objects.published()
    assert articles.neighbours(first) == (None, middle)
    assert articles.neighbours(middle) == (first, tied)
    assert articles.neighbours(tied) == (middle, last)
    assert articles.neighbours(last) == (tied, None)


def test_related_articles_are_newest_first_topics_before_places():
    tag, place = TagFactory(), PlaceFactory()
    article = ArticleFactory()
    article.tags.add(tag)
    article.places.add(place)
    older, newer, by_place = (
        ArticleFactory(page=PageFactory(issue=IssueFactory(date=day)))
        for day in (datetime.date(2019, 1, 1), datetime.date(2021, 1, 1), datetime.date(2022, 1, 1))
    )
    older.tags.add(tag)
    newer.tags.add(tag)
    by_place.places.add(place)
    assert Article.objects.published().related_to(article) == [newer, older, by_place]
    assert Article.objects.published().related_to(article, limit=2) == [newer, older]


def test_related_articles_reach_past_many_newer_ones_readers_cannot_see():
    """related_to() looks at the newest linked articles first; when drafts fill those, the
    older published ones on the same topic are still found, and no draft is."""
    tag = TagFactory()
    article = ArticleFactory()
    article.tags.add(tag)
    older = ArticleFactory(page=PageFactory(issue=IssueFactory(date=datetime.date(2019, 1, 1))))
    older.tags.add(tag)
    newer_page = PageFactory(issue=IssueFactory(date=datetime.date(2023, 1, 1)))
    for position in range(25):
        draft = ArticleFactory(
            page=newer_page, position=position, status=Status.DRAFT, published_at=None
        )
        draft.tags.add(tag)
    assert Article.objects.published().related_to(article) == [older]


class TestVisibility:
    """published() is the one definition of what a reader may see."""

    def test_draft_article_is_hidden(self):
        ArticleFactory(status=Status.DRAFT, published_at=None)
        assert not Article.objects.published().exists()

    def test_future_publish_time_is_hidden_until_reached(self):
        soon = timezone.now() + datetime.timedelta(hours=1)
        article = ArticleFactory(published_at=soon)
        assert not Article.objects.published().exists()
        Article.objects.filter(pk=article.pk).update(
            published_at=timezone.now() - datetime.timedelta(seconds=1)
        )
        assert list(Article.objects.published()) == [article]

    def test_published_article_in_a_draft_issue_is_hidden(self):
        issue = IssueFactory(status=Status.DRAFT, published_at=None)
        ArticleFactory(page=PageFactory(issue=issue))
        assert not Article.objects.published().exists()
        assert not Page.objects.published().exists()

    def test_photo_of_a_draft_article_is_hidden(self):
        PhotoFactory(article=ArticleFactory(status=Status.DRAFT, published_at=None))
        assert not Photo.objects.published().exists()

    def test_standalone_photo_on_a_published_page_is_visible(self):
        page = PageFactory()
        photo = PhotoFactory(article=None, page=page)
        assert list(Photo.objects.published()) == [photo]

    def test_photo_keeps_its_real_pixel_size(self):
        photo = PhotoFactory()
        assert (photo.width, photo.height) == (40, 30)


# The default order without joins (Article.page_number is a copy of page.number) -----------------


def _printed_day():
    """An issue whose items were entered out of printed order: page 2 first, then page 1."""
    issue = IssueFactory(date=datetime.date(2021, 3, 2))
    front, second = PageFactory(issue=issue, number=1), PageFactory(issue=issue, number=2)
    later = ArticleFactory(page=second, position=1, headline="二版头条")
    lower = ArticleFactory(page=front, position=2, headline="一版下方")
    lead = ArticleFactory(page=front, position=1, headline="一版头条")
    return front, second, [lead, lower, later]


def test_articles_of_a_day_come_in_printed_order():
    _printed_day()
    earlier = ArticleFactory(page=PageFactory(issue=IssueFactory(date=datetime.date(2021, 3, 1))))
    headlines = list(Article.objects.values_list("headline", flat=True))
    assert headlines == ["一版头条", "一版下方", "二版头条", earlier.headline]


def test_renumbering_a_page_keeps_the_printed_order():
    front, second, _items = _printed_day()
    second.number = 9
    second.save()
    front.number = 2
    front.save()
    second.number = 1
    second.save()
    assert list(Article.objects.values_list("headline", "page_number")) == [
        ("二版头条", 1),
        ("一版头条", 2),
        ("一版下方", 2),
    ]


def test_moving_an_article_to_another_page_keeps_the_printed_order():
    front, second, (lead, lower, later) = _printed_day()
    moved = Article.objects.get(pk=lower.pk)  # loaded afresh, as the admin and the API do
    moved.page_id = second.pk
    moved.position = 2
    moved.save()
    assert Article.objects.get(pk=lower.pk).page_number == 2
    assert list(Article.objects.values_list("headline", flat=True)) == [
        "一版头条",
        "二版头条",
        "一版下方",
    ]


def test_saving_an_unmoved_article_reads_no_page():
    """The copy costs a desk save of untouched items nothing: the page is read only on a move."""
    _front, _second, (lead, _lower, _later) = _printed_day()
    article = Article.objects.get(pk=lead.pk)
    article.headline = "一版头条（改）"
    with CaptureQueriesContext(connection) as saving:
        article.save()
    assert not [q["sql"] for q in saving.captured_queries if 'FROM "articles_page"' in q["sql"]]


def test_the_default_order_of_articles_joins_no_table():
    sql = str(Article.objects.all().query)
    assert "JOIN" not in sql.upper()
    assert "page_number" in sql and "issue_date" in sql
