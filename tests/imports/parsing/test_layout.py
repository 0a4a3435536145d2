"""Lines with boxes (as a PDF, an OCR engine or ALTO gives them): reading order across columns,
headline roles from line heights, and each item's region on the page. The page is laid out here,
so the tests need no reader."""

import datetime
import random
from dataclasses import dataclass, field

import pytest

from imports.lines import Box, Line, PageSource
from imports.parsing import parse_page
from imports.parsing.layout import reading_order, union

WIDTH, HEIGHT = 1000, 1400
BODY = 20  # body text line height in pixels; a character is as wide as the line is tall
CHARS = 14  # characters in a column line
COLUMNS = (100, 420)  # left edges of the two columns (280 px wide, 40 px gutter)


@dataclass
class Laid:
    """A page under construction: its lines, and which lines belong to which item."""

    lines: list[Line] = field(default_factory=list)
    items: list[list[Line]] = field(default_factory=list)

    def put(self, text: str, x: float, y: float, height: float) -> Line:
        line = Line(text, Box(x / WIDTH, y / HEIGHT, len(text) * height / WIDTH, height / HEIGHT))
        self.lines.append(line)
        if self.items:
            self.items[-1].append(line)
        return line


def _column_lines(paragraphs: list[str]) -> list[tuple[str, bool]]:
    """(text, indented) lines of a column: each paragraph starts two characters in."""
    lines = []
    for paragraph in paragraphs:
        first = CHARS - 2
        lines.append((paragraph[:first], True))
        lines += [(paragraph[i : i + CHARS], False) for i in range(first, len(paragraph), CHARS)]
    return lines


def lay_item(page: Laid, y: float, heads: list[tuple[str, float]], paragraphs: list[str]):
    """Headline lines across both columns, then the text down the left column and on in the
    right one, rows of the two columns on the same baselines. Returns the y below the item."""
    page.items.append([])
    for text, height in heads:
        page.put(text, COLUMNS[0], y, height)
        y += height * 1.3
    y += 10
    rows = _column_lines(paragraphs)
    half = (len(rows) + 1) // 2
    for column, chunk in enumerate((rows[:half], rows[half:])):
        for row, (text, indented) in enumerate(chunk):
            x = COLUMNS[column] + (2 * BODY if indented else 0)
            page.put(text, x, y + row * 1.5 * BODY, BODY)
    return y + half * 1.5 * BODY + 40


MEETING = [
    "本报讯(记者 王晓燕)3月8日,全市重点工作推进会召开,会议安排部署了今年的重点任务。",
    "会议要求,各级各部门要把项目建设作为稳增长的主抓手,坚持月调度、季观摩。",
    "会议强调,要以钉钉子精神抓好各项任务落实,确保一季度实现良好开局。",
]
SPRING = [
    "本报讯(通讯员 梁文博)3月7日,交城县的农民在田间整理地膜、检修农机。",
    "连日来,当地组织农技人员下田指导,为春耕生产做好准备。今年全县计划播种粮食30万亩。",
]


@pytest.fixture
def laid():
    page = Laid()
    y = lay_item(
        page,
        60,
        [
            ("坚持项目为王推动转型发展", 28),
            ("重点工作推进会召开", 56),
            ("安排部署今年重点任务", 28),
        ],
        MEETING,
    )
    y = lay_item(page, y, [("春耕备耕忙", 48), ("各地抢抓农时做好生产准备", 28)], SPRING)
    page.items.append([])  # the footer belongs to no item
    page.put("要闻部主办 本版组版:郭鹏 责编:张晓敏 校对:王磊", 100, 1340, 18)
    return page


def parse(page: Laid, seed: int = 1):
    lines = list(page.lines)
    random.Random(seed).shuffle(lines)  # the order a text layer or OCR gives is no guide
    source = PageSource(kind="pdf", lines=lines, text="", image_size=(WIDTH, HEIGHT))
    return parse_page(source, issue_date=datetime.date(2021, 3, 9), page_number=1)


