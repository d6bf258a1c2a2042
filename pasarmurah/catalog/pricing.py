"""The effective price of a product at a moment. This is the only place that decides it.

A product's price is its normal price less the single best running promo that covers it (by product, its
category or that category's parent). Promos do not stack; the one giving the largest discount wins.
"""

import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.core.cache import cache
from django.db import connection
from django.db.models import prefetch_related_objects
from django.utils import timezone

from pasarmurah.catalog.models import Category, Product, ProductImage, Promo


@dataclass(frozen=True)
class PriceQuote:
    base_price: int
    price: int
    promo: Promo | None = None

    @property
    def discount(self) -> int:
        return self.base_price - self.price

    @property
    def has_promo(self) -> bool:
        return self.promo is not None and self.discount > 0

    @property
    def promo_ends_at(self):
        return self.promo.ends_at if self.promo else None


def best_quote(base_price: int, promos: Iterable[Promo]) -> PriceQuote:
    """The lowest price the given promos allow (ties go to the promo ending first)."""
    best = PriceQuote(base_price=base_price, price=base_price)
    for promo in sorted(promos, key=lambda p: (p.ends_at, p.pk)):
        price = base_price - promo.discount_on(base_price)
        if price < best.price:
            best = PriceQuote(base_price=base_price, price=price, promo=promo)
    return best


class PromoBook:
    """The promos running at one moment, indexed by product and category, to price many products at once."""

    def __init__(self, promos: Iterable[Promo], *, at=None):
        self.at = at or timezone.now()
        self.by_product: dict[int, list[Promo]] = defaultdict(list)
        self.by_category: dict[int, list[Promo]] = defaultdict(list)
        self.promos = [promo for promo in promos if promo.is_running(self.at)]
        for promo in self.promos:
            for product_id in getattr(promo, "product_ids", ()):
                self.by_product[product_id].append(promo)
            for category_id in getattr(promo, "category_ids", ()):
                self.by_category[category_id].append(promo)

    @classmethod
    def load(cls, *, at=None) -> "PromoBook":
        """Running promos with the ids they cover: three queries, whatever the number of products."""
        at = at or timezone.now()
        return cls(_with_covered_ids(Promo.objects.running(at)), at=at)

    @classmethod
    def cached(cls) -> "PromoBook":
        """The promos running now, for storefront pages: from the cache (no query) when it holds them.

        The cache keeps every active promo that runs at any moment of the next PROMO_CACHE_SECONDS, and the
        book keeps those running at its own moment, so a promo starting or ending within that time is still
        applied or dropped on the second. catalog.services drops the entry whenever a promo changes.
        Checkout and orders use load(), which always asks the database.
        """
        now = timezone.now()
        return cls(cls.cached_entry(now=now)["promos"], at=now)

    @staticmethod
    def cached_entry(*, now=None, version=None) -> dict:
        """What cached() keeps: {"promos": every active promo running at some moment until "valid_until"}.

        With `version` (the catalog version, read before this call) only an entry read under that version
        is used: one a request read from the database just before a promo change committed, and stored just
        after the change dropped the entry, carries the version that the change's commit replaced."""
        now = now or timezone.now()
        entry = cache.get(PROMO_CACHE_KEY)
        if (
            entry is None
            or entry["valid_until"] <= now
            or (version is not None and entry.get("version") != version)
        ):
            horizon = now + datetime.timedelta(seconds=PROMO_CACHE_SECONDS)
            promos = _with_covered_ids(
                Promo.objects.filter(is_active=True, ends_at__gt=now, starts_at__lt=horizon)
            )
            entry = {"promos": promos, "valid_until": horizon, "version": version}
            cache.set(PROMO_CACHE_KEY, entry, PROMO_CACHE_SECONDS)
        return entry

    def promos_for(self, product: Product) -> list[Promo]:
        found = list(self.by_product.get(product.pk, ()))
        found += self.by_category.get(product.category_id, ())
        parent_id = product.category.parent_id if product.category_id else None
        if parent_id:
            found += self.by_category.get(parent_id, ())
        return found

    def quote(self, product: Product) -> PriceQuote:
        return best_quote(product.price, self.promos_for(product))


def price_quote(product: Product, *, at=None) -> PriceQuote:
    """The effective price of one product now (or at `at`)."""
    return PromoBook.load(at=at).quote(product)


def attach_prices(products: Iterable[Product], *, at=None, book: PromoBook | None = None) -> list[Product]:
    """Set `product.quote` on each product of a listing, with one PromoBook for all of them."""
    book = book or PromoBook.load(at=at)
    products = list(products)
    for product in products:
        product.quote = book.quote(product)
    return products


