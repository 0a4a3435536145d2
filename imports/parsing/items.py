"""From paragraphs to items: where one item ends and the next begins, which headline line is the
kicker, the headline or the subheadline, and what the lead, bylines and credits say."""

import datetime
import difflib
import re
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from articles.models import Genre

from . import bylines
from .coherence import WINDOW, Coherence, word_across
from .furniture import split_jump_tail
from .layout import union
from .proposal import (
    ARTICLE_ROLES,
    AUTHOR,
    OWN,
    REPRINT,
    WIRE,
    ArticleProposal,
    DatelineProposal,
    SourceProposal,
)
from .text import HAN, compact, compact_headline, ends_sentence, event_date, visible_length
from .units import (
    BODY,
    BYLINE,
    HEAD,
    HEAD_SIZE,
    LEAD,
    PHOTO,
    SALUTATION,
    SIGNATURE,
    SOURCE,
    Paragraph,
    Unit,
    head_like,
)

APPEAL_WORDS = re.compile(r"倡议")
NOTICE_WORDS = re.compile(r"(?:公告|通告|通知|启事|声明|公示|告知书|告市民书|须知)$")
COMMENT_WORDS = re.compile(
    r"评论员|短评|时评|社论|述评|评论|快评|锐评|论坛|观察|漫谈|杂谈|声音|言论"
)
INTERVIEW_WORDS = re.compile(r"专访|访谈|对话")
BRIEF_LABEL = re.compile(
    r"^[【\[]?\s*(?:[\u4e00-\u9fff]{0,4})(?:简讯|快讯|速递|简报|速览|短讯|一句话新闻)\s*[】\]]?$"
)
SECTION_LABEL = re.compile(r"^[【\[〖].{1,10}[】\]〗]$")
# Last characters a headline line does not end with, first characters it does not start with:
# such lines are pieces of one headline that OCR broke (市政府召开第 / 9 / 次常务会议).
_BROKEN_END = tuple("第的和与及在对为暨之把被将向从至")
_BROKEN_START = tuple("次届期个年月日号之的了")
SUBHEAD_VERBS = re.compile(
    r"(?:主持|出席|讲话|参加|会见|调研|宣讲|致辞|作报告|部署|强调|指出|要求|督导|检查|讲授|颁奖|签约)"
    r"(?:会议|并讲话)?$"
)
# A headline naming a meeting, and the verbs its agenda opens with in the line below.
MEETING = re.compile(r"召开|举行|举办|开幕|闭幕|会议|座谈会|推进会|工作会|常委会|全会|大会")
AGENDA = re.compile(
    r"^(?:研究|部署|安排|听取|审议|强调|要求|传达|学习|总结|表彰|通报|分析|谋划|推动|聚焦|围绕)"
)
# A photo caption is short: a longer text with a photo credit is an article with a photo.
CAPTION_MAX = 420
FEATURE_MIN = 100
BRIEF_MAX = 160


@dataclass
class Draft:
    """An item while it is being collected."""

    heads: list[Paragraph] = field(default_factory=list)
    sources: list[Unit] = field(default_factory=list)
    source: bylines.SourceLine | None = None
    lead: bylines.Lead | None = None
    credits: bylines.Credits = field(default_factory=bylines.Credits)
    bylines: list[Unit] = field(default_factory=list)
    photo_units: list[Unit] = field(default_factory=list)
    paragraphs: list[Paragraph] = field(default_factory=list)
    signature: list[Unit] = field(default_factory=list)
    salutation: bool = False
    closed: bool = False
    brief: bool = False
    label: str | None = None
    warnings: list[str] = field(default_factory=list)
    moved_head: bool = False

    @property
    def units(self) -> list[Unit]:
        found = [u for p in self.heads for u in p.units] + self.sources + self.bylines
        found += [u for p in self.paragraphs for u in p.units]
        return found + self.photo_units + self.signature


def _head_text(paragraph: Paragraph) -> str:
    return compact_headline(" ".join(unit.text for unit in paragraph.units))


