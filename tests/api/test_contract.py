"""The article resource is a contract: its shape is frozen in responses/article_detail.json.

A deliberate change of the API updates that file in the same commit; an accidental one fails here.
Ids, URLs with ids and times vary between runs and are replaced by placeholders first.
"""

import datetime
import json
import re
from pathlib import Path

import pytest

from articles.models import ArticleCredit, Correction
from tests.factories import (
    ArticleFactory,
    IssueFactory,
    PageFactory,
    PersonFactory,
    PhotoFactory,
    PlaceFactory,
    PublicationFactory,
    SectionFactory,
    TagFactory,
)

pytestmark = pytest.mark.django_db
STORED = Path(__file__).parent / "responses" / "article_detail.json"


ID_KEYS = {"id", "parent"}
PHOTO_ID_KEYS = {"article", "page", "place"}  # a photo's references are plain ids


def normalise(value):
    if isinstance(value, dict):
        keys = ID_KEYS | (PHOTO_ID_KEYS if "image_url" in value else set())
        return {
            key: "<id>" if key in keys and isinstance(item, int) else normalise(item)
            for key, item in value.items()
        }
    if isinstance(value, list):
        return [normalise(item) for item in value]
    if isinstance(value, str):
        value = re.sub(
            r"/(api/v1/\w+|articles|people|tags|places|photos)/\d+/", r"/\1/<id>/", value
        )
        value = re.sub(r"/renditions/(photos|pages)/[\w-]{22}/", r"/renditions/\1/<token>/", value)
        value = re.sub(r"\d{4}-\d\d-\d\dT[\d:.]+(Z|[+-]\d\d:\d\d)", "<time>", value)
        return re.sub(r"photos/\S+\.png", "photos/<file>.png", value)
    return value


def test_article_detail_matches_the_stored_contract(api):
    peoples = PublicationFactory(name="人民日报", slug="peoples-daily", is_own=False)
    issue = IssueFactory(date=datetime.date(2020, 9, 15), number=10076)
    article = ArticleFactory(
        page=PageFactory(issue=issue, number=1, name="要闻"),
        kicker="引题",
        headline="主题",
        subheadline="副题",
        dateline="本报讯",
        event_date=datetime.date(2020, 9, 14),
        body="第一段。\n\n第二段。",
        genre="feature",
        origin="reprint",
        source_publication=peoples,
        source_date=datetime.date(2020, 9, 14),
        source_page=10,
        section=SectionFactory(name="转载", slug="转载"),
    )
    ArticleCredit.objects.create(
        article=article, person=PersonFactory(name="胡健"), role="reporter", position=0
    )
    article.tags.add(TagFactory(name="大数据"))
    article.places.add(PlaceFactory(name="临县", division_code="141124"))
    Correction.objects.create(article=article, date=datetime.date(2020, 9, 16), text="更正内容")
    PhotoFactory(article=article, caption="图片说明")

    body = normalise(api.get(f"/api/v1/articles/{article.pk}/").json())
    if not STORED.exists():
        STORED.write_text(json.dumps(body, ensure_ascii=False, indent=2) + "\n")
        pytest.fail(f"no stored contract: wrote {STORED.name}; review it and commit it")
    assert body == json.loads(STORED.read_text())


def test_every_operation_and_parameter_is_described(api):
    """The OpenAPI document is the API's manual: no parameter a client must guess."""
    schema = api.get("/api/v1/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json").json()
    undescribed = [
        f"{method.upper()} {path} {parameter['name']}"
        for path, operations in schema["paths"].items()
        for method, operation in operations.items()
        for parameter in operation.get("parameters", [])
        if not parameter.get("description")
    ]
    assert undescribed == []
    unsummarised = [
        f"{method.upper()} {path}"
        for path, operations in schema["paths"].items()
        for method, operation in operations.items()
        if not (operation.get("summary") or operation.get("description"))
    ]
    assert unsummarised == []


def test_read_serializers_show_what_drfs_own_walk_shows(api, monkeypatch):
    """ReadSerializerMixin builds fields once per class and reads plain columns directly: the
    lists and the detail must come out exactly as DRF's own field-by-field walk gives them,
    every kind of related row included."""
    from rest_framework import serializers

    from publishing.api.serializers import ReadSerializerMixin

    issue = IssueFactory(date=datetime.date(2020, 9, 15))
    for number in range(3):
        article = ArticleFactory(
            page=PageFactory(issue=issue, number=number + 1),
            event_date=datetime.date(2020, 9, 14) if number else None,
            origin="reprint" if number == 1 else "own",
            source_publication=PublicationFactory(
                name="人民日报", slug="peoples-daily", is_own=False
            )
            if number == 1
            else None,
            source_date=datetime.date(2020, 9, 1) if number == 1 else None,
            source_page=3 if number == 1 else None,
            section=SectionFactory() if number else None,
        )
        ArticleCredit.objects.create(article=article, person=PersonFactory(), role="reporter")
        article.tags.add(TagFactory())
        article.places.add(PlaceFactory())
        Correction.objects.create(article=article, date=issue.date, text="更正")
        PhotoFactory(article=article)
    urls = ["/api/v1/articles/", f"/api/v1/articles/{article.pk}/", "/api/v1/issues/"]
    urls += ["/api/v1/pages/", "/api/v1/photos/", "/api/v1/tags/", "/api/v1/publications/"]
    urls += ["/api/v1/people/", "/api/v1/places/", f"/api/v1/issues/{issue.pk}/"]
    fast = [api.get(url).json() for url in urls]
    monkeypatch.setattr(
        ReadSerializerMixin, "to_representation", serializers.Serializer.to_representation
    )
    monkeypatch.setattr(
        ReadSerializerMixin,
        "get_fields",
        lambda self: super(ReadSerializerMixin, self).get_fields(),
    )
    assert [api.get(url).json() for url in urls] == fast
    assert fast[0]["results"][0]["event_date"] == "2020-09-14"
