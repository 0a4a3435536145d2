"""Figures from the mentions in a paragraph: which value and change go with which indicator,
region and period.

Sentence by sentence, an indicator's name opens a subject; the values and changes after it are
its own until another indicator is named, or a clause names something else (其中工业投资…), or
the sentence ends. A clause that names only a region or a period and then a figure repeats the
last indicator for it (全省增长6.2%, 上半年下降3.3%). Regions and periods carry over from
earlier sentences of the paragraph; a period that nothing in the paragraph gives comes from the
issue date, marked to be confirmed unless the paper's convention settles it (see
periods.conventional_period). What it decides and why: docs/figure-extraction.md.
"""

import datetime
import re
from dataclasses import dataclass, field, replace
from decimal import Decimal

from django.utils.translation import gettext as _

from .. import periods as spans
from ..catalogue import NATION, IndicatorSpec
from ..periods import PeriodSpan
from ..units import UNITS
from . import periods
from .figure import Figure
from .numbers import MULTIPLIERS, Amount, Change, amounts_in, changes_in
from .regions import UNNAMED, Gazetteer, RegionMention
from .terms import (
    DISTRIBUTE,
    ESTIMATE,
    ESTIMATE_AFTER,
    FILLERS,
    FORECAST,
    METHOD,
    OTHER_THING,
    TARGET,
    TARGET_MET,
    IndicatorMention,
    Terms,
)
from .text import CLAUSE_ENDS, SENTENCE_ENDS, bounds

INDICATOR, REGION, PERIOD, VALUE, CHANGE = "indicator", "region", "period", "value", "change"
ESTIMATE_MARK, TARGET_MARK, DISTRIBUTE_MARK = "estimate", "target", "distribute"
FORECAST_MARK = "forecast"
# Where two mentions overlap, the longer wins; at equal length, the kind listed first.
RANK = [
    PERIOD,
    INDICATOR,
    REGION,
    CHANGE,
    VALUE,
    ESTIMATE_MARK,
    TARGET_MARK,
    FORECAST_MARK,
    DISTRIBUTE_MARK,
]
# A period ending this soon after the issue date may be reported as if over (今年, in late
# December); one ending later is a target.
GRACE = datetime.timedelta(days=31)
COORDINATION = re.compile(r"[、和与及以（）()\s]*")
RATE_WORDS = re.compile(r"增速|增幅|降幅|增长率")
CHANGE_BASIS_WORDS = re.compile(r"(环比)|(两年|三年|几年)|(年均|年平均|平均每年)")


def ambiguous_warning() -> str:
    """The warning on a figure named by a word that may mean another indicator."""
    return _("“财政收入”口径不明，按一般公共预算收入提出，请核实。")


@dataclass(frozen=True)
class Token:
    kind: str
    start: int
    end: int
    data: object = None


@dataclass(frozen=True)
class When:
    """A figure's period; without a span, found from the issue date and the indicator's
    publishing frequency (今年以来, or no period in the text), or a whole year (全年, 年末)."""

    span: PeriodSpan | None
    rule: str = ""  # SINCE_YEAR_START, WHOLE_YEAR or "convention" when there is no span
    to_confirm: bool = False
    warning: str = ""

    def resolve(self, date, frequency, estimate) -> tuple[PeriodSpan, bool, str]:
        if self.span is not None:
            return self.span, self.to_confirm, self.warning
        if self.rule == periods.WHOLE_YEAR:
            # A year's result is out once the year is over; this year's only as an estimate.
            return spans.year(date.year if estimate else date.year - 1), self.to_confirm, ""
        if self.rule == periods.SINCE_YEAR_START:
            warning = _("“今年以来”没有写明截至月份，时期按出版日期推定，请核实。")
            return periods.latest_period(date, frequency), True, warning
        span, guessed = periods.conventional_period(date, frequency)
        warning = _("文中没有写明时期，按出版日期推定，请核实。") if guessed else ""
        return span, guessed or self.to_confirm, warning


