"""Query parameters of the articles API. An invalid value is a 400 naming the parameter.

Objects are named by id or slug in text boxes and looked up among what the requester may see
(publishing.api.filters.VisibleObjectFilter): a hidden one answers as a missing one does.
"""

import django_filters
from django.utils.translation import gettext_lazy as _

from publishing.api.filters import (
    IntegerFilter,
    VisibleObjectFilter,
    updated_since_filter,
)

from ..models import (
    Article,
    Genre,
    Issue,
    Origin,
    Page,
    Person,
    Photo,
    Place,
    Publication,
    Section,
    Tag,
)


class ArticleFilter(django_filters.FilterSet):
    publication = VisibleObjectFilter(
        field_name="issue__publication",
        to_field_name="slug",
        queryset=Publication.objects.all(),
        help_text="slug of the publication, e.g. lvliang-daily",
    )
    issue = VisibleObjectFilter(queryset=Issue.objects.all(), help_text="issue id")
    page = VisibleObjectFilter(queryset=Page.objects.all(), help_text="page id")
    date_from = django_filters.DateFilter(
        field_name="issue_date", lookup_expr="gte", help_text="issue date on or after, YYYY-MM-DD"
    )
    date_to = django_filters.DateFilter(
        field_name="issue_date", lookup_expr="lte", help_text="issue date on or before, YYYY-MM-DD"
    )
    genre = django_filters.ChoiceFilter(choices=Genre.choices, help_text="genre code")
    origin = django_filters.ChoiceFilter(choices=Origin.choices, help_text="own, reprint or wire")
    source_publication = VisibleObjectFilter(
        to_field_name="slug",
        queryset=Publication.objects.all(),
        help_text="slug of the paper a reprint comes from",
    )
    person = VisibleObjectFilter(
        field_name="credits", queryset=Person.objects.all(), distinct=True, help_text="person id"
    )
    tag = VisibleObjectFilter(field_name="tags", queryset=Tag.objects.all(), help_text="tag id")
    place = VisibleObjectFilter(
        field_name="places", queryset=Place.objects.all(), help_text="place id"
    )
    section = VisibleObjectFilter(
        to_field_name="slug", queryset=Section.objects.all(), help_text="section slug"
    )
    updated_since = updated_since_filter()

    class Meta:
        model = Article
        fields = []


class IssueFilter(django_filters.FilterSet):
    publication = VisibleObjectFilter(
        to_field_name="slug", queryset=Publication.objects.all(), help_text="publication slug"
    )
    date = django_filters.DateFilter(help_text="exact date, YYYY-MM-DD")
    date_from = django_filters.DateFilter(
        field_name="date", lookup_expr="gte", help_text="issue date on or after, YYYY-MM-DD"
    )
    date_to = django_filters.DateFilter(
        field_name="date", lookup_expr="lte", help_text="issue date on or before, YYYY-MM-DD"
    )
    number = IntegerFilter(min_value=1, max_value=10**7, help_text="issue number (第N期)")
    updated_since = updated_since_filter()

    class Meta:
        model = Issue
        fields = []


class PageFilter(django_filters.FilterSet):
    updated_since = updated_since_filter()

    class Meta:
        model = Page
        fields = []


class PhotoFilter(django_filters.FilterSet):
    updated_since = updated_since_filter()

    class Meta:
        model = Photo
        fields = []


class IssueDatesFilter(django_filters.FilterSet):
    """Parameters of the calendar endpoint."""

    publication = VisibleObjectFilter(
        to_field_name="slug", queryset=Publication.objects.all(), help_text="publication slug"
    )
    year = IntegerFilter(
        field_name="date__year",
        min_value=1,
        max_value=9999,
        help_text=_("when given, the months of that year and its issue dates are listed"),
    )

    class Meta:
        model = Issue
        fields = []
