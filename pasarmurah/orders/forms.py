from django import forms
from django.utils.translation import gettext_lazy as _

from pasarmurah.core.forms import MultilineCharField
from pasarmurah.core.images import clean_image


class PaymentProofForm(forms.Form):
    image = forms.FileField(
        label=_("Photo or screenshot of the transfer"),
        help_text=_("JPEG, PNG or WebP, at most 5 MB."),
        widget=forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
    )
    sender_name = forms.CharField(label=_("Account holder who sent it"), max_length=120)
    sender_bank = forms.CharField(label=_("Sender's bank"), max_length=60)
    amount = forms.IntegerField(label=_("Amount transferred (Rp)"), min_value=1, max_value=10**10)

    def clean_image(self):
        return clean_image(self.cleaned_data["image"])


class MemberCancelForm(forms.Form):
    """A member confirms a cancellation; `confirm` shows the POST came from the confirmation page."""

    confirm = forms.BooleanField(widget=forms.HiddenInput)
    reason = MultilineCharField(
        label=_("Why do you cancel? (optional)"),
        required=False,
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