@dataclass(frozen=True)
class Where:
    name: str
    known: bool = True


@dataclass
class Subject:
    """An indicator (or a list of them, or of regions or periods) waiting for its figures."""

    codes: tuple[str, ...]
    regions: list[Where]
    whens: list[When]
    start: int
    ambiguous: bool = False
    evidence: list[Token] = field(default_factory=list)
    basis: dict[int, str] = field(default_factory=dict)  # change token start → basis
    distributed_from: int | None = None  # where 分别 came among the evidence
    last_name_end: int = 0
    origin: "Subject | None" = None  # for a repeated indicator, the subject that named it

    def keys(self) -> list[tuple[str, Where, When]]:
        if len(self.codes) > 1:
            return [(code, self.regions[0], self.whens[0]) for code in self.codes]
        if len(self.regions) > 1:
            return [(self.codes[0], region, self.whens[0]) for region in self.regions]
        return [(self.codes[0], self.regions[0], when) for when in self.whens]


@dataclass
class _Sentence:
    """What reading one sentence keeps track of."""

    clause_starts: list[int]
    last_end: int  # the end of the last name, value or change read
    subjects: list[Subject] = field(default_factory=list)
    current: Subject | None = None
    suspended: bool = False  # a clause names another thing: its figures are not the subject's
    regions: list[tuple[Token, Where]] = field(default_factory=list)  # named, not yet taken
    whens: list[tuple[Token, When]] = field(default_factory=list)
    late_whens: list[tuple[Token, When]] = field(default_factory=list)  # after the name
    bases: list = field(default_factory=list)  # comparison bases (比上年, 较1—7月)
    loose_value: Token | None = None  # the last value read

    def clause_of(self, position: int) -> int:
        return max(a for a in self.clause_starts if a <= position)

    def close(self) -> None:
        if self.current is not None:
            self.subjects.append(self.current)
            self.current = None


@dataclass
class Article:
    """What carries from one paragraph to the next."""

    when: When | None = None
    from_figures: bool = False
    topic: "Where | None" = None
    last_named: dict[str, str] = field(default_factory=dict)


@dataclass
class Reader:
    terms: Terms
    gazetteer: Gazetteer
    specs: dict[str, IndicatorSpec]
    home_region: str
    home_province: str


def tokenise(text: str, reader: Reader, date: datetime.date) -> list[Token]:
    """The mentions in `text` that matter to figures, in order, none overlapping. A text with no
    value or change gives only its periods and regions (later paragraphs may need them)."""
    candidates = [Token(VALUE, start, end, a) for start, end, a in amounts_in(text)]
    candidates += [Token(CHANGE, start, end, c) for start, end, c in changes_in(text)]
    candidates += [Token(PERIOD, m.start, m.end, m) for m in periods.find_periods(text, date)]
    candidates += [Token(REGION, m.start, m.end, m) for m in reader.gazetteer.find(text)]
    if not any(token.kind in (VALUE, CHANGE) for token in candidates):
        return [token for token in candidates if token.kind in (PERIOD, REGION)]
    candidates += [Token(INDICATOR, m.start, m.end, m) for m in reader.terms.find(text)]
    met = [match.span() for match in TARGET_MET.finditer(text)]
    for kind, regex in (
        (ESTIMATE_MARK, ESTIMATE),
        (TARGET_MARK, TARGET),
        (FORECAST_MARK, FORECAST),
        (DISTRIBUTE_MARK, DISTRIBUTE),
    ):
        for match in regex.finditer(text):
            if kind == TARGET_MARK and any(a <= match.start() < b for a, b in met):
                continue
            candidates.append(Token(kind, match.start(), match.end()))
    candidates.sort(key=lambda t: (t.start, -(t.end - t.start), RANK.index(t.kind)))
    tokens, taken_until = [], 0
    for token in candidates:
        if token.start >= taken_until:
            tokens.append(token)
            taken_until = token.end
    return tokens


