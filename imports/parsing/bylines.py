"""Who wrote an item and where it comes from: leads (电头), bylines, photo credits, the source
line of a reprint, and the signature under a notice. Each reader takes one cleaned line (or a
paragraph's start) and returns what it found, or None."""

import datetime
import re
from dataclasses import dataclass, field

import rjieba

from .proposal import AUTHOR, CORRESPONDENT, PHOTOGRAPHER, REPORTER
from .text import FULL_DATE, HAN, MONTH_DAY, chinese_number, compact, make_date, strip_bullet

AGENCIES = (
    "中国新闻社",
    "中央广播电视总台",
    "中国新闻网",
    "中国日报网",
    "新华社",
    "中新社",
    "中新网",
    "人民网",
    "新华网",
    "央视网",
    "央广网",
    "光明网",
    "央视新闻",
    "国际在线",
)
_AGENCY = "|".join(AGENCIES)

# Role words as bylines print them, longest first, with the JSON role each one means.
ROLE_WORDS = {
    "摄影记者": PHOTOGRAPHER,
    "本报记者": REPORTER,
    "特约记者": REPORTER,
    "见习记者": REPORTER,
    "实习记者": REPORTER,
    "首席记者": REPORTER,
    "评论员": AUTHOR,
    "通讯员": CORRESPONDENT,
    "实习生": CORRESPONDENT,
    "记者": REPORTER,
    "摄影": PHOTOGRAPHER,
    "作者": AUTHOR,
    "撰稿": AUTHOR,
}
_ROLE = "|".join(ROLE_WORDS)
NAME_CHARS = f"[{HAN}·]"
# Words that follow a role word in a kicker (本报评论员文章, 记者手记) and are no one's name.
NOT_NAMES = {"文章", "报道", "评论", "综述", "述评", "来信", "短评", "专访", "手记", "观察", "调查"}
_SEPARATORS = re.compile(r"[\s、,，/;；|]+")


@dataclass
class Credits:
    """Names by role, in printed order; `affiliation` is a paper named before the role
    (人民日报记者); `problems` are tokens that could not be read as names."""

    names: dict[str, list[str]] = field(default_factory=dict)
    affiliation: str | None = None
    problems: list[str] = field(default_factory=list)

    def add(self, role: str, names: list[str]):
        bucket = self.names.setdefault(role, [])
        bucket.extend(name for name in names if name not in bucket)

    def merge(self, other: "Credits"):
        for role, names in other.names.items():
            self.add(role, names)
        self.affiliation = self.affiliation or other.affiliation
        self.problems += other.problems

    def __bool__(self):
        return any(self.names.values())


def _rejoin_wrapped(tokens: list[str]) -> list[str]:
    """A name the line broke (刘 建军, 李雅 萍): a lone character beside a two-character token
    is one name with it. Runs of lone characters (胡 健 乔 栋) are left to pairing."""
    result: list[str] = []
    index = 0
    while index < len(tokens):
        token = tokens[index]
        alone = len(token) == 1 and not (
            (index > 0 and len(tokens[index - 1]) == 1)
            or (index + 1 < len(tokens) and len(tokens[index + 1]) == 1)
        )
        if alone and index + 1 < len(tokens) and len(tokens[index + 1]) == 2:
            result.append(token + tokens[index + 1])
            index += 2
            continue
        if alone and result and len(result[-1]) == 2:
            result[-1] += token
        else:
            result.append(token)
        index += 1
    return result


def split_names(text: str) -> tuple[list[str], list[str]]:
    """(names, tokens that are not names) from "马龙 臧媛慧", "胡 健 乔 栋", "胡浩、王思北".

    OCR spreads a two-character name over two tokens when the layout spaced its characters
    (胡 健): runs of single characters are paired. A run of five or more characters without a
    separator is split where the segmenter sees person names, else reported."""
    tokens = _rejoin_wrapped([token for token in _SEPARATORS.split(text.strip()) if token])
    names: list[str] = []
    problems: list[str] = []
    singles: list[str] = []

    def flush():
        if not singles:
            return
        if len(singles) % 2 == 0:
            names.extend(a + b for a, b in zip(singles[::2], singles[1::2], strict=True))
        elif len(singles) == 3:
            names.append("".join(singles))
        else:
            problems.append(" ".join(singles))
        singles.clear()

    for token in tokens:
        if not re.fullmatch(f"{NAME_CHARS}+", token) or token in NOT_NAMES:
            flush()
            problems.append(token)
        elif len(token) == 1:
            singles.append(token)
        elif len(token) <= 3 or "·" in token:
            flush()
            names.append(token)
        else:
            flush()
            people = [word for word, tag in rjieba.tag(token) if tag.startswith("nr")]
            if (
                "".join(people) == token
                and len(people) > 1
                and all(2 <= len(p) <= 3 for p in people)
            ):
                names.extend(people)  # 王丽李强: two names OCR ran together
            elif len(token) == 4:
                names.append(token)  # 欧阳春华
            else:
                problems.append(token)
    flush()
    return names, problems


