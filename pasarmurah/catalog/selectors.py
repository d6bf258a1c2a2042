"""Reads of the catalog domain: what listings and pages load, decided in one place."""

from dataclasses import dataclass

from django.core.cache import cache
from django.core.paginator import Page, Paginator
from django.db.models import Case, IntegerField, Prefetch, Q, QuerySet, Value, When

from pasarmurah.catalog.models import Brand, Category, Product, ProductImage, Promo
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
        products_for_listing().filter(is_featured__in=[True]).order_by("-updated_at")[:limit], book=book
    )


def newest_products(*, limit: int = 8, book: PromoBook | None = None) -> list[Product]:
    return attach_prices(products_for_listing().order_by("-created_at", "-pk")[:limit], book=book)


def best_selling_products(*, limit: int = 8, book: PromoBook | None = None) -> list[Product]:
    return attach_prices(products_for_listing().order_by("-sold_count", "name")[:limit], book=book)


BRANDS_CACHE_KEY = "catalog:brands:v1"


def active_brands() -> list[Brand]:
    """Brands for the catalog filter, cached like the menu (they change rarely)."""
    brands = cache.get(BRANDS_CACHE_KEY)
    if brands is None:
        brands = list(Brand.objects.filter(is_active=True).only("name", "slug"))
        cache.set(BRANDS_CACHE_KEY, brands, NAV_CACHE_SECONDS)
    return brands


def brands_forget() -> None:
    cache.delete(BRANDS_CACHE_KEY)


def category_for_page(slug: str) -> Category | None:
    """An active category (with its parent and active children) for its catalog page."""
    category = (
        Category.objects.filter(slug=slug, is_active=True)
        .select_related("parent")
        .prefetch_related(Prefetch("children", queryset=Category.objects.filter(is_active=True)))
        .first()
    )
    if category is not None and category.parent_id and not category.parent.is_active:
        return None
    return category


SORTS = {
    "newest": ("-created_at", "-pk"),
    "price_asc": ("price", "pk"),
    "price_desc": ("-price", "pk"),
    "best": ("-sold_count", "pk"),
    "name": ("name", "pk"),
}


@dataclass(frozen=True)
class ListingFilters:
    """What a catalog or search listing is narrowed and ordered by (validated by catalog.forms)."""

    category: Category | None = None
    brand: Brand | None = None
    price_min: int | None = None
    price_max: int | None = None
    in_stock: bool = False
    sort: str = "newest"  # a key of SORTS, or "relevance" for search


def filtered_products(filters: ListingFilters, *, ids: list[int] | None = None) -> QuerySet[Product]:
    """Products on sale narrowed by the filters (prices are the normal price; promos are applied on show)."""
    qs = Product.objects.on_sale()
    if ids is not None:
        qs = qs.filter(pk__in=ids)
    if filters.category is not None:
        # The category and its active children as a list of ids: one indexed IN, no join on the parent.
        children = [child.pk for child in filters.category.children.all() if child.is_active]
        qs = qs.filter(category_id__in=[filters.category.pk, *children])
    if filters.brand is not None:
        qs = qs.filter(brand=filters.brand)
    if filters.price_min is not None:
        qs = qs.filter(price__gte=filters.price_min)
    if filters.price_max is not None:
        qs = qs.filter(price__lte=filters.price_max)
    if filters.in_stock:
        qs = qs.filter(stock__gt=0)
    return qs


def listing_page(
    filters: ListingFilters,
    *,
    page_number,
    per_page: int,
    ids: list[int] | None = None,
    book: PromoBook | None = None,
) -> Page:
    """One page of a listing, priced. Queries: count, page, images, promos (3): the same at any data size.

    For a search (`ids` ranked by relevance) the matching ids are filtered in one query and paged in Python,
    so the rank order survives; other sorts are done by the database.
    """
    qs = filtered_products(filters, ids=ids)
    if ids is not None and filters.sort == "relevance":
        allowed = set(qs.values_list("pk", flat=True))
        ranked = [pk for pk in ids if pk in allowed]
        page = Paginator(ranked, per_page).get_page(page_number)
        by_id = products_for_listing().in_bulk(list(page.object_list))
        page.object_list = attach_prices([by_id[pk] for pk in page.object_list if pk in by_id], book=book)
        return page
    ordering = SORTS.get(filters.sort, SORTS["newest"])
    page = Paginator(_listing_from(qs).order_by(*ordering), per_page).get_page(page_number)
    page.object_list = attach_prices(page.object_list, book=book)
    return page


