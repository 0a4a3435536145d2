"""The demo archive: issue 10076 of 2020-09-15 as printed, plus synthetic issues around it.
Its content is in demo/data/archive.json; this module turns it into rows.

All sentences here are our own; the facts (names, dates, numbers, credits) come from the real
page. `load_demo_archive()` is idempotent: every row is looked up by its natural key first, so
running it twice leaves the same rows.
"""

import datetime
import io
import json
import random
from pathlib import Path

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from PIL import Image, ImageDraw, ImageFont

from articles.models import (
    Article,
    ArticleCredit,
    ArticleRegion,
    Genre,
    Issue,
    Origin,
    Page,
    PageCredit,
    Person,
    Photo,
    PhotoCredit,
    Place,
    Publication,
    Section,
    Status,
    Tag,
)
from articles.models.issues import lunar_date
from articles.search.indexing import index_articles
from publishing.caching import content_changed

from . import synthetic

DEMO_DATE = datetime.date(2020, 9, 15)
DEMO_NUMBER = 10076
# Synthetic issues end the day before the real one, so the home page (the latest issue) shows
# issue 10076 with its photo and page image. They are daily from March 2020 and weekly (Tuesdays)
# since 2018, like an archive digitised densely for recent months and sparsely before, so that
# calendars, per-year counts and "through the years" lists have something to show.
SYNTHETIC_WEEKLY_FROM = datetime.date(2018, 1, 2)
SYNTHETIC_DAILY_FROM = datetime.date(2020, 3, 2)
SYNTHETIC_END = DEMO_DATE - datetime.timedelta(days=1)


def _body(*paragraphs: str) -> str:
    return "\n\n".join(paragraphs)


def _item(spec: dict) -> dict:
    """An article as the data file gives it, as the loader reads it: the body's paragraphs
    joined, dates as dates."""
    item = {**spec, "body": _body(*spec["body"])}
    if "event_date" in item:
        item["event_date"] = datetime.date.fromisoformat(item["event_date"])
    if "source" in item:
        name, day, page = item["source"]
        item["source"] = (name, datetime.date.fromisoformat(day), page)
    return item


# The content itself is data, apart from this code: demo/data/archive.json.
DATA = json.loads((Path(__file__).parent / "data" / "archive.json").read_text(encoding="utf-8"))
PAGE_NAMES = {int(number): tuple(names) for number, names in DATA["pages"].items()}
PLACES = DATA["places"]  # (name, division code, parent name)
# Page 1 of issue 10076, retold. Credits are (role, name, affiliation).
FRONT_PAGE = [_item(spec) for spec in DATA["front_page"]]
FRONT_PAGE_CREDITS = DATA["front_page_credits"]
# Page 4 carries an overview of the city with the figures analysts want (see the brief's table).
ECONOMY_ARTICLE = _item(DATA["economy_article"])
# Where each front-page item sits on the demo page image: (x, y, width, height) as fractions.
FRONT_PAGE_LAYOUT = DATA["front_page_layout"]
# Vocabulary for synthetic articles: our own short phrases, combined at random.
SYNTHETIC_SUBJECTS = DATA["synthetic"]["subjects"]
SYNTHETIC_ACTIONS = DATA["synthetic"]["actions"]
SYNTHETIC_REPORTERS = DATA["synthetic"]["reporters"]
SYNTHETIC_TAGS = DATA["synthetic"]["tags"]


def _publishing_days(start: datetime.date, end: datetime.date):
    """Mondays to Saturdays between start and end inclusive: the paper does not print on Sundays."""
    day = start
    while day <= end:
        if day.weekday() != 6:
            yield day
        day += datetime.timedelta(days=1)


def issue_number_for(day: datetime.date) -> int:
    """Issue numbers of the synthetic run, counted from the real 10076 of 2020-09-15."""
    if day >= DEMO_DATE:
        return DEMO_NUMBER + sum(1 for _ in _publishing_days(DEMO_DATE, day)) - 1
    return DEMO_NUMBER - sum(1 for _ in _publishing_days(day, DEMO_DATE)) + 1


