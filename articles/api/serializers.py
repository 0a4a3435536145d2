"""Serializers of the articles API. Read serializers never query per row: views prefetch."""

import copy

from django.urls import reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from publishing.api.fields import ChoiceLabelField, HtmlUrlField, absolute_url
from publishing.api.serializers import ReadSerializerMixin

from ..models import (
    Article,
    Correction,
    Issue,
    Page,
    PageCredit,
    Person,
    Photo,
    Place,
    Publication,
    Section,
    Tag,
)
from ..upload_checks import SafeImageFormField


class ApiUrlField(serializers.HyperlinkedIdentityField):
    """The object's API URL (…/api/v1/articles/42/).

    Remembered per object for the life of the serializer (one response), as HtmlUrlField does:
    the articles of a list share their issue, pages and tags, whose URLs need a reverse() each.
    """

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self._urls = {}

    def get_url(self, obj, view_name, request, format):
        if format:  # ?format=api links keep DRF's own behaviour
            return super().get_url(obj, view_name, request, format)
        if obj.pk not in self._urls:
            self._urls[obj.pk] = absolute_url(self.context, reverse(view_name, args=[obj.pk]))
        return self._urls[obj.pk]


def unsaved_with(model, instance, attrs):
    """An unsaved copy of `instance` (or a new `model`) with the validated `attrs` set, leaving
    many-to-many values out: the object as a write would store it, for checks before saving."""
    obj = copy.copy(instance) if instance is not None else model()
    for name, value in attrs.items():
        if not model._meta.get_field(name).many_to_many:
            setattr(obj, name, value)
    return obj


def api_url(name):
    return ApiUrlField(view_name=f"api:{name}-detail")


class PublicationSerializer(ReadSerializerMixin, serializers.ModelSerializer):
    url = api_url("publication")
    html_url = HtmlUrlField()

    class Meta:
        model = Publication
        fields = [
            "id",
            "url",
            "html_url",
            "name",
            "slug",
            "sponsor_statement",
            "publisher",
            "serial_number",
            "postal_code",
            "website",
            "rank",
            "founded_on",
            "is_own",
        ]


class PublicationRefSerializer(ReadSerializerMixin, serializers.ModelSerializer):
    url = api_url("publication")
    html_url = HtmlUrlField()

    class Meta:
        model = Publication
        fields = ["id", "url", "html_url", "name", "slug"]


class PersonSerializer(ReadSerializerMixin, serializers.ModelSerializer):
    url = api_url("person")
    html_url = HtmlUrlField()
    affiliation = PublicationRefSerializer(read_only=True, allow_null=True)

    class Meta:
        model = Person
        fields = ["id", "url", "html_url", "name", "disambiguation", "affiliation"]


class PersonRefSerializer(ReadSerializerMixin, serializers.ModelSerializer):
    url = api_url("person")
    html_url = HtmlUrlField()

    class Meta:
        model = Person
        fields = ["id", "url", "html_url", "name", "disambiguation"]


class TagSerializer(ReadSerializerMixin, serializers.ModelSerializer):
    url = api_url("tag")
    html_url = HtmlUrlField()

    class Meta:
        model = Tag
        fields = ["id", "url", "html_url", "name"]


class PlaceSerializer(ReadSerializerMixin, serializers.ModelSerializer):
    url = api_url("place")
    html_url = HtmlUrlField()

    class Meta:
        model = Place
        fields = ["id", "url", "html_url", "name", "division_code", "parent"]


class SectionSerializer(ReadSerializerMixin, serializers.ModelSerializer):
    slug = serializers.CharField(read_only=True, help_text="may contain Chinese characters")
    html_url = HtmlUrlField()

    class Meta:
        model = Section
        fields = ["id", "html_url", "name", "slug"]


class CreditSerializer(ReadSerializerMixin, serializers.Serializer):
    role = serializers.CharField()
    role_label = ChoiceLabelField("role")
    person = PersonRefSerializer()


class RenditionSerializer(ReadSerializerMixin, serializers.Serializer):
    spec = serializers.CharField()
    format = serializers.CharField()
    url = serializers.SerializerMethodField()
    width = serializers.IntegerField()
    height = serializers.IntegerField()

    def get_url(self, rendition) -> str:
        return absolute_url(self.context, rendition.file.url)


class RegionSerializer(ReadSerializerMixin, serializers.Serializer):
    article = serializers.IntegerField(source="article_id")
    article_url = serializers.SerializerMethodField()
    article_html_url = serializers.SerializerMethodField()
    x = serializers.FloatField()
    y = serializers.FloatField()
    width = serializers.FloatField()
    height = serializers.FloatField()

    def get_article_url(self, region) -> str:
        return absolute_url(self.context, reverse("api:article-detail", args=[region.article_id]))

    def get_article_html_url(self, region) -> str:
        return absolute_url(self.context, reverse("articles:article", args=[region.article_id]))


