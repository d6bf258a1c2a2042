"""The ticket desk's forms: validation only; the rules stay in crm.services."""

from django import forms
from django.utils.translation import gettext_lazy as _

from pasarmurah.accounts.forms import ShopFormMixin
from pasarmurah.core.forms import MultilineCharField
from pasarmurah.crm.models import TicketKind


class StaffReplyForm(ShopFormMixin, forms.Form):
    message = MultilineCharField(
        label=_("Message"), max_length=5000, widget=forms.Textarea(attrs={"rows": 4})
    )
    internal = forms.BooleanField(label=_("Internal note (the customer never sees it)"), required=False)


class InboxFilterForm(forms.Form):
    kind = forms.ChoiceField(choices=[("", _("All kinds")), *TicketKind.choices], required=False)
    status = forms.ChoiceField(
        choices=[
            ("", _("All")),
            ("open", _("Waiting for us")),
            ("answered", _("Answered")),
            ("closed", _("Closed")),
        ],
        required=False,
    )
    older = forms.TypedChoiceField(
        choices=[("", _("Any age")), ("24", _("Waiting over 24 hours")), ("72", _("Waiting over 3 days"))],
        coerce=int,
        empty_value=None,
        required=False,
    )
