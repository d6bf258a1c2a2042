"""The members area's forms: validation only; the rules stay in accounts.services."""

from django import forms
from django.utils.translation import gettext_lazy as _

from pasarmurah.accounts.forms import BirthDateField, ShopFormMixin


class MemberSearchForm(forms.Form):
    """Its parameter is `cari`, not the storefront search's `q`."""

    cari = forms.CharField(max_length=100, required=False)


class BirthDateCorrectionForm(ShopFormMixin, forms.Form):
    new_value = BirthDateField(label=_("Correct birth date"))
    reason = forms.CharField(
        label=_("Reason"),
        max_length=300,
        widget=forms.TextInput({"placeholder": _("e.g. checked against the member's ID card")}),
    )
