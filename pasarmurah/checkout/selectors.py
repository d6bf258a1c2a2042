"""Reads of the checkout domain: a cart priced from the database, with what stands in its way."""

from dataclasses import dataclass, field

from pasarmurah.catalog.models import Product
from pasarmurah.catalog.pricing import PriceQuote, PromoBook
from pasarmurah.checkout.models import CartLine
from pasarmurah.core.privacy import export_section


@dataclass
class CartLineView:
    product: Product
    quantity: int
    quote: PriceQuote

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
class CartSummary:
    lines: list[CartLineView] = field(default_factory=list)

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
    def unavailable(self) -> list[CartLineView]:
        return [line for line in self.lines if not line.available]

    @property
    def is_empty(self) -> bool:
        return not self.lines

    def fingerprint(self) -> str:
        """What the member saw: products, quantities and prices. A change means the member must look again."""
        return ";".join(f"{line.product.pk}x{line.quantity}@{line.unit_price}" for line in self.lines)


def cart_summary(
    items: dict[int, int], *, book: PromoBook | None = None, with_images: bool = True
) -> CartSummary:
    """Price the cart's items now; products gone from the shop drop out of the cart."""
    if not items:
        return CartSummary()
    book = book or PromoBook.load()
    products = Product.objects.filter(pk__in=items.keys(), is_active=True).select_related("category", "brand")
    products = (products.prefetch_related("images") if with_images else products).order_by("pk")
    return CartSummary(
        lines=[CartLineView(product=p, quantity=items[p.pk], quote=book.quote(p)) for p in products]
    )


@export_section(
    covers=["checkout.Cart"],
    withholds={"checkout.Cart": "the checkout key: an internal idempotency key of the next order, no data"},
)
def member_export_checkout_data(*, user) -> dict:
    """The checkout part of a member's data export: what is in its stored cart."""
    return {
        "cart": [
            {"product": name, "sku": sku, "quantity": quantity, "added": added.isoformat()}
            for name, sku, quantity, added in CartLine.objects.filter(cart__member=user)
            .order_by("added_at", "pk")
            .values_list("product__name", "product__sku", "quantity", "added_at")
        ]
    }
