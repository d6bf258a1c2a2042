"""The counter's forms: validation only; the rules stay in orders.services.counter_sale_place()."""

from django import forms
from django.utils.translation import gettext_lazy as _

from pasarmurah.orders.models import CounterPaymentMethod
from pasarmurah.orders.services import COUNTER_MAX_QUANTITY


class ScanForm(forms.Form):
    """The product finder: a barcode scanner types the SKU and Enter; a person types part of a name."""

    cari = forms.CharField(label=_("Product name or SKU"), max_length=100)


class LineForm(forms.Form):
    product = forms.IntegerField(min_value=1)
    quantity = forms.IntegerField(
        label=_("Quantity"),
        min_value=0,
        max_value=COUNTER_MAX_QUANTITY,
        error_messages={
            "invalid": _("Quantities are whole numbers."),
            "min_value": _("Quantities cannot be negative."),
            "max_value": _("At most %(limit_value)s of one product in a sale."),
        },
    )


class MemberLookupForm(forms.Form):
    member = forms.CharField(label=_("Member's phone number or e-mail"), max_length=150)


class VoucherForm(forms.Form):
    code = forms.CharField(label=_("Voucher code"), max_length=40, required=False)


class PaymentForm(forms.Form):
    sale_key = forms.CharField(max_length=40, widget=forms.HiddenInput)
    method = forms.ChoiceField(
        label=_("Payment method"),
        choices=CounterPaymentMethod.choices,
        initial=CounterPaymentMethod.CASH,
        widget=forms.RadioSelect,
    )
    amount_received = forms.IntegerField(
        label=_("Cash received (Rp)"),
        min_value=0,
        max_value=1_000_000_000,
        required=False,
        error_messages={"invalid": _("Enter the cash received in whole rupiah, without dots.")},
    )
    reference = forms.CharField(label=_("Reference (card/QRIS/transfer)"), max_length=60, required=False)
