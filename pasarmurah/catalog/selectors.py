"""Reads of the catalog domain: what listings and pages load, decided in one place."""

from django.core.cache import cache
from django.db.models import Prefetch, QuerySet

from pasarmurah.catalog.models import Category, Product, ProductImage
from pasarmurah.catalog.pricing import PromoBook, attach_prices

NAV_CACHE_KEY = "catalog:nav:v1"
NAV_CACHE_SECONDS = 300


def navigation_categories() -> list[Category]:
    """Top-level active categories for the header menu, cached (they change rarely)."""
    categories = cache.get(NAV_CACHE_KEY)
    if categories is None:
        categories = list(Category.objects.filter(is_active=True, parent__isnull=True).only("name", "slug"))
        cache.set(NAV_CACHE_KEY, categories, NAV_CACHE_SECONDS)
    return categories


def navigation_forget() -> None:
    cache.delete(NAV_CACHE_KEY)


def products_for_listing() -> QuerySet[Product]:
    """Products for cards: everything a card template touches is loaded up front."""
    first_images = Prefetch("images", queryset=ProductImage.objects.order_by("sort_order", "pk"))
    return (
        Product.objects.on_sale()
        .select_related("brand", "category")
        .prefetch_related(first_images)
        .defer("description")
    )


def featured_products(*, limit: int = 8, book: PromoBook | None = None) -> list[Product]:
    return attach_prices(
        products_for_listing().filter(is_featured=True).order_by("-updated_at")[:limit], book=book
    )


def newest_products(*, limit: int = 8, book: PromoBook | None = None) -> list[Product]:
    return attach_prices(products_for_listing().order_by("-created_at", "-pk")[:limit], book=book)


def best_selling_products(*, limit: int = 8, book: PromoBook | None = None) -> list[Product]:
    return attach_prices(products_for_listing().order_by("-sold_count", "name")[:limit], book=book)
