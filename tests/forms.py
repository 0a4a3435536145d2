"""What a browser submits for a form it was shown: every field as displayed, ready for changes.

Tests build their POSTs from the forms the admin (or the desk) rendered, so that a test edits
what an editor would see and nothing else, whatever fields the form has.
"""

import datetime

from django import forms


def form_data(form) -> dict:
    """The submitted values of an unbound (or bound) form as shown: file fields left empty,
    unticked boxes left out, multi-value widgets (date + time) split as the browser sends them."""
    data = {}
    for bound in form:
        field, widget = bound.field, bound.field.widget
        if isinstance(field, forms.FileField):
            continue
        value = bound.value()
        if isinstance(field, forms.BooleanField):
            if value:
                data[bound.html_name] = "on"
        elif isinstance(widget, forms.MultiWidget):
            parts = value if isinstance(value, list) else widget.decompress(value)
            for suffix, part in zip(widget.widgets_names, parts, strict=True):
                data[bound.html_name + suffix] = _text(part)
        elif isinstance(value, list | tuple):
            data[bound.html_name] = [_text(item) for item in value]
        else:
            data[bound.html_name] = _text(value)
    return data


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime.time):
        return value.strftime("%H:%M:%S")
    return str(value)


def admin_change_data(response) -> dict:
    """The POST of an admin add or change page saved as shown: its form and every inline."""
    context = response.context
    data = form_data(context["adminform"].form)
    for inline in context.get("inline_admin_formsets", []):  # a restore form has none
        formset = inline.formset
        data.update(form_data(formset.management_form))
        for form in formset.forms:
            data.update(form_data(form))
    return data
