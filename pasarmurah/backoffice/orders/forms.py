"""The order desk's forms: validation only; the rules stay in orders.services."""

from django import forms
from django.utils.translation import gettext_lazy as _

from pasarmurah.core.forms import MultilineCharField
from pasarmurah.orders.models import OrderChannel


class ReasonForm(forms.Form):
    reason = MultilineCharField(label=_("Reason"), max_length=300, widget=forms.Textarea(attrs={"rows": 2}))


class ShipForm(forms.Form):
    tracking_number = forms.CharField(label=_("Tracking number (resi)"), max_length=60, required=False)


class DeskSearchForm(forms.Form):
    """The desk's search. Its parameter is `cari`, not the storefront search's `q`, so the two never mix."""

    cari = forms.CharField(label=_("Search"), max_length=100, required=False)
    queue = forms.CharField(max_length=20, required=False)
    kanal = forms.ChoiceField(choices=[("", ""), *OrderChannel.choices], required=False)
