"""Staff forms of the campaigns area: validation only; the rules stay in campaigns.services."""

import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from pasarmurah.campaigns.models import VoucherMode
from pasarmurah.campaigns.selectors import AudienceRules
from pasarmurah.campaigns.services import MAX_PRODUCTS
from pasarmurah.catalog.models import Brand, Category, Product
from pasarmurah.core.forms import MultilineCharField
from pasarmurah.core.provinces import Province
from pasarmurah.crm import rfm
from pasarmurah.crm.models import CustomerTag
from pasarmurah.promotions.models import Voucher

MONTHS = [
    (1, _("January")), (2, _("February")), (3, _("March")), (4, _("April")), (5, _("May")), (6, _("June")),
    (7, _("July")), (8, _("August")), (9, _("September")), (10, _("October")), (11, _("November")),
    (12, _("December")),
]  # fmt: skip


class CampaignForm(forms.Form):
    """A campaign's text, product blocks, voucher and audience."""

    name = forms.CharField(label=_("Name (for staff)"), max_length=120)
    subject = forms.CharField(label=_("Subject"), max_length=150)
    preheader = forms.CharField(label=_("Preheader"), max_length=150, required=False)
    body = MultilineCharField(
        label=_("Message (Markdown)"),
        max_length=20000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_(
            "**bold**, *italic*, [link text](https://…), lists with -. Scripts and styles are removed."
        ),
    )
    products = forms.ModelMultipleChoiceField(
        label=_("Product blocks"),
        queryset=Product.objects.order_by("name"),
        required=False,
        help_text=_("At most %(n)d; shown as cards with the current price and promo.") % {"n": MAX_PRODUCTS},
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )
    voucher_mode = forms.ChoiceField(
        label=_("Voucher"), choices=VoucherMode.choices, initial=VoucherMode.NONE
    )
    voucher = forms.ModelChoiceField(
        label=_("Voucher (its terms)"),
        queryset=Voucher.objects.filter(is_active=True).order_by("code"),
        required=False,
        help_text=_("One shared code: this code. Unique codes: each recipient gets a single-use copy of it."),
    )
    # The audience
    everyone = forms.BooleanField(label=_("All members who opted in"), required=False)
    segments = forms.MultipleChoiceField(
        label=_("RFM groups"), choices=rfm.Group.choices, required=False, widget=forms.CheckboxSelectMultiple
    )
    tags = forms.ModelMultipleChoiceField(
        label=_("Tags"), queryset=CustomerTag.objects.order_by("name"), required=False
    )
    bought_categories = forms.ModelMultipleChoiceField(
        label=_("Bought in category"), queryset=Category.objects.order_by("name"), required=False
    )
    bought_brands = forms.ModelMultipleChoiceField(
        label=_("Bought brand"), queryset=Brand.objects.order_by("name"), required=False
    )
    bought_within_days = forms.IntegerField(
        label=_("…within the last days"),
        min_value=1,
        max_value=3650,
        required=False,
        help_text=_("Empty: ever."),
    )
    wished_products = forms.ModelMultipleChoiceField(
        label=_("Wished product"), queryset=Product.objects.order_by("name"), required=False
    )
    wished_categories = forms.ModelMultipleChoiceField(
        label=_("Wished a product of category"), queryset=Category.objects.order_by("name"), required=False
    )
    provinces = forms.MultipleChoiceField(label=_("Province"), choices=Province.choices, required=False)
    birth_months = forms.TypedMultipleChoiceField(
        label=_("Birthday month"), choices=MONTHS, coerce=int, required=False
    )
    never_bought = forms.BooleanField(label=_("Never bought"), required=False)

    AUDIENCE_FIELDS = (
        "everyone", "segments", "tags", "bought_categories", "bought_brands", "bought_within_days",
        "wished_products", "wished_categories", "provinces", "birth_months", "never_bought",
    )  # fmt: skip

    def clean_products(self):
        products = list(self.cleaned_data["products"])
        inactive = [product.name for product in products if not product.is_active]
        if inactive:
            raise forms.ValidationError(
                _("Not shown in the shop, so not in a campaign: %(names)s"),
                params={"names": ", ".join(inactive)},
            )
        if len(products) > MAX_PRODUCTS:
            raise forms.ValidationError(_("At most %(n)d products."), params={"n": MAX_PRODUCTS})
        return products

    def clean(self):
        data = super().clean()
        if data.get("voucher_mode", VoucherMode.NONE) != VoucherMode.NONE and not data.get("voucher"):
            self.add_error("voucher", _("Choose the voucher the campaign gives."))
        if (
            "bought_within_days" in data
            and data.get("bought_within_days")
            and not (data.get("bought_categories") or data.get("bought_brands"))
        ):
            self.add_error("bought_within_days", _("Choose a category or brand bought within these days."))
        return data

    def audience(self) -> AudienceRules:
        data = self.cleaned_data
        ids = lambda name: sorted(obj.pk for obj in data.get(name) or [])  # noqa: E731
        return AudienceRules(
            everyone=bool(data.get("everyone")),
            segments=sorted(data.get("segments") or []),
            tags=ids("tags"),
            bought_categories=ids("bought_categories"),
            bought_brands=ids("bought_brands"),
            bought_within_days=data.get("bought_within_days"),
            wished_products=ids("wished_products"),
            wished_categories=ids("wished_categories"),
            provinces=sorted(data.get("provinces") or []),
            birth_months=sorted(data.get("birth_months") or []),
            never_bought=bool(data.get("never_bought")),
        )

    @classmethod
    def initial_for(cls, campaign) -> dict:
        rules = AudienceRules.from_dict(campaign.audience).as_dict()
        return {
            "name": campaign.name,
            "subject": campaign.subject,
            "preheader": campaign.preheader,
            "body": campaign.body,
            "products": [block.product_id for block in campaign.product_blocks.all()],
            "voucher_mode": campaign.voucher_mode,
            "voucher": campaign.voucher_id,
            **rules,
        }


class ScheduleForm(forms.Form):
    send_at = forms.DateTimeField(
        label=_("Send at (WIB)"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
    )

    def clean_send_at(self):
        at = self.cleaned_data["send_at"]
        if at <= timezone.now():
            raise forms.ValidationError(_("Choose a time in the future, or send now."))
        if at > timezone.now() + datetime.timedelta(days=365):
            raise forms.ValidationError(_("Choose a time within a year."))
        return at
