"""The cart and checkout pages' content slots are kept rendered in each process for the same inputs
(checkout/slots.py): the same content is rendered once, and every input the templates show renders anew, so
one member's HTML never reaches another and prices, promos, stock, discounts and language stay those of the
moment."""

import datetime
import re

import pytest
from django.test import Client
from django.test.signals import template_rendered
from django.urls import reverse
from django.utils import timezone

from pasarmurah.accounts.tests.factories import AddressFactory, UserFactory
from pasarmurah.catalog.models import Product
from pasarmurah.catalog.tests.factories import ProductFactory, promo_soon
from pasarmurah.checkout.cart import MemberCart
from pasarmurah.core.pagecache import PLACEHOLDER
from pasarmurah.promotions.tests.factories import VoucherFactory
from pasarmurah.shipping.tests.factories import ShippingRateFactory

pytestmark = pytest.mark.django_db
CART, CHECKOUT = reverse("checkout:cart"), reverse("checkout:checkout")
CART_CONTENT, CHECKOUT_CONTENT = (
    "checkout/includes/cart_content.html",
    "checkout/includes/checkout_content.html",
)
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
KEY = re.compile(r'name="checkout_key" value="([^"]*)"')
NBSP = "\u00a0"


@pytest.fixture
def renders():
    """The names of the templates rendered (the test runner sends the signal for every render)."""
    names = []

    def counted(sender, template, context, **kwargs):
        names.append(template.name)

    template_rendered.connect(counted)
    yield names
    template_rendered.disconnect(counted)


def _member(name: str, *, province="JAWA TENGAH"):
    member = UserFactory(full_name=name, email=f"{name.split()[0].lower()}@contoh.test", birth_date=None)
    member.address = AddressFactory(user=member, recipient_name=f"{name} Rumah", province=province)
    ShippingRateFactory(province=member.address.province, price_per_kg=10_000)
    client = Client(enforce_csrf_checks=True)
    client.force_login(member)
    client.member = member
    return client


def _get(client, url) -> str:
    response = client.get(url)
    assert response.status_code == 200
    body = response.content.decode()
    assert PLACEHOLDER not in body and "PM-SLOT-" not in body
    return body


def test_two_members_with_the_same_cart_share_one_render_of_the_cart_content(renders):
    # given two members with the same cart
    tripod = ProductFactory(name="Tripod Sama", price=100_000, stock=9)
    ani, budi = _member("Ani Istimewa"), _member("Budi Biasa")
    for client in (ani, budi):
        MemberCart(client.member).set(tripod.pk, 2)
    # when both open the cart page
    ani_page, budi_page = _get(ani, CART), _get(budi, CART)
    # then its content was rendered once, and each page has its own header and token
    assert renders.count(CART_CONTENT) == 1
    assert "Tripod Sama" in budi_page and f"Rp{NBSP}200.000" in budi_page
    assert "Budi Biasa" in budi_page and "Ani Istimewa" not in budi_page
    assert not set(TOKEN.findall(ani_page)) & set(TOKEN.findall(budi_page))
    assert len(set(TOKEN.findall(budi_page))) == 1


def test_every_change_the_cart_content_shows_renders_it_anew(monkeypatch, renders):
    product = ProductFactory(name="Tas Kamera", price=100_000, stock=9)
    client = _member("Ani Istimewa")
    cart = MemberCart(client.member)
    cart.set(product.pk, 2)
    now = timezone.now()
    promo_soon(product, now)
    monkeypatch.setattr(timezone, "now", lambda: now)
    assert f"Rp{NBSP}200.000" in _get(client, CART)
    assert f"Rp{NBSP}200.000" in _get(client, CART)
    assert renders.count(CART_CONTENT) == 1  # the same inputs: kept
    cart.set(product.pk, 3)  # the quantity
    assert 'value="3"' in _get(client, CART)
    Product.objects.filter(pk=product.pk).update(price=120_000)  # the price, written around the services
    assert f"Rp{NBSP}360.000" in _get(client, CART)
    Product.objects.filter(pk=product.pk).update(name="Tas Kamera Baru", slug="tas-kamera-baru")
    body = _get(client, CART)
    assert "Tas Kamera Baru" in body and 'href="/produk/tas-kamera-baru/"' in body
    later = now + datetime.timedelta(seconds=25)  # the promo starts, on the second
    monkeypatch.setattr(timezone, "now", lambda: later)
    body = _get(client, CART)
    assert f"Rp{NBSP}324.000" in body and "<s " in body
    Product.objects.filter(pk=product.pk).update(stock=1)  # an order elsewhere took the stock
    body = _get(client, CART)
    assert "Stok tinggal 1: kurangi jumlahnya." in body and 'id="to-checkout"' not in body
    Product.objects.filter(pk=product.pk).update(stock=0)
    assert "Stok tinggal 0: kurangi jumlahnya." in _get(client, CART)
    assert renders.count(CART_CONTENT) == 7


