"""parse_page() on the real seed pages and on the page corpus: what an editor gets proposed."""

import datetime

import pytest

from imports.parsing import parse_page
from tests.imports.structure import (
    load_pages,
    propose,
    score_page,
    seed_email,
    seed_line,
    text_source,
)

SEED_FRONT = "000_59828c7503c07820.txt"
SEED_FEATURE = "002_072cb43c782e16e1.txt"


@pytest.fixture
def front(seed_texts):
    return parse_page(text_source(seed_texts[SEED_FRONT]))


def test_seed_front_page_masthead(front):
    """The masthead prints the date without its day: the weekday and the lunar date fix it."""
    assert front.issue.as_json() == {
        "publication": "吕梁日报",
        "date": "2020-09-15",
        "number": 10076,
        "page_count": 4,
        "lunar": "庚子年七月廿八",
    }
    assert any("推定为 2020-09-15" in warning for warning in front.warnings)


def test_seed_front_page_department_and_credits(front, seed_texts):
    assert front.page.as_json() == {
        "number": 1,
        "name": None,
        "department": "要闻部",
        "email": seed_email(seed_texts[SEED_FRONT]),
        "credits": {"组版": ["李刚"], "责编": ["马龙", "臧媛慧"], "校对": ["白颖凯"]},
    }


def test_seed_front_page_items(front, seed_texts):
    """Every item with its headlines, byline, origin and genre, in printed order."""
    seed = seed_texts[SEED_FRONT]
    got = [
        (
            a.kicker,
            a.headline,
            a.subheadline,
            a.genre,
            a.origin,
            {role: names for role, names in a.credits.items() if names},
        )
        for a in front.articles
    ]
    assert got == [
        ("", "市委常委会召开会议", "李正印主持", "news", "own", {"记者": ["李雅萍"]}),
        ("", "市政府召开第9次常务会议", "", "news", "own", {"记者": ["付永文"]}),
        ("", "肉牛养殖", "", "photo", "own", {"摄影": ["肖继旺", "薛晋军"]}),
        (
            seed_line(seed, "山西吕梁培训"),
            "昔日贫困户,玩转高科技",
            "",
            "feature",
            "reprint",
            {"记者": ["胡健", "乔栋"]},
        ),
        (
            "乐享消费 美好生活",
            seed_line(seed, "2020年全国消费促进月"),
            "",
            "news",
            "own",
            {},
        ),
        ("", seed_line(seed, '全市"消费扶贫'), "", "appeal", "own", {}),
    ]


def test_seed_front_page_datelines_source_and_signature(front):
    meeting, government, photo, reprint, _consumption, appeal = front.articles
    assert (meeting.dateline.label, meeting.dateline.date) == ("本报讯", datetime.date(2020, 9, 14))
    assert meeting.body.startswith("9月14日") and "本报讯" not in meeting.body
    assert government.dateline.date == datetime.date(2020, 9, 14)
    assert photo.dateline.date == datetime.date(2020, 9, 13)
    assert reprint.source.as_json() == {"publication": "人民日报", "date": "2020-09-14", "page": 10}
    assert (appeal.signatory, appeal.signed_on) == ("吕梁市消费扶贫月活动组委会", "2020-09")


def test_seed_front_page_paragraphs_rejoined(front):
    """A line break inside a sentence is not a paragraph: the first report has one paragraph per
    topic of the meeting, and no paragraph starts in the middle of a word."""
    meeting = front.articles[0]
    assert len(meeting.paragraphs) == 9
    assert all(" " not in paragraph for paragraph in meeting.paragraphs)
    assert meeting.paragraphs[-1] == "会议还研究了其他事项。"


def test_seed_front_page_warns_where_ocr_lost_or_moved_text(front):
    """The second report's headline stands far from its lead; the consumption item lost its
    lead: both are said, neither is guessed away."""
    government, consumption = front.articles[1], front.articles[4]
    assert any("配对" in warning for warning in government.warnings)
    assert any("缺字" in warning for warning in consumption.warnings)
    assert not any(a.interleaved for a in front.articles)


