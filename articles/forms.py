"""Forms for the public pages: search, jump to a date, open an issue by its number.

Each validates every parameter a reader may send, so bad input is a message, never a 500.
"""

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import Genre, Origin, Person, Place, Publication, Section, Tag
from .search import SearchFilters

MAX_PAGE = 500


class SearchForm(forms.Form):
    q = forms.CharField(label=_("检索词"), max_length=1000, required=False, strip=True)
    order = forms.ChoiceField(
        label=_("排序"),
        choices=[("relevance", _("相关度")), ("date", _("日期（新→旧）"))],
        required=False,
    )
    publication = forms.ModelChoiceField(
        label=_("报刊"), queryset=Publication.objects.all(), required=False
    )
    section = forms.ModelChoiceField(
        label=_("栏目"), queryset=Section.objects.all(), required=False
    )
    genre = forms.ChoiceField(
        label=_("体裁"), choices=[("", _("全部"))] + Genre.choices, required=False
    )
    origin = forms.ChoiceField(
        label=_("来源"), choices=[("", _("全部"))] + Origin.choices, required=False
    )
    person = forms.ModelChoiceField(
        label=_("人物"), queryset=Person.objects.all(), required=False, widget=forms.HiddenInput
    )
    place = forms.ModelChoiceField(
        label=_("地点"), queryset=Place.objects.all(), required=False, widget=forms.HiddenInput
    )
    tag = forms.ModelChoiceField(
        label=_("话题"), queryset=Tag.objects.all(), required=False, widget=forms.HiddenInput
    )
    date_from = forms.DateField(
        label=_("起始日期"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    date_to = forms.DateField(
        label=_("截止日期"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    page = forms.IntegerField(label=_("页码"), min_value=1, max_value=MAX_PAGE, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Per form, not at import: "published" depends on the time (scheduled items), and a
        # hidden paper, person, place or topic must be as unknown as a missing one.
        # The paper filter finds articles by the paper they were printed in, so it offers the
        # papers with published issues (not those known only as a reprint's source or as
        # someone's employer: choosing one could only find nothing).
        self.fields["publication"].queryset = Publication.objects.with_published_issues()
        # A hidden field looks its value up and shows no choices: without a value it needs no
        # query (building Place.published() alone, ten subqueries, cost a search ~3 ms).
        for name in ("person", "place", "tag"):
            field = self.fields[name]
            if isinstance(field.widget, forms.HiddenInput) and not self.data.get(name):
                field.queryset = field.queryset.none()
            else:
                field.queryset = field.queryset.model.objects.published()

    def clean(self):
        data = super().clean()
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", _("截止日期不能早于起始日期。"))
        return data

    def filters(self) -> SearchFilters:
        data = self.cleaned_data
        return SearchFilters(
            publication=data.get("publication"),
            section=data.get("section"),
            genre=data.get("genre") or "",
            origin=data.get("origin") or "",
            person=data.get("person"),
            place=data.get("place"),
            tag=data.get("tag"),
            date_from=data.get("date_from"),
            date_to=data.get("date_to"),
        )


class JumpToDateForm(forms.Form):
    date = forms.DateField(
        label=_("日期"),
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": _("请输入有效的日期，如 2020-09-15。")},
    )


class IssueNumberForm(forms.Form):
    number = forms.IntegerField(
        label=_("期号"),
        min_value=1,
        max_value=10**7,
        error_messages={"invalid": _("期号应是一个正整数，如 10076。")},
    )