class Segmenter:
    """Walks the paragraphs once and cuts them into items (see docs/import.md, "Items")."""

    def __init__(
        self, paragraphs: list[Paragraph], *, interleaved_page: bool, coherence: Coherence
    ):
        self.paragraphs = paragraphs
        self.coherence = coherence
        self.interleaved_page = interleaved_page
        self.items: list[Draft] = []
        self.current: Draft | None = None
        self.pending_heads: list[Paragraph] = []
        self.pending_sources: list[Unit] = []
        self.brief_mode = False
        self.label: str | None = None
        self.leftovers: list[Paragraph] = []

    # -- helpers ------------------------------------------------------------------------------

    def _start(self) -> Draft:
        if self.pending_heads:
            self.brief_mode = False  # a headline ends the column of briefs
        draft = Draft(heads=self.pending_heads, sources=self.pending_sources)
        for unit in self.pending_sources:
            draft.source = draft.source or unit.source
        draft.brief = self.brief_mode
        draft.label, self.label = self.label, None
        self.pending_heads, self.pending_sources = [], []
        self.items.append(draft)
        self.current = draft
        return draft

    def _ahead(self, index: int) -> list[Paragraph]:
        """The paragraphs from `index` up to the next headline line or item opener."""
        run = []
        for paragraph in self.paragraphs[index:]:
            if paragraph.kind in (HEAD, LEAD, BYLINE, SOURCE):
                break
            run.append(paragraph)
        return run

    def _heads_open_item(self, index: int) -> bool:
        """Headline lines followed by running text: a new item, or subheads inside this one?"""
        heads = self.pending_heads
        current = self.current
        if current is None or current.closed or self.interleaved_page:
            return True
        if len(merge_broken(heads, self.coherence)) >= 2:
            return True
        texts = [_head_text(head) for head in heads]
        if any(
            APPEAL_WORDS.search(t) or NOTICE_WORDS.search(t) or COMMENT_WORDS.search(t)
            for t in texts
        ):
            return True
        if any(head.size >= HEAD_SIZE for head in heads):
            return True
        run = self._ahead(index)
        kinds = {paragraph.kind for paragraph in run}
        credited = PHOTO in kinds or any(
            bylines.split_photo_tail(p.text)[1] is not None for p in run
        )
        # a headline over a caption and its photo credit: a photo item
        return SALUTATION in kinds or (credited and sum(len(p.text) for p in run) <= CAPTION_MAX)

    # -- the walk -----------------------------------------------------------------------------

    def run(self) -> list[Draft]:
        for index, paragraph in enumerate(self.paragraphs):
            kind = paragraph.kind
            if kind == HEAD:
                text = _head_text(paragraph)
                if BRIEF_LABEL.match(text) and not self.pending_heads:
                    self.brief_mode = True
                    self.label = text
                    continue
                if SECTION_LABEL.match(text) and not self.pending_heads:
                    self.label = text.strip("【】[]〖〗")
                    self.brief_mode = False
                    continue
                self.pending_heads.append(paragraph)
            elif kind == SOURCE:
                self._source(paragraph, index)
            elif kind == LEAD:
                draft = self.current
                if not (
                    draft is not None
                    and not draft.paragraphs
                    and not draft.closed
                    and not self.pending_heads
                    and not self.pending_sources
                ):
                    draft = self._start()  # else: the lead under this item's byline
                draft.lead = paragraph.units[0].lead
                draft.paragraphs.append(paragraph)
            elif kind == BYLINE:
                self._byline(paragraph)
            elif kind == PHOTO:
                self._photo(paragraph)
            elif kind == SIGNATURE:
                self._signature(paragraph, index)
            elif kind == SALUTATION and (
                self.pending_heads or self.current is None or self.current.closed
            ):
                self._start().salutation = True  # the address an open letter starts with
                self.current.paragraphs.append(paragraph)
            else:
                self._body(paragraph, index)
        self.leftovers = merge_broken(self.pending_heads, self.coherence)
        return self.items

    def _source(self, paragraph: Paragraph, index: int):
        unit = paragraph.units[0]
        trailing = re.search(r"摘自|来源|原载|转自|转载|选自", unit.text)
        following = self.paragraphs[index + 1] if index + 1 < len(self.paragraphs) else None
        if (
            trailing
            and self.current is not None
            and not self.pending_heads
            and self.current.source is None
            and self.current.paragraphs
            and (following is None or following.kind != BYLINE)
        ):
            self.current.sources.append(unit)
            self.current.source = unit.source
            self.current.closed = True
        elif (
            self.current is not None
            and not self.pending_heads
            and not self.pending_sources
            and not self.current.paragraphs
            and self.current.source is None
            and not self.current.closed
        ):
            # under the headline and byline, before the text: this item's source
            self.current.sources.append(unit)
            self.current.source = unit.source
        else:
            self.pending_sources.append(unit)

    def _byline(self, paragraph: Paragraph):
        """A byline after headline lines or a source line opens an item; after an item's text
        it is that item's (some papers sign at the end)."""
        unit = paragraph.units[0]
        current = self.current
        if self.pending_heads or self.pending_sources or current is None or current.closed:
            current = self._start()
        current.bylines.append(unit)
        current.credits.merge(unit.credits)

    def _photo(self, paragraph: Paragraph):
        unit = paragraph.units[0]
        if self.pending_heads or self.current is None or self.current.closed:
            self._start()
        current = self.current
        current.photo_units.append(unit)
        current.credits.merge(unit.credits)
        # the credit under a caption ends a photo item; in an article it credits its picture
        if current.lead is None and not current.bylines and current.paragraphs:
            current.closed = True

    def _signature(self, paragraph: Paragraph, index: int):
        unit = paragraph.units[0]
        if (
            self.current is not None
            and unit.signature.signatory is None
            and 1 <= len(self.pending_heads) <= 3
            and all(bylines.is_organisation(head.text) for head in self.pending_heads)
        ):
            # "吕梁市自然资源局" alone above the date looked like a headline: it signs the item
            self.current.paragraphs.extend(self.pending_heads)
            self.pending_heads = []
        following = self.paragraphs[index + 1] if index + 1 < len(self.paragraphs) else None
        at_end = following is None or following.kind in (HEAD, LEAD, SOURCE, BYLINE, SIGNATURE)
        dated = unit.signature.signed_on is not None
        if self.current is None or self.pending_heads or not (at_end or dated):
            paragraph.kind = HEAD if head_like(unit.text) else BODY
            if paragraph.kind == HEAD:
                self.pending_heads.append(paragraph)
            else:
                self._body(paragraph, index)
            return
        current = self.current
        if unit.signature.signatory is None:
            # the organisations on the lines above the date (one or several signing together)
            signatories: list[Paragraph] = []
            while (
                current.paragraphs
                and len(signatories) < 3
                and len(current.paragraphs[-1].units) == 1
                and bylines.is_organisation(current.paragraphs[-1].text)
            ):
                signatories.insert(0, current.paragraphs.pop())
            if signatories:
                current.signature.extend(p.units[0] for p in signatories)
                unit.signature.signatory = " ".join(compact(p.text) for p in signatories)
        current.signature.append(unit)
        if following is None or following.kind != SIGNATURE:
            current.closed = True

    def _body(self, paragraph: Paragraph, index: int):
        if self.pending_heads:
            if self._heads_open_item(index):
                self._start()
            else:
                for head in merge_broken(self.pending_heads, self.coherence):
                    head.subhead = True
                    self.current.paragraphs.append(head)
                self.pending_heads = []
        if self.pending_sources:
            self._start()
        current = self.current
        if current is None:
            current = self._start()
        elif current.closed:
            if visible_length(paragraph.text) < 40 and not self._ahead_has_photo(index):
                current.paragraphs.append(paragraph)
                current.warnings.append(_("项目结束后还有一段文字，已并入本篇，请核对。"))
                return
            current = self._start()
        current.paragraphs.append(paragraph)
        _caption, photo = bylines.split_photo_tail(paragraph.text)
        if photo is not None:
            # a caption ending in (张三 摄) ends a photo item like a credit line does
            current.credits.merge(photo)
            if current.lead is None and not current.bylines:
                current.closed = True

    def _ahead_has_photo(self, index: int) -> bool:
        return any(p.kind == PHOTO for p in self._ahead(index + 1))


