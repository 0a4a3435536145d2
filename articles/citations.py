"""An article as a reference: GB/T 7714, RIS, BibTeX, CSL-JSON and Highwire `citation_*` tags.

Every format describes the same newspaper article (RIS `NEWS`, BibTeX `@article` with
`entrysubtype = {newspaper}` as biblatex reads it, CSL `article-newspaper`) from one
`Reference`, so the formats cannot disagree. Chinese names are kept whole (RIS/BibTeX: one
braced name; CSL: `literal`): splitting 欧阳娜娜 into family and given name by rule is wrong often
enough that reference managers are better left to show the name as printed.
"""

import datetime
import json
from dataclasses import dataclass

WRITING_ROLES = ("reporter", "correspondent", "author")

RIS_CONTENT_TYPE = "application/x-research-info-systems; charset=utf-8"
BIBTEX_CONTENT_TYPE = "application/x-bibtex; charset=utf-8"
CSL_JSON_CONTENT_TYPE = "application/vnd.citationstyles.csl+json; charset=utf-8"


def writers(article) -> list[str]:
    """Names of those who wrote the article (not the photographers or editors), in byline order."""
    return [c.person.name for c in article.article_credits.all() if c.role in WRITING_ROLES]


@dataclass(frozen=True)
class Reference:
    key: str  # a citation key, stable per article: lvliang-daily-2020-09-15-42
    title: str
    subtitle: str
    authors: list[str]
    newspaper: str
    publisher: str
    date: datetime.date
    issue_number: int
    page: int
    page_name: str
    section: str
    abstract: str
    url: str


def reference(article, url: str) -> Reference:
    """The facts every format cites; `article` comes with listing data (issue, page, credits)."""
    issue = article.issue
    paragraphs = article.paragraphs
    return Reference(
        key=f"{issue.publication.slug}-{issue.date:%Y-%m-%d}-{article.pk}",
        title=article.headline,
        subtitle=article.subheadline,
        authors=writers(article),
        newspaper=issue.publication.name,
        publisher=issue.publication.publisher,
        date=issue.date,
        issue_number=issue.number,
        page=article.page.number,
        page_name=article.page.name,
        section=article.section.name if article.section else "",
        abstract=paragraphs[0][:300] if paragraphs else "",
        url=url,
    )


def full_title(ref: Reference) -> str:
    """Headline and subheadline as GB/T 7714 joins them: 市委常委会召开会议: 李正印主持."""
    return ref.title + (f": {ref.subtitle}" if ref.subtitle else "")


def gbt7714(ref: Reference) -> str:
    """A GB/T 7714-2015 reference to a newspaper article, e.g.
    李雅萍. 市委常委会召开会议[N]. 吕梁日报, 2020-09-15(1)."""
    authors = ref.authors[:3] + ["等"] if len(ref.authors) > 3 else ref.authors
    prefix = ", ".join(authors) + ". " if authors else ""
    return f"{prefix}{full_title(ref)}[N]. {ref.newspaper}, {ref.date:%Y-%m-%d}({ref.page})."


def _one_line(text: str) -> str:
    """RIS and BibTeX fields hold one line each."""
    return " ".join(text.split())


def ris(ref: Reference) -> str:
    """An RIS record of type NEWS (newspaper article), CRLF line ends as the format specifies."""
    lines = [("TY", "NEWS"), ("TI", full_title(ref))]  # RIS has no subtitle tag
    lines += [("AU", name) for name in ref.authors]
    lines += [
        ("T2", ref.newspaper),
        ("PY", f"{ref.date.year}"),
        ("DA", f"{ref.date:%Y/%m/%d}"),
        ("IS", str(ref.issue_number)),
        ("SP", str(ref.page)),
    ]
    if ref.section or ref.page_name:
        lines.append(("SE", ref.section or ref.page_name))
    if ref.publisher:
        lines.append(("PB", ref.publisher))
    if ref.abstract:
        lines.append(("AB", ref.abstract))
    lines += [("LA", "zh-Hans"), ("UR", ref.url), ("ER", "")]
    return "".join(f"{tag}  - {_one_line(value)}\r\n" for tag, value in lines)