def test_seed_feature_page_interleaving_is_flagged(seed_texts):
    """The feature page's columns are interleaved line by line: the page says so, each item is
    marked, and its headlines are not merged into one article."""
    proposal = parse_page(
        text_source(seed_texts[SEED_FEATURE]), issue_date=datetime.date(2020, 9, 15)
    )
    assert any("多栏交错" in warning for warning in proposal.warnings)
    assert len(proposal.articles) > 3
    assert all(article.interleaved for article in proposal.articles)
    headlines = [article.headline for article in proposal.articles]
    assert "红土地书写脱贫致富新答卷" in headlines and "大数据驱动高质量发展" in headlines


def test_front_page_alone_is_not_flagged_as_interleaved(seed_texts):
    proposal = parse_page(text_source(seed_texts[SEED_FRONT]))
    assert not any("多栏交错" in warning for warning in proposal.warnings)


# --- the corpus -------------------------------------------------------------------------------

DEV = load_pages(held_out=False)
HELD_OUT = load_pages(held_out=True)


@pytest.mark.parametrize(("name", "text", "expected"), DEV + HELD_OUT, ids=lambda v: v)
def test_corpus_page_structure(name, text, expected):
    """Each page of our own comes out ≥ 90 % right, field by field, with no invented item."""
    score = score_page(expected, propose(text, expected))
    print(f"{name}: {score.accuracy:.3f} ({score.right}/{len(score.fields)})")
    assert score.invented == [], score.invented
    assert score.accuracy >= 0.9, "\n".join(score.mistakes())


def test_corpus_scores_overall():
    """Dev and held-out sets as a whole (the figures in benchmarks/README.md)."""
    for label, pages in (("dev", DEV), ("held-out", HELD_OUT)):
        right = total = 0
        for _name, text, expected in pages:
            score = score_page(expected, propose(text, expected))
            right, total = right + score.right, total + len(score.fields)
        print(f"{label}: {right}/{total} = {right / total:.3f}")
        assert right / total >= 0.9
    assert len(DEV) >= 10 and len(HELD_OUT) >= 4


# --- what the caller says, what the page says -------------------------------------------------

PAGE = """吕梁日报 2021年3月10日 星期三
第2版 综合新闻
我市开通三条城乡公交线路
本报讯(记者 赵敏)3月9日,我市新开通三条城乡公交线路,沿线12个村的群众出行更加方便。
"""


def test_date_and_page_given_by_the_caller_win_with_a_warning():
    proposal = parse_page(text_source(PAGE), issue_date=datetime.date(2021, 3, 11), page_number=3)
    assert proposal.issue.date == datetime.date(2021, 3, 11)
    assert proposal.page.number == 3
    assert any("2021-03-10" in w and "2021-03-11" in w for w in proposal.warnings)
    assert any("第2版" in w and "第3版" in w for w in proposal.warnings)


def test_lunar_date_that_does_not_match_is_a_warning():
    masthead = "吕梁日报\n2020年9月15日\n星期二\n农历庚子年七月廿九\n第10076期 今日4版\n"
    page = masthead + PAGE.split("\n", 2)[2]
    proposal = parse_page(text_source(page))
    assert proposal.issue.lunar == "庚子年七月廿九"
    assert any("庚子年七月廿八" in w and "不一致" in w for w in proposal.warnings)


def test_lunar_date_written_out_matches():
    """七月二十八 and 七月廿八 are the same day."""
    masthead = "2020年9月15日 星期二\n农历庚子年七月二十八\n第10076期 今日4版\n"
    page = masthead + PAGE.split("\n", 2)[2]
    proposal = parse_page(text_source(page))
    assert not any("不一致" in w for w in proposal.warnings)


def test_figures_extracted_with_the_issue_date():
    page = PAGE + "去年,全市地区生产总值完成1650.3亿元,同比增长3.5%。\n"
    [article] = parse_page(text_source(page)).articles
    [figure] = [f for f in article.figures if f.indicator == "gdp"]
    assert str(figure.value) == "1650.3" and figure.period.start.year == 2020
    assert article.as_json()["figures"][0]["indicator"] == "gdp"


