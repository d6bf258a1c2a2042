from django import forms
from django.utils.translation import gettext_lazy as _

from pasarmurah.checkout.services import MAX_QUANTITY_PER_LINE
from pasarmurah.core.forms import MultilineCharField


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
    """What the member chooses at checkout; prices and costs are never taken from here.

    It checks the shape of a submit (an address of the member's, an option for that address, a note that
    fits); order_place() checks the rest against the database.
    """

    address = forms.TypedChoiceField(label=_("Delivery address"), coerce=int, widget=forms.RadioSelect)
    # Checked against the database by order_place(): the options depend on the address and the weight.
    courier = forms.SlugField(label=_("Delivery"), max_length=30)
    note = MultilineCharField(
        label=_("Note for the shop (optional)"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    voucher = forms.CharField(label=_("Voucher code"), required=False, max_length=30)
    reviewed = forms.CharField(widget=forms.HiddenInput, required=False, max_length=5000)
    checkout_key = forms.CharField(widget=forms.HiddenInput, max_length=64)

    def __init__(self, *args, addresses, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["address"].choices = [(a.pk, str(a)) for a in addresses]
        self.fields["address"].error_messages.update(
            required=_("Choose a delivery address."), invalid_choice=_("Choose one of your addresses.")
        )
        self.fields["courier"].error_messages.update(
            required=_("Choose a delivery option."), invalid=_("Choose a delivery option for this address.")
        )
        outdated = _("This checkout page is out of date. Please check your order and place it again.")
        for name in ("reviewed", "checkout_key"):
            self.fields[name].error_messages.update(required=outdated, max_length=outdated)