def test_the_kept_cart_content_follows_the_language(renders):
    product = ProductFactory(name="Lensa", price=100_000, stock=1)
    client = _member("Ani Istimewa")
    MemberCart(client.member).set(product.pk, 2)
    indonesian = _get(client, CART)
    token = client.cookies["csrftoken"].value
    client.post(reverse("set_language"), {"language": "en", "next": CART, "csrfmiddlewaretoken": token})
    english = _get(client, CART)
    assert "Stok tinggal 1" in indonesian and "Only 1 left in stock" in english
    assert renders.count(CART_CONTENT) == 2


def test_one_members_kept_checkout_content_never_reaches_another(renders):
    # given two members with the same cart and the same delivery
    tripod = ProductFactory(name="Tripod Sama", price=100_000, stock=9)
    ani, budi = _member("Ani Istimewa"), _member("Budi Biasa")
    for client in (ani, budi):
        MemberCart(client.member).set(tripod.pk, 1)
    # when each opens the checkout page twice
    ani_pages = [_get(ani, CHECKOUT) for _ in range(2)]
    budi_pages = [_get(budi, CHECKOUT) for _ in range(2)]
    # then each member's content was rendered once, with its own address and checkout key
    assert renders.count(CHECKOUT_CONTENT) == 2
    ani_key = MemberCart(ani.member).checkout_key
    budi_key = MemberCart(budi.member).checkout_key
    for page in budi_pages:
        assert KEY.findall(page) == [budi_key] and ani_key not in page
        assert "Budi Biasa Rumah" in page and "Ani Istimewa" not in page
    assert KEY.findall(ani_pages[1]) == [ani_key] and "Budi" not in ani_pages[1]


def test_every_change_the_checkout_content_shows_renders_it_anew(renders):
    product = ProductFactory(name="Baterai", price=100_000, stock=9, weight_grams=500)
    client = _member("Ani Istimewa")
    cart = MemberCart(client.member)
    cart.set(product.pk, 1)
    first = _get(client, CHECKOUT)
    assert re.search(rf'id="checkout-total">Rp{NBSP}110.000<', first)
    # a second address, chosen on the page
    other = AddressFactory(user=client.member, recipient_name="Kantor Ani", province="JAWA TENGAH")
    body = _get(client, f"{CHECKOUT}?address={other.pk}")
    assert re.search(rf'value="{other.pk}" checked', body)
    # a voucher typed that does not exist, then one that applies
    assert 'id="voucher-error"' in _get(client, f"{CHECKOUT}?voucher=TIDAKADA")
    VoucherFactory(code="HEMAT10", value=10)
    body = _get(client, f"{CHECKOUT}?voucher=HEMAT10")
    assert 'id="voucher-error"' not in body and re.search(rf'id="checkout-total">Rp{NBSP}100.000<', body)
    # the price, and a placed order's new checkout key
    Product.objects.filter(pk=product.pk).update(price=150_000)
    assert re.search(rf'id="checkout-total">Rp{NBSP}160.000<', _get(client, CHECKOUT))
    cart.clear_after_order()
    cart.set(product.pk, 1)
    assert KEY.findall(_get(client, CHECKOUT)) == [MemberCart(client.member).checkout_key]
    assert renders.count(CHECKOUT_CONTENT) == 6
