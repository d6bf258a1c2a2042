"""Reads of the checkout domain: the cart priced from the database (catalog.pricing prices the lines)."""

from pasarmurah.catalog.pricing import PricedLines, priced_lines


def cart_summary(items: dict[int, int], *, with_images: bool = True) -> PricedLines:
    """Price the cart's items now; products gone from the shop drop out of the cart."""
    return priced_lines(items, with_images=with_images)
