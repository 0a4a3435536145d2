"""What the parser proposes for one page: plain dataclasses an editor's form can change and a
service can save, and their JSON form as `import_page --json` prints it."""

import datetime
from dataclasses import dataclass, field

from django.utils import translation

from articles.models import Genre
from indicators.extraction import Figure

from ..lines import Box

OWN = "own"
REPRINT = "reprint"
WIRE = "wire"

# The printed labels of the roles, in the order a byline gives them.
REPORTER = "记者"
CORRESPONDENT = "通讯员"
PHOTOGRAPHER = "摄影"
AUTHOR = "作者"
ARTICLE_ROLES = (REPORTER, CORRESPONDENT, PHOTOGRAPHER)

LAYOUT = "组版"
EDITOR = "责编"
PROOFREADER = "校对"
PAGE_ROLES = (LAYOUT, EDITOR, PROOFREADER)


def _iso(day: datetime.date | None) -> str | None:
    return day.isoformat() if day else None


@dataclass
class IssueProposal:
    """The masthead: which paper, which day, which number; `lunar` as printed (without 农历)."""

    publication: str | None = None
    date: datetime.date | None = None
    number: int | None = None
    page_count: int | None = None
    lunar: str | None = None

    def as_json(self) -> dict:
        return {
            "publication": self.publication,
            "date": _iso(self.date),
            "number": self.number,
            "page_count": self.page_count,
            "lunar": self.lunar,
        }


@dataclass
class PageProposalInfo:
    """The page's number and name, the department running it and the staff it credits."""

    number: int | None = None
    name: str | None = None
    department: str | None = None
    email: str | None = None
    credits: dict[str, list[str]] = field(default_factory=lambda: {r: [] for r in PAGE_ROLES})

    def as_json(self) -> dict:
        return {
            "number": self.number,
            "name": self.name,
            "department": self.department,
            "email": self.email,
            "credits": {role: list(names) for role, names in self.credits.items()},
        }


@dataclass
class SourceProposal:
    """Where a reprint first appeared: 《人民日报》(2020年9月14日第10版)."""

    publication: str | None = None
    date: datetime.date | None = None
    page: int | None = None

    def as_json(self) -> dict:
        return {"publication": self.publication, "date": _iso(self.date), "page": self.page}


@dataclass
class DatelineProposal:
    """The lead's 电头: `label` as printed (本报讯, 新华社北京9月14日电), its place and date."""

    label: str | None = None
    place: str | None = None
    date: datetime.date | None = None

    def as_json(self) -> dict:
        return {"place": self.place, "date": _iso(self.date), "label": self.label}


@dataclass
class ArticleProposal:
    """One printed item. `genre` is a Genre value; `origin` is own, reprint or wire; `region` the
    union of its lines' boxes when the source had boxes; `warnings` what needs the editor's eye."""

    headline: str = ""
    kicker: str = ""
    subheadline: str = ""
    genre: str = Genre.NEWS
    origin: str = OWN
    agency: str | None = None
    source: SourceProposal = field(default_factory=SourceProposal)
    dateline: DatelineProposal = field(default_factory=DatelineProposal)
    credits: dict[str, list[str]] = field(default_factory=lambda: {r: [] for r in ARTICLE_ROLES})
    signatory: str | None = None
    signed_on: str | None = None
    body: str = ""
    region: Box | None = None
    figures: list[Figure] = field(default_factory=list)
    interleaved: bool = False
    warnings: list[str] = field(default_factory=list)

    @property
    def paragraphs(self) -> list[str]:
        return [line for line in self.body.split("\n") if line.strip()]

    def as_json(self) -> dict:
        with translation.override("zh-hans"):
            genre = str(Genre(self.genre).label)
        return {
            "kicker": self.kicker or None,
            "headline": self.headline or None,
            "subheadline": self.subheadline or None,
            "genre": genre,
            "origin": self.origin,
            "agency": self.agency,
            "source": self.source.as_json(),
            "dateline": self.dateline.as_json(),
            "credits": {role: list(names) for role, names in self.credits.items()},
            "signatory": self.signatory,
            "signed_on": self.signed_on,
            "body": self.body,
            "region": self.region.as_list() if self.region else None,
            "figures": [figure.as_json() for figure in self.figures],
            "interleaved": self.interleaved,
            "warnings": list(self.warnings),
        }


@dataclass
class PageProposal:
    """The whole proposal: masthead, page, items in reading order, and the page's warnings."""

    issue: IssueProposal = field(default_factory=IssueProposal)
    page: PageProposalInfo = field(default_factory=PageProposalInfo)
    articles: list[ArticleProposal] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def as_json(self) -> dict:
        return {
            "issue": self.issue.as_json(),
            "page": self.page.as_json(),
            "articles": [article.as_json() for article in self.articles],
            "warnings": list(self.warnings),
        }