def _broken_pair(first: Paragraph, second: Paragraph, coherence: Coherence | None = None) -> bool:
    """Two headline lines that are pieces of one line broken by OCR: a word across the break,
    a phrase across it that the page repeats (the lead restates its headline), a line ending
    in 第 or starting with 次, a lone number."""
    a, b = _head_text(first), _head_text(second)
    if coherence is not None and len(a) >= 2 and len(b) >= 2:
        if coherence.flat.count(compact(a[-2:] + b[:2])) >= 2:
            return True
    if max(first.size, second.size) >= HEAD_SIZE * min(first.size, second.size):
        return False  # set in different sizes: two headline lines
    return (
        word_across(a[-WINDOW:], b[:WINDOW])  # 全面完成农村人居环境 / 整治任务
        or a.endswith(_BROKEN_END)
        or b.startswith(_BROKEN_START)
        or visible_length(a) <= 2
        or visible_length(b) <= 2
        or bool(re.fullmatch(r"[\dA-Za-z.%]+", a))
        or bool(re.fullmatch(r"[\dA-Za-z.%]+", b))
    )


def merge_broken(heads: list[Paragraph], coherence: Coherence | None = None) -> list[Paragraph]:
    """The headline lines with the pieces of one line OCR broke (市政府召开第 / 9 / 次常务会议)
    put back together."""
    merged: list[Paragraph] = []
    for head in heads:
        if merged and _broken_pair(merged[-1], head, coherence):
            merged[-1] = Paragraph(merged[-1].units + head.units, kind=HEAD)
        else:
            merged.append(head)
    return merged