def test_columns_are_read_one_after_another(laid):
    """Rows of the two columns share their baselines; the text is still read down the left
    column first, and each paragraph comes back whole."""
    meeting, spring = parse(laid).articles
    assert meeting.paragraphs == [MEETING[0].split(")", 1)[1]] + MEETING[1:]
    assert spring.paragraphs == [SPRING[0].split(")", 1)[1], SPRING[1]]
    assert not meeting.interleaved and not spring.interleaved


def test_headline_roles_come_from_line_heights(laid):
    """The tallest line is the headline: above it the kicker, below it the subheadline, even
    where the text alone would read two lines as kicker and headline."""
    meeting, spring = parse(laid).articles
    assert (meeting.kicker, meeting.headline, meeting.subheadline) == (
        "坚持项目为王推动转型发展",
        "重点工作推进会召开",
        "安排部署今年重点任务",
    )
    assert (spring.kicker, spring.headline, spring.subheadline) == (
        "",
        "春耕备耕忙",
        "各地抢抓农时做好生产准备",
    )


def test_region_is_the_union_of_the_items_lines(laid):
    proposal = parse(laid)
    for article, lines in zip(proposal.articles, laid.items, strict=False):
        boxes = [line.box for line in lines]
        left = min(b.x for b in boxes)
        top = min(b.y for b in boxes)
        right = max(b.x + b.width for b in boxes)
        bottom = max(b.y + b.height for b in boxes)
        assert article.region.as_list() == pytest.approx(
            [left, top, right - left, bottom - top], abs=1e-3
        )
    first, second = (article.region for article in proposal.articles)
    assert first.y + first.height <= second.y  # stacked, not overlapping
    assert proposal.as_json()["articles"][0]["region"] == pytest.approx(first.as_list())


def test_credits_and_department_from_the_footer(laid):
    page = parse(laid).page
    assert page.department == "要闻部"
    assert page.credits == {"组版": ["郭鹏"], "责编": ["张晓敏"], "校对": ["王磊"]}


@pytest.mark.parametrize("seed", range(5))
def test_the_result_does_not_depend_on_the_source_order(laid, seed):
    assert parse(laid, seed).as_json() == parse(laid, 99).as_json()


def test_reading_order_puts_a_spanning_headline_before_its_columns():
    lines = [
        Line("左栏第二行", Box(0.1, 0.2, 0.3, 0.02)),
        Line("右栏第一行", Box(0.5, 0.17, 0.3, 0.02)),
        Line("通栏标题", Box(0.1, 0.1, 0.7, 0.04)),
        Line("左栏第一行", Box(0.1, 0.17, 0.3, 0.02)),
        Line("右栏第二行", Box(0.5, 0.2, 0.3, 0.02)),
    ]
    ordered = [placed.line.text for placed in reading_order(lines, (1000, 1400))]
    assert ordered == ["通栏标题", "左栏第一行", "左栏第二行", "右栏第一行", "右栏第二行"]


def test_union_of_boxes():
    assert union([Box(0.1, 0.2, 0.1, 0.1), Box(0.3, 0.1, 0.1, 0.05)]) == Box(0.1, 0.1, 0.3, 0.2)
    assert union([]) is None


def test_pieces_of_one_printed_line_are_one_line():
    """OCR cuts a line where it has a wide space; the footer is still read as one line."""
    page = Laid()
    y = lay_item(page, 60, [("春耕备耕忙", 48)], SPRING)
    page.items.append([])
    for text, x in (("要闻部主办", 100), ("本版组版:郭鹏", 260), ("责编:张晓敏", 440)):
        page.put(text, x, y + 40, 18)
    proposal = parse(page)
    assert proposal.page.department == "要闻部"
    assert proposal.page.credits == {"组版": ["郭鹏"], "责编": ["张晓敏"], "校对": []}
    assert [a.headline for a in proposal.articles] == ["春耕备耕忙"]


def test_lines_without_a_box_are_kept_with_a_warning(laid):
    lines = [*laid.lines, Line("这一行没有位置信息。")]
    source = PageSource(kind="pdf", lines=lines, text="", image_size=(WIDTH, HEIGHT))
    proposal = parse_page(source, issue_date=datetime.date(2021, 3, 9))
    assert "这一行没有位置信息。" in proposal.articles[-1].body
    assert any("没有位置信息" in warning for warning in proposal.warnings)
