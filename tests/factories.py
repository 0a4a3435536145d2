"""factory_boy factories for the archive's models. Published by default, with a past time."""

import datetime
import io

import factory
from django.core.files.base import ContentFile
from django.utils import timezone
from PIL import Image

from articles.models import (
    Article,
    ArticleCredit,
    Issue,
    Page,
    PageCredit,
    Person,
    Photo,
    Place,
    Publication,
    Section,
    Status,
    Tag,
)


def png_bytes(width: int = 40, height: int = 30, color=(200, 30, 30)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), color).save(buffer, "PNG")
    return buffer.getvalue()


class PublicationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Publication
        django_get_or_create = ("slug",)

    name = "吕梁日报"
    slug = "lvliang-daily"
    sponsor_statement = "中共吕梁市委机关报"
    publisher = "吕梁日报社"
    serial_number = "CN14-0028"
    postal_code = "21-28"
    is_own = True


class IssueFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Issue

    publication = factory.SubFactory(PublicationFactory)
    date = factory.Sequence(lambda n: datetime.date(2020, 1, 1) + datetime.timedelta(days=n))
    number = factory.Sequence(lambda n: 9800 + n)
    page_count = 4
    status = Status.PUBLISHED
    published_at = factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(days=1))


class PageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Page

    issue = factory.SubFactory(IssueFactory)
    number = factory.Sequence(lambda n: n % 8 + 1)
    name = "要闻"
    department = "要闻部"


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    name = factory.Sequence(lambda n: f"记者{n}")


class TagFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Tag

    name = factory.Sequence(lambda n: f"主题{n}")


class PlaceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Place

    name = factory.Sequence(lambda n: f"地点{n}")


class SectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Section

    name = factory.Sequence(lambda n: f"栏目{n}")
    slug = factory.Sequence(lambda n: f"section-{n}")


class ArticleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Article

    page = factory.SubFactory(PageFactory)
    issue = factory.SelfAttribute("page.issue")
    headline = factory.Sequence(lambda n: f"测试稿件标题{n}")
    body = "第一段正文。\n\n第二段正文。"
    status = Status.PUBLISHED
    published_at = factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(days=1))


class ArticleCreditFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ArticleCredit

    article = factory.SubFactory(ArticleFactory)
    person = factory.SubFactory(PersonFactory)
    role = ArticleCredit.Role.REPORTER


class PageCreditFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PageCredit

    page = factory.SubFactory(PageFactory)
    person = factory.SubFactory(PersonFactory)
    role = PageCredit.Role.LAYOUT


class PhotoFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Photo

    article = factory.SubFactory(ArticleFactory)
    page = factory.SelfAttribute("article.page")
    caption = factory.Sequence(lambda n: f"图片说明{n}")
    image = factory.LazyFunction(lambda: ContentFile(png_bytes(), name="photo.png"))


# --- indicators (issue 5) ---------------------------------------------------------------------

from decimal import Decimal  # noqa: E402

from indicators import periods as indicator_periods  # noqa: E402
from indicators.models import Indicator, Observation, Period, Region  # noqa: E402


class IndicatorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Indicator
        django_get_or_create = ["code"]

    code = factory.Sequence(lambda n: f"indicator-{n}")
    name = factory.Sequence(lambda n: f"测试指标{n}")
    unit = "亿元"
    category = "national_accounts"


class RegionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Region
        django_get_or_create = ["name"]

    name = factory.Sequence(lambda n: f"测试地区{n}")
    division_code = factory.Sequence(lambda n: f"9{n:05d}")


class PeriodFactory(factory.django.DjangoModelFactory):
    """A calendar year by default; pass `year=` (or kind/start/end explicitly)."""

    class Meta:
        model = Period
        django_get_or_create = ["kind", "start", "end"]
        exclude = ["year", "span"]

    year = 2019
    span = factory.LazyAttribute(lambda o: indicator_periods.year(o.year))
    kind = factory.LazyAttribute(lambda o: o.span.kind)
    start = factory.LazyAttribute(lambda o: o.span.start)
    end = factory.LazyAttribute(lambda o: o.span.end)


class ObservationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Observation

    indicator = factory.SubFactory(IndicatorFactory)
    region = factory.SubFactory(RegionFactory)
    period = factory.SubFactory(PeriodFactory)
    value = Decimal("100")
    printed_value = factory.SelfAttribute("value")
    printed_unit = factory.SelfAttribute("indicator.unit")
    yoy_change = Decimal("5.0")
    article = factory.SubFactory(ArticleFactory)
    page = factory.SelfAttribute("article.page")
    vintage = factory.LazyAttribute(
        lambda o: o.article.issue.date if o.article else datetime.date(2020, 9, 15)
    )
