"""The Owner's form of one automation: its switch, its number (days or hours), its own words; win-back's
voucher. Validation only: automations.services saves and records the change."""

from django import forms
from django.utils.translation import gettext_lazy as _

from pasarmurah.accounts.forms import ShopFormMixin
from pasarmurah.automations.models import AutomationSettings, Rule
from pasarmurah.core.forms import MultilineCharField
from pasarmurah.promotions.models import Voucher

RULE_FIELDS = {
    Rule.WINBACK: ["winback_enabled", "winback_every_days", "winback_voucher", "winback_message"],
    Rule.ABANDONED_CART: ["cart_enabled", "cart_idle_hours", "cart_message"],
    Rule.NEW_ARRIVALS: ["arrivals_enabled", "arrivals_message"],
    Rule.AFTER_DELIVERY: ["delivery_enabled", "delivery_days", "delivery_message"],
    Rule.PAYMENT_REMINDER: ["payment_enabled", "payment_hours_before", "payment_message"],
}
MESSAGE_HELP = _("Your own words at the top of the mail. Empty: the standard text.")


class AutomationForm(ShopFormMixin, forms.ModelForm):
    class Meta:
        model = AutomationSettings
        fields = [name for names in RULE_FIELDS.values() for name in names]

    def __init__(self, *args, rule: str, **kwargs):
        super().__init__(*args, **kwargs)
        for name in list(self.fields):
            if name not in RULE_FIELDS[rule]:
                del self.fields[name]
        for name, field in self.fields.items():
            if name.endswith("_message"):
                self.fields[name] = MultilineCharField(
                    label=field.label,
                    required=False,
                    max_length=1000,
                    help_text=MESSAGE_HELP,
                    widget=forms.Textarea(attrs={"rows": 3, "class": "form-control"}),
                )
        if "winback_voucher" in self.fields:
            self.fields["winback_voucher"].queryset = Voucher.objects.filter(is_active=True).order_by("code")
            self.fields["winback_voucher"].help_text = _(
                "Optional: a shared voucher code shown in the mail (its own per-member limit applies)."
            )

    def changed_values(self) -> dict:
        return {name: self.cleaned_data[name] for name in self.fields}