class PhotoCreditSerializer(ReadSerializerMixin, serializers.Serializer):
    person = PersonRefSerializer()


class PhotoSerializer(ReadSerializerMixin, serializers.ModelSerializer):
    url = api_url("photo")
    html_url = serializers.SerializerMethodField()
    image_url = serializers.SerializerMethodField(
        help_text="the medium JPEG rendition; originals are never served"
    )
    renditions = RenditionSerializer(many=True, read_only=True)
    alt = serializers.CharField(read_only=True)
    photographers = PhotoCreditSerializer(source="photo_credits", many=True, read_only=True)

    class Meta:
        model = Photo
        fields = [
            "id",
            "url",
            "html_url",
            "image_url",
            "renditions",
            "width",
            "height",
            "caption",
            "alt",
            "taken_on",
            "place",
            "photographers",
            "article",
            "page",
            "position",
            "version",
        ]

    def get_html_url(self, photo) -> str:
        if photo.article_id:
            return absolute_url(self.context, reverse("articles:article", args=[photo.article_id]))
        return absolute_url(self.context, photo.page.get_absolute_url())

    def get_image_url(self, photo) -> str | None:
        rendition = photo.rendition("medium", "jpeg")
        return absolute_url(self.context, rendition.file.url) if rendition else None


class IssueRefSerializer(ReadSerializerMixin, serializers.ModelSerializer):
    url = api_url("issue")
    html_url = HtmlUrlField()
    publication = serializers.SlugRelatedField(slug_field="slug", read_only=True)

    class Meta:
        model = Issue
        fields = ["id", "url", "html_url", "publication", "date", "number"]


class PageRefSerializer(ReadSerializerMixin, serializers.ModelSerializer):
    url = api_url("page")
    html_url = HtmlUrlField()

    class Meta:
        model = Page
        fields = ["id", "url", "html_url", "number", "name"]


class ArticleSummarySerializer(ReadSerializerMixin, serializers.ModelSerializer):
    url = api_url("article")
    html_url = HtmlUrlField()

    class Meta:
        model = Article
        fields = ["id", "url", "html_url", "position", "kicker", "headline", "subheadline", "genre"]


class CorrectionSerializer(ReadSerializerMixin, serializers.ModelSerializer):
    class Meta:
        model = Correction
        fields = ["date", "text"]


class SourceSerializer(ReadSerializerMixin, serializers.Serializer):
    publication = PublicationRefSerializer(source="source_publication")
    date = serializers.DateField(source="source_date")
    page = serializers.IntegerField(source="source_page")
    line = serializers.CharField(source="source_line")


class ArticleSerializer(ReadSerializerMixin, serializers.ModelSerializer):
    url = api_url("article")
    html_url = HtmlUrlField()
    issue = IssueRefSerializer(read_only=True)
    page = PageRefSerializer(read_only=True)
    genre_label = ChoiceLabelField("genre")
    source = serializers.SerializerMethodField()
    section = SectionSerializer(read_only=True, allow_null=True)
    # the lists selectors.api_articles() prefetches
    tags = TagSerializer(source="tag_list", many=True, read_only=True)
    places = PlaceSerializer(source="place_list", many=True, read_only=True)
    credits = CreditSerializer(source="credit_list", many=True, read_only=True)
    photos = serializers.SerializerMethodField()
    corrections = CorrectionSerializer(source="correction_list", many=True, read_only=True)

    class Meta:
        model = Article
        fields = [
            "id",
            "url",
            "html_url",
            "issue",
            "page",
            "position",
            "kicker",
            "headline",
            "subheadline",
            "dateline",
            "dateline_place",
            "event_date",
            "body",
            "signature",
            "genre",
            "genre_label",
            "origin",
            "agency",
            "source",
            "section",
            "tags",
            "places",
            "credits",
            "photos",
            "corrections",
            "published_at",
            "updated_at",
            "version",
        ]

    def to_representation(self, article):
        if article.page.issue_id == article.issue_id:
            article.page.issue = article.issue  # the same row: no query for the page's URL
        return super().to_representation(article)

    # One nested serializer for all the articles of a list: making one per article deep-copied
    # its fields every time (a sixth of the serialization time of a page of 20).
    @cached_property
    def _source_serializer(self):
        return SourceSerializer(context=self.context)

    @cached_property
    def _photos_serializer(self):
        return PhotoSerializer(many=True, context=self.context)

    def get_source(self, article) -> dict | None:
        if not article.is_reprint:
            return None
        return self._source_serializer.to_representation(article)

    @extend_schema_field(PhotoSerializer(many=True))
    def get_photos(self, article) -> list[dict]:
        # `published_photos` is prefetched by the view with Photo.objects.published()
        photos = getattr(article, "published_photos", None)
        if photos is None:
            photos = Photo.objects.published().filter(article=article)
        return self._photos_serializer.to_representation(photos)


