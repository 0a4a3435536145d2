"""parse_page(): a page's lines in, a proposed structured page out (see docs/import.md)."""

import calendar
import datetime
import re

from django.utils.translation import gettext as _

from articles.models.issues import lunar_date
from indicators.extraction import extract_figures

from ..lines import PageSource
from .coherence import Coherence
from .furniture import Footer, Masthead, is_ad_mark, is_ad_text, read_jump
from .items import Segmenter, attach_orphan_heads, finish
from .layout import reading_order
from .proposal import PAGE_ROLES, PageProposal
from .text import chinese_number, clean, compact, ends_sentence, is_indented, make_date
from .units import (
    BODY,
    BYLINE,
    HEAD,
    LEAD,
    SOURCE,
    Assembler,
    Unit,
    classify,
    strict_head_like,
)


def parse_page(
    source: PageSource,
    *,
    issue_date: datetime.date | None = None,
    page_number: int | None = None,
) -> "PageProposal":
    """Propose the issue, page and items of one page. `issue_date` and `page_number`, when the
    caller knows them, win over what the page prints (a difference is a warning)."""
    return _PageParser(source, issue_date=issue_date, page_number=page_number).parse()


class _PageParser:
    def __init__(self, source: PageSource, *, issue_date, page_number):
        self.source = source
        self.given_date = issue_date
        self.given_page = page_number
        self.masthead = Masthead()
        self.footer = Footer()
        self.warnings: list[str] = list(source.warnings)
        self.boxed = any(line.box is not None for line in source.lines)

    # -- lines to units -----------------------------------------------------------------------

    def _units(self) -> list[Unit]:
        if self.boxed:
            units = [
                Unit(
                    text=clean(placed.line.text),
                    box=placed.line.box,
                    size=placed.size,
                    block=placed.block,
                    indented=placed.indented,
                    short=placed.short,
                )
                for placed in reading_order(self.source.lines, self.source.image_size)
                if clean(placed.line.text)
            ]
            unplaced = [ln for ln in self.source.lines if ln.box is None and clean(ln.text)]
            if unplaced:
                # kept, at the end, rather than lost: the editor sees where they belong
                self.warnings.append(
                    _("%(count)d 行没有位置信息，已放在版面文字的最后。") % {"count": len(unplaced)}
                )
                units += [Unit(text=clean(line.text)) for line in unplaced]
            return units
        return [
            Unit(text=clean(line.text), indented=is_indented(line.text))
            for line in self.source.lines
            if clean(line.text)
        ]

    def _strip_furniture(self, units: list[Unit]) -> list[Unit]:
        """Read and drop the masthead, running header, footer, jump lines and advertisements."""
        for unit in units:
            classify(unit)  # an advertisement ends where an item starts
        kept: list[Unit] = []
        top = True
        ad_lines: list[str] = []
        in_ad = False
        waiting_jumps: list[tuple[str, int]] = []
        ad_units: list[Unit] = []
        for index, unit in enumerate(units):
            text = unit.text
            if top and len(text) <= 80 and not re.search(r"[。！？]", text):
                if self.masthead.read(text):
                    if _footer_shape(text):
                        self.footer.read(text)  # 第2版 综合新闻 责编:… on one header line
                    continue
                if len(compact(text)) <= 8 and any(
                    _strong_furniture(u.text) for u in units[index + 1 : index + 3]
                ):
                    continue  # a slogan or the paper's name between masthead lines
            top = False
            if jump := read_jump(text):
                # 下转 ends the item above it, 上接 starts the one below
                if jump[0] in ("下转", "转") and kept:
                    kept[-1].jumps.append(jump)
                else:
                    waiting_jumps.append(jump)
                continue
            if _strong_furniture(text):
                self.masthead.read(text)
                if _footer_shape(text):
                    self.footer.read(text)
                continue
            if _footer_shape(text) and self.footer.read(text):
                continue
            if is_ad_mark(text):
                in_ad = True
                ad_lines.append(text)
                continue
            if in_ad:
                if unit.kind in (LEAD, SOURCE, BYLINE):
                    # the headline of the item after the advertisement was read as part of it
                    in_ad = False
                    restored: list[Unit] = []
                    while (
                        ad_units and ad_units[-1].kind == HEAD and not is_ad_text(ad_units[-1].text)
                    ):
                        restored.insert(0, ad_units.pop())
                        ad_lines.pop()
                    kept.extend(restored)
                    ad_units = []
                else:
                    ad_lines.append(text)
                    ad_units.append(unit)
                    continue
            unit.jumps.extend(waiting_jumps)
            waiting_jumps = []
            kept.append(unit)
        if ad_lines:
            self.warnings.append(
                _("已略去广告内容 %(count)d 行（“%(start)s……”）。")
                % {"count": len(ad_lines), "start": compact(" ".join(ad_lines))[:20]}
            )
        return kept

    # -- the issue ----------------------------------------------------------------------------

    def _issue_date(self) -> datetime.date | None:
        head = self.masthead
        printed = make_date(head.year, head.month, head.day)
        if self.given_date:
            if printed and printed != self.given_date:
                self.warnings.append(
                    _("版面印的日期 %(printed)s 与指定的日期 %(given)s 不同，已按指定日期。")
                    % {"printed": printed.isoformat(), "given": self.given_date.isoformat()}
                )
            return self.given_date
        if printed:
            return printed
        if head.year and head.month and (head.lunar or head.weekday is not None):
            solved = _solve_day(head.year, head.month, head.lunar, head.weekday)
            if len(solved) == 1:
                self.warnings.append(
                    _("报头日期缺少日，已按星期和农历推定为 %(date)s，请核对。")
                    % {"date": solved[0].isoformat()}
                )
                return solved[0]
        if head.found or head.year:
            self.warnings.append(_("未能读出完整的出版日期，请填写。"))
        return None

    def _check_masthead(self, day: datetime.date | None):
        head = self.masthead
        if day is None:
            return
        if head.lunar:
            computed = lunar_date(day)
            if _lunar_key(head.lunar) != _lunar_key(computed):
                self.warnings.append(
                    _("报头农历“%(printed)s”与按出版日期推算的“%(computed)s”不一致。")
                    % {"printed": head.lunar, "computed": computed}
                )
        if head.weekday is not None and head.weekday != day.weekday():
            self.warnings.append(
                _("报头的星期与出版日期 %(date)s 不符。") % {"date": day.isoformat()}
            )

    # -- the whole page -----------------------------------------------------------------------

    def parse(self) -> PageProposal:
        proposal = PageProposal()
        units = self._strip_furniture(self._units())
        coherence = Coherence("\n".join(unit.text for unit in units))
        interleaved_page = self._page_interleaved(units, coherence)
        if interleaved_page:
            for unit in units:
                if unit.kind == HEAD and not strict_head_like(unit.text):
                    unit.kind = BODY
        paragraphs = Assembler(
            units, coherence, self.boxed, interleaved=interleaved_page
        ).paragraphs()

        day = self._issue_date()
        self._check_masthead(day)
        self._fill_issue(proposal, day)

        segmenter = Segmenter(paragraphs, interleaved_page=interleaved_page, coherence=coherence)
        drafts = segmenter.run()
        leftovers = attach_orphan_heads(drafts, segmenter.leftovers)
        articles = [
            finish(d, issue_date=day, coherence=coherence, interleaved_page=interleaved_page)
            for d in drafts
        ]
        proposal.articles = articles

        for article in articles:
            if day is not None and article.body:
                article.figures = extract_figures(article.body, date=day, ocr=article.interleaved)
        if day is None and articles:
            self.warnings.append(_("没有出版日期，未提取统计数据。"))

        affected = sum(article.interleaved for article in articles)
        if interleaved_page or affected:
            self.warnings.append(
                _(
                    "本版识别文字疑似多栏交错（不同栏的行被拼在一起），%(count)d 篇受影响："
                    "这些稿件的切分和正文都不可靠，请对照版面图整理。"
                )
                % {"count": affected}
            )
        for text in leftovers:
            self.warnings.append(_("标题行“%(text)s”没有找到所属稿件。") % {"text": text})
        for number, article in enumerate(articles, start=1):
            name = article.headline or _("无标题")
            for warning in article.warnings:
                self.warnings.append(
                    _("第%(number)d篇《%(headline)s》：%(warning)s")
                    % {"number": number, "headline": name, "warning": warning}
                )
        if not articles:
            self.warnings.append(_("没有识别出任何稿件。"))
        proposal.warnings = self.warnings
        return proposal

    def _fill_issue(self, proposal: PageProposal, day: datetime.date | None):
        head = self.masthead
        issue = proposal.issue
        issue.publication = head.publication
        issue.date = day
        issue.number = head.number
        issue.page_count = head.page_count
        issue.lunar = head.lunar
        page = proposal.page
        printed_page = head.page_number
        if self.given_page and printed_page and printed_page != self.given_page:
            self.warnings.append(
                _("版面印的版次第%(printed)d版与指定的第%(given)d版不同，已按指定版次。")
                % {"printed": printed_page, "given": self.given_page}
            )
        # a masthead is printed on the front page only
        front = 1 if head.number or head.page_count or head.lunar else None
        page.number = self.given_page or printed_page or front
        page.name = head.page_name
        page.department = self.footer.department
        page.email = self.footer.email
        page.credits = {role: list(self.footer.credits.get(role, [])) for role in PAGE_ROLES}
        for problem in self.footer.problems:
            self.warnings.append(_("版面署名中的“%(text)s”无法读成人名。") % {"text": problem})

    def _page_interleaved(self, units: list[Unit], coherence: Coherence) -> bool:
        """Do the page's line breaks join like running text, or like lines of different columns?"""
        running = [u for u in units if u.kind in (BODY, LEAD, HEAD)]
        pieces = [u.running_pieces for u in running]
        breaks = [pair for p in pieces for pair in zip(p, p[1:], strict=False)]
        breaks += [
            (a_pieces[-1], b_pieces[0])
            for a, b, a_pieces, b_pieces in zip(
                running, running[1:], pieces, pieces[1:], strict=False
            )
            if a_pieces and b_pieces and not ends_sentence(a.text) and b.kind == BODY
        ]
        return coherence.looks_interleaved(breaks, page=True)


