"""Form fields every domain may use."""

from django import forms


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
