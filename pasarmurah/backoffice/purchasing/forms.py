"""The purchasing area's forms: validation only; the rules stay in purchasing.services."""

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from pasarmurah.accounts.forms import ShopFormMixin
from pasarmurah.catalog.models import Product
from pasarmurah.core.forms import MultilineCharField
from pasarmurah.core.images import clean_image
from pasarmurah.core.money import format_rupiah
from pasarmurah.core.phones import normalize_indonesian_phone
from pasarmurah.purchasing.models import GoodsReceipt, PaymentMethod, POStatus, Supplier
from pasarmurah.purchasing.selectors import DUE_OVERDUE, DUE_TODAY
from pasarmurah.purchasing.services import MAX_AMOUNT, MAX_QUANTITY

MAX_REQUEST_LINES = 200


def _whole_number(label, *, minimum, maximum, required=True):
    return forms.IntegerField(
        label=label,
        min_value=minimum,
        max_value=maximum,
        required=required,
        error_messages={"invalid": _("Enter a whole number (no decimals, dots or letters).")},
    )


class SupplierForm(ShopFormMixin, forms.ModelForm):
    address = MultilineCharField(label=_("address"), max_length=500, required=False)
    notes = MultilineCharField(label=_("notes"), max_length=2000, required=False)
    payment_terms_days = _whole_number(_("payment terms (days)"), minimum=0, maximum=365)

    class Meta:
        model = Supplier
        fields = [
            "name",
            "contact_person",
            "phone",
            "email",
            "address",
            "payment_terms_days",
            "bank_account",
            "notes",
            "is_active",
        ]

    def clean_phone(self):
        phone = self.cleaned_data["phone"].strip()
        return normalize_indonesian_phone(phone) if phone else ""


class ProductBySkuField(forms.CharField):
    """A product typed (or scanned) by its SKU."""

    def clean(self, value):
        sku = super().clean(value).strip()
        product = Product.objects.filter(sku__iexact=sku).first()
        if product is None:
            raise ValidationError(_("No product has the SKU %(sku)s.") % {"sku": sku})
        return product


class SupplierProductForm(ShopFormMixin, forms.Form):
    product = ProductBySkuField(label=_("SKU"), max_length=40)
    last_price = _whole_number(_("last price (Rp)"), minimum=0, maximum=MAX_AMOUNT)
    lead_time_days = _whole_number(_("lead time (days)"), minimum=0, maximum=365)
    supplier_sku = forms.CharField(label=_("supplier's SKU"), max_length=60, required=False)


class PurchaseOrderCreateForm(ShopFormMixin, forms.Form):
    supplier = forms.ModelChoiceField(label=_("supplier"), queryset=Supplier.objects.filter(is_active=True))
    note = MultilineCharField(label=_("note for the supplier"), max_length=1000, required=False)


