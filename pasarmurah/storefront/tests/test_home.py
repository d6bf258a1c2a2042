"""The home page: products with prices and stock, the footer's contact, a query count that stays flat."""

import pytest
from django.urls import reverse

from pasarmurah.catalog.tests.factories import ProductFactory
from pasarmurah.store.models import StoreProfile


@pytest.mark.django_db
def test_home_lists_products_with_rupiah_prices_and_stock_state(client):
    ProductFactory(name="Tripod Takara ECO-196A", price=285_000, stock=4, is_featured=True)
    ProductFactory(name="Lens Cap 58mm", price=25_000, stock=0)
    response = client.get(reverse("storefront:home"))
    body = response.content.decode()
    assert response.status_code == 200
    assert "Tripod Takara ECO-196A" in body
    assert "Rp\u00a0285.000" in body
    assert "Stok habis" in body


@pytest.mark.django_db
def test_inactive_products_are_not_shown(client):
    ProductFactory(name="Produk Tersembunyi", is_active=False)
    assert "Produk Tersembunyi" not in client.get("/").content.decode()


@pytest.mark.django_db
def test_footer_has_whatsapp_click_to_chat(client):
    profile = StoreProfile.load()
    profile.whatsapp = "+6281234567890"
    profile.save()
    body = client.get("/").content.decode()
    assert 'href="https://wa.me/6281234567890"' in body


@pytest.mark.django_db
def test_home_query_count_does_not_grow_with_products(client, django_assert_max_num_queries):
    ProductFactory.create_batch(3, is_featured=True)
    client.get("/")  # warm the store profile and menu caches
    with django_assert_max_num_queries(12) as small:
        client.get("/")
    ProductFactory.create_batch(30, is_featured=True)
    with django_assert_max_num_queries(len(small.captured_queries)):
        client.get("/")