def parse_credits(text: str, *, default_role: str | None = None) -> Credits:
    """Credits from a byline's text: "记者 李雅萍 通讯员 王一 张二", "人民日报记者 胡 健 乔 栋",
    "记者付永文", "新华社记者胡浩、王思北". Names before any role word get `default_role`."""
    credits = Credits()
    text = text.strip().strip("()（）[]【】")
    parts = re.split(f"({_ROLE})", text)
    role = default_role
    for index, part in enumerate(parts):
        if part in ROLE_WORDS:
            role = ROLE_WORDS[part]
            continue
        part = part.strip(" :：")
        if not part:
            continue
        next_is_role = index + 1 < len(parts) and parts[index + 1] in ROLE_WORDS
        if next_is_role and re.fullmatch(f"[{HAN}]{{2,10}}", part) and not credits:
            # 人民日报记者, 新华社记者: the paper before the role word
            if part.endswith(("报", "社", "网", "台")) or part in AGENCIES:
                credits.affiliation = part
                continue
        if role is None:
            credits.problems.append(part)
            continue
        names, problems = split_names(part)
        credits.add(role, names)
        credits.problems += problems
    return credits


# --- leads ------------------------------------------------------------------------------------


@dataclass
class Lead:
    """What opens an item's first paragraph: 本报讯(记者 李雅萍)9月14日, … or
    新华社北京9月14日电(记者 胡浩) …; `rest` is the paragraph after the label and the credits."""

    label: str
    origin_hint: str  # "own" or "wire"
    agency: str | None
    place: str | None
    month_day: tuple[int, int] | None
    credits: Credits
    rest: str


_OWN_LEAD = re.compile(
    rf"^(?P<label>本报(?P<place>[{HAN}]{{0,8}}?)\s*(?P<date>\d{{1,2}}\s*月\s*\d{{1,2}}\s*日)?\s*"
    r"(?:讯|电))"
)
_WIRE_LEAD = re.compile(
    rf"^(?P<label>(?P<according>据)?\s*(?P<agency>{_AGENCY})"
    rf"(?P<place>[{HAN}]{{0,8}}?)\s*(?P<date>\d{{1,2}}\s*月\s*\d{{1,2}}\s*日)?\s*"
    r"(?:电|讯|消息|报道))"
)
_BRACKETED = re.compile(
    r"^\s*[(（【\[〔]\s*(?P<credits>[^()（）【】\[\]〔〕]{1,60}?)\s*[)）】\]〕]"
)
_UNBRACKETED = re.compile(
    rf"^\s*(?P<credits>(?:{_ROLE})\s*[{HAN}·\s、]{{2,40}}?)\s*(?:报\s*道)?\s*[:：]"
)
_LEADING_DATE = re.compile(r"^\s*(?P<m>\d{1,2})\s*月\s*(?P<d>\d{1,2})\s*日")


def _month_day(text: str | None) -> tuple[int, int] | None:
    match = MONTH_DAY.search(text or "")
    return (int(match["m"]), int(match["d"])) if match else None


def read_lead(paragraph: str) -> Lead | None:
    """The lead at the start of a paragraph, or None if it does not open with one."""
    text, _bullet = strip_bullet(paragraph)
    match = _OWN_LEAD.match(text)
    origin, agency = "own", None
    if match and ("记者" in match["place"] or "评论" in match["place"]):
        match = None
    if not match:
        match = _WIRE_LEAD.match(text)
        origin = "wire"
        if match:
            agency = match["agency"]
    if not match:
        return None
    rest = text[match.end() :]
    credits = Credits()
    bracket = _BRACKETED.match(rest) or _UNBRACKETED.match(rest)
    if bracket and re.search(_ROLE, bracket["credits"]):
        credits = parse_credits(bracket["credits"])
        rest = rest[bracket.end() :]
    place = compact(match["place"] or "") or None
    month_day = _month_day(match["date"])
    rest = rest.lstrip(" ,，:：")
    if month_day is None:
        leading = _LEADING_DATE.match(rest)
        if leading:
            month_day = (int(leading["m"]), int(leading["d"]))
    return Lead(
        label=compact(match["label"]),
        origin_hint=origin,
        agency=agency,
        place=place,
        month_day=month_day,
        credits=credits,
        rest=rest,
    )


def leading_month_day(paragraph: str) -> tuple[int, int] | None:
    """9月13日 at the very start of a caption or paragraph."""
    match = _LEADING_DATE.match(paragraph)
    return (int(match["m"]), int(match["d"])) if match else None


