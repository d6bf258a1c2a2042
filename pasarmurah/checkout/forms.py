from django import forms
from django.utils.translation import gettext_lazy as _

from pasarmurah.checkout.services import MAX_QUANTITY_PER_LINE


class QuantityForm(forms.Form):
    quantity = forms.IntegerField(
        label=_("Quantity"),
        min_value=0,
        max_value=MAX_QUANTITY_PER_LINE,
        initial=1,
        error_messages={
            "invalid": _("Enter a whole number."),
            "min_value": _("Choose a quantity from 1 to %(max)d.") % {"max": MAX_QUANTITY_PER_LINE},
            "max_value": _("Choose a quantity from 1 to %(max)d.") % {"max": MAX_QUANTITY_PER_LINE},
        },
    )


class CheckoutForm(forms.Form):
    """What the member chooses at checkout; prices and costs are never taken from here."""

    address = forms.TypedChoiceField(label=_("Delivery address"), coerce=int, widget=forms.RadioSelect)
    courier = forms.ChoiceField(label=_("Delivery"), widget=forms.RadioSelect)
    note = forms.CharField(
        label=_("Note for the shop (optional)"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    reviewed = forms.CharField(widget=forms.HiddenInput, required=False, max_length=5000)
    checkout_key = forms.CharField(widget=forms.HiddenInput, max_length=64)

    def __init__(self, *args, addresses, options, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["address"].choices = [(a.pk, str(a)) for a in addresses]
        self.fields["courier"].choices = [(o.code, o.courier.name) for o in options]
        self.fields["address"].error_messages["invalid_choice"] = _("Choose one of your addresses.")
        self.fields["courier"].error_messages["invalid_choice"] = _(
            "Choose a delivery option for this address."
        )


class PlaceOrderForm(forms.Form):
    """The submitted choices, checked for shape only: order_place() checks them against the database."""

    address = forms.IntegerField(min_value=1)
    courier = forms.SlugField(max_length=30)
    note = forms.CharField(required=False, max_length=500)
    reviewed = forms.CharField(required=False, max_length=5000)
    checkout_key = forms.CharField(max_length=64)
    voucher = forms.CharField(required=False, max_length=30)