@dataclass
class PricedLine:
    """Some units of one product at its effective price (a cart line, or an order line before placing)."""

    product: Product
    quantity: int
    quote: PriceQuote
    image: ProductImage | None = None  # the product's first photo, when the lines were priced with images

    @property
    def unit_price(self) -> int:
        return self.quote.price

    @property
    def line_total(self) -> int:
        return self.quote.price * self.quantity

    @property
    def savings(self) -> int:
        return self.quote.discount * self.quantity

    @property
    def weight_grams(self) -> int:
        return self.product.weight_grams * self.quantity

    @property
    def available(self) -> bool:
        return self.product.is_active and self.product.stock >= self.quantity


@dataclass
class PricedLines:
    """Priced lines in product-id order, with their sums."""

    lines: list[PricedLine] = field(default_factory=list)

    @property
    def subtotal(self) -> int:
        return sum(line.line_total for line in self.lines)

    @property
    def savings(self) -> int:
        return sum(line.savings for line in self.lines)

    @property
    def weight_grams(self) -> int:
        return sum(line.weight_grams for line in self.lines)

    @property
    def item_count(self) -> int:
        return sum(line.quantity for line in self.lines)

    @property
    def unavailable(self) -> list[PricedLine]:
        return [line for line in self.lines if not line.available]

    @property
    def is_empty(self) -> bool:
        return not self.lines

    def fingerprint(self) -> str:
        """What the member saw: products, quantities and prices. A change means the member must look again."""
        return ";".join(f"{line.product.pk}x{line.quantity}@{line.unit_price}" for line in self.lines)


def priced_lines(
    items: dict[int, int], *, book: PromoBook | None = None, with_images: bool = True
) -> PricedLines:
    """Price {product id: quantity} now, from the database; products no longer sold drop out.
    `with_images` also sets each line's first photo."""
    if not items:
        return PricedLines()
    book = book or PromoBook.load()
    # in product-id order, sorted here: for a cart's few rows the ORM's ORDER BY costs more than the query
    products = sorted(sellable_products(items.keys()), key=lambda product: product.pk)
    if with_images:
        prefetch_related_objects(products, "images")
    lines = [PricedLine(product=p, quantity=items[p.pk], quote=book.quote(p)) for p in products]
    if with_images:
        for line in lines:
            line.image = next(iter(line.product.images.all()), None)
    return PricedLines(lines=lines)


# What a priced line reads of its product: pricing (price, category), the cart and checkout pages (name, slug,
# stock, weight, active) and the order line's snapshot (SKU, cost price). Other fields load on first use.
PRICED_FIELDS = (
    "id",
    "sku",
    "name",
    "slug",
    "category_id",
    "price",
    "weight_grams",
    "stock",
    "cost_price",
    "is_active",
)


def sellable_products(ids: Iterable[int]) -> list[Product]:
    """The active products among `ids`, with their category's id and parent (all pricing needs of it).

    One statement written out: building the ORM's query (a join and its two models' columns) cost four times
    as much as running it, for the few rows of a cart that every cart page, checkout page and order prices.
    Only identifiers are formatted in; the ids and the flag are parameters. The rows are model instances with
    the other fields deferred, so a template reading one more field still gets it (with a query)."""
    ids = [int(pk) for pk in ids]
    if not ids:
        return []
    qn = connection.ops.quote_name
    columns = ", ".join(f"p.{qn(name)}" for name in PRICED_FIELDS)
    sql = (
        f"SELECT {columns}, c.{qn('parent_id')} AS category_parent_id"  # noqa: S608 - identifiers only
        f" FROM {qn(Product._meta.db_table)} p JOIN {qn(Category._meta.db_table)} c"
        f" ON c.{qn('id')} = p.{qn('category_id')}"
        f" WHERE p.{qn('id')} IN ({', '.join(['%s'] * len(ids))}) AND p.{qn('is_active')} = %s"
    )
    products = list(Product.objects.raw(sql, [*ids, True]))
    for product in products:
        product.category = Category.from_db(
            product._state.db, ["id", "parent_id"], [product.category_id, product.category_parent_id]
        )
    return products


PROMO_CACHE_KEY = "catalog:promobook:v1"
PROMO_CACHE_SECONDS = 60


def promo_book_forget() -> None:
    """Drop the storefront's cached promos (catalog.services calls it after a promo changes)."""
    cache.delete(PROMO_CACHE_KEY)


def _with_covered_ids(queryset) -> list[Promo]:
    """The promos with the product and category ids they cover (three queries in all)."""
    promos = list(queryset)
    product_links = Promo.products.through.objects.filter(promo__in=promos).values_list(
        "promo_id", "product_id"
    )
    category_links = Promo.categories.through.objects.filter(promo__in=promos).values_list(
        "promo_id", "category_id"
    )
    by_id = {promo.pk: promo for promo in promos}
    for promo in promos:
        promo.product_ids, promo.category_ids = set(), set()
    for promo_id, product_id in product_links:
        by_id[promo_id].product_ids.add(product_id)
    for promo_id, category_id in category_links:
        by_id[promo_id].category_ids.add(category_id)
    return promos