# --- standalone lines -------------------------------------------------------------------------


_PHOTO = re.compile(
    r"^[(（]?\s*(?P<who>[^()（）]{2,40}?)\s*(?:摄影?|供图|/摄)\s*[)）]?$"
    r"|^[(（]?\s*(?:摄影|图片?)\s*[:：/／]\s*(?P<who2>[^()（）]{2,40})[)）]?$"
)
_PHOTO_TAIL = re.compile(r"[(（]\s*(?P<who>[^()（）]{2,40}?)\s*摄影?\s*[)）]\s*$")


def _photo_credits(who: str) -> Credits | None:
    who, _bullet = strip_bullet(who)
    credits = parse_credits(who, default_role=PHOTOGRAPHER)
    if credits.problems or not credits:
        return None
    # a photo credit credits the photographers, whatever the byline role (本报记者 张三 摄)
    photographers = Credits(affiliation=credits.affiliation)
    for names in credits.names.values():
        photographers.add(PHOTOGRAPHER, names)
    return photographers


_AGENCY_PHOTO = re.compile(rf"^[(（]?\s*(?P<agency>{_AGENCY})\s*发\s*[)）]?$")


def read_photo_credit(line: str) -> Credits | None:
    """A line that credits a photo: "肖继旺 薛晋军 摄", "(本报记者 张三 摄)", "摄影:李四",
    "新华社记者 王五 摄", "新华社发" (a photo the agency distributed, no name)."""
    if len(line) > 48:
        return None
    if agency := _AGENCY_PHOTO.match(line.strip()):
        credits = Credits(affiliation=agency["agency"])
        credits.names[PHOTOGRAPHER] = []
        return credits
    match = _PHOTO.match(line.strip())
    if not match:
        return None
    return _photo_credits(match["who"] or match["who2"])


def split_photo_tail(paragraph: str) -> tuple[str, Credits | None]:
    """A caption ending in "(张三 摄)": the caption without it, and the credit."""
    match = _PHOTO_TAIL.search(paragraph)
    if not match:
        return paragraph, None
    credits = _photo_credits(match["who"])
    if credits is None:
        return paragraph, None
    return paragraph[: match.start()].rstrip(), credits


_BYLINE_START = re.compile(
    rf"^(?:文\s*[/／]\s*|文图\s*[/／]?\s*|撰文\s*[:：/]?\s*)?(?:[{HAN}]{{2,8}}?)?(?:{_ROLE})"
)
_SLASH_AUTHOR = re.compile(r"^(?:文|作者|撰文)\s*[/／:：]\s*")
_TEXT_AND_PHOTO = re.compile(r"^(?:文\s*[/／]\s*图|图\s*[/／]\s*文|文图)\s*[:：/／]?\s*")


def read_byline(line: str) -> Credits | None:
    """A standalone byline line: "□ 人民日报记者 胡 健 乔 栋", "本报记者 张三 通讯员 李四",
    "文/王五", "◎ 本报评论员", "□ 李四" (a bullet and a name alone)."""
    text, bullet = strip_bullet(line)
    if re.fullmatch(r"[(（【\[].*[)）】\]]", text):
        text = text[1:-1].strip()  # (记者 张三) under an item
    if not text or len(text) > 40 or re.search(r"[。！？!?，,；;]", text):
        return None
    if re.search(r"摄影?\s*$", text):
        return None
    if _TEXT_AND_PHOTO.match(text):
        # 文/图: the writer took the pictures too
        credits = parse_credits(_TEXT_AND_PHOTO.sub("", text), default_role=AUTHOR)
        for names in list(credits.names.values()):
            credits.add(PHOTOGRAPHER, names)
    elif _SLASH_AUTHOR.match(text):
        credits = parse_credits(_SLASH_AUTHOR.sub("", text), default_role=AUTHOR)
    elif _BYLINE_START.match(text):
        credits = parse_credits(text)
        if credits.names == {} and "评论员" in text and not credits.problems:
            credits.names[AUTHOR] = []
            return credits
    elif bullet:
        credits = parse_credits(text, default_role=AUTHOR)
    else:
        return None
    if credits.problems or not credits:
        return None
    return credits


_SOURCE_TRIGGER = re.compile(r"(?:来源|转载自|转自|摘自|原载|选自|本文来源|稿件来源)\s*[:：]?")
_PUBLICATION = re.compile(r"《(?P<pub>[^《》]{2,16})》")
_BARE_PUBLICATION = re.compile(rf"(?P<pub>[{HAN}]{{2,12}}(?:日报|晚报|报|网|杂志|客户端))")
_PAGE = re.compile(r"第?\s*(?P<page>\d{1,3}|[一二三四五六七八九十]{1,3})\s*版")


