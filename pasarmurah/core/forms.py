"""Form fields and the form renderer every domain uses."""

from django import forms
from django.forms.renderers import DjangoTemplates


class ShopFormRenderer(DjangoTemplates):
    """Bootstrap markup for every form: `{{ form }}` and `{{ form.field.as_field_group }}` render through one
    field template (core/forms/field.html). A field may name extra classes for its wrapper
    (`wrapper_class`)."""

    form_template_name = "core/forms/form.html"
    field_template_name = "core/forms/field.html"


def normalize_newlines(text: str) -> str:
    """CRLF and lone CR become LF."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


class MultilineCharField(forms.CharField):
    """A text field shown as a <textarea>, with line breaks normalised to LF before validation.

    Browsers send a textarea's line breaks as CRLF but count each as one character for `maxlength`, so a note
    that fits the box would otherwise be refused by `max_length`. Every multi-line text of the shop uses this.
    """

    widget = forms.Textarea

    def to_python(self, value):
        if isinstance(value, str):
            value = normalize_newlines(value)
        return super().to_python(value)
