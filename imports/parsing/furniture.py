"""Page furniture: the masthead of a front page, the running header of an inner page, the
footer with the department and the page's credits, jump lines (下转第2版) and advertisements.
None of it belongs to an item; what it says fills the issue and page parts of the proposal."""

import re
from dataclasses import dataclass, field

from .bylines import split_names
from .proposal import EDITOR, LAYOUT, PROOFREADER
from .text import FULL_DATE, HAN, NUM, chinese_number, compact

WEEKDAY = re.compile(r"星期\s*(?P<day>[一二三四五六日天])|周(?P<short>[一二三四五六日])(?![年期])")
LUNAR = re.compile(rf"农历\s*(?P<lunar>[{HAN}]{{2,12}})")
ISSUE_NUMBER = re.compile(r"第\s*(?P<number>\d{1,6})\s*期")
PAGE_COUNT = re.compile(rf"(?:今日|本期|今天|共)\s*(?P<count>{NUM})\s*版")
PAPER_PUBLISHER = re.compile(rf"(?P<paper>[{HAN}]{{2,10}}(?:日报|晚报|报))社\s*(?:出版|主办)")
PAPER_IN_HEADER = re.compile(rf"(?P<paper>[{HAN}]{{2,8}}(?:日报|晚报|都市报|商报))")
PAPER_ALONE = re.compile(rf"^(?P<paper>[{HAN}]{{2,8}}(?:日报|晚报|都市报|商报))$")
MASTHEAD_ONLY = re.compile(
    r"机关报|国内统一刊号|统一刊号|刊号|邮发代号|CN\s*\d{2}\s*-\s*\d{4}|一级报纸|"
    r"[a-z]{3}\.[a-z0-9-]+\.(?:cn|com)|新闻网|总编辑|社长|定价|零售价"
)
PAGE_NUMBER = re.compile(
    rf"(?<![转接])第\s*(?P<number>{NUM})\s*版\s*(?:[:：·•|｜\s]\s*)?(?P<name>[{HAN}]{{2,6}})?"
)
PAGE_NAMES = re.compile(
    r"(?:新闻|要闻|时事|专版|副刊|综合|视点|聚焦|周刊|经济|文化|民生|理论|体育|"
    r"国内|国际|社会|评论|公告|广告|县域|区县|旅游|健康|教育|法治|生活)$"
)
DEPARTMENT = re.compile(rf"(?P<department>[{HAN}]{{1,8}}部)\s*(?:主办|编辑|出品)")
EMAIL = re.compile(r"(?P<email>[\w.+-]+@[\w-]+(?:\.[\w-]+)+)")
EMAIL_LABEL = re.compile(r"(?:[\u4e00-\u9fff]{1,8}部)?(?:邮箱|信箱|E-?mail|电子邮件)", re.I)
CREDIT_LABELS = {
    "责任编辑": EDITOR,
    "责编": EDITOR,
    "编辑": EDITOR,
    "组版": LAYOUT,
    "版式": LAYOUT,
    "美编": LAYOUT,
    "排版": LAYOUT,
    "校对": PROOFREADER,
    "校审": PROOFREADER,
}
CREDIT = re.compile(
    r"(?:本版)?(?P<label>" + "|".join(CREDIT_LABELS) + r")\s*(?:设计)?\s*(?:[:：]|\s)\s*"
)
JUMP = re.compile(rf"[(（]?\s*(?P<kind>下转|上接|转|接)\s*第?\s*(?P<page>{NUM})\s*版\s*[)）]?")
AD_MARK = re.compile(r"^[【\[(（]?\s*(?:广告|广告专版|分类广告|公益广告)\s*[】\])）]?$")


