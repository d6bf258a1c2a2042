"""Spam protection for public forms without third-party services: a honeypot field people never see and a
signed start time (a bot posting within seconds of loading the form is refused). Per-address rate limits
come from accounts.throttle.rate_limited."""

import time

from django import forms
from django.core import signing
from django.utils.translation import gettext_lazy as _

MIN_FILL_SECONDS = 3
MAX_FORM_AGE_SECONDS = 24 * 60 * 60
SALT = "pasarmurah.core.antispam"


class HumanCheckMixin(forms.Form):
    """Add to a public form; render `website` hidden from people (the `hp-field` class) and `started`."""

    website = forms.CharField(required=False, label=_("Leave this field empty"))
    started = forms.CharField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["started"].initial = signing.dumps(time.time(), salt=SALT)
        self.fields["website"].widget.attrs.update({"tabindex": "-1", "autocomplete": "off"})
        self.fields["website"].wrapper_class = "hp-field"  # hidden from people by shop.css

    def clean(self):
        data = super().clean()
        refused = _("Your message could not be sent. Please try again.")
        if data.get("website"):
            raise forms.ValidationError(refused, code="honeypot")
        try:
            started = float(signing.loads(data.get("started") or "", salt=SALT, max_age=MAX_FORM_AGE_SECONDS))
        except signing.SignatureExpired as expired:
            raise forms.ValidationError(
                _("The form was open too long. Please send it again."), code="stale"
            ) from expired
        except (signing.BadSignature, TypeError, ValueError) as bad:
            raise forms.ValidationError(refused, code="token") from bad
        if time.time() - started < MIN_FILL_SECONDS:
            raise forms.ValidationError(
                _("That was very fast. Please check your message and send it again."), code="too_fast"
            )
        return data