def join_broken_heads(
    heads: list[Paragraph], coherence: Coherence | None = None
) -> list[tuple[str, float]]:
    """The headline lines as (text, size), pieces of one broken line joined."""
    return [
        (compact_headline(_head_text(head)), head.size) for head in merge_broken(heads, coherence)
    ]


def is_subheadline(text: str, above: str = "") -> bool:
    """A line that reads as a subheadline under the headline: "——记…", "李正印主持", or the
    agenda under a meeting (市政府召开常务会议 / 研究部署秋季安全生产等工作)."""
    return (
        text.startswith(("——", "—", "-", "－"))
        or (visible_length(text) <= 14 and bool(SUBHEAD_VERBS.search(text)))
        or (bool(MEETING.search(above)) and bool(AGENDA.match(text)))
    )


def assign_heads(lines: list[tuple[str, float]]) -> tuple[str, str, str, list[str]]:
    """(kicker, headline, subheadline, warnings) from the headline lines in printed order.

    With line heights the tallest line is the headline. Without them two lines are a kicker
    and a headline unless the second reads as a subheadline; three are all three."""
    warnings: list[str] = []
    if not lines:
        return "", "", "", warnings
    texts = [text for text, _size in lines]
    sizes = [size for _text, size in lines]
    if max(sizes) >= HEAD_SIZE * min(sizes):
        main = sizes.index(max(sizes))
        kicker = " ".join(texts[:main])
        sub = " ".join(texts[main + 1 :])
        return kicker, texts[main], sub.lstrip("—－- "), warnings
    if len(texts) == 1:
        return "", texts[0], "", warnings
    if len(texts) == 2:
        if is_subheadline(texts[1], texts[0]):
            return "", texts[0], texts[1].lstrip("—－- "), warnings
        return texts[0], texts[1], "", warnings
    if len(texts) > 3:
        warnings.append(
            _("标题有%(count)d行，已把第一行作引题、第二行作主题，请核对。") % {"count": len(texts)}
        )
    return texts[0], texts[1], " ".join(texts[2:]).lstrip("—－- "), warnings


# --- finishing an item -----------------------------------------------------------------------


