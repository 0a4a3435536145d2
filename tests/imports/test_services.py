"""import_page(): a proposal saved as drafts in one transaction — issue, page, items, credits,
regions, files and proposed figures — never duplicated, never public until published."""

import datetime
import json

import pytest
from django.core.exceptions import ValidationError

from articles.models import (
    Article,
    ArticleCredit,
    ArticleRegion,
    Issue,
    Page,
    PageCredit,
    Person,
    Publication,
    Status,
)
from demo.indicators import load_indicators, load_regions
from imports.pipeline import propose_page
from imports.services import AlreadyImported, import_page
from indicators.models import Observation, ObservationStatus
from tests.factories import IssueFactory, PageFactory, PublicationFactory
from tests.imports import typeset
from tests.imports.structure import seed_email, seed_line

SEED_FRONT = "000_59828c7503c07820.txt"
SEED_FEATURE = "002_072cb43c782e16e1.txt"

WIRE_PAGE = """吕梁日报 2021年3月10日 星期三
第02版:综合新闻

春耕备耕有序展开

新华社太原3月9日电(记者 王明)连日来，山西各地抓住有利天气，\
组织农户检修农机、调运化肥，春耕备耕工作有序展开。

据了解，全省今年计划播种粮食作物四千七百万亩，各地农资储备充足，价格总体平稳。

综合新闻部主办 本版组版: 张华 责编:李明 校对:王芳
"""

FIGURES_PAGE = """吕梁日报 2020年9月16日 星期三
第02版:经济

前8个月全市经济稳中有进

本报讯(记者 周洁)9月15日，记者从市统计局获悉，1—8月，\
全市规模以上工业增加值同比增长5.2%，社会消费品零售总额下降3.1%。
"""


@pytest.fixture
def paper(db):
    return PublicationFactory()


@pytest.fixture
def front(seed_texts, paper):
    proposed = propose_page(seed_texts[SEED_FRONT].encode(), filename=SEED_FRONT)
    return proposed


def test_seed_front_page_saved_as_drafts(front, seed_texts):
    result = import_page(front.proposal, source=front.source)
    issue = result.issue
    assert result.issue_created and issue.status == Status.DRAFT
    assert (issue.date, issue.number, issue.page_count) == (datetime.date(2020, 9, 15), 10076, 4)
    page = result.page
    assert (page.number, page.department, page.department_email) == (
        1,
        "要闻部",
        seed_email(seed_texts[SEED_FRONT]),
    )
    credits = [(c.role, c.person.name) for c in page.page_credits.select_related("person").all()]
    assert credits == [
        (PageCredit.Role.LAYOUT, "李刚"),
        (PageCredit.Role.EDITOR, "马龙"),
        (PageCredit.Role.EDITOR, "臧媛慧"),
        (PageCredit.Role.PROOFREADER, "白颖凯"),
    ]
    articles = list(page.articles.order_by("position"))
    assert [a.headline for a in articles] == [
        "市委常委会召开会议",
        "市政府召开第9次常务会议",
        "肉牛养殖",
        "昔日贫困户,玩转高科技",
        seed_line(seed_texts[SEED_FRONT], "2020年全国消费促进月"),
        seed_line(seed_texts[SEED_FRONT], '全市"消费扶贫'),
    ]
    assert all(a.status == Status.DRAFT for a in articles)
    lead, _meeting, photo, reprint, _launch, appeal = articles
    assert (lead.subheadline, lead.dateline, lead.event_date) == (
        "李正印主持",
        "本报讯",
        datetime.date(2020, 9, 14),
    )
    assert [(c.role, c.person.name) for c in lead.article_credits.all()] == [
        (ArticleCredit.Role.REPORTER, "李雅萍")
    ]
    assert photo.genre == "photo"
    assert sorted(c.person.name for c in photo.article_credits.all()) == ["肖继旺", "薛晋军"]
    assert reprint.origin == "reprint" and reprint.kicker.startswith("山西吕梁培训搬迁户")
    assert (reprint.source_publication.name, reprint.source_date, reprint.source_page) == (
        "人民日报",
        datetime.date(2020, 9, 14),
        10,
    )
    assert not reprint.source_publication.is_own
    # the original paper's reporters belong to the original paper
    reporters = reprint.article_credits.select_related("person__affiliation")
    assert {(c.person.name, c.person.affiliation.name) for c in reporters} == {
        ("胡健", "人民日报"),
        ("乔栋", "人民日报"),
    }
    signatory = "吕梁市消费扶贫月活动组委会"
    assert appeal.genre == "appeal" and appeal.signature == f"{signatory} 2020年9月"
    # the source text is kept for the plain-text view, one box entry per line
    assert "市委常委会召开会议" in page.source_text and page.source_kind == "text"
    assert len(page.source_boxes) == len(page.source_text.split("\n"))
    assert page.imported_at is not None


