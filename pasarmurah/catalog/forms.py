"""Validation of the catalog's GET parameters: any value typed or edited into a URL gives a normal page.

Parameter names are short Indonesian words, as the URLs are: ?merek=&harga_min=&harga_maks=&tersedia=1&urut=
&halaman=. Invalid values are dropped one by one (the rest of the filters still apply), never a 500.
"""

from django import forms
from django.utils.translation import gettext_lazy as _

from pasarmurah.catalog.search import MAX_QUERY_CHARS
from pasarmurah.catalog.selectors import ListingFilters, active_brands

MAX_PRICE = 1_000_000_000  # Rp 1 milyar: anything above is a typo, not a filter
MAX_PAGE = 100_000

SORT_CHOICES = [
    ("newest", _("Newest")),
    ("best", _("Best selling")),
    ("price_asc", _("Price: low to high")),
    ("price_desc", _("Price: high to low")),
    ("name", _("Name (A–Z)")),
]
RELEVANCE = ("relevance", _("Most relevant"))


class ListingForm(forms.Form):
    """Filters and sort of a catalog listing (a category or all products)."""

    merek = forms.ChoiceField(label=_("Brand"), required=False)
    harga_min = forms.IntegerField(label=_("Minimum price"), required=False, min_value=0, max_value=MAX_PRICE)
    harga_maks = forms.IntegerField(
        label=_("Maximum price"), required=False, min_value=0, max_value=MAX_PRICE
    )
    tersedia = forms.BooleanField(label=_("In stock only"), required=False)
    urut = forms.ChoiceField(label=_("Sort by"), required=False, choices=SORT_CHOICES)
    halaman = forms.IntegerField(required=False, min_value=1, max_value=MAX_PAGE, widget=forms.HiddenInput)

    default_sort = "newest"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.brands = {brand.slug: brand for brand in active_brands()}
        self.fields["merek"].choices = [("", _("All brands"))] + [
            (b.slug, b.name) for b in self.brands.values()
        ]
        self.fields["harga_min"].widget.attrs.update(placeholder="0", inputmode="numeric", step="1000")
        self.fields["harga_maks"].widget.attrs.update(inputmode="numeric", step="1000")

    def value(self, name, default=None):
        """The cleaned value of one field, or `default` when it was missing or invalid."""
        if not hasattr(self, "cleaned_data"):
            self.is_valid()
        value = self.cleaned_data.get(name)
        return default if value in (None, "") else value

    def filters(self, *, category=None) -> ListingFilters:
        price_min, price_max = self.value("harga_min"), self.value("harga_maks")
        if price_min is not None and price_max is not None and price_min > price_max:
            price_min, price_max = price_max, price_min  # a swapped range still means what it says
        return ListingFilters(
            category=category,
            brand=self.brands.get(self.value("merek", "")),
            price_min=price_min,
            price_max=price_max,
            in_stock=bool(self.value("tersedia", False)),
            sort=self.value("urut", self.default_sort),
        )

    @property
    def page_number(self) -> int:
        return self.value("halaman", 1)

    @property
    def is_filtered(self) -> bool:
        f = self.filters()
        return bool(f.brand or f.price_min is not None or f.price_max is not None or f.in_stock)


class SearchForm(ListingForm):
    """The search page: the text plus the same filters; sorted by relevance unless asked otherwise."""

    q = forms.CharField(label=_("Search"), required=False)

    default_sort = "relevance"
    field_order = ["q", "merek", "harga_min", "harga_maks", "tersedia", "urut", "halaman"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["urut"].choices = [RELEVANCE, *SORT_CHOICES]
        self.fields["q"].widget = forms.HiddenInput()

    @property
    def text(self) -> str:
        """The raw text, cut to a sane length; catalog.search reduces it to plain words."""
        return str(self.data.get("q") or "")[: MAX_QUERY_CHARS * 2]