def _genre(draft: Draft, headline_texts: list[str], body: str) -> str:
    heads = " ".join(headline_texts)
    has_photo = bool(draft.photo_units) or draft.credits.names.get("摄影")
    author_only = set(draft.credits.names) == {AUTHOR}
    if any(APPEAL_WORDS.search(text) for text in headline_texts) or (
        draft.salutation and draft.signature and "倡议" in body
    ):
        return Genre.APPEAL
    if NOTICE_WORDS.search(headline_texts[1]):
        return Genre.NOTICE
    if INTERVIEW_WORDS.search(heads) or (draft.label and INTERVIEW_WORDS.search(draft.label)):
        return Genre.INTERVIEW
    commentary = COMMENT_WORDS.search(heads) or (draft.label and COMMENT_WORDS.search(draft.label))
    if commentary or any("评论员" in unit.text for unit in draft.bylines) or author_only:
        return Genre.COMMENTARY
    if draft.brief and visible_length(body) <= 2 * BRIEF_MAX:
        return Genre.BRIEF
    if has_photo and visible_length(body) <= CAPTION_MAX and len(draft.paragraphs) <= 2:
        # a lead with a separate caption ("图为…") is a report with its picture
        with_caption = any(line.startswith("图为") for line in body.split("\n")[1:])
        if draft.lead is None or (visible_length(body) <= 200 and not with_caption):
            return Genre.PHOTO
    if draft.lead is None and draft.bylines and visible_length(body) >= FEATURE_MIN:
        return Genre.FEATURE
    return Genre.NEWS


def _origin(draft: Draft) -> tuple[str, str | None]:
    if draft.source is not None:
        agency = draft.lead.agency if draft.lead else None
        return REPRINT, agency
    if draft.lead is not None and draft.lead.origin_hint == WIRE:
        return WIRE, draft.lead.agency
    if draft.lead is None and draft.credits.affiliation in bylines.AGENCIES:
        return WIRE, draft.credits.affiliation
    return OWN, None


def _body_paragraphs(draft: Draft) -> tuple[list[str], list[tuple[str, int]]]:
    """(paragraph texts, jumps) of the body: the lead without its label and credits, photo
    credits at the end of a caption taken off, jump lines taken off."""
    texts, jumps = [], []
    for number, paragraph in enumerate(draft.paragraphs):
        text = paragraph.text
        if number == 0 and paragraph.kind == LEAD:
            lead = bylines.read_lead(paragraph.raw)
            text = compact(lead.rest) if lead else text
        for unit in paragraph.units:
            jumps.extend(unit.jumps)
        text, jump = split_jump_tail(text)
        if jump:
            jumps.append(jump)
        text, photo = bylines.split_photo_tail(text)
        if photo:
            draft.credits.merge(photo)
        if text:
            texts.append(text)
    # a headline line that is the start of the next paragraph's broken sentence
    merged: list[str] = []
    for text in texts:
        broken_start = re.match(rf"^[{HAN}]{{1,3}}[。！？!?]", text)
        if merged and broken_start and not ends_sentence(merged[-1]):
            merged[-1] += text
        else:
            merged.append(text)
    return merged, jumps