def _listing_from(qs: QuerySet[Product]) -> QuerySet[Product]:
    first_images = Prefetch("images", queryset=ProductImage.objects.order_by("sort_order", "pk"))
    return qs.select_related("brand", "category").prefetch_related(first_images).defer("description")


def search_products(
    text: str, filters: ListingFilters, *, page_number, per_page: int, book: PromoBook | None = None
) -> tuple[Page, bool]:
    """Full-text search then filters: (page, searched). Text matches are found first (ranked ids, limited),
    then narrowed to products on sale and the filters."""
    from pasarmurah.catalog.search import parse_query, search_product_ids

    if parse_query(text).is_empty:
        return Paginator([], per_page).get_page(1), False
    ids = search_product_ids(text)
    return listing_page(filters, page_number=page_number, per_page=per_page, ids=ids, book=book), True


def search_suggestions(text: str, *, limit: int = 6) -> list[Product]:
    """A few product names for the as-you-type list (two queries: matches, then the products)."""
    from pasarmurah.catalog.search import search_product_ids

    ids = search_product_ids(text, limit=limit * 4)
    if not ids:
        return []
    by_id = Product.objects.on_sale().only("name", "slug").in_bulk(ids)
    return [by_id[pk] for pk in ids if pk in by_id][:limit]


def product_for_page(slug: str) -> Product | None:
    """A product on sale with what its page shows: brand, category and parent, images in order."""
    images = Prefetch("images", queryset=ProductImage.objects.order_by("sort_order", "pk"))
    return (
        Product.objects.on_sale()
        .filter(slug=slug)
        .select_related("brand", "category", "category__parent")
        .prefetch_related(images)
        .first()
    )


def related_products(product: Product, *, limit: int = 8, book: PromoBook | None = None) -> list[Product]:
    """Other products of the same category, in-stock ones first, then best selling."""
    in_stock_first = Case(When(stock__gt=0, then=Value(0)), default=Value(1), output_field=IntegerField())
    qs = (
        products_for_listing()
        .filter(category_id=product.category_id)
        .exclude(pk=product.pk)
        .order_by(in_stock_first, "-sold_count", "pk")[:limit]
    )
    return attach_prices(qs, book=book)


def running_promos_with_products(*, book: PromoBook, per_promo: int = 12) -> list[Promo]:
    """Every running promo with (up to `per_promo` of) the products it covers, directly or through a
    category, best sellers first and priced. Three queries per running promo (products, images,
    categories): a shop runs a handful at a time."""
    promos = list(book.promos)
    for promo in promos:
        covered = products_for_listing().filter(
            Q(pk__in=promo.product_ids)
            | Q(category_id__in=promo.category_ids)
            | Q(category__parent_id__in=promo.category_ids)
        )
        promo.listed_products = attach_prices(
            covered.order_by("-sold_count", "pk")[: per_promo + 1], book=book
        )
        promo.has_more = len(promo.listed_products) > per_promo
        promo.listed_products = promo.listed_products[:per_promo]
        promo.listed_categories = list(
            Category.objects.filter(pk__in=promo.category_ids, is_active=True).only("name", "slug")
        )
    return promos


def products_for_counter(text: str, *, limit: int = 12) -> tuple[Product | None, list[Product]]:
    """The counter's product finder: (the product whose SKU is exactly `text`, or None; products on sale
    whose SKU or name contains it). A barcode scanner types the SKU, so an exact SKU match is the product."""
    text = text.strip()[:100]
    if not text:
        return None, []
    on_sale = Product.objects.on_sale().select_related("brand").defer("description")
    exact = on_sale.filter(sku__iexact=text).first()
    if exact is not None:
        return exact, [exact]
    matches = on_sale.filter(Q(sku__icontains=text) | Q(name__icontains=text)).order_by("name", "pk")
    return None, list(matches[:limit])


def product_for_counter(pk: int) -> Product | None:
    """One product on sale, for the counter's add button."""
    return Product.objects.on_sale().filter(pk=pk).first()
