"""Reads of the checkout domain: the cart priced from the database (catalog.pricing prices the lines)."""

from pasarmurah.catalog.pricing import PricedLines, priced_lines
from pasarmurah.checkout.models import CartLine
from pasarmurah.core.privacy import export_section


def cart_summary(items: dict[int, int], *, with_images: bool = True) -> PricedLines:
    """Price the cart's items now; products gone from the shop drop out of the cart."""
    return priced_lines(items, with_images=with_images)


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
