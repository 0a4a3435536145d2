"""Saving a confirmed page proposal: the issue, the page and its items, all as drafts.

`import_page()` is the one way an import reaches the database — the admin's 导入版面, the
`import_page --commit` command and the background job all call it. It writes everything in one
transaction: a refusal or an error leaves nothing behind. See docs/import.md ("Saving").
"""

import datetime
import hashlib
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

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
from indicators.models import Observation
from indicators.services import propose_observations
from publishing.rule import check_write

from .lines import PageSource
from .parsing.proposal import (
    AUTHOR,
    CORRESPONDENT,
    EDITOR,
    LAYOUT,
    PHOTOGRAPHER,
    PROOFREADER,
    REPORTER,
    ArticleProposal,
    PageProposal,
)

ARTICLE_ROLES = {
    REPORTER: ArticleCredit.Role.REPORTER,
    CORRESPONDENT: ArticleCredit.Role.CORRESPONDENT,
    PHOTOGRAPHER: ArticleCredit.Role.PHOTOGRAPHER,
    AUTHOR: ArticleCredit.Role.AUTHOR,
}
PAGE_ROLES = {
    LAYOUT: PageCredit.Role.LAYOUT,
    EDITOR: PageCredit.Role.EDITOR,
    PROOFREADER: PageCredit.Role.PROOFREADER,
}
IMAGE_TYPES = {b"\xff\xd8\xff": "jpg", b"\x89PNG": "png"}


@dataclass
class ImportedPage:
    """What `import_page()` saved: the issue (new or found), the page, its articles in printed
    order, the figures proposed from them, and whether an earlier import was replaced."""

    issue: Issue
    page: Page
    articles: list[Article] = field(default_factory=list)
    observations: list[Observation] = field(default_factory=list)
    issue_created: bool = False
    replaced: bool = False


class AlreadyImported(ValidationError):
    """The page was imported before and the caller did not ask to replace it."""


def _error(message: str, code: str, field_name: str | None = None) -> ValidationError:
    return ValidationError({field_name: message} if field_name else message, code=code)


def _publication(name: str | None, given: Publication | None) -> Publication:
    """The paper the page belongs to: the one given, else the masthead's by name, else our own."""
    if given is not None:
        return given
    if name:
        found = Publication.objects.filter(name=name).first()
        if found is not None:
            return found
    own = Publication.objects.own().first()
    if own is None:
        raise _error(_("还没有本报：请先在“报刊”中添加本报，再导入版面。"), "no_publication")
    return own


def _source_publication(name: str) -> Publication:
    """A reprint's source paper by name, added (not our own) on its first reprint."""
    found = Publication.objects.filter(name=name).first()
    if found is not None:
        return found
    # names are Chinese, which slugify() empties: a stable slug from the name instead
    slug = "paper-" + hashlib.sha1(name.encode()).hexdigest()[:10]
    publication = Publication(name=name, slug=slug, is_own=False)
    publication.full_clean()
    publication.save()
    return publication


class _People:
    """Find-or-create people by name, once per name and affiliation in one import.

    A printed name may belong to several people in the archive (namesakes told apart by their
    disambiguation): the one of the same paper is taken, else the one without a disambiguation,
    else the first; an unknown name is added with the paper as affiliation.
    """

    def __init__(self):
        self.cache: dict[tuple[str, int | None], Person] = {}

    def get(self, name: str, affiliation: Publication | None) -> Person:
        key = (name, affiliation.pk if affiliation else None)
        if key not in self.cache:
            namesakes = list(Person.objects.filter(name=name))
            person = next(
                (p for p in namesakes if affiliation and p.affiliation_id == affiliation.pk),
                None,
            ) or next((p for p in namesakes if not p.disambiguation), None)
            if person is None and namesakes:
                person = namesakes[0]
            if person is None:
                person = Person(name=name, affiliation=affiliation)
                person.full_clean()
                person.save()
            self.cache[key] = person
        return self.cache[key]


