"""Forms of the indicators admin."""

from django import forms
from django.utils.translation import gettext_lazy as _

from publishing.rule import PublishingRuleForm

from .models import Observation
from .services import new_figure_status
from .units import UnitError, normalise

MAX_IMPORT_BYTES = 5 * 1024 * 1024


class ObservationImportForm(forms.Form):
    file = forms.FileField(label=_("CSV 文件"), help_text=_("UTF-8 编码，第一行为表头"))

    def clean_file(self):
        upload = self.cleaned_data["file"]
        if upload.size > MAX_IMPORT_BYTES:
            raise forms.ValidationError(_("文件过大（上限 5 MB）。"))
        return upload


class ObservationForm(PublishingRuleForm):
    """The figure as printed; the value in the indicator's unit, the page and the vintage follow.

    Used by the figures inline on the article and by the figures' own admin, so both convert the
    printed unit the same way and report a unit that does not fit as a form error. A new figure
    recorded by someone who may not accept figures is proposed, whatever the model's default.
    """

    class Meta:
        model = Observation
        fields = [
            "indicator",
            "region",
            "period",
            "period_to_confirm",
            "printed_value",
            "printed_unit",
            "yoy_change",
            "is_estimate",
            "article",
            "vintage",
            "status",
            "note",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "vintage" in self.fields:
            self.fields["vintage"].required = False

    def clean(self):
        cleaned = super().clean()
        indicator = cleaned.get("indicator")
        printed_value = cleaned.get("printed_value")
        article = cleaned.get("article") or getattr(self.instance, "article", None)
        if indicator is not None and printed_value is not None:
            unit = cleaned.get("printed_unit") or indicator.unit
            try:
                self.instance.value = normalise(printed_value, unit=unit, to_unit=indicator.unit)
            except UnitError as error:
                self.add_error("printed_unit", str(error))
            else:
                cleaned["printed_unit"] = unit
        elif printed_value is None:
            self.instance.value = None
        if article is not None:
            self.instance.page_id = article.page_id
            if not cleaned.get("vintage"):
                cleaned["vintage"] = article.issue.date
        if "vintage" in self.fields and not cleaned.get("vintage"):
            self.add_error("vintage", _("没有来源稿件时必须填写发布日期。"))
        if self.user is not None and self.instance.pk is None and "status" not in self.fields:
            self.instance.status = new_figure_status(user=self.user)
        return cleaned
