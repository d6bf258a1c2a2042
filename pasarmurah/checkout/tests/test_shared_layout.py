"""The cart and checkout pages reuse a shared copy of their layout (core.pagecache.render_in_shared_layout):
one member's render is served to another with nothing of the first; prices, stock and promos stay those of
the moment, forms carry each member's own token, messages show once, and language is kept."""

import datetime
import re

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from pasarmurah.accounts.models import User
from pasarmurah.accounts.tests.factories import AddressFactory, StaffFactory, UserFactory
from pasarmurah.catalog.models import Product
from pasarmurah.catalog.tests.factories import ProductFactory, promo_soon
from pasarmurah.checkout.cart import MemberCart
from pasarmurah.core import pagecache
from pasarmurah.core.pagecache import PLACEHOLDER
from pasarmurah.shipping.tests.factories import ShippingRateFactory

pytestmark = pytest.mark.django_db
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
NBSP = "\u00a0"


def _get(client, url):
    response = client.get(url)
    assert response.status_code == 200
    body = response.content.decode()
    assert PLACEHOLDER not in body and "PM-SLOT-" not in body
    return body


def _member_with_cart(name: str, product: Product, quantity: int):
    member = UserFactory(full_name=name, email=f"{name.split()[0].lower()}@contoh.test", birth_date=None)
    address = AddressFactory(user=member, recipient_name=f"{name} Rumah")
    ShippingRateFactory(province=address.province, price_per_kg=10_000)
    MemberCart(member).set(product.pk, quantity)
    client = Client(enforce_csrf_checks=True)
    client.force_login(member)
    return client


@pytest.fixture
def layouts(monkeypatch):
    """The number of shared layouts rendered (not served from the cache)."""
    rendered = []
    split = pagecache._split
    monkeypatch.setattr(pagecache, "_split", lambda *args: rendered.append(1) or split(*args))
    return rendered


@pytest.mark.parametrize("url", [reverse("checkout:cart"), reverse("checkout:checkout")])
def test_one_members_cart_page_layout_is_served_to_another_with_nothing_of_the_first(url, layouts):
    tripod = ProductFactory(name="Tripod Ani", price=100_000, stock=9)
    bag = ProductFactory(name="Tas Budi", price=50_000, stock=9)
    ani = _member_with_cart("Ani Istimewa", tripod, 2)
    budi = _member_with_cart("Budi Biasa", bag, 1)
    ani_page = _get(ani, url)
    budi_page = _get(budi, url)
    assert len(layouts) == 1  # Budi's page is Ani's shared layout with Budi's own content
    assert "Tripod Ani" in ani_page and "Ani Istimewa" in ani_page
    assert "Tas Budi" in budi_page and "Budi Biasa" in budi_page
    for trace in ("Tripod Ani", "Ani Istimewa", "ani@contoh.test", "200.000"):
        assert trace not in budi_page
    assert f"Rp{NBSP}50.000" in budi_page
    assert re.search(r'id="cart-badge" class="badge[^"]*">1</span>', budi_page)
    ani_tokens, budi_tokens = set(TOKEN.findall(ani_page)), set(TOKEN.findall(budi_page))
    assert budi_tokens and len(budi_tokens) == 1 and not budi_tokens & ani_tokens
    # Budi's token works for Budi's own form
    updated = budi.post(
        reverse("checkout:cart_update", args=[bag.pk]),
        {"quantity": "3", "csrfmiddlewaretoken": budi_tokens.pop()},
    )
    assert updated.status_code == 302
    assert MemberCart(User.objects.get(email="budi@contoh.test")).items() == {bag.pk: 3}


def test_the_cart_page_shows_prices_promos_and_stock_of_the_moment(monkeypatch, layouts):
    product = ProductFactory(name="Tripod Kilat", price=100_000, stock=3)
    client = _member_with_cart("Ani Istimewa", product, 2)
    now = timezone.now()
    promo_soon(product, now)
    url = reverse("checkout:cart")
    for offset, total in ((0, "200.000"), (25, "180.000"), (45, "200.000")):
        at = now + datetime.timedelta(seconds=offset)
        monkeypatch.setattr(timezone, "now", lambda at=at: at)
        body = _get(client, url)
        assert re.search(rf'id="cart-subtotal" class="amount">Rp{NBSP}{total}<', body), offset
    Product.objects.filter(pk=product.pk).update(stock=1)  # an order elsewhere took the stock
    body = _get(client, url)
    assert "Stok tinggal 1: kurangi jumlahnya." in body
    assert 'id="to-checkout"' not in body
    assert len(layouts) == 2  # the layout's key holds the running promos, as every page's does


def test_messages_show_once_and_the_language_is_kept(layouts):
    product = ProductFactory(price=100_000, stock=9)
    client = _member_with_cart("Ani Istimewa", product, 1)
    url = reverse("checkout:cart")
    _get(client, url)  # the CSRF cookie
    token = client.cookies["csrftoken"].value
    client.post(
        reverse("checkout:cart_add", args=[product.pk]), {"quantity": "1", "csrfmiddlewaretoken": token}
    )
    first = _get(client, url)
    assert "Ditambahkan ke keranjang" in first or "Added to your cart" in first
    again = _get(client, url)
    assert "Ditambahkan ke keranjang" not in again and "Added to your cart" not in again
    client.post(reverse("set_language"), {"language": "en", "next": url, "csrfmiddlewaretoken": token})
    english = _get(client, url)
    assert '<html lang="en">' in english and ">Cart</h1>" in english
    assert '<html lang="id">' in again


def test_staff_and_htmx_requests_get_their_own_render(layouts):
    staff = Client()
    staff.force_login(StaffFactory(is_superuser=True))
    body = _get(staff, reverse("checkout:cart"))
    assert "is-staff" in body
    product = ProductFactory(price=100_000, stock=9)
    member = _member_with_cart("Ani Istimewa", product, 1)
    partial = member.get(reverse("checkout:cart"), headers={"HX-Request": "true"}).content.decode()
    assert "<html" not in partial and "cart-line" in partial
    assert layouts == []
