"""Forms of the indicators admin."""

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from publishing.rule import PublishingRuleForm

from . import services
from .models import Observation

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
        # The service completes the figure (value in the indicator's unit, page, vintage) as it
        # does for every other way in; the model's validation then runs in _post_clean.
        figure = Observation(
            indicator=cleaned.get("indicator"),
            printed_value=cleaned.get("printed_value"),
            printed_unit=cleaned.get("printed_unit") or "",
            article=cleaned.get("article") or getattr(self.instance, "article", None),
            vintage=cleaned.get("vintage"),
        )
        try:
            services.normalise_observation(figure)
        except ValidationError as error:
            self._update_errors(error)
        self.instance.value, self.instance.page_id = figure.value, figure.page_id
        for name in ("printed_unit", "vintage"):
            if name in self.fields:
                cleaned[name] = getattr(figure, name)
        if self.user is not None and self.instance.pk is None and "status" not in self.fields:
            self.instance.status = services.new_figure_status(user=self.user)
        return cleaned