def _strong_furniture(text: str) -> bool:
    """Lines that only a masthead or running header prints, wherever OCR put them."""
    from .furniture import (
        ISSUE_NUMBER,
        LUNAR,
        MASTHEAD_ONLY,
        PAGE_COUNT,
        PAGE_NUMBER,
        WEEKDAY,
    )
    from .text import FULL_DATE

    text = text.strip()
    if len(text) > 80 or re.search(r"[。！？，,]", text):
        return False
    if MASTHEAD_ONLY.search(text) or (LUNAR.search(text) and len(text) <= 30):
        return True
    if ISSUE_NUMBER.search(text) and PAGE_COUNT.search(text):
        return True
    if re.fullmatch(r"(?:总)?第\s*\d{3,6}\s*期|(?:今日|本期)\s*\S{1,2}\s*版", compact(text)):
        return True  # 第10076期 or 今日4版 on a line of its own
    if FULL_DATE.search(text) and WEEKDAY.search(text) and len(compact(text)) <= 40:
        return True
    page = PAGE_NUMBER.search(text)
    return bool(page and "《" not in text and len(compact(text)) <= 24 and page.start() <= 12)


def _footer_shape(text: str) -> bool:
    """The footer is a row of labels and names: no sentence punctuation."""
    return not re.search(r"[。，,；;！？!?]", text)