# Characters with a meaning in BibTeX values, written so that they print as themselves.
_BIBTEX_ESCAPES = str.maketrans(
    {
        "\\": r"\textbackslash{}",
        "{": r"\{",
        "}": r"\}",
        "%": r"\%",
        "&": r"\&",
        "$": r"\$",
        "#": r"\#",
        "_": r"\_",
        "~": r"\textasciitilde{}",
        "^": r"\textasciicircum{}",
    }
)


def _bibtex_value(text: str) -> str:
    return _one_line(text).translate(_BIBTEX_ESCAPES)


def bibtex(ref: Reference) -> str:
    """A BibTeX entry: @article with biblatex's entrysubtype = {newspaper}; UTF-8 as biber and
    BibTeX-with-xeCJK read it. Each author is braced so that no name is split at a space."""
    fields = [
        ("title", ref.title),
        ("subtitle", ref.subtitle),
        ("journal", ref.newspaper),
        ("journaltitle", ref.newspaper),
        ("entrysubtype", "newspaper"),
        ("date", ref.date.isoformat()),
        ("year", str(ref.date.year)),
        ("month", str(ref.date.month)),
        ("number", str(ref.issue_number)),
        ("pages", str(ref.page)),
        ("publisher", ref.publisher),
        ("language", "chinese"),
        ("url", ref.url),
    ]
    body = []
    if ref.authors:
        names = " and ".join("{" + _bibtex_value(name) + "}" for name in ref.authors)
        body.append(f"  author = {{{names}}}")
    body += [f"  {name} = {{{_bibtex_value(value)}}}" for name, value in fields if value]
    return f"@article{{{ref.key},\n" + ",\n".join(body) + "\n}\n"


def csl_item(ref: Reference) -> dict:
    """One CSL-JSON item of type article-newspaper (Zotero's and Pandoc's input)."""
    item = {
        "id": ref.key,
        "type": "article-newspaper",
        "title": full_title(ref),
        "author": [{"literal": name} for name in ref.authors],
        "container-title": ref.newspaper,
        "publisher": ref.publisher,
        "issued": {"date-parts": [[ref.date.year, ref.date.month, ref.date.day]]},
        "issue": str(ref.issue_number),
        "page": str(ref.page),
        "section": ref.section or ref.page_name,
        "abstract": ref.abstract,
        "language": "zh-CN",
        "URL": ref.url,
    }
    return {name: value for name, value in item.items() if value}


def csl_json(ref: Reference) -> str:
    """A CSL-JSON document: a list of one item."""
    return json.dumps([csl_item(ref)], ensure_ascii=False, indent=2)


def highwire_tags(ref: Reference) -> list[tuple[str, str]]:
    """(name, content) of the Highwire `citation_*` meta tags Zotero and Google Scholar read."""
    tags = [("citation_title", ref.title)]
    tags += [("citation_author", name) for name in ref.authors]
    tags += [
        ("citation_publication_date", f"{ref.date:%Y/%m/%d}"),
        ("citation_date", f"{ref.date:%Y/%m/%d}"),
        ("citation_journal_title", ref.newspaper),
        ("citation_issue", str(ref.issue_number)),
        ("citation_firstpage", str(ref.page)),
        ("citation_language", "zh"),
        ("citation_public_url", ref.url),
    ]
    if ref.publisher:
        tags.append(("citation_publisher", ref.publisher))
    if ref.abstract:
        tags.append(("citation_abstract", ref.abstract))
    return tags


FORMATS = {
    # address suffix: (render, content type, file extension)
    "ris": (ris, RIS_CONTENT_TYPE, "ris"),
    "bib": (bibtex, BIBTEX_CONTENT_TYPE, "bib"),
    "csl": (csl_json, CSL_JSON_CONTENT_TYPE, "json"),
}
