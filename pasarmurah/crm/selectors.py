"""Reads of the CRM domain."""

from pasarmurah.catalog.pricing import attach_prices
from pasarmurah.catalog.selectors import products_for_listing
from pasarmurah.crm.models import WishlistItem


def wished_product_ids(*, user) -> set[int]:
    """The ids of the products a member wishes for: one query, for the hearts of a whole page."""
    if not user.is_authenticated:
        return set()
    return set(WishlistItem.objects.filter(user=user).values_list("product_id", flat=True))


def wishlist_for_member(*, user) -> list[WishlistItem]:
    """The member's wished products still on sale, priced now (catalog.pricing), newest first.

    A fixed number of queries whatever the length: items, products with brand/category, images, promos.
    """
    items = list(WishlistItem.objects.filter(user=user).order_by("-created_at", "-pk"))
    products = products_for_listing().filter(pk__in=[item.product_id for item in items])
    by_id = {product.pk: product for product in attach_prices(products)}
    shown = []
    for item in items:
        if item.product_id in by_id:
            item.product = by_id[item.product_id]
            shown.append(item)
    return shown


def member_export_crm_data(*, user) -> dict:
    """The CRM part of a member's data export: wishlist and the e-mails sent to it."""
    from pasarmurah.crm.models import OutboundEmail

    return {
        "wishlist": [
            {"product": name, "sku": sku, "added": added.isoformat()}
            for name, sku, added in WishlistItem.objects.filter(user=user)
            .order_by("pk")
            .values_list("product__name", "product__sku", "created_at")
        ],
        "emails": [
            {"kind": kind, "subject": subject, "status": status, "created_at": created.isoformat()}
            for kind, subject, status, created in OutboundEmail.objects.filter(user=user)
            .order_by("pk")
            .values_list("kind", "subject", "status", "created_at")
        ],
    }