def test_without_a_date_no_figures_and_a_warning():
    page = PAGE.split("\n", 2)[2] + "去年,全市地区生产总值完成1650.3亿元,同比增长3.5%。\n"
    proposal = parse_page(text_source(page))
    assert proposal.issue.date is None and proposal.articles[0].figures == []
    assert any("未提取统计数据" in w for w in proposal.warnings)


# --- never inventing --------------------------------------------------------------------------


def test_running_text_without_headlines_is_one_item_with_a_warning():
    """Paragraphs with no headline, lead or byline are not cut into guessed items."""
    text = "\n".join(
        [
            "今年以来,我市持续推进老旧小区改造,已有四十余个小区完成了管网更新和外墙保温。",
            "不少居民说,小区环境明显变好了,晚上散步的人也多了起来。",
            "下一步,有关部门还将加快推进加装电梯和停车位建设。",
        ]
    )
    [article] = parse_page(text_source(text), issue_date=datetime.date(2021, 3, 9)).articles
    assert article.headline == "" and len(article.paragraphs) == 3
    assert any("没有找到标题" in w for w in article.warnings)


def test_an_empty_page_proposes_nothing():
    proposal = parse_page(text_source("\n\n"))
    assert proposal.articles == []
    assert any("没有识别出任何稿件" in w for w in proposal.warnings)


def test_json_document_has_the_keys_of_import_page(front):
    document = front.as_json()
    assert set(document) == {"issue", "page", "articles", "warnings"}
    article = document["articles"][3]
    assert {
        "kicker",
        "headline",
        "subheadline",
        "genre",
        "origin",
        "agency",
        "source",
        "dateline",
        "credits",
        "signatory",
        "signed_on",
        "body",
        "region",
        "figures",
    } <= set(article)
    assert article["genre"] == "通讯" and article["origin"] == "reprint"
    assert set(article["dateline"]) >= {"place", "date"}
    assert article["region"] is None  # a text source has no boxes


def test_open_letter_signed_by_two_organisations():
    page = "\n".join(
        [
            "节约粮食倡议书",
            "广大市民朋友:",
            "粮食来之不易。我们倡议:按需点餐,光盘行动,从我做起。",
            "吕梁市文明办",
            "吕梁市商务局",
            "2020年10月16日",
        ]
    )
    [letter] = parse_page(text_source(page)).articles
    assert (letter.genre, letter.signatory, letter.signed_on) == (
        "appeal",
        "吕梁市文明办 吕梁市商务局",
        "2020-10-16",
    )
    assert letter.paragraphs == [
        "广大市民朋友:",
        "粮食来之不易。我们倡议:按需点餐,光盘行动,从我做起。",
    ]


def test_headline_read_after_everything_else_finds_its_item():
    """OCR read a headline block last: it goes to the item whose lead it restates."""
    page = "\n".join(
        [
            "我市开通三条城乡公交线路",
            "本报讯(记者 赵敏)3月9日,我市新开通三条城乡公交线路,沿线12个村的群众出行更加方便。",
            "本报讯(记者 韩冰)3月8日,市政府召开第三次常务会议,研究部署春季农业生产等工作。",
            "市政府召开第三次常务会议",
        ]
    )
    proposal = parse_page(text_source(page), issue_date=datetime.date(2021, 3, 10))
    assert [a.headline for a in proposal.articles] == [
        "我市开通三条城乡公交线路",
        "市政府召开第三次常务会议",
    ]
    assert any("配对" in w for w in proposal.articles[1].warnings)
    assert not any("没有找到所属稿件" in w for w in proposal.warnings)


def test_byline_line_above_a_lead_is_the_same_item():
    page = "\n".join(
        [
            "我市开通三条城乡公交线路",
            "本报记者 赵敏",
            "本报讯 3月9日,我市新开通三条城乡公交线路,沿线12个村的群众出行更加方便。",
        ]
    )
    [article] = parse_page(text_source(page), issue_date=datetime.date(2021, 3, 10)).articles
    assert article.headline == "我市开通三条城乡公交线路"
    assert article.credits["记者"] == ["赵敏"] and article.body.startswith("3月9日")