def _only(text: str, regex: re.Pattern) -> bool:
    return regex.fullmatch(text) is not None or not text


def _fillers_only(text: str) -> bool:
    return not FILLERS.sub("", METHOD.sub("", text)).strip()


class _Paragraph:
    """Reads one paragraph; `figures` collects what it finds."""

    def __init__(self, text, offset, date, date_given, reader: Reader, article: Article):
        self.text, self.offset, self.date = text, offset, date
        self.date_given, self.reader, self.article = date_given, reader, article
        self.tokens = tokenise(text, reader, date)
        self.when: When | None = None  # the last period named
        self.year: int | None = None  # the year of the last period whose year is printed
        self.plan: PeriodSpan | None = None
        self.topic: Where | None = article.topic  # the region the text speaks of
        # level → the last region of that level named, in this paragraph or before (2022年云和县
        # 统计公报…全县…)
        self.last_named: dict[str, str] = dict(article.last_named)
        self.opening: str | None = None  # the region the paragraph names first ("" if a 全市)
        self.last_subject: Subject | None = None
        self.figures: list[Figure] = []

    # --- periods and regions in context ---------------------------------------------------

    def when_of(self, mention: periods.PeriodMention) -> When | None:
        flag = not self.date_given
        if mention.kind == periods.SPAN:
            if mention.year_printed and mention.span.kind != spans.PLAN:
                self.year = mention.span.start.year
            if mention.span.kind == spans.PLAN:
                self.plan = mention.span
            return When(mention.span, to_confirm=flag and mention.relative)
        if mention.kind == periods.WHOLE_YEAR:
            if self.year:
                return When(spans.year(self.year), to_confirm=flag)
            return When(None, rule=periods.WHOLE_YEAR, to_confirm=flag)
        if mention.kind == periods.SAME:
            return self.when
        if mention.kind == periods.SAME_LAST_YEAR:
            earlier = self.when and self.when.span and spans.a_year_earlier(self.when.span)
            return When(earlier, to_confirm=self.when.to_confirm) if earlier else None
        return When(None, rule=periods.SINCE_YEAR_START)

    def where_of(self, mention: RegionMention) -> Where:
        """The region a mention names; 全市 and 全省 are the paper's city and province unless the
        paragraph opens on another one (孝义市经济…。全市…), 该县 the county last named."""
        reference = mention.reference
        opening = self.opening
        if opening is None:
            self.opening = mention.name if not reference else ""
        if not reference:
            level = {"市": "city", "县": "county", "区": "district"}.get(mention.name[-1])
            if mention.name.endswith(("省", "自治区")):
                level = "province"
            if level:
                self.last_named[level] = mention.name
            return Where(mention.name, known=mention.known)
        if reference == "home_city":
            return Where(self.reader.home_region)
        if reference == "home_province":
            return Where(self.reader.home_province)
        if reference in ("city", "province"):
            home = self.reader.home_region if reference == "city" else self.reader.home_province
            suffixes = ("市",) if reference == "city" else ("省", "自治区")
            if opening and opening.endswith(suffixes):
                return Where(opening)
            return Where(home)
        named = self.last_named.get(reference) or self.named_later(reference, mention.end)
        if named is None:
            return Where(UNNAMED.get(reference, mention.name), known=False)
        return Where(named, known=named in self.reader.gazetteer.names)

    def named_later(self, level: str, after: int) -> str | None:
        """The first region of `level` named later in the paragraph (“…全县…”交城县县长说)."""
        suffix = {"county": "县", "district": "区"}[level]
        for mention in self.reader.gazetteer.find(self.text[after:]):
            if not mention.reference and mention.name.endswith(suffix):
                return mention.name
        return None

    def default_when(self) -> When:
        if self.when is not None:
            return self.when
        if self.article.when is not None and self.article.when.span is not None:
            warning = _("时期取自前文，请核实。")
            return When(self.article.when.span, to_confirm=True, warning=warning)
        return When(None, rule="convention", to_confirm=not self.date_given)

    # --- reading ----------------------------------------------------------------------------

    def read(self) -> list[Figure]:
        for start, end in bounds(self.text, SENTENCE_ENDS):
            self.read_sentence(start, end, [t for t in self.tokens if start <= t.start < end])
        # A figure named by a word that may mean another indicator gives way to one named plainly
        # (地方财政收入 beside 一般公共预算收入).
        vague = ambiguous_warning()
        plain = {(f.indicator, f.region, f.period) for f in self.figures if vague not in f.warnings}
        self.figures = [
            f
            for f in self.figures
            if vague not in f.warnings or (f.indicator, f.region, f.period) not in plain
        ]
        self.figures = merge(self.figures, complementary_only=True)
        self.article.topic = self.topic
        self.article.last_named = self.last_named
        # Later paragraphs take the period of the article's first figure, its lead (一季度…), not
        # that of a stock named in passing (3月末，存贷余额…) or of an indicator published with a
        # lag (1-2月，货物进出口…); a heading without figures gives the one it names.
        if self.figures and not self.article.from_figures:
            self.article.when = When(self.figures[0].period)
            self.article.from_figures = True
        elif self.when is not None and not self.article.from_figures:
            self.article.when = self.when
        return self.figures

    def read_sentence(self, start: int, end: int, tokens: list[Token]) -> None:
        clauses = [start + a for a, _b in bounds(self.text[start:end], CLAUSE_ENDS)]
        sentence = _Sentence(clause_starts=clauses, last_end=start)
        estimate_at = next((t.start for t in tokens if t.kind == ESTIMATE_MARK), None)
        if ESTIMATE_AFTER.search(self.text, start, end):
            estimate_at = start  # …，均为预计数: every figure of the sentence
        target_at = next((t.start for t in tokens if t.kind == TARGET_MARK), None)
        if estimate_at is None:  # 有望突破, 将达到: a target unless estimated
            forecasts = [t.start for t in tokens if t.kind == FORECAST_MARK]
            target_at = min(
                [*forecasts, *([target_at] if target_at is not None else [])], default=None
            )
        for token in tokens:
            if token.kind == PERIOD:
                self.on_period(sentence, token)
            elif token.kind == REGION:
                self.on_region(sentence, token)
            elif token.kind == INDICATOR:
                self.on_indicator(sentence, token)
            elif token.kind in (VALUE, CHANGE):
                self.on_figure(sentence, token)
            elif token.kind == DISTRIBUTE_MARK and sentence.current is not None:
                sentence.current.distributed_from = len(sentence.current.evidence)
        sentence.close()
        if len(sentence.regions) == 1 and not self.compared(sentence.regions[0][0]):
            self.topic = sentence.regions[0][1]  # 孝义市经济运行稳中向好。上半年，…
        self.distribute_back(sentence.subjects)
        found: list[Figure] = []
        for subject in sentence.subjects:
            found += self.figures_of(subject, estimate_at, target_at)
            self.last_subject = subject
        self.figures += merge(found)

    def on_period(self, sentence: "_Sentence", token: Token) -> None:
        mention = token.data
        if mention.base:
            sentence.bases.append(mention)
            return
        when = self.when_of(mention)
        if when is None:
            return
        if not self.text.startswith("当月", token.end - 2):
            self.when = when  # 6月当月… is said of its own sentence only
        current = sentence.current
        if current is not None and not current.evidence:
            # 全市进出口总额去年达到…; 全市GDP 2019年和2020年分别…; 城乡居民收入稳步增长，上半年…
            sentence.late_whens = self.run(sentence.late_whens, token, when)
            current.whens = [w for _t, w in sentence.late_whens]
        else:
            sentence.whens = self.run(sentence.whens, token, when)

    def on_region(self, sentence: "_Sentence", token: Token) -> None:
        mention = token.data
        regions = sentence.regions
        coordinated = regions and _only(self.text[regions[-1][0].end : token.start], COORDINATION)
        if mention.subject or coordinated:
            sentence.regions = self.run(regions, token, self.where_of(mention))

    def on_indicator(self, sentence: "_Sentence", token: Token) -> None:
        mention: IndicatorMention = token.data
        current = sentence.current
        between = self.text[current.last_name_end : token.start] if current else ""
        if current and not current.evidence and _only(between, COORDINATION):
            current.codes += tuple(c for c in mention.codes if c not in current.codes)
            current.last_name_end = sentence.last_end = token.end  # 工业增加值、投资、零售额…
            return
        sentence.close()
        here = sentence.clause_of(token.start)
        regions = [
            (t, w)
            for t, w in sentence.regions
            if sentence.clause_of(t.start) == here or not self.compared(t)
        ]
        sentence.current = self.subject(token, mention, regions, sentence.whens, here)
        sentence.regions, sentence.whens, sentence.late_whens = [], [], []
        sentence.suspended = False
        loose = sentence.loose_value
        if loose and self.text[loose.end : token.start].strip() == "的":
            sentence.current.evidence.append(loose)  # 1512.1亿元的地区生产总值
        sentence.last_end = token.end

    def on_figure(self, sentence: "_Sentence", token: Token) -> None:
        """A value or a change: the current subject's, a repeated indicator's, or nobody's."""
        aside = self.aside(sentence, token)
        if aside is not None:
            sentence.subjects.append(aside)
            return
        named = [t for t, _w in sentence.regions + sentence.whens if t.start >= sentence.last_end]
        reference = sentence.current or self.last_subject
        if named and reference and len(reference.codes) == 1:
            if _fillers_only(self.strip(max(t.end for t in named), token.start)):
                sentence.close()
                sentence.current = self.repeat(
                    reference, sentence.regions, sentence.whens, sentence.last_end
                )
                sentence.regions, sentence.whens, sentence.suspended = [], [], False
        clause = sentence.clause_of(token.start)
        lead = self.strip(max(sentence.last_end, clause), token.start)
        if OTHER_THING.search(METHOD.sub("", lead)):
            sentence.suspended = True  # 其中工业投资增长15.1%: another thing's figure
        sentence.loose_value = token if token.kind == VALUE else None
        current = sentence.current
        if current is not None and not sentence.suspended:
            current.evidence.append(token)
            if token.kind == CHANGE:
                current.basis[token.start] = self.basis(
                    token, clause, sentence.last_end, sentence.bases
                )
        sentence.last_end = token.end

    def aside(self, sentence: "_Sentence", token: Token) -> Subject | None:
        """The figure of a region compared with, in brackets after it (比全省(7.7%)和全国(7.0%)
        分别高…): the current indicator's growth in that region."""
        current = sentence.current
        if current is None or len(current.codes) != 1 or token.kind != VALUE:
            return None
        if token.data.base != "%" or not self.text[: token.start].rstrip().endswith("（"):
            return None
        before = self.text[: token.start].rstrip()[:-1]
        region = next(
            (
                t
                for t in self.tokens
                if t.kind == REGION
                and t.end <= len(before)
                and re.fullmatch(r"\s*(?:平均)?(?:水平)?\s*", before[t.end :])
            ),
            None,
        )
        if region is None:
            return None
        spec = self.reader.specs.get(current.codes[0])
        amount = token.data
        if spec is not None and spec.unit != "%":
            token = Token(
                CHANGE, token.start, token.end, Change(amount.number, "%", amount.qualifier)
            )
        return Subject(
            codes=current.codes,
            regions=[self.where_of(region.data)],
            whens=current.whens[:1],
            start=region.start,
            evidence=[token],
            last_name_end=region.end,
        )

    def run(self, items: list, token: Token, item) -> list:
        """`items` with `token` added if it continues their list (孝义市、汾阳市), else only it."""
        if items and _only(self.text[items[-1][0].end : token.start], COORDINATION):
            if any(other == item for _t, other in items):
                return items  # 吕梁全市
            return [*items, (token, item)]
        return [(token, item)]

    def compared(self, token: Token) -> bool:
        """Whether a number follows a region right away (高出全市3个百分点): the region is compared
        with, and is not what a later clause speaks of (unlike 全区居民人均可支配收入36591元)."""
        end = next(
            (b for _a, b in bounds(self.text, CLAUSE_ENDS + SENTENCE_ENDS) if b > token.start)
        )
        number = re.search(r"\d", self.text[token.end : end])
        return number is not None and _fillers_only(
            self.text[token.end : token.end + number.start()]
        )

    def strip(self, start: int, end: int) -> str:
        """The text between two offsets without the mentions of periods, regions and markers."""
        pieces, position = [], start
        for token in self.tokens:
            if token.end <= start or token.start >= end:
                continue
            if token.kind in (PERIOD, REGION, ESTIMATE_MARK, DISTRIBUTE_MARK):
                pieces.append(self.text[position : max(position, token.start)])
                position = max(position, token.end)
        pieces.append(self.text[position:end])
        return "".join(pieces)

    def subject(self, token, mention, regions, whens, clause_start) -> Subject:
        where_list = [where for _t, where in regions]
        if where_list:
            self.topic = where_list[0] if len(where_list) == 1 else None
        else:
            unknown = self.reader.gazetteer.unknown_before(self.text[clause_start : token.start])
            if unknown:
                where_list = [Where(unknown, known=False)]
            elif mention.national:
                where_list = [Where(NATION)]  # 国内生产总值 is the country's
                self.topic = where_list[0]
            else:
                where_list = [self.topic or Where(self.reader.home_region)]
        when_list = [when for _t, when in whens] or [self.default_when()]
        return Subject(
            codes=mention.codes,
            regions=where_list,
            whens=when_list,
            start=token.start,
            ambiguous=mention.ambiguous,
            last_name_end=token.end,
        )

    def repeat(self, reference: Subject, regions, whens, after: int) -> Subject:
        """The last indicator again, for a region or period named after its figures."""
        reference = reference.origin or reference
        named_regions = [(t, w) for t, w in regions if t.start >= after]
        named_whens = [(t, w) for t, w in whens if t.start >= after]
        first = min(t.start for t, _x in named_regions + named_whens)
        return Subject(
            codes=reference.codes,
            regions=[w for _t, w in named_regions] or reference.regions[:1],
            whens=[w for _t, w in named_whens] or reference.whens[:1],
            start=first,
            ambiguous=reference.ambiguous,
            last_name_end=first,
            origin=reference,
        )

    def basis(self, token: Token, clause_start: int, last_end: int, bases) -> str:
        """Year on year ("yoy"), month on month, an average over years, or another base."""
        before = self.text[max(clause_start, last_end, token.start - 10) : token.start]
        words = CHANGE_BASIS_WORDS.search(before)
        if words:
            return ("mom", "other", "average")[words.lastindex - 1]
        near = [b for b in bases if clause_start <= b.start < token.start]
        if near and not near[-1].base_is_previous_year:
            base = near[-1].span
            if base is not None and base.kind == spans.YEAR and near[-1].year_printed:
                return f"year:{base.start.year}"  # yoy if the figure is the next year's
            return "other"  # 较1—7月
        return "yoy"

    def distribute_back(self, subjects: list[Subject]) -> None:
        """城镇…29181元、农村…9963元，分别增长6.8%、10.3%: the changes after 分别 go one to
        each of the subjects just named."""
        for index, subject in enumerate(subjects):
            if subject.distributed_from is None or len(subject.keys()) > 1:
                continue
            for kind in (VALUE, CHANGE):
                after = [t for t in subject.evidence[subject.distributed_from :] if t.kind == kind]
                targets = subjects[index + 1 - len(after) : index + 1]
                if len(after) < 2 or len(targets) != len(after):
                    continue
                if any(
                    len(t.keys()) > 1 or any(e.kind == kind for e in t.evidence if e not in after)
                    for t in targets
                ):
                    continue
                subject.evidence = [e for e in subject.evidence if e not in after]
                for target, token in zip(targets, after, strict=True):
                    target.evidence.append(token)
                    target.basis.update(subject.basis)

    # --- figures ----------------------------------------------------------------------------

    def figures_of(self, subject: Subject, estimate_at, target_at) -> list[Figure]:
        keys = subject.keys()
        values = [t for t in subject.evidence if t.kind == VALUE]
        changes = [t for t in subject.evidence if t.kind == CHANGE]
        figures = []
        for index, (code, where, when) in enumerate(keys):
            spec = self.reader.specs.get(code)
            if spec is None:
                continue
            if len(keys) == 1:
                value = self.pick_value(values, spec)
                change = self.pick_change(subject, spec, when)
            else:
                value = values[index] if len(values) == len(keys) else None
                change = changes[index] if len(changes) == len(keys) else None
                if value is not None and self.fit(value.data, spec) is None:
                    value = None
                if change is not None and not self.acceptable(change, subject, spec, when):
                    change = None
            averages = [
                t for t in changes if subject.basis.get(t.start) == "average" and t is not change
            ]
            figure = self.figure(subject, code, where, when, value, change, estimate_at, target_at)
            if figure is not None:
                figures.append(figure)
            if len(keys) == 1 and averages and self.plan and when.span != self.plan:
                plan_when = When(self.plan)
                figure = self.figure(
                    subject, code, where, plan_when, None, averages[0], estimate_at, target_at
                )
                if figure is not None:
                    figures.append(figure)
        return figures

    def fit(self, amount: Amount, spec: IndicatorSpec) -> tuple[Decimal, str] | None:
        """The value in a unit of the indicator's dimension, as printed (None if it is not)."""
        dimension = UNITS.get(spec.unit, ("?",))[0]
        base = amount.base or spec.unit.lstrip("万亿")
        unit = amount.multiplier + base
        if unit not in UNITS:
            if base not in UNITS or not amount.multiplier:
                return None
            return amount.number * MULTIPLIERS[amount.multiplier], base
        if UNITS[unit][0] != dimension:
            return None
        return amount.number, unit

    def pick_value(self, values: list[Token], spec: IndicatorSpec) -> Token | None:
        fitting = [t for t in values if self.fit(t.data, spec) is not None]
        exact = [t for t in fitting if not t.data.qualifier]
        return (exact or fitting or [None])[0]

    def acceptable(self, token: Token, subject: Subject, spec, when: When) -> bool:
        change: Change = token.data
        basis = subject.basis.get(token.start, "yoy")
        if basis.startswith("year:"):  # 2020年…比2019年增长3.6%; not 比2015年增长40%
            following = when.span and when.span.kind == spans.YEAR and when.span.start.year
            basis = "yoy" if following == int(basis[5:]) + 1 else "other"
        if change.unit == "pt":
            return spec.unit == "%" and basis == "yoy"
        if basis == "average":
            return when.span is not None and when.span.kind == spans.PLAN
        return basis == "yoy"

    def pick_change(self, subject, spec, when) -> Token | None:
        changes = [t for t in subject.evidence if t.kind == CHANGE]
        found = next((t for t in changes if self.acceptable(t, subject, spec, when)), None)
        if found is not None or spec.unit == "%":
            return found
        # 增幅居全省第一，达到5.8%: a percentage after the word for the growth rate
        for token in subject.evidence:
            if token.kind == VALUE and token.data.base == "%":
                words = RATE_WORDS.findall(self.text[subject.last_name_end : token.start])
                if words:
                    sign = -1 if words[-1] == "降幅" else 1
                    change = Change(sign * token.data.number, "%", token.data.qualifier)
                    return Token(CHANGE, token.start, token.end, change)
        return None

    def figure(self, subject, code, where, when, value, change, estimate_at, target_at):
        if value is None and change is None:
            return None
        spec = self.reader.specs[code]
        used = [t for t in (value, change) if t is not None]
        first, last = min(t.start for t in used), max(t.end for t in used)
        if target_at is not None and target_at < first:
            return None
        is_estimate = estimate_at is not None and estimate_at < last
        span, to_confirm, warning = when.resolve(self.date, spec.frequency, is_estimate)
        if span.start > self.date or (span.end > self.date + GRACE and not is_estimate):
            return None  # a target or a forecast for a period not over yet
        warnings = [warning] if warning else []
        if not where.known:
            warnings.append(_("地区“%(name)s”不在地区目录中，请核实。") % {"name": where.name})
        if subject.ambiguous:
            warnings.append(ambiguous_warning())
        number, unit = self.fit(value.data, spec) if value is not None else (None, "")
        yoy = points = None
        if change is not None:
            if change.data.unit == "pt":
                points = change.data.number
            else:
                yoy = change.data.number
        qualifier = "".join(t.data.qualifier for t in used)
        return Figure(
            indicator=code,
            region=where.name,
            period=span,
            value=number,
            unit=unit,
            yoy_change=yoy,
            is_estimate=is_estimate,
            span=(self.offset + subject.start, self.offset + last),
            change_points=points,
            qualifier=qualifier,
            period_to_confirm=to_confirm,
            warnings=tuple(warnings),
        )