def test_a_page_imported_twice_is_refused_or_replaced_never_duplicated(front):
    first = import_page(front.proposal, source=front.source)
    people = Person.objects.count()
    with pytest.raises(AlreadyImported):
        import_page(front.proposal, source=front.source)
    assert Article.objects.count() == 6
    again = import_page(front.proposal, source=front.source, replace=True)
    assert again.replaced and again.page.pk == first.page.pk
    assert Article.objects.count() == 6 and Issue.objects.count() == 1
    assert PageCredit.objects.count() == 4 and Person.objects.count() == people


def test_a_page_with_published_articles_is_never_replaced(front, editor):
    result = import_page(front.proposal, source=front.source)
    Article.objects.filter(pk=result.articles[0].pk).update(
        status=Status.PUBLISHED, published_at=datetime.datetime(2020, 9, 15, tzinfo=datetime.UTC)
    )
    with pytest.raises(ValidationError, match="已有发布的稿件"):
        import_page(front.proposal, source=front.source, replace=True)
    assert Article.objects.count() == 6


def test_nothing_is_imported_into_a_published_issue(front, paper):
    IssueFactory(
        publication=paper,
        date=datetime.date(2020, 9, 15),
        number=10076,
        status=Status.PUBLISHED,
        published_at=datetime.datetime(2020, 9, 15, tzinfo=datetime.UTC),
    )
    with pytest.raises(ValidationError, match="这一期已经发布"):
        import_page(front.proposal, source=front.source)
    assert not Page.objects.exists() and not Article.objects.exists()


def test_an_error_in_one_item_saves_nothing(front):
    front.proposal.articles[-1].headline = ""
    with pytest.raises(ValidationError, match="第6篇没有标题"):
        import_page(front.proposal, source=front.source)
    assert not Issue.objects.exists() and not Page.objects.exists()
    assert not Article.objects.exists() and not Person.objects.exists()
    assert list(Publication.objects.values_list("name", flat=True)) == ["吕梁日报"]


def test_an_empty_page_made_by_the_desk_is_filled_not_refused(front, paper):
    issue = IssueFactory(
        status=Status.DRAFT, publication=paper, date=datetime.date(2020, 9, 15), number=10076
    )
    PageFactory(issue=issue, number=1, name="")
    result = import_page(front.proposal, source=front.source)
    assert not result.issue_created and not result.replaced
    assert Page.objects.count() == 1 and result.page.articles.count() == 6


def test_wire_copy_keeps_its_agency_and_dateline(paper):
    IssueFactory(
        status=Status.DRAFT, publication=paper, date=datetime.date(2021, 3, 10), number=10201
    )
    proposed = propose_page(WIRE_PAGE.encode())
    result = import_page(proposed.proposal, source=proposed.source)
    [article] = result.articles
    assert (article.origin, article.agency, article.dateline_place, article.event_date) == (
        "wire",
        "新华社",
        "太原",
        datetime.date(2021, 3, 9),
    )
    assert article.dateline == "新华社太原3月9日电"
    assert result.page.name == "综合新闻" and result.page.number == 2


def test_an_inner_page_needs_its_issue_or_a_number(paper):
    proposed = propose_page(WIRE_PAGE.encode())
    with pytest.raises(ValidationError, match="请填写期号"):
        import_page(proposed.proposal, source=proposed.source)
    assert not Issue.objects.exists()