@dataclass
class Masthead:
    """What the masthead and the running header print; `day_missing` when the date lacks its
    day (the OCR lost it) and must be solved from the weekday and the lunar date."""

    publication: str | None = None
    year: int | None = None
    month: int | None = None
    day: int | None = None
    weekday: int | None = None  # 0 = Monday
    lunar: str | None = None
    number: int | None = None
    page_count: int | None = None
    page_number: int | None = None
    page_name: str | None = None
    found: bool = False

    def read(self, line: str) -> bool:
        """Take what `line` says about the issue; True if it was furniture of this kind."""
        text = line.strip()
        if "《" in text:
            return False  # 《山西日报》2021年9月27日 is a reprint's source line
        matched = False
        if (paper := PAPER_PUBLISHER.search(text)) or (paper := PAPER_ALONE.match(text)):
            self.publication = self.publication or paper["paper"]
            matched = True
        if MASTHEAD_ONLY.search(text):
            matched = True
        if lunar := LUNAR.search(text):
            self.lunar = self.lunar or lunar["lunar"]
            matched = True
        if number := ISSUE_NUMBER.search(text):
            self.number = self.number or int(number["number"])
            matched = True
        if count := PAGE_COUNT.search(text):
            self.page_count = self.page_count or chinese_number(count["count"])
            matched = True
        if weekday := WEEKDAY.search(text):
            self.weekday = "一二三四五六日".index(
                (weekday["day"] or weekday["short"]).replace("天", "日")
            )
            matched = True
        if (date := FULL_DATE.search(text)) and self._date_is_alone(text, date):
            self.year = chinese_number(date["y"])
            self.month = chinese_number(date["m"])
            self.day = chinese_number(date["d"]) if date["d"] else None
            if paper := PAPER_IN_HEADER.search(text):
                self.publication = self.publication or paper["paper"]
            matched = True
        if page := PAGE_NUMBER.search(text):
            if "《" not in text:
                self.page_number = self.page_number or chinese_number(page["number"])
                name = page["name"]
                if name and name not in CREDIT_LABELS and not name.startswith(("责", "组", "校")):
                    self.page_name = self.page_name or name
                matched = True
        self.found = self.found or matched
        return matched

    @staticmethod
    def _date_is_alone(text: str, date: re.Match) -> bool:
        """A masthead date stands on its line with at most the weekday, paper or page beside it;
        a date inside a sentence is news."""
        rest = text[: date.start()] + " " + text[date.end() :]
        if credit := CREDIT.search(rest):
            rest = rest[: credit.start()]  # 责编:王刚 校对:李红 closing the header line
        rest = WEEKDAY.sub("", rest)
        rest = LUNAR.sub("", rest)
        rest = PAGE_NUMBER.sub("", rest)
        rest = PAPER_ALONE.sub("", rest.strip())
        rest = re.sub(rf"[{HAN}]{{2,8}}(?:日报|晚报|报)", "", rest)
        return len(re.sub(r"[\s|｜·•]", "", rest)) <= 2


def is_masthead_line(line: str) -> bool:
    """Lines only a masthead or running header prints, wherever OCR put them."""
    probe = Masthead()
    text = line.strip()
    return len(text) <= 80 and probe.read(text) and not re.search(r"[。！？!?]", text)


@dataclass
class Footer:
    """The department, its e-mail and the page's credits, from lines such as
    "新闻部邮箱:news@example.com 新闻部主办 本版组版: 王某 责编:张某 李某 校对:赵某"."""

    department: str | None = None
    email: str | None = None
    credits: dict[str, list[str]] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)

    def read(self, line: str) -> bool:
        text = line.strip()
        matched = False
        if department := DEPARTMENT.search(text):
            self.department = self.department or department["department"]
            matched = True
        if (email := EMAIL.search(text)) and (EMAIL_LABEL.search(text) or len(text) < 60):
            self.email = self.email or email["email"]
            matched = True
        labels = list(CREDIT.finditer(text))
        if labels and (matched or len(labels) >= 2 or labels[0].start() <= 2):
            for index, label in enumerate(labels):
                end = labels[index + 1].start() if index + 1 < len(labels) else len(text)
                segment = text[label.end() : end]
                segment = EMAIL.sub("", DEPARTMENT.sub("", segment))
                segment = re.sub(rf"[{HAN}]{{1,8}}部\s*(?:邮箱|信箱)\s*[:：]?", "", segment)
                names, problems = split_names(segment)
                bucket = self.credits.setdefault(CREDIT_LABELS[label["label"]], [])
                bucket.extend(name for name in names if name not in bucket)
                self.problems += problems
            matched = True
        return matched


def read_jump(line: str) -> tuple[str, int] | None:
    """("下转", 2) for a line that is only a jump to or from another page."""
    text = line.strip()
    match = JUMP.fullmatch(text)
    if not match:
        return None
    return match["kind"], chinese_number(match["page"])


def split_jump_tail(paragraph: str) -> tuple[str, tuple[str, int] | None]:
    """A paragraph ending in "(下转第2版)": the paragraph without it, and the jump."""
    match = re.search(JUMP.pattern + r"\s*$", paragraph)
    if not match or not (match.group(0).strip().startswith(("(", "（")) or match.start() == 0):
        return paragraph, None
    return paragraph[: match.start()].rstrip(), (match["kind"], chinese_number(match["page"]))


def is_ad_mark(line: str) -> bool:
    return bool(AD_MARK.match(compact(line)))


AD_TEXT = re.compile(
    r"电话|热线|地址|微信|优惠|折起|大促|特价|招商|加盟|订购|咨询|\d{7,}|1[3-9]\d{9}"
)


def is_ad_text(line: str) -> bool:
    """Advertising copy: a phone number, an offer, or words spaced out for display."""
    return bool(AD_TEXT.search(line)) or line.strip().count(" ") >= 2