def _published_at(day: datetime.date) -> datetime.datetime:
    """Issues go online at six in the morning, Beijing time, on their date."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(6, 0)))


class DemoLoader:
    """Builds the demo archive; every get_or_create keeps it idempotent."""

    def __init__(self, body_median: int | None = None):
        # of the synthetic articles' bodies, in characters
        self.body_median = body_median or synthetic.BODY_MEDIAN
        self.people: dict[tuple[str, str], Person] = {}
        self.tags: dict[str, Tag] = {}
        self.sections: dict[str, Section] = {}

    def publication(self, name: str) -> Publication:
        return {pub.name: pub for pub in Publication.objects.all()}[name]

    def load_publications(self):
        Publication.objects.get_or_create(
            slug="lvliang-daily",
            defaults={
                "name": "吕梁日报",
                "sponsor_statement": "中共吕梁市委机关报",
                "publisher": "吕梁日报社",
                "serial_number": "CN14-0028",
                "postal_code": "21-28",
                "website": "http://www.sxllnews.cn/",
                "rank": "山西省一级报纸",
                "is_own": True,
            },
        )
        Publication.objects.get_or_create(
            slug="peoples-daily",
            defaults={"name": "人民日报", "serial_number": "CN11-0065", "is_own": False},
        )

    def load_places(self):
        by_name: dict[str, Place] = {}
        for name, code, parent in PLACES:
            by_name[name], _ = Place.objects.get_or_create(
                name=name, parent=by_name.get(parent), defaults={"division_code": code}
            )
        self.places = by_name

    def person(self, name: str, affiliation: str) -> Person:
        key = (name, affiliation)
        if key not in self.people:
            self.people[key], _ = Person.objects.get_or_create(
                name=name,
                disambiguation="" if affiliation == "吕梁日报" else f"{affiliation}记者",
                defaults={"affiliation": self.publication(affiliation)},
            )
        return self.people[key]

    def tag(self, name: str) -> Tag:
        if name not in self.tags:
            self.tags[name] = Tag.objects.get_or_create(name=name)[0]
        return self.tags[name]

    def section(self, name: str) -> Section:
        if name not in self.sections:
            self.sections[name] = Section.objects.get_or_create(name=name, defaults={"slug": name})[
                0
            ]
        return self.sections[name]

    def issue(self, day: datetime.date, status=Status.PUBLISHED) -> tuple[Issue, bool]:
        return Issue.objects.get_or_create(
            publication=self.publication("吕梁日报"),
            date=day,
            defaults={
                "number": issue_number_for(day),
                "page_count": 4,
                "status": status,
                "published_at": _published_at(day) if status == Status.PUBLISHED else None,
            },
        )

    def pages(self, issue: Issue) -> dict[int, Page]:
        pages = {}
        for number, (name, department) in PAGE_NAMES.items():
            pages[number], _ = Page.objects.get_or_create(
                issue=issue, number=number, defaults={"name": name, "department": department}
            )
        return pages

    def article(self, page: Page, position: int, spec: dict) -> Article:
        fields = {
            key: spec[key]
            for key in (
                "kicker",
                "headline",
                "subheadline",
                "dateline",
                "event_date",
                "body",
                "signature",
                "genre",
            )
            if key in spec
        }
        if "source" in spec:
            source_name, source_date, source_page = spec["source"]
            fields.update(
                origin=Origin.REPRINT,
                source_publication=self.publication(source_name),
                source_date=source_date,
                source_page=source_page,
            )
        fields["section"] = self.section(spec["section"]) if spec.get("section") else None
        fields["status"] = spec.get("status", Status.PUBLISHED)
        if fields["status"] == Status.PUBLISHED:
            fields["published_at"] = _published_at(page.issue.date)
        article, created = Article.objects.get_or_create(
            page=page, position=position, defaults={"issue": page.issue, **fields}
        )
        if created:
            for order, (role, name, affiliation) in enumerate(spec.get("credits", [])):
                ArticleCredit.objects.create(
                    article=article,
                    person=self.person(name, affiliation),
                    role=role,
                    position=order,
                )
            article.tags.set([self.tag(name) for name in spec.get("tags", [])])
            article.places.set([self.places[name] for name in spec.get("places", [])])
        return article

    def photo(self, article: Article, caption: str, photographers: list[Person]) -> Photo:
        photo = Photo.objects.filter(article=article).first()
        if photo is None:
            photo = Photo(
                article=article,
                page=article.page,
                caption=caption,
                taken_on=article.event_date,
                place=article.places.first(),
            )
            photo.image.save("demo-cattle.jpg", ContentFile(_pasture_picture()), save=False)
            photo.full_clean()
            photo.save()
            for order, person in enumerate(photographers):
                PhotoCredit.objects.create(photo=photo, person=person, position=order)
        return photo

    def page_image(self, page: Page, items: list[Article]):
        """Our own typeset rendering of the front page, with a region for each item."""
        if not page.image:
            page.image.save("demo-page-1.png", ContentFile(_front_page_picture(items)), save=False)
            page.full_clean()
            page.save()
        for article, (x, y, width, height) in zip(items, FRONT_PAGE_LAYOUT, strict=False):
            ArticleRegion.objects.get_or_create(
                article=article, defaults={"x": x, "y": y, "width": width, "height": height}
            )

    def load_demo_issue(self) -> Issue:
        issue, _ = self.issue(DEMO_DATE)
        pages = self.pages(issue)
        front = pages[1]
        if not front.department_email:
            front.department_email = "llrbywb@163.com"
            front.save()
        for order, (role, name) in enumerate(FRONT_PAGE_CREDITS):
            PageCredit.objects.get_or_create(
                page=front,
                person=self.person(name, "吕梁日报"),
                role=role,
                defaults={"position": order},
            )
        front_items = []
        for position, spec in enumerate(FRONT_PAGE, start=1):
            article = self.article(front, position, spec)
            front_items.append(article)
            if spec.get("photo"):
                photographers = [
                    self.person(name, affiliation) for role, name, affiliation in spec["credits"]
                ]
                self.photo(article, spec["photo"], photographers)
        self.page_image(front, front_items)
        self.article(pages[4], 1, ECONOMY_ARTICLE)
        # A draft waiting for the editor: invisible to readers, shown to staff as a preview.
        self.article(
            pages[2],
            1,
            {
                "headline": "（草稿）秋粮收购工作部署会将于近日召开",
                "genre": Genre.BRIEF,
                "body": "此稿尚待编辑审核。",
                "status": Status.DRAFT,
            },
        )
        return issue

    def load_synthetic_issues(self) -> int:
        """Issues with generated articles on the synthetic days (see SYNTHETIC_WEEKLY_FROM).

        Written in bulk, a few statements per table instead of a dozen saves per article: saves
        would each start a new content version, re-index the article and write history rows,
        which made the demo load take minutes. Filler needs no history; the index is built once
        for the new articles and the content version started once, at the end. Days that have
        an issue already are left alone, so a second run adds nothing.
        """
        paper = self.publication("吕梁日报")
        days = [
            day
            for day in _publishing_days(SYNTHETIC_WEEKLY_FROM, SYNTHETIC_END)
            if day != DEMO_DATE and (day >= SYNTHETIC_DAILY_FROM or day.weekday() == 1)
        ]
        existing = set(
            Issue.objects.filter(publication=paper, date__in=days).values_list("date", flat=True)
        )
        days = [day for day in days if day not in existing]
        if not days:
            return 0
        issues = Issue.objects.bulk_create(
            Issue(
                publication=paper,
                date=day,
                number=issue_number_for(day),
                page_count=len(PAGE_NAMES),
                status=Status.PUBLISHED,
                published_at=_published_at(day),
                lunar_date=lunar_date(day),  # bulk_create does not call save()
            )
            for day in days
        )
        pages = Page.objects.bulk_create(
            Page(issue=issue, number=number, name=name, department=department)
            for issue in issues
            for number, (name, department) in PAGE_NAMES.items()
        )
        articles, specs = [], []
        for issue in issues:
            rng = random.Random(issue.date.toordinal())
            for page in (page for page in pages if page.issue_id == issue.pk):
                for position in range(1, rng.randint(2, 4) + 1):
                    spec = self._synthetic_spec(rng, page.number)
                    articles.append(self._synthetic_article(page, issue, position, spec))
                    specs.append(spec)
        articles = Article.objects.bulk_create(articles)
        self._link_synthetic(articles, specs)
        index_articles(article.pk for article in articles)
        content_changed()  # bulk_create sends no signals
        return len(issues)

    def _synthetic_article(self, page: Page, issue: Issue, position: int, spec: dict) -> Article:
        return Article(
            issue=issue,
            page=page,
            issue_date=issue.date,
            page_number=page.number,
            position=position,
            headline=spec["headline"],
            dateline=spec["dateline"],
            genre=spec["genre"],
            section=self.section(spec["section"]),
            body=spec["body"],
            status=Status.PUBLISHED,
            published_at=_published_at(issue.date),
        )

    def _link_synthetic(self, articles: list[Article], specs: list[dict]) -> None:
        """Credits, topics and places of bulk-created articles, in bulk too."""
        credits, tag_links, place_links = [], [], []
        for article, spec in zip(articles, specs, strict=True):
            for order, (role, name, affiliation) in enumerate(spec["credits"]):
                person = self.person(name, affiliation)
                credits.append(
                    ArticleCredit(article=article, person=person, role=role, position=order)
                )
            for name in spec["tags"]:
                tag_links.append(Article.tags.through(article=article, tag=self.tag(name)))
            for name in spec["places"]:
                place_links.append(Article.places.through(article=article, place=self.places[name]))
        ArticleCredit.objects.bulk_create(credits)
        Article.tags.through.objects.bulk_create(tag_links)
        Article.places.through.objects.bulk_create(place_links)

    def _synthetic_spec(self, rng: random.Random, page_number: int) -> dict:
        subject = rng.choice(SYNTHETIC_SUBJECTS)
        action = rng.choice(SYNTHETIC_ACTIONS)
        reporter = rng.choice(SYNTHETIC_REPORTERS)
        return {
            "headline": synthetic.headline(rng, subject, action),
            "dateline": "本报讯",
            "genre": Genre.NEWS if rng.random() < 0.8 else Genre.BRIEF,
            "section": PAGE_NAMES[page_number][0],
            "body": synthetic.body(rng, subject, action, reporter, self.body_median),
            "credits": [("reporter", reporter, "吕梁日报")],
            "tags": rng.sample(SYNTHETIC_TAGS, 2),
            "places": [subject] if subject in self.places else ["吕梁市"],
        }


CJK_FONTS = [
    "/usr/share/fonts/opentype/noto/NotoSerifCJK-Bold.ttc",
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Bold.ttc",
    "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc",
]


def _font(size: int):
    for path in CJK_FONTS:
        try:
            return ImageFont.truetype(path, size)
        except OSError:
            continue
    return None  # no CJK font installed: draw the layout without text


def _front_page_picture(items: list[Article], width: int = 2400, height: int = 3400) -> bytes:
    """Blocks for the masthead and each item, headlines set in a CJK font when one is installed.

    2400 px wide, like a modest scan: wider than the "large" rendition (1600), so zooming in on
    the demo shows a sharper picture of its own. Lengths below are for a 1200-px page, scaled.
    """
    scale = width / 1200

    def px(length: float) -> int:
        return round(length * scale)

    image = Image.new("RGB", (width, height), (250, 248, 242))
    draw = ImageDraw.Draw(image)
    masthead, headline_font = _font(px(96)), _font(px(34))
    draw.rectangle(
        [px(36), px(36), width - px(36), int(height * 0.16)], outline=(150, 20, 20), width=px(4)
    )
    if masthead:
        draw.text((px(70), px(60)), "吕梁日报", font=masthead, fill=(170, 20, 20))
        draw.text(
            (px(70), px(190)),
            "2020年9月15日  星期二  第10076期",
            font=_font(px(28)),
            fill=(60, 60, 60),
        )
    for article, (x, y, w, h) in zip(items, FRONT_PAGE_LAYOUT, strict=False):
        box = [int(x * width), int(y * height), int((x + w) * width), int((y + h) * height)]
        draw.rectangle(box, outline=(120, 120, 120), width=px(2))
        left, right, text_top = box[0] + px(16), box[2] - px(16), box[1] + px(16)
        if headline_font:
            draw.text(
                (left, text_top), article.headline[:16], font=headline_font, fill=(20, 20, 20)
            )
        if article.genre == "photo":
            draw.rectangle([left, text_top + px(56), right, box[3] - px(16)], fill=(150, 170, 140))
            continue
        for line_y in range(text_top + px(60), box[3] - px(16), px(22)):  # body text as lines
            draw.line([left, line_y, right, line_y], fill=(200, 200, 200), width=px(8))
    buffer = io.BytesIO()
    # compress_level 1: the demo loads in CI's smoke test; a smaller file is not worth seconds
    image.save(buffer, "PNG", compress_level=1)
    return buffer.getvalue()


def _pasture_picture() -> bytes:
    """A simple drawing for the photo news item: sky, a hillside and some cattle."""
    image = Image.new("RGB", (960, 640), (150, 190, 225))
    draw = ImageDraw.Draw(image)
    draw.polygon([(0, 300), (400, 220), (960, 320), (960, 640), (0, 640)], fill=(95, 140, 70))
    rng = random.Random(10076)
    for _ in range(9):
        x, y = rng.randint(40, 880), rng.randint(360, 580)
        draw.ellipse([x, y, x + 70, y + 38], fill=(120, 70, 40))
        draw.ellipse([x + 58, y - 10, x + 86, y + 14], fill=(110, 62, 35))
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=85)
    return buffer.getvalue()


@transaction.atomic
def load_demo_archive(*, synthetic: bool = True, body_median: int | None = None) -> dict[str, int]:
    """Load the demo archive (idempotent) and return the row counts afterwards; the synthetic
    articles' bodies run to about `body_median` characters (demo/synthetic.py's by default)."""
    loader = DemoLoader(body_median)
    loader.load_publications()
    loader.load_places()
    loader.load_demo_issue()
    if synthetic:
        loader.load_synthetic_issues()
    return {
        "issues": Issue.objects.count(),
        "pages": Page.objects.count(),
        "articles": Article.objects.count(),
        "photos": Photo.objects.count(),
        "people": Person.objects.count(),
    }
