"""The stock area's forms: validation only; the rules stay in inventory.services."""

from django import forms
from django.utils.translation import gettext_lazy as _

from pasarmurah.accounts.forms import ShopFormMixin
from pasarmurah.catalog.models import Category, Product
from pasarmurah.core.forms import MultilineCharField
from pasarmurah.inventory.models import CountScope, MovementReason
from pasarmurah.inventory.services import ADJUSTMENT_REASONS


class SearchForm(forms.Form):
    cari = forms.CharField(max_length=100, required=False)


class LedgerFilterForm(forms.Form):
    reason = forms.ChoiceField(
        label=_("Reason"), required=False, choices=[("", _("All reasons")), *MovementReason.choices]
    )
    dari = forms.DateField(label=_("From"), required=False, widget=forms.DateInput({"type": "date"}))
    sampai = forms.DateField(label=_("Until"), required=False, widget=forms.DateInput({"type": "date"}))


class AdjustForm(ShopFormMixin, forms.Form):
    reason = forms.ChoiceField(
        label=_("Reason"), choices=[(r.value, r.label) for r in map(MovementReason, ADJUSTMENT_REASONS)]
    )
    quantity = forms.IntegerField(
        label=_("Change (+ adds, − takes)"),
        min_value=-100_000,
        max_value=100_000,
        error_messages={"invalid": _("Enter a whole number, e.g. 3 or -2.")},
    )
    note = forms.CharField(
        label=_("Note"),
        max_length=300,
        widget=forms.TextInput({"placeholder": _("e.g. found 2 more in the storeroom")}),
    )

    def clean_quantity(self):
        quantity = self.cleaned_data["quantity"]
        if quantity == 0:
            raise forms.ValidationError(_("The quantity cannot be zero."))
        return quantity


class CountStartForm(ShopFormMixin, forms.Form):
    scope = forms.ChoiceField(label=_("What to count"), choices=CountScope.choices, initial=CountScope.ALL)
    category = forms.ModelChoiceField(
        label=_("Category"), queryset=Category.objects.order_by("name"), required=False
    )
    skus = MultilineCharField(
        label=_("SKUs of the chosen products"),
        required=False,
        max_length=5000,
        help_text=_("One SKU per line or separated by commas."),
    )
    note = forms.CharField(label=_("Note"), max_length=300, required=False)

    def clean(self):
        data = super().clean()
        scope = data.get("scope")
        if scope == CountScope.CATEGORY and not data.get("category"):
            self.add_error("category", _("Choose the category to count."))
        if scope == CountScope.SELECTION:
            skus = [s.strip() for s in data.get("skus", "").replace(",", "\n").splitlines() if s.strip()]
            found = dict(Product.objects.filter(sku__in=skus).values_list("sku", "pk"))
            unknown = [s for s in skus if s not in found]
            if not skus:
                self.add_error("skus", _("Choose at least one product to count."))
            elif unknown:
                self.add_error(
                    "skus", _("No product has the SKU %(skus)s.") % {"skus": ", ".join(unknown[:10])}
                )
            data["product_ids"] = list(found.values())
        return data


class CountLineForm(forms.Form):
    counted = forms.IntegerField(
        label=_("Counted"),
        min_value=0,
        max_value=1_000_000,
        error_messages={
            "invalid": _("Enter the counted quantity as a whole number."),
            "required": _("Enter the counted quantity as a whole number."),
            "min_value": _("The counted quantity cannot be below zero."),
        },
    )
