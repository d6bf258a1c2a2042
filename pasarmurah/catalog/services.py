"""Writes of the catalog domain. The staff admin and the demo loader save through these functions, so the
search index (catalog/search.py), the thumbnails and the cached menus stay right without a manual step."""

from django.db import transaction

from pasarmurah.catalog.fragments import catalog_changed
from pasarmurah.catalog.models import THUMB_LARGE, THUMB_SMALL, Brand, Category, Product, ProductImage, Promo
from pasarmurah.catalog.pricing import promo_book_forget
from pasarmurah.catalog.search import search_index_refresh, search_text_for
from pasarmurah.catalog.selectors import brands_forget, navigation_forget
from pasarmurah.core.images import clean_image, square_thumbnail
from pasarmurah.core.private_files import delete_unless_committed


@transaction.atomic
def product_save(*, product: Product) -> Product:
    """Create or update a product (also deactivation: is_active=False) with its search words current."""
    product.search_text = search_text_for(product)
    product.save()
    transaction.on_commit(catalog_changed)
    return product


@transaction.atomic
def product_delete(*, product: Product) -> None:
    """Delete a product; its full-text entry goes with the row (index or trigger), its images with it."""
    images = list(product.images.all())
    product.delete()
    transaction.on_commit(catalog_changed)
    for image in images:
        transaction.on_commit(lambda image=image: _delete_files(image))


@transaction.atomic
def category_save(*, category: Category) -> Category:
    """Create or rename a category; its products' (and its children's products') search words follow."""
    category.save()
    search_index_refresh(Product.objects.filter(category__in=_category_and_children(category)))
    transaction.on_commit(navigation_forget)
    transaction.on_commit(catalog_changed)
    return category


@transaction.atomic
def category_delete(*, category: Category) -> None:
    category.delete()
    transaction.on_commit(navigation_forget)
    transaction.on_commit(catalog_changed)


def _category_and_children(category: Category) -> list[int]:
    return [category.pk, *Category.objects.filter(parent=category).values_list("pk", flat=True)]


@transaction.atomic
def brand_save(*, brand: Brand) -> Brand:
    """Create or rename a brand; its products' search words follow."""
    brand.save()
    search_index_refresh(Product.objects.filter(brand=brand))
    transaction.on_commit(brands_forget)
    transaction.on_commit(catalog_changed)
    return brand


@transaction.atomic
def brand_delete(*, brand: Brand) -> None:
    product_ids = list(brand.products.values_list("pk", flat=True))
    brand.delete()  # products keep existing without a brand (SET_NULL)
    search_index_refresh(Product.objects.filter(pk__in=product_ids))
    transaction.on_commit(brands_forget)
    transaction.on_commit(catalog_changed)


def promo_save(*, promo: Promo) -> Promo:
    """Create or change a promo (its products and categories are set by the caller, then promo_changed)."""
    promo.full_clean(exclude=["products", "categories"])
    promo.save()
    promo_changed()
    return promo


def promo_changed() -> None:
    """After a promo or what it covers changed: storefront pages price with fresh promos after commit."""
    transaction.on_commit(promo_book_forget)
    transaction.on_commit(catalog_changed)


@transaction.atomic
def promo_delete(*, promo: Promo) -> None:
    promo.delete()
    promo_changed()


@transaction.atomic
@transaction.atomic
def product_image_add(*, product: Product, upload, alt_text: str = "", sort_order: int = 0) -> ProductImage:
    """Check and re-encode an uploaded photo, store it under a random name, and make its thumbnails.

    The files written are removed again if the transaction does not commit (no orphan in the media folder).
    """
    clean = clean_image(upload)
    image = ProductImage(product=product, alt_text=alt_text, sort_order=sort_order)
    image.image.save(clean.content.name, clean.content, save=False)
    delete_unless_committed(storage=image.image.storage, name=image.image.name)
    return product_image_save(image=image)


@transaction.atomic
def product_image_save(*, image: ProductImage) -> ProductImage:
    """Save a product image (already cleaned) and (re)make its small and large square thumbnails."""
    old_thumbs = [field.name for field in (image.thumb_small, image.thumb_large) if field]
    image.save()  # stores the original first, so the thumbnails are made from the stored file
    with image.image.storage.open(image.image.name, "rb") as source:
        small = square_thumbnail(source, size=THUMB_SMALL)
        source.seek(0)
        large = square_thumbnail(source, size=THUMB_LARGE)
    image.thumb_small.save(small.name, small, save=False)
    image.thumb_large.save(large.name, large, save=False)
    for thumb in (image.thumb_small, image.thumb_large):
        delete_unless_committed(storage=thumb.storage, name=thumb.name)
    image.save(update_fields=["thumb_small", "thumb_large"])
    transaction.on_commit(catalog_changed)
    storage = image.image.storage
    transaction.on_commit(lambda: [storage.delete(name) for name in old_thumbs])
    return image


@transaction.atomic
def product_image_delete(*, image: ProductImage) -> None:
    image.delete()
    transaction.on_commit(lambda: _delete_files(image))
    transaction.on_commit(catalog_changed)


def _delete_files(image: ProductImage) -> None:
    for field in (image.image, image.thumb_small, image.thumb_large):
        if field:
            field.storage.delete(field.name)
