import datetime
import re

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from pasarmurah.accounts.tests.factories import UserFactory
from pasarmurah.catalog.models import Promo
from pasarmurah.catalog.services import product_save, promo_changed, promo_delete, promo_save
from pasarmurah.catalog.tests.factories import ProductFactory
from pasarmurah.core.pagecache import PLACEHOLDER

pytestmark = pytest.mark.django_db
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def _page(client, url="/katalog/"):
    response = client.get(url)
    assert response.status_code == 200
    body = response.content.decode()
    assert PLACEHOLDER not in body
    return response, body


def test_visitors_share_the_cached_page_but_each_gets_its_own_working_token():
    ProductFactory(name="Tripod Untuk Semua")
    first, second = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
    _, first_body = _page(first)
    response, second_body = _page(second)
    assert "Tripod Untuk Semua" in second_body
    first_token, second_token = TOKEN.search(first_body).group(1), TOKEN.search(second_body).group(1)
    assert first_token != second_token
    assert second.cookies["csrftoken"].value
    switched = second.post(
        reverse("set_language"), {"language": "en", "next": "/katalog/", "csrfmiddlewaretoken": second_token}
    )
    assert switched.status_code == 302  # the token in the cached page works for this visitor
    assert "Cookie" in response["Vary"]


def test_a_visitor_with_a_cart_or_a_member_gets_its_own_page():
    product = ProductFactory(stock=5)
    Client().get("/katalog/")  # fills the cache
    shopper = Client()
    shopper.post(reverse("checkout:cart_add", args=[product.pk]), {"quantity": 2})
    _, body = _page(shopper)
    assert 'id="cart-badge" class="badge' in body and ">2</span>" in body
    _, stranger_body = _page(Client())
    assert 'id="cart-badge" class="d-none"' in stranger_body
    member = Client()
    member.force_login(UserFactory(full_name="Rina Pribadi"))
    _, member_body = _page(member)
    assert "Rina Pribadi" in member_body and "Rina Pribadi" not in stranger_body


def test_a_catalog_change_shows_at_once(django_capture_on_commit_callbacks):
    product = ProductFactory(name="Nama Lama")
    _page(Client())
    product.name = "Nama Baru"
    with django_capture_on_commit_callbacks(execute=True):
        product_save(product=product)
    _, body = _page(Client())
    assert "Nama Baru" in body and "Nama Lama" not in body


def test_pages_are_cached_per_language():
    _page(Client())
    english = Client()
    english.post(reverse("set_language"), {"language": "en", "next": "/"})
    _, body = _page(english)
    assert '<html lang="en">' in body


def test_a_promo_saved_through_the_services_shows_at_once_on_cached_pages(django_capture_on_commit_callbacks):
    product = ProductFactory(name="Tripod Diskon", price=100_000)
    _, before = _page(Client(), product.get_absolute_url())
    assert "90.000" not in before
    now = timezone.now()
    promo = Promo(
        name="Diskon Kilat", slug="diskon-kilat", kind="percent", value=10, is_active=True,
        starts_at=now - datetime.timedelta(minutes=1), ends_at=now + datetime.timedelta(hours=1),
    )  # fmt: skip
    with django_capture_on_commit_callbacks(execute=True):
        promo_save(promo=promo)
        promo.products.set([product])
        promo_changed()
    _, body = _page(Client(), product.get_absolute_url())
    assert "90.000" in body
    with django_capture_on_commit_callbacks(execute=True):
        promo_delete(promo=promo)
    _, after = _page(Client(), product.get_absolute_url())
    assert "90.000" not in after
