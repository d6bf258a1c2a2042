"""The storefront's caches never show a stale price or product after a change made through the services,
and promos start and end on the second even while cached."""

import datetime

import pytest
from django.utils import timezone

from pasarmurah.catalog import services
from pasarmurah.catalog.pricing import PromoBook
from pasarmurah.catalog.tests.factories import CategoryFactory, ProductFactory, PromoFactory, promo_soon

pytestmark = pytest.mark.django_db


@pytest.fixture
def commit(django_capture_on_commit_callbacks):
    """Run on-commit callbacks (cache drops) at once, as a real commit would."""

    def run(action):
        with django_capture_on_commit_callbacks(execute=True):
            return action()

    return run


def test_a_price_change_through_the_service_shows_at_once(client, commit):
    category = CategoryFactory(slug="tas")
    product = ProductFactory(category=category, price=100_000)
    assert "Rp\u00a0100.000" in client.get("/kategori/tas/").content.decode()
    product.price = 120_000
    commit(lambda: services.product_save(product=product))
    body = client.get("/kategori/tas/").content.decode()
    assert "Rp\u00a0120.000" in body and "Rp\u00a0100.000" not in body


def test_a_new_promo_through_the_service_shows_at_once(client, commit):
    category = CategoryFactory(slug="filter")
    product = ProductFactory(category=category, price=100_000, is_featured=True)
    assert "Rp\u00a090.000" not in client.get("/").content.decode()
    promo = PromoFactory.build(value=10)
    commit(lambda: services.promo_save(promo=promo))
    promo.products.set([product])
    commit(services.promo_changed)
    assert "Rp\u00a090.000" in client.get("/kategori/filter/").content.decode()
    assert "Rp\u00a090.000" in client.get("/").content.decode()


def test_cached_promos_start_and_end_on_the_second(monkeypatch):
    now = timezone.now()
    product = ProductFactory(price=100_000)
    promo_soon(product, now)
    assert PromoBook.cached().quote(product).price == 100_000  # not yet
    # the cached book is reused (no query), and still exact later within its minute
    for offset, expected in ((25, 90_000), (45, 100_000)):
        later = now + datetime.timedelta(seconds=offset)
        monkeypatch.setattr(timezone, "now", lambda later=later: later)
        assert PromoBook.cached().quote(product).price == expected


def test_cached_promo_book_needs_no_query(django_assert_num_queries):
    PromoFactory()
    PromoBook.cached()
    with django_assert_num_queries(0):
        PromoBook.cached()


def test_expired_promos_never_apply_from_the_cache():
    product = ProductFactory(price=100_000)
    now = timezone.now()
    PromoFactory(
        products=[product],
        value=50,
        starts_at=now - datetime.timedelta(days=3),
        ends_at=now - datetime.timedelta(seconds=1),
    )
    assert PromoBook.cached().quote(product).price == 100_000
    assert PromoBook.cached().promos == []
