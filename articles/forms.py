"""The reader's small GET forms: jump to a date, open an issue by its number."""

from django import forms
from django.utils.translation import gettext_lazy as _


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
