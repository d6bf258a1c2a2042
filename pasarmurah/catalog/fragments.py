"""Cached HTML of the storefront's product grids, so busy pages skip their queries and card rendering.

A fragment's key holds the catalog version (bumped by catalog.services after any change a card shows:
product, image, brand, category, promo), the language, the running promos' ids (so a promo starting or
ending changes the key on the second) and what the fragment depends on (the page's full path). Stock and
sold counts changed by other domains without catalog.services (e.g. an order taking stock) show within
FRAGMENT_SECONDS; they can call catalog_changed() to show at once.
"""

import contextlib
import hashlib
import time
from collections.abc import Callable, Iterable

from django.core.cache import caches
from django.utils import timezone
from django.utils.translation import get_language

from pasarmurah.catalog.models import ProductImage
from pasarmurah.catalog.pricing import PromoBook

FRAGMENT_SECONDS = 60
VERSION_KEY = "catalog:version"
# The version lives beside the fragments it invalidates: a culled version just starts a new one.
CACHE_ALIAS = "pages"


def _cache():
    return caches[CACHE_ALIAS]


def catalog_version() -> int:
    cache = _cache()
    version = cache.get(VERSION_KEY)
    if version is None:
        # A fresh start value, so a cleared or culled cache never brings back old fragments.
        cache.add(VERSION_KEY, time.time_ns(), None)
        version = cache.get(VERSION_KEY) or time.time_ns()
    return version


def catalog_changed() -> None:
    """Everything cached from the catalog is stale from now on."""
    with contextlib.suppress(ValueError):  # no version yet: the next read starts a new one
        _cache().incr(VERSION_KEY)


def fragment_key(name: str, *parts, book: PromoBook) -> str:
    promos = ",".join(str(promo.pk) for promo in book.promos)
    raw = "|".join([name, str(catalog_version()), get_language() or "", promos, *map(str, parts)])
    return "catalog:fragment:" + hashlib.sha256(raw.encode()).hexdigest()


# This process's copy of PromoBook.cached()'s entry, under the catalog version it was read with: every promo
# change bumps the version (catalog.services.promo_changed, after dropping the entry), so a page-cache hit
# reads one cache entry (the version) for its key instead of two; a promo starting or ending on the clock is
# still seen on the second (the entry holds every promo running at some moment until its "valid_until").
# With it a PromoBook of the promos running and their ids, which stay the same from the moment they were
# worked out until the next start or end of one of the entry's promos (or the entry's "valid_until"),
# whichever comes first (the book's `at` is the moment it was made; it prices alike at every moment with the
# same promos running).
_promos_seen: dict[str, tuple] = {}


def _running() -> tuple[int, PromoBook, str]:
    """The catalog version, a PromoBook of the promos running now and their ids, from this process's copy."""
    version, now = catalog_version(), timezone.now()
    seen = _promos_seen.get("entry")
    if seen is None or seen[0] != version or not seen[2] <= now < seen[3]:
        entry = seen[1] if seen is not None and seen[0] == version and now < seen[1]["valid_until"] else None
        entry = entry or PromoBook.cached_entry(now=now, version=version)
        book = PromoBook(entry["promos"], at=now)
        edges = [entry["valid_until"]]
        edges += [
            edge for promo in entry["promos"] for edge in (promo.starts_at, promo.ends_at) if edge > now
        ]
        seen = (version, entry, now, min(edges), book, ",".join(str(promo.pk) for promo in book.promos))
        _promos_seen["entry"] = seen
    return version, seen[4], seen[5]


def page_key_parts() -> tuple[int, str]:
    """What a cached storefront page depends on besides its URL (core.pagecache): catalog version, promos."""
    version, _book, running = _running()
    return version, running


def running_promos() -> PromoBook:
    """The promos running now, correct to the second, without a query while this process's copy holds them
    (the cart and checkout pages price with it; placing an order asks the database, PromoBook.load())."""
    return _running()[1]


# This process's copy of products' first photos, under the catalog version they were read with (every image
# write bumps it after commit, and the version is read before the database): the cart page's thumbnails.
_images_seen: dict[str, object] = {"version": None, "by_product": {}}
IMAGES_KEPT = 10_000  # products whose photo one process keeps at most


def first_images(product_ids: Iterable[int]) -> dict[int, ProductImage | None]:
    """{product id: its first photo, or None}, without a query for products this process has seen."""
    product_ids, version = list(product_ids), catalog_version()
    if _images_seen["version"] != version or len(_images_seen["by_product"]) > IMAGES_KEPT:
        _images_seen.update(version=version, by_product={})
    by_product = _images_seen["by_product"]
    missing = [pk for pk in product_ids if pk not in by_product]
    if missing:
        found = dict.fromkeys(missing)
        for image in ProductImage.objects.filter(product_id__in=missing).order_by("-sort_order", "-pk"):
            found[image.product_id] = image  # the last one written is the first in the model's ordering
        by_product.update(found)
    return {pk: by_product[pk] for pk in product_ids}


def cached_fragment(key: str, build: Callable[[], dict]) -> dict:
    """The cached value under `key`, or build() it (a small dict: html and a few numbers) and keep it."""
    cache = _cache()
    value = cache.get(key)
    if value is None:
        value = build()
        cache.set(key, value, FRAGMENT_SECONDS)
    return value