class PurchaseOrderLineForm(ShopFormMixin, forms.Form):
    product = ProductBySkuField(label=_("SKU"), max_length=40)
    quantity = _whole_number(_("quantity"), minimum=1, maximum=MAX_QUANTITY)
    unit_cost = _whole_number(_("unit cost (Rp)"), minimum=1, maximum=MAX_AMOUNT, required=False)
    expected_date = forms.DateField(
        label=_("expected date"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )


class ReasonForm(ShopFormMixin, forms.Form):
    reason = forms.CharField(label=_("Reason"), max_length=300)


class PurchaseOrderFilterForm(forms.Form):
    status = forms.ChoiceField(choices=[("", "")] + list(POStatus.choices), required=False)
    datang = forms.ChoiceField(
        choices=[
            ("", ""),
            (DUE_TODAY, _("Goods expected today")),
            (DUE_OVERDUE, _("Goods overdue")),
        ],
        required=False,
    )


class SearchForm(forms.Form):
    cari = forms.CharField(max_length=100, required=False)


class PriceRequestForm(ShopFormMixin, forms.Form):
    skus = MultilineCharField(
        label=_("SKUs, one per line"), max_length=4000, help_text=_("Type or scan the products to ask about.")
    )
    note = MultilineCharField(label=_("note"), max_length=1000, required=False)

    def clean_skus(self):
        wanted = [line.strip() for line in self.cleaned_data["skus"].split("\n") if line.strip()]
        if not wanted:
            raise ValidationError(_("Choose at least one product."))
        if len(wanted) > MAX_REQUEST_LINES:
            raise ValidationError(
                _("Ask about at most %(count)d products at a time.") % {"count": MAX_REQUEST_LINES}
            )
        matches = Q(pk__in=[])
        for sku in wanted:
            matches |= Q(sku__iexact=sku)
        found = {p.sku.lower(): p for p in Product.objects.filter(matches)}
        missing = [sku for sku in wanted if sku.lower() not in found]
        if missing:
            raise ValidationError(_("Unknown SKU: %(skus)s") % {"skus": ", ".join(missing)})
        return list({found[sku.lower()].pk: found[sku.lower()] for sku in wanted}.values())


class PriceAnswerForm(ShopFormMixin, forms.Form):
    """One price field per line of the request; an empty field means the supplier quoted no price."""

    def __init__(self, *args, lines, **kwargs):
        super().__init__(*args, **kwargs)
        self.lines = lines
        for line in lines:
            field = _whole_number(
                f"{line.product.sku} · {line.product.name}", minimum=1, maximum=MAX_AMOUNT, required=False
            )
            field.initial = line.quoted_price
            field.widget.attrs["class"] = "form-control"
            self.fields[f"price_{line.pk}"] = field

    def prices(self) -> dict[int, int | None]:
        return {line.pk: self.cleaned_data.get(f"price_{line.pk}") for line in self.lines}


class GoodsReceiptForm(ShopFormMixin, forms.Form):
    """One delivery: the nota, and per outstanding line the units received (and why, beyond the order)."""

    key = forms.RegexField(regex=r"^[A-Za-z0-9_-]{16,64}$", widget=forms.HiddenInput)
    nota_number = forms.CharField(label=_("supplier's nota number"), max_length=60)
    nota_date = forms.DateField(label=_("nota date"), widget=forms.DateInput(attrs={"type": "date"}))
    nota_photo = forms.FileField(label=_("photo of the nota"), required=False)
    note = MultilineCharField(label=_("note"), max_length=1000, required=False)

    def __init__(self, *args, lines, **kwargs):
        super().__init__(*args, **kwargs)
        self.lines = lines
        for line in lines:
            quantity = _whole_number(
                _("%(sku)s · %(name)s (ordered %(ordered)d, outstanding %(outstanding)d)")
                % {
                    "sku": line.product.sku,
                    "name": line.product.name,
                    "ordered": line.quantity,
                    "outstanding": line.outstanding,
                },
                minimum=0,
                maximum=MAX_QUANTITY,
                required=False,
            )
            quantity.widget.attrs.update({"class": "form-control", "inputmode": "numeric"})
            self.fields[f"qty_{line.pk}"] = quantity
            reason = forms.CharField(
                label=_("Reason, if more than outstanding"), max_length=300, required=False
            )
            reason.widget.attrs["class"] = "form-control form-control-sm"
            self.fields[f"reason_{line.pk}"] = reason

    def clean_nota_photo(self):
        photo = self.cleaned_data.get("nota_photo")
        return clean_image(photo) if photo else None

    def quantities(self) -> dict[int, int]:
        return {line.pk: self.cleaned_data.get(f"qty_{line.pk}") or 0 for line in self.lines}

    def over_reasons(self) -> dict[int, str]:
        return {line.pk: self.cleaned_data.get(f"reason_{line.pk}", "") for line in self.lines}


class ReceiptChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return _("Nota %(nota)s of %(date)s (%(order)s): %(owed)s owed") % {
            "nota": obj.nota_number,
            "date": f"{obj.nota_date:%d-%m-%Y}",
            "order": obj.order.number,
            "owed": format_rupiah(obj.outstanding),
        }


class SupplierPaymentForm(ShopFormMixin, forms.Form):
    key = forms.RegexField(regex=r"^[A-Za-z0-9_-]{16,64}$", widget=forms.HiddenInput)
    receipts = ReceiptChoiceField(
        label=_("Deliveries paid"), queryset=GoodsReceipt.objects.none(), widget=forms.CheckboxSelectMultiple
    )
    paid_on = forms.DateField(label=_("payment date"), widget=forms.DateInput(attrs={"type": "date"}))
    amount = _whole_number(_("amount (Rp)"), minimum=1, maximum=MAX_AMOUNT)
    method = forms.ChoiceField(label=_("method"), choices=PaymentMethod.choices)
    reference = forms.CharField(label=_("reference"), max_length=100, required=False)
    kwitansi_photo = forms.FileField(label=_("photo of the kwitansi"), required=False)

    def __init__(self, *args, receipts, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["receipts"].queryset = receipts
        self.fields["receipts"].widget.attrs["class"] = ""

    def clean_kwitansi_photo(self):
        photo = self.cleaned_data.get("kwitansi_photo")
        return clean_image(photo) if photo else None


class MonthForm(forms.Form):
    bulan = forms.RegexField(regex=r"^\d{4}-(0[1-9]|1[0-2])$", required=False)