def finish(
    draft: Draft,
    *,
    issue_date: datetime.date | None,
    coherence: Coherence,
    interleaved_page: bool,
) -> ArticleProposal:
    """The proposal for one collected item."""
    lines = join_broken_heads(draft.heads, coherence)
    kicker, headline, subheadline, warnings = assign_heads(lines)
    if draft.paragraphs and draft.paragraphs[0].kind == LEAD:
        # the lead's bracket may run over several OCR lines: read it from the whole paragraph
        draft.lead = bylines.read_lead(draft.paragraphs[0].raw) or draft.lead
    texts, jumps = _body_paragraphs(draft)
    warnings = draft.warnings + warnings
    body = "\n".join(texts)
    article = ArticleProposal(kicker=kicker, headline=headline, subheadline=subheadline, body=body)

    # who and where from
    article.origin, article.agency = _origin(draft)
    credits = bylines.Credits()
    if draft.lead:
        credits.merge(draft.lead.credits)
    credits.merge(draft.credits)
    article.credits = {role: list(credits.names.get(role, [])) for role in ARTICLE_ROLES}
    if credits.names.get(AUTHOR):
        article.credits[AUTHOR] = list(credits.names[AUTHOR])
    for problem in credits.problems:
        warnings.append(_("署名中的“%(text)s”无法读成人名，请核对。") % {"text": problem})
    if draft.source:
        article.source = SourceProposal(
            publication=draft.source.publication, date=draft.source.date, page=draft.source.page
        )
    reference = draft.source.date if draft.source and draft.source.date else issue_date
    if draft.lead:
        month_day = draft.lead.month_day
        article.dateline = DatelineProposal(
            label=draft.lead.label,
            place=draft.lead.place,
            date=event_date(*month_day, reference) if month_day else None,
        )
    elif texts and (month_day := bylines.leading_month_day(texts[0])):
        article.dateline = DatelineProposal(date=event_date(*month_day, reference))

    # signature under a notice or an open letter
    for unit in draft.signature:
        if unit.signature is None:
            continue
        article.signatory = article.signatory or unit.signature.signatory
        article.signed_on = article.signed_on or unit.signature.signed_on

    article.genre = _genre(draft, [kicker, headline, subheadline], body)
    article.region = union([box for unit in draft.units if (box := unit.box) is not None])

    # what the editor must look at
    if not headline:
        warnings.append(_("没有找到标题，请补写。"))
    if draft.moved_head:
        warnings.append(_("标题与正文在识别文字中相隔较远，已按导语内容配对，请核对。"))
    if texts and re.match(rf"^[{HAN}][，,]", texts[0]) and draft.lead is None:
        warnings.append(_("正文开头似乎缺字（导语可能未识别出来），请对照版面。"))
    if not texts:
        warnings.append(_("没有正文。"))
    for kind, page in jumps:
        if kind in ("下转", "转"):
            warnings.append(_("本篇转至第%(page)d版，续文不在本版。") % {"page": page})
        else:
            warnings.append(_("本篇接自第%(page)d版，开头不在本版。") % {"page": page})
    breaks = [pair for paragraph in draft.paragraphs for pair in paragraph.breaks]
    breaks += [
        (a.text, b.text)
        for a, b in zip(draft.paragraphs, draft.paragraphs[1:], strict=False)
        if not ends_sentence(a.text) and not a.subhead and not b.subhead and b.kind == BODY
    ]
    if interleaved_page or coherence.looks_interleaved(breaks):
        article.interleaved = True
        warnings.append(_("正文疑似由不同栏的文字交错拼成（识别时串栏），请对照版面图整理。"))
    article.warnings = warnings
    return article


def attach_orphan_heads(drafts: list[Draft], leftovers: list[Paragraph]) -> list[str]:
    """Give a headless item the headline OCR put elsewhere (a subhead of another item, or lines
    left over at the end of the page) when its words follow the item's lead closely. Returns
    the headline texts still without an item."""

    def score(text: str, draft: Draft) -> float:
        wanted = re.sub(rf"[^{HAN}0-9]", "", text)
        if len(wanted) < 4:
            return 0.0
        lead = re.sub(rf"[^{HAN}0-9]", "", draft.lead.rest)[:80]
        matcher = difflib.SequenceMatcher(None, wanted, lead, autojunk=False)
        return sum(block.size for block in matcher.get_matching_blocks()) / len(wanted)

    def best_home(paragraph: Paragraph, owner: Draft | None) -> Draft | None:
        candidates = [d for d in drafts if d is not owner and not d.heads and d.lead is not None]
        best = max(candidates, key=lambda d: score(paragraph.text, d), default=None)
        return best if best is not None and score(paragraph.text, best) >= 0.75 else None

    for draft in drafts:
        for paragraph in [p for p in draft.paragraphs if p.subhead]:
            if home := best_home(paragraph, draft):
                draft.paragraphs.remove(paragraph)
                paragraph.subhead = False
                home.heads, home.moved_head = [paragraph], True
    unplaced = []
    for paragraph in leftovers:
        if home := best_home(paragraph, None):
            home.heads, home.moved_head = [paragraph], True
        else:
            unplaced.append(_head_text(paragraph))
    return unplaced
