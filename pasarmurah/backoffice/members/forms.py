"""The members area's forms: validation only; the rules stay in accounts.services."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from pasarmurah.accounts.forms import BirthDateField, ShopFormMixin
from pasarmurah.core.forms import MultilineCharField
from pasarmurah.core.provinces import Province
from pasarmurah.crm import rfm
from pasarmurah.crm.models import TAG_NAME_MAX
from pasarmurah.crm.selectors import CustomerFilters
from pasarmurah.promotions.birthday import week_of


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


MAX_RP = 10**12
BIRTHDAY_THIS_WEEK = "minggu_ini"  # ?ultah=minggu_ini: the birthday window opens this week (Monday to Sunday)
MONTHS = [
    (1, _("January")),
    (2, _("February")),
    (3, _("March")),
    (4, _("April")),
    (5, _("May")),
    (6, _("June")),
    (7, _("July")),
    (8, _("August")),
    (9, _("September")),
    (10, _("October")),
    (11, _("November")),
    (12, _("December")),
]
SORTS = [
    ("nama", _("Name")),
    ("belanja", _("Spent, highest first")),
    ("belanja_naik", _("Spent, lowest first")),
    ("terakhir", _("Last order, newest first")),
    ("terakhir_lama", _("Last order, oldest first")),
    ("pesanan", _("Most orders")),
    ("bergabung", _("Newest members")),
]


class CustomerFilterForm(ShopFormMixin, forms.Form):
    """The customer list's search, filters and sort (GET): an invalid value is dropped and named, no 500."""

    cari = forms.CharField(label=_("Search"), max_length=100, required=False)
    provinsi = forms.ChoiceField(label=_("Province"), required=False)
    kota = forms.CharField(label=_("City / regency"), max_length=100, required=False)
    belanja_min = forms.IntegerField(
        label=_("Spent from (Rp)"), min_value=0, max_value=10**12, required=False
    )
    belanja_maks = forms.IntegerField(
        label=_("Spent up to (Rp)"), min_value=0, max_value=10**12, required=False
    )
    order_dari = forms.DateField(
        label=_("Last order from"), required=False, widget=forms.DateInput({"type": "date"})
    )
    order_sampai = forms.DateField(
        label=_("Last order until"), required=False, widget=forms.DateInput({"type": "date"})
    )
    bulan_lahir = forms.TypedChoiceField(
        label=_("Birthday month"), choices=[("", "—"), *MONTHS], coerce=int, empty_value=None, required=False
    )
    promo = forms.ChoiceField(
        label=_("Promotional e-mail"),
        choices=[("", "—"), ("ya", _("Accepts")), ("tidak", _("Does not accept"))],
        required=False,
    )
    tag = forms.ChoiceField(label=_("Tag"), required=False)
    segmen = forms.ChoiceField(label=_("Segment"), choices=[("", "—"), *rfm.Group.choices], required=False)
    ultah = forms.ChoiceField(
        label=_("Birthday period"),
        choices=[("", "—"), (BIRTHDAY_THIS_WEEK, _("Opens this week"))],
        required=False,
    )
    urut = forms.ChoiceField(label=_("Sort by"), choices=SORTS, required=False)

    def __init__(self, *args, tags=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.tags = {str(tag.pk): tag for tag in tags}
        self.fields["tag"].choices = [("", "—"), *((str(tag.pk), tag.name) for tag in tags)]
        self.fields["provinsi"].choices = [("", "—"), *Province.choices]

    def filters(self) -> CustomerFilters:
        """The filters of the valid fields; the invalid ones filter nothing (the form shows their errors)."""
        self.is_valid()
        data = {name: self.cleaned_data.get(name) for name in self.fields if name not in self.errors}
        low, high = data.get("belanja_min"), data.get("belanja_maks")
        if low is not None and high is not None and low > high:
            low, high = high, low
        promo = data.get("promo") or ""
        return CustomerFilters(
            query=data.get("cari") or "",
            province=data.get("provinsi") or "",
            city=data.get("kota") or "",
            spend_min=low,
            spend_max=high,
            last_order_from=data.get("order_dari"),
            last_order_to=data.get("order_sampai"),
            birth_month=data.get("bulan_lahir"),
            accepts_marketing={"ya": True, "tidak": False}.get(promo),
            tag=self.tags.get(data.get("tag") or ""),
            segment=data.get("segmen") or "",
            birthday_window=week_of(timezone.localdate())
            if data.get("ultah") == BIRTHDAY_THIS_WEEK
            else None,
            sort=data.get("urut") or "nama",
        )


class CustomerNoteForm(ShopFormMixin, forms.Form):
    text = MultilineCharField(
        label=_("New note"), max_length=2000, widget=forms.Textarea({"rows": 3}), strip=True
    )


class CustomerTagForm(ShopFormMixin, forms.Form):
    name = forms.CharField(
        label=_("Tag"),
        max_length=TAG_NAME_MAX,
        widget=forms.TextInput({"list": "tag-names", "placeholder": _("e.g. reseller")}),
    )