@dataclass
class SourceLine:
    publication: str
    date: datetime.date | None
    page: int | None


def read_source(line: str) -> SourceLine | None:
    """A reprint's source line: 《人民日报》(2020年9月14日第10版), "(来源:山西日报)",
    "——摘自《人民日报》2020年9月14日", "原载2020年9月14日《山西日报》第3版"."""
    text = line.strip().strip("—-－ ")
    if len(text) > 48 or re.search(r"[。！？!?]", text.rstrip("）)")):
        return None
    trigger = _SOURCE_TRIGGER.search(text)
    publication = _PUBLICATION.search(text)
    if publication:
        name = publication["pub"]
        outside = _PUBLICATION.sub("", text)
    elif trigger:
        bare = _BARE_PUBLICATION.search(text[trigger.end() :])
        if not bare:
            return None
        name = bare["pub"]
        outside = text.replace(name, "")
    else:
        return None
    date_match = FULL_DATE.search(outside)
    page_match = _PAGE.search(FULL_DATE.sub("", outside))
    # what is left must be the date, the page and brackets: anything else is a sentence
    leftover = FULL_DATE.sub("", outside)
    leftover = _PAGE.sub("", leftover)
    leftover = _SOURCE_TRIGGER.sub("", leftover)
    if re.search(f"[{HAN}]", leftover):
        return None
    if not trigger and not date_match:
        return None
    day = None
    if date_match:
        day = make_date(
            chinese_number(date_match["y"]),
            chinese_number(date_match["m"]),
            chinese_number(date_match["d"] or ""),
        )
    page = chinese_number(page_match["page"]) if page_match else None
    return SourceLine(publication=name, date=day, page=page)


_ORGANISATION = re.compile(
    rf"^[{HAN}（）()·]{{3,40}}?(?:委员会|组委会|办公室|领导小组|指挥部|人民政府|政府|管理局|局|委|厅|"
    r"中心|协会|学会|联合会|总会|分会|公司|集团|医院|学校|大学|学院|部|处|社|站|所|院|办|队|馆|"
    r"工会|妇联|团委|团市委|共青团\S*|街道办事处|办事处|镇|乡|村委会|居委会|党委|党支部|支部|小组|"
    r"商会|基金会|志愿者协会|合作社)$"
)
_SIGN_DATE = re.compile(
    r"^(?P<y>\d{4}|[〇零一二三四五六七八九]{4})\s*年\s*(?P<m>\d{1,2}|[一二三四五六七八九十]{1,3})\s*月"
    r"\s*(?:(?P<d>\d{1,2}|[一二三四五六七八九十]{1,3})\s*日)?$"
)


@dataclass
class Signature:
    signatory: str | None
    signed_on: str | None  # 2020-09-14, or 2020-09 when only the month is printed


def read_sign_date(text: str) -> str | None:
    """2020年9月 → "2020-09", 二〇二〇年九月十四日 → "2020-09-14"; None if not a date alone."""
    match = _SIGN_DATE.match(text.strip())
    if not match:
        return None
    year, month = chinese_number(match["y"]), chinese_number(match["m"])
    if not year or not month or not 1 <= month <= 12:
        return None
    if match["d"]:
        day = make_date(year, month, chinese_number(match["d"]))
        return day.isoformat() if day else None
    return f"{year:04d}-{month:02d}"


def read_signature(line: str) -> Signature | None:
    """ "某市全民阅读活动组委会 2021年4月", or the date alone on its line."""
    text = line.strip()
    if len(text) > 60:
        return None
    date = read_sign_date(text)
    if date:
        return Signature(signatory=None, signed_on=date)
    head, _space, tail = text.rpartition(" ")
    if head and read_sign_date(tail):
        organisation = compact(head)
        if _ORGANISATION.match(organisation):
            return Signature(signatory=organisation, signed_on=read_sign_date(tail))
    match = re.match(rf"^(?P<org>[{HAN}（）()·\s]+?)\s*(?P<date>\d{{4}}\s*年.*)$", text)
    if match and read_sign_date(match["date"]) and _ORGANISATION.match(compact(match["org"])):
        return Signature(signatory=compact(match["org"]), signed_on=read_sign_date(match["date"]))
    return None


def is_organisation(text: str) -> bool:
    """A line that names an organisation alone (某市全民阅读活动组委会): the signatory of
    a notice when a date follows it, a headline or a sentence's end anywhere else."""
    return " " not in text.strip() and bool(_ORGANISATION.match(compact(text)))


def is_salutation(line: str) -> bool:
    """The address an open letter starts with, e.g. "全县广大干部职工和居民朋友们:"."""
    text = line.strip()
    return (
        4 <= len(text) <= 32
        and text[-1] in ":："
        and not re.search(r"[。！？!?；;]", text)
        and not re.search(_ROLE, text)
    )