def merge(figures: list[Figure], *, complementary_only: bool = False) -> list[Figure]:
    """One figure for an indicator, region and period stated twice: in a sentence, where an
    approximate value gives way to the exact one (经济总量突破180亿元，地区生产总值达181.4亿元),
    or in a paragraph when the two say different things about it (社零下降5.9%。全市实现社零
    825.81亿元。). Two different exact values stay two figures (户籍人口…万人，常住人口…万人)."""
    merged: list[Figure] = []
    for figure in figures:
        key = (figure.indicator, figure.region, figure.period)
        index = next(
            (
                i
                for i, other in enumerate(merged)
                if (other.indicator, other.region, other.period) == key
                and (
                    _complementary(other, figure)
                    or (bool(other.qualifier) != bool(figure.qualifier))
                    or (not complementary_only and bool(other.qualifier or figure.qualifier))
                )
            ),
            None,
        )
        if index is None:
            merged.append(figure)
        else:
            merged[index] = _combined(merged[index], figure)
    return merged


def _complementary(a: Figure, b: Figure) -> bool:
    def agree(x, y):
        return x is None or y is None or x == y

    return (
        agree(a.value, b.value)
        and agree(a.yoy_change, b.yoy_change)
        and agree(a.change_points, b.change_points)
    )


def _combined(first: Figure, second: Figure) -> Figure:
    exact = first if first.value is not None and not first.qualifier else second
    if exact.value is None:
        exact = first if not first.qualifier or second.qualifier else second
    other = second if exact is first else first
    lends = (exact.value is None and other.value is not None) or (
        exact.yoy_change is None
        and exact.change_points is None
        and (other.yoy_change is not None or other.change_points is not None)
    )
    return replace(
        exact,
        value=exact.value if exact.value is not None else other.value,
        unit=exact.unit if exact.value is not None else other.unit,
        yoy_change=exact.yoy_change if exact.yoy_change is not None else other.yoy_change,
        change_points=exact.change_points
        if exact.change_points is not None
        else other.change_points,
        is_estimate=first.is_estimate or second.is_estimate,
        qualifier=exact.qualifier or (other.qualifier if lends else ""),
        period_to_confirm=first.period_to_confirm and second.period_to_confirm,
        warnings=tuple(dict.fromkeys(first.warnings + second.warnings)),
        span=(min(first.span[0], second.span[0]), max(first.span[1], second.span[1])),
    )


def paragraph_figures(text, *, offset, date, date_given, reader, article) -> list[Figure]:
    """The figures stated in one paragraph (`offset`: where it starts in the article)."""
    return _Paragraph(text, offset, date, date_given, reader, article).read()