_LUNAR_MONTH_NAMES = {"正": 1, "冬": 11, "腊": 12}
_LUNAR_DAY_TENS = {"初": 0, "十": 1, "廿": 2, "二十": 2, "卅": 3, "三十": 3}


def _lunar_key(text: str) -> tuple | str:
    """庚子年七月廿八 and 庚子年七月二十八 as the same (year, leap, month, day)."""
    text = compact(text).replace("农历", "")
    match = re.fullmatch(
        r"(?:(..)年)?(闰)?(正|十一|十二|冬|腊|[一二三四五六七八九十])月(.{2,3})", text
    )
    if not match:
        return text
    year, leap, month, day_text = match.groups()
    digits = "一二三四五六七八九"
    if day_text in ("初十", "二十", "三十"):
        day = {"初十": 10, "二十": 20, "三十": 30}[day_text]
    elif day_text[-1] in digits and day_text[:-1] in _LUNAR_DAY_TENS:
        day = _LUNAR_DAY_TENS[day_text[:-1]] * 10 + digits.index(day_text[-1]) + 1
    else:
        return text
    return (year, bool(leap), _LUNAR_MONTH_NAMES.get(month) or chinese_number(month), day)


def _solve_day(
    year: int, month: int, lunar: str | None, weekday: int | None
) -> list[datetime.date]:
    """The days of a month that match the printed lunar date and weekday."""
    days = []
    for day in range(1, calendar.monthrange(year, month)[1] + 1):
        date = datetime.date(year, month, day)
        if weekday is not None and date.weekday() != weekday:
            continue
        if lunar and _lunar_key(lunar_date(date)) != _lunar_key(lunar):
            continue
        days.append(date)
    return days
