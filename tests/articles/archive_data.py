"""A small archive for the reading-site tests: issue 10076 as printed, plus unpublished items."""

import datetime
from dataclasses import dataclass

from django.utils import timezone

from articles.models import Article, ArticleCredit, Issue, PageCredit, Status
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
    SectionFactory,
    TagFactory,
)

ISSUE_DATE = datetime.date(2020, 9, 15)


@dataclass
class Archive:
    issue: Issue
    previous_issue: Issue
    draft_issue: Issue
    lead: Article
    second: Article
    draft: Article
    scheduled: Article
    in_draft_issue: Article
    reporter: object
    tag: object
    place: object
    section: object
    photo: object


def build_archive() -> Archive:
    """Issue 10076 (2020-09-15) with two pages, the issue before it, a draft issue after it."""
    paper = PublicationFactory()
    previous_issue = IssueFactory(publication=paper, date=datetime.date(2020, 9, 14), number=10075)
    PageFactory(issue=previous_issue, number=1)
    issue = IssueFactory(publication=paper, date=ISSUE_DATE, number=10076, page_count=4)
    front = PageFactory(issue=issue, number=1, name="要闻", department="要闻部")
    second_page = PageFactory(issue=issue, number=2, name="综合新闻", department="新闻部")
    for position, (name, role) in enumerate(
        [
            ("李刚", PageCredit.Role.LAYOUT),
            ("马龙", PageCredit.Role.EDITOR),
            ("臧媛慧", PageCredit.Role.EDITOR),
            ("白颖凯", PageCredit.Role.PROOFREADER),
        ]
    ):
        PageCreditFactory(page=front, person=PersonFactory(name=name), role=role, position=position)
    tag, place, section = (
        TagFactory(name="脱贫攻坚"),
        PlaceFactory(name="临县"),
        SectionFactory(name="时政", slug="shizheng"),
    )
    lead = ArticleFactory(
        page=front,
        position=1,
        kicker="一周要闻",
        headline="市委常委会召开会议",
        subheadline="李正印主持",
        dateline="本报讯",
        section=section,
        body="9月14日，市委常委会召开会议。\n\n会议研究了改革方案。",
    )
    lead.tags.add(tag)
    lead.places.add(place)
    reporter = PersonFactory(name="李雅萍")
    ArticleCreditFactory(article=lead, person=reporter, role=ArticleCredit.Role.REPORTER)
    photo = PhotoFactory(article=lead, caption="会议现场", alt_text="会场全景")
    photo.photo_credits.create(person=PersonFactory(name="肖继旺"), position=0)
    second = ArticleFactory(page=front, position=2, headline="昔日贫困户，玩转高科技")
    second.tags.add(tag)
    draft = ArticleFactory(
        page=front,
        position=3,
        headline="尚未发布的草稿稿件",
        status=Status.DRAFT,
        published_at=None,
    )
    draft.tags.add(tag)
    scheduled = ArticleFactory(
        page=second_page,
        position=1,
        headline="定时发布的稿件",
        published_at=timezone.now() + datetime.timedelta(days=1),
    )
    scheduled.tags.add(tag)
    draft_issue = IssueFactory(
        publication=paper,
        date=datetime.date(2020, 9, 16),
        number=10077,
        status=Status.DRAFT,
        published_at=None,
    )
    in_draft_issue = ArticleFactory(
        page=PageFactory(issue=draft_issue, number=1), headline="草稿期次里的稿件"
    )
    in_draft_issue.tags.add(tag)
    return Archive(
        issue=issue,
        previous_issue=previous_issue,
        draft_issue=draft_issue,
        lead=lead,
        second=second,
        draft=draft,
        scheduled=scheduled,
        in_draft_issue=in_draft_issue,
        reporter=reporter,
        tag=tag,
        place=place,
        section=section,
        photo=photo,
    )


UNPUBLISHED_HEADLINES = ("尚未发布的草稿稿件", "定时发布的稿件", "草稿期次里的稿件")