def test_wire_copy_without_an_agency_is_refused(paper):
    IssueFactory(
        status=Status.DRAFT, publication=paper, date=datetime.date(2021, 3, 10), number=10201
    )
    proposed = propose_page(WIRE_PAGE.encode())
    proposed.proposal.articles[0].agency = None
    with pytest.raises(ValidationError, match="必须注明通讯社"):
        import_page(proposed.proposal, source=proposed.source)
    assert not Article.objects.exists()


def test_figures_are_proposed_never_accepted(paper):
    load_indicators(), load_regions()
    IssueFactory(
        status=Status.DRAFT, publication=paper, date=datetime.date(2020, 9, 16), number=10077
    )
    proposed = propose_page(FIGURES_PAGE.encode())
    result = import_page(proposed.proposal, source=proposed.source)
    assert {o.indicator.code for o in result.observations} == {
        "industry_value_added",
        "retail_sales",
    }
    assert all(o.status == ObservationStatus.PROPOSED for o in result.observations)
    assert not Observation.objects.published().exists()


def test_seed_feature_page_items_are_saved_flagged(seed_texts, paper):
    IssueFactory(
        status=Status.DRAFT, publication=paper, date=datetime.date(2020, 9, 15), number=10076
    )
    proposed = propose_page(
        seed_texts[SEED_FEATURE].encode(), issue_date=datetime.date(2020, 9, 15), page_number=2
    )
    assert any("交错" in warning for warning in proposed.proposal.warnings)
    assert all(item.interleaved for item in proposed.proposal.articles)
    headless = [item for item in proposed.proposal.articles if not item.headline]
    with pytest.raises(ValidationError, match="没有标题"):
        import_page(proposed.proposal, source=proposed.source)
    for number, item in enumerate(headless):  # the editor gives each a headline
        item.headline = f"待定标题{number}"
    result = import_page(proposed.proposal, source=proposed.source)
    assert result.page.number == 2 and len(result.articles) == len(proposed.proposal.articles)


def test_a_pdf_page_keeps_its_pdf_image_and_regions(paper):
    page = typeset.front_page()
    data = typeset.pdf_bytes(page)
    proposed = propose_page(data, filename="第1版.pdf")
    result = import_page(proposed.proposal, source=proposed.source, pdf=proposed.pdf)
    stored = Page.objects.get()
    assert stored.pdf.read() == data
    assert stored.image and stored.source_kind == "pdf"
    assert all(box is not None for box in stored.source_boxes)
    headlines = [article.headline for article in result.articles]
    assert "城区新开十二处便民菜市场" in headlines
    regions = ArticleRegion.objects.filter(article__page=stored)
    assert regions.count() == len(result.articles)
    market = regions.get(article__headline="城区新开十二处便民菜市场")
    headline = page.find("城区新开十二处")
    # a point of the headline as drawn lies inside its item's region
    x, y = (headline.x + 20) / page.width, (headline.baseline - 3) / page.height
    assert market.x <= x <= market.x + market.width
    assert market.y <= y <= market.y + market.height


def test_imported_drafts_never_reach_readers(front, client):
    result = import_page(front.proposal, source=front.source)
    article = result.articles[0]
    assert client.get("/2020/9/15/").status_code == 404
    assert client.get("/2020/9/15/1/").status_code == 404
    assert client.get(f"/articles/{article.pk}/").status_code == 404
    assert "市委常委会召开会议" not in client.get("/search/?q=市委常委会").content.decode()
    api = client.get("/api/v1/articles/").json()
    assert api["results"] == []
    assert client.get(f"/api/v1/articles/{article.pk}/").status_code == 404
    assert "市委常委会" not in client.get("/feeds/latest/rss/").content.decode()
    assert f"/articles/{article.pk}/" not in client.get("/sitemap-articles.xml").content.decode()
    assert "/2020/9/15/1/" not in client.get("/sitemap-pages.xml").content.decode()
    assert json.loads(json.dumps(api))  # the API answered with JSON, not an error page