def _find_issue(
    proposal: PageProposal, publication: Publication, day: datetime.date, page_number: int
) -> tuple[Issue, bool]:
    issue = Issue.objects.filter(publication=publication, date=day).first()
    number = proposal.issue.number
    if issue is not None:
        if number and issue.number != number:
            raise _error(
                _("%(date)s 的这一期已存在，期号是第%(stored)s期，版面上印的是第%(printed)s期。")
                % {"date": day.isoformat(), "stored": issue.number, "printed": number},
                "issue_number_differs",
                "number",
            )
        return issue, False
    if not number:
        raise _error(
            _("%(date)s 还没有这一期，版面上也没有读出期号：请填写期号。")
            % {"date": day.isoformat()},
            "no_issue_number",
            "number",
        )
    issue = Issue(
        publication=publication,
        date=day,
        number=number,
        page_count=max(proposal.issue.page_count or 0, page_number, 1),
        status=Status.DRAFT,
    )
    issue.full_clean()
    issue.save()
    return issue, True


def _clear_earlier_import(page: Page, *, user) -> None:
    """Remove what an earlier import of `page` left: its articles (all drafts) and credits."""
    if page.articles.filter(status=Status.PUBLISHED).exists():
        raise _error(
            _("这一版已有发布的稿件，不能用导入替换：请先撤回这些稿件。"), "published_articles"
        )
    for article in page.articles.all():
        if user is not None:
            check_write(user=user, obj=article)
        article.delete()
    page.page_credits.all().delete()


def _signature(article: ArticleProposal) -> str:
    """落款 as printed: the signatory and the date (2020年9月 from "2020-09")."""
    when = ""
    if article.signed_on:
        parts = [int(part) for part in article.signed_on.split("-")]
        when = f"{parts[0]}年{parts[1]}月" if len(parts) > 1 else f"{parts[0]}年"
        if len(parts) > 2:
            when += f"{parts[2]}日"
    return " ".join(part for part in (article.signatory or "", when) if part)


def _region(article: ArticleProposal, saved: Article) -> ArticleRegion | None:
    box = article.region
    if box is None:
        return None
    x, y = min(max(box.x, 0.0), 1.0), min(max(box.y, 0.0), 1.0)
    width, height = min(box.width, 1.0 - x), min(box.height, 1.0 - y)
    if width <= 0 or height <= 0:
        return None
    return ArticleRegion(article=saved, x=x, y=y, width=width, height=height)


def _save_article(
    proposal: ArticleProposal,
    *,
    issue: Issue,
    page: Page,
    position: int,
    people: _People,
    user,
) -> Article:
    number = position + 1
    if not proposal.headline.strip():
        raise _error(
            _("第%(number)s篇没有标题：请填写标题，或删去这一篇。") % {"number": number},
            "no_headline",
        )
    source = (
        _source_publication(proposal.source.publication)
        if proposal.origin == "reprint" and proposal.source.publication
        else None
    )
    article = Article(
        issue=issue,
        page=page,
        position=number,
        kicker=proposal.kicker or "",
        headline=proposal.headline.strip(),
        subheadline=proposal.subheadline or "",
        dateline=(proposal.dateline.label or "")[:50],
        dateline_place=proposal.dateline.place or "",
        event_date=proposal.dateline.date,
        body=proposal.body,
        signature=_signature(proposal),
        genre=proposal.genre,
        origin=proposal.origin,
        agency=proposal.agency or "",
        source_publication=source,
        source_date=proposal.source.date if source else None,
        source_page=proposal.source.page if source else None,
        status=Status.DRAFT,
    )
    if user is not None:
        check_write(user=user, obj=article)
    try:
        article.full_clean()
    except ValidationError as error:
        # say which item: a page has a dozen
        raise ValidationError(
            [
                _("第%(number)s篇《%(headline)s》：%(message)s")
                % {"number": number, "headline": article.headline, "message": message}
                for message in error.messages
            ]
        ) from None
    article.save()
    # a reprint's reporters work for the paper it comes from; our own for us
    affiliation = source or (issue.publication if proposal.origin == "own" else None)
    order = 0
    for label, names in proposal.credits.items():
        role = ARTICLE_ROLES.get(label)
        for name in dict.fromkeys(names) if role else ():
            ArticleCredit.objects.create(
                article=article, person=people.get(name, affiliation), role=role, position=order
            )
            order += 1
    region = _region(proposal, article)
    if region is not None:
        region.full_clean()
        region.save()
    return article