class SearchHitSerializer(ArticleSerializer):
    score = serializers.FloatField(read_only=True)
    snippet = serializers.CharField(read_only=True, help_text="HTML: escaped text with <mark>")

    class Meta(ArticleSerializer.Meta):
        fields = [*ArticleSerializer.Meta.fields, "score", "snippet"]


class PageCreditSerializer(ReadSerializerMixin, serializers.ModelSerializer):
    role_label = ChoiceLabelField("role")
    person = PersonRefSerializer()

    class Meta:
        model = PageCredit
        fields = ["role", "role_label", "person"]


class PageSerializer(ReadSerializerMixin, serializers.ModelSerializer):
    url = api_url("page")
    html_url = HtmlUrlField()
    issue = IssueRefSerializer(read_only=True)
    credits = PageCreditSerializer(source="page_credits", many=True, read_only=True)
    articles = ArticleSummarySerializer(source="published_articles", many=True, read_only=True)
    image = RenditionSerializer(
        source="renditions", many=True, read_only=True, help_text="renditions of the page image"
    )
    regions = serializers.SerializerMethodField(
        help_text="where each published article is printed, as fractions of the image (0–1)"
    )
    pdf_url = serializers.SerializerMethodField(help_text="the page as printed, as a PDF")

    class Meta:
        model = Page
        fields = [
            "id",
            "url",
            "html_url",
            "issue",
            "number",
            "name",
            "department",
            "department_email",
            "credits",
            "articles",
            "image",
            "regions",
            "pdf_url",
            "version",
        ]

    def get_regions(self, page) -> list[dict]:
        regions = [r for article in page.published_articles for r in article.regions.all()]
        return RegionSerializer(regions, many=True, context=self.context).data

    def get_pdf_url(self, page) -> str | None:
        return absolute_url(self.context, page.pdf.url) if page.pdf else None


class IssueSerializer(ReadSerializerMixin, serializers.ModelSerializer):
    url = api_url("issue")
    html_url = HtmlUrlField()
    publication = PublicationRefSerializer(read_only=True)
    weekday = serializers.CharField(read_only=True)
    lunar_date = serializers.CharField(read_only=True)
    pages = PageRefSerializer(many=True, read_only=True)

    class Meta:
        model = Issue
        fields = [
            "id",
            "url",
            "html_url",
            "publication",
            "date",
            "weekday",
            "lunar_date",
            "number",
            "page_count",
            "pages",
            "published_at",
            "updated_at",
            "version",
        ]


# --- Writing (service accounts with a token). Drafts only: publishing is its own action. -----


class IssueWriteSerializer(serializers.ModelSerializer):
    publication = serializers.SlugRelatedField(
        slug_field="slug", queryset=Publication.objects.all()
    )

    class Meta:
        model = Issue
        fields = [
            "id",
            "publication",
            "date",
            "number",
            "page_count",
            "status",
            "published_at",
            "version",
        ]
        read_only_fields = ["status", "published_at", "version"]


class PageWriteSerializer(serializers.ModelSerializer):
    class Meta:
        model = Page
        fields = ["id", "issue", "number", "name", "department", "department_email", "version"]
        read_only_fields = ["version"]


class PhotoWriteSerializer(serializers.ModelSerializer):
    """Upload (multipart) or describe a photo; the file passes the same checks as in the admin."""

    image = serializers.ImageField(_DjangoImageField=SafeImageFormField)

    class Meta:
        model = Photo
        fields = [
            "id",
            "image",
            "caption",
            "alt_text",
            "taken_on",
            "place",
            "page",
            "article",
            "position",
            "version",
        ]
        read_only_fields = ["version"]

    def validate(self, attrs):
        page, article = attrs.get("page"), attrs.get("article")
        if page is None and self.instance is not None:
            page = self.instance.page
        if article is not None and page is not None and article.page_id != page.pk:
            raise serializers.ValidationError(
                {"page": [_("图片所在版面必须与所属稿件的版面一致。")]}
            )
        return attrs


class ArticleWriteSerializer(serializers.ModelSerializer):
    class Meta:
        model = Article
        fields = [
            "id",
            "issue",
            "page",
            "position",
            "kicker",
            "headline",
            "subheadline",
            "dateline",
            "dateline_place",
            "event_date",
            "body",
            "signature",
            "genre",
            "origin",
            "agency",
            "source_publication",
            "source_date",
            "source_page",
            "section",
            "tags",
            "places",
            "status",
            "published_at",
            "version",
        ]
        read_only_fields = ["status", "published_at", "version"]

    def validate(self, attrs):
        # the model's own rules (page of this issue, reprint source) with field names
        instance = unsaved_with(Article, self.instance, attrs)
        try:
            instance.clean()
        except Exception as error:  # ValidationError with a field dict
            raise serializers.ValidationError(getattr(error, "message_dict", str(error))) from None
        return attrs