def _attach_files(page: Page, source: PageSource | None, pdf: bytes | None, stem: str) -> None:
    if pdf:
        page.pdf.save(f"{stem}.pdf", ContentFile(pdf), save=False)
    if source is not None and source.image:
        extension = next(
            (ext for magic, ext in IMAGE_TYPES.items() if source.image.startswith(magic)), "jpg"
        )
        page.image.save(f"{stem}.{extension}", ContentFile(source.image), save=False)


@transaction.atomic
def import_page(
    proposal: PageProposal,
    *,
    source: PageSource | None = None,
    pdf: bytes | None = None,
    publication: Publication | None = None,
    issue_date: datetime.date | None = None,
    page_number: int | None = None,
    replace: bool = False,
    user=None,
) -> ImportedPage:
    """Save a (checked) page proposal as drafts: issue, page, articles, credits, regions, the
    page image or PDF and the proposed figures — all of it or, on any error, nothing.

    The issue is found by paper and date, or created (a draft) from the masthead's number and
    page count; `issue_date` and `page_number` override what the page printed. `source` is what
    the file was read into: its text and line boxes are kept on the page, its image becomes the
    page image; `pdf` is the PDF itself when the input was one. A page already imported (it has
    articles or an import time) is refused with AlreadyImported unless `replace`, which removes
    its draft articles first; a page with published articles is never replaced. Nothing is
    imported into a published issue: its pages would be public at once. With `user`, the
    publishing rule applies to every row; without one (the operator's command) it is trusted.
    Figures are proposed through indicators' propose_observations(): unaccepted, never public.
    Raise ValidationError with a Chinese message, nothing saved, for what cannot be saved.
    """
    publication = _publication(proposal.issue.publication, publication)
    day = issue_date or proposal.issue.date
    if day is None:
        raise _error(_("没有出版日期：版面上没有读出日期，请填写。"), "no_date", "date")
    number = page_number or proposal.page.number
    if not number:
        raise _error(_("没有版次：版面上没有读出第几版，请填写。"), "no_page_number", "page")
    issue, issue_created = _find_issue(proposal, publication, day, number)
    if issue.status == Status.PUBLISHED:
        raise _error(
            _("这一期已经发布：导入的版面会立即公开。请先撤回这一期，或导入到未发布的期次。"),
            "published_issue",
        )
    page = Page.objects.select_for_update().filter(issue=issue, number=number).first()
    replaced = False
    if page is not None and (page.imported_at or page.articles.exists()):
        if not replace:
            raise AlreadyImported(
                _("%(issue)s 第%(page)s版已经导入过（或已有稿件）：选择“替换”才会覆盖。")
                % {"issue": issue, "page": number},
                code="already_imported",
            )
        _clear_earlier_import(page, user=user)
        replaced = True
    if page is None:
        page = Page(issue=issue, number=number)
    page.name = proposal.page.name or page.name
    page.department = proposal.page.department or page.department
    page.department_email = proposal.page.email or page.department_email
    if source is not None:
        page.source_kind = source.kind
        page.source_text = "\n".join(line.text for line in source.lines)
        page.source_boxes = [line.box.as_list() if line.box else None for line in source.lines]
    page.imported_at = timezone.now()
    _attach_files(page, source, pdf, f"{day:%Y%m%d}-{number:02d}")
    if user is not None:
        check_write(user=user, obj=page)
    page.full_clean()
    page.save()
    people = _People()
    order = 0
    for label, names in proposal.page.credits.items():
        role = PAGE_ROLES.get(label)
        for name in dict.fromkeys(names) if role else ():
            PageCredit.objects.create(
                page=page, person=people.get(name, publication), role=role, position=order
            )
            order += 1
    result = ImportedPage(issue=issue, page=page, issue_created=issue_created, replaced=replaced)
    for position, item in enumerate(proposal.articles):
        article = _save_article(
            item, issue=issue, page=page, position=position, people=people, user=user
        )
        result.articles.append(article)
        result.observations += propose_observations(article=article, ocr=item.interleaved)
    return result
