"""The cart and checkout pages price from caches (running promos, delivery rates, photos, the member's cart
lines, birthday years and checkout key): each test first fills a cache with a page view, then changes what it
holds, and checks that the next page shows the change, and that one member's values never reach another."""

import datetime
import re

import pytest
from django.core.cache import caches
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from pasarmurah.accounts.services import address_create, address_delete, address_make_default, address_update
from pasarmurah.accounts.tests.factories import AddressFactory, UserFactory
from pasarmurah.catalog import fragments
from pasarmurah.catalog.models import Promo
from pasarmurah.catalog.pricing import PROMO_CACHE_KEY, PromoBook
from pasarmurah.catalog.services import product_image_add, product_image_delete, promo_changed, promo_save
from pasarmurah.catalog.tests.factories import ProductFactory, PromoFactory, promo_soon
from pasarmurah.checkout.cart import MemberCart
from pasarmurah.core.provinces import Province
from pasarmurah.core.tests.test_image_metadata import upload_of
from pasarmurah.orders.services import order_cancel, order_place
from pasarmurah.shipping import selectors as shipping_selectors
from pasarmurah.shipping.selectors import shipping_options, shipping_version
from pasarmurah.shipping.tests.factories import CourierFactory, ShippingRateFactory

pytestmark = pytest.mark.django_db
NBSP = "\u00a0"
CART, CHECKOUT = reverse("checkout:cart"), reverse("checkout:checkout")
KEY = re.compile(r'name="checkout_key" value="([^"]*)"')


def _body(client, url) -> str:
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def _shopper(name="Ani", *, birth_date=None, province=Province.JAWA_TIMUR):
    member = UserFactory(
        full_name=f"{name} Pembeli",
        birth_date=birth_date,
        date_joined=timezone.now() - datetime.timedelta(days=400),
    )
    member.address = AddressFactory(user=member, province=province)
    client = Client()
    client.force_login(member)
    client.member = member
    return client


def _birthday_today():
    today = timezone.localdate()
    return datetime.date(1996, 2, 29) if (today.month, today.day) == (2, 29) else today.replace(year=1990)


def test_a_changed_deactivated_or_deleted_courier_rate_shows_on_the_next_checkout_page():
    client = _shopper()
    product = ProductFactory(price=100_000, stock=5, weight_grams=900)
    MemberCart(client.member).set(product.pk, 1)
    rate = ShippingRateFactory(province=Province.JAWA_TIMUR, price_per_kg=12_000, courier__name="Kilat REG")
    assert f"Rp{NBSP}12.000" in _body(client, CHECKOUT)
    # when: the rate changes (the admin saves the row)
    rate.price_per_kg = 15_000
    rate.save()
    # then
    body = _body(client, CHECKOUT)
    assert f"Rp{NBSP}15.000" in body and f"Rp{NBSP}12.000" not in body
    rate.courier.is_active = False
    rate.courier.save()
    assert "Kilat REG" not in _body(client, CHECKOUT)
    rate.courier.is_active = True
    rate.courier.save()
    assert "Kilat REG" in _body(client, CHECKOUT)
    rate.delete()
    assert "Kilat REG" not in _body(client, CHECKOUT)


def test_the_cached_rates_are_each_provinces_own_and_priced_for_each_weight():
    pickup = CourierFactory(is_pickup=True, name="Ambil di toko")
    east = ShippingRateFactory(province=Province.JAWA_TIMUR, price_per_kg=12_000)
    bali = ShippingRateFactory(province=Province.BALI, price_per_kg=30_000)
    for province, rate in ((Province.JAWA_TIMUR, east), (Province.BALI, bali)):
        for grams in (900, 2500):
            cached = shipping_options(province=province, weight_grams=grams, cached=True)
            assert cached == shipping_options(province=province, weight_grams=grams)
            assert [(o.courier, o.cost) for o in cached] == [
                (pickup, 0),
                (rate.courier, rate.price_per_kg * (1 if grams == 900 else 3)),
            ]


def test_a_rate_write_renews_the_shipping_version_again_after_its_commit(django_capture_on_commit_callbacks):
    rate = ShippingRateFactory(province=Province.BALI, price_per_kg=30_000)
    shipping_options(province=Province.BALI, weight_grams=1000, cached=True)
    before = shipping_version()
    with django_capture_on_commit_callbacks(execute=True):
        rate.price_per_kg = 31_000
        rate.save()
        during = shipping_version()
        # another worker reading the rates before the commit keeps them under `during`...
        shipping_selectors._rates_seen.update(
            version=during, by_province={Province.BALI: [(rate.courier, 30_000, "")]}
        )
    # ...and the commit gives a new version, so that copy is never used
    assert len({before, during, shipping_version()}) == 3
    assert [o.cost for o in shipping_options(province=Province.BALI, weight_grams=1000, cached=True)] == [
        31_000
    ]


def test_a_promo_starting_and_ending_on_the_second_prices_both_pages(monkeypatch):
    client = _shopper()
    ShippingRateFactory(province=Province.JAWA_TIMUR)
    product = ProductFactory(price=100_000, stock=5)
    MemberCart(client.member).set(product.pk, 2)
    now = timezone.now()
    promo_soon(product, now)
    second, just_before = datetime.timedelta(seconds=1), datetime.timedelta(microseconds=1)
    moments = [(0, "200.000"), (20 * second - just_before, "200.000"), (20 * second, "180.000")]
    moments += [(40 * second - just_before, "180.000"), (40 * second, "200.000")]
    for offset, subtotal in moments:
        at = now + (offset or datetime.timedelta())
        monkeypatch.setattr(timezone, "now", lambda at=at: at)
        assert f'id="cart-subtotal" class="amount">Rp{NBSP}{subtotal}<' in _body(client, CART), offset
        assert f"Rp{NBSP}{subtotal}" in _body(client, CHECKOUT), offset


def test_a_promo_changed_or_ended_early_shows_at_once(django_capture_on_commit_callbacks):
    client = _shopper()
    product = ProductFactory(price=100_000, stock=5)
    MemberCart(client.member).set(product.pk, 1)
    promo = PromoFactory(products=[product], value=10)
    assert f"Rp{NBSP}90.000" in _body(client, CART)
    promo.value = 25
    with django_capture_on_commit_callbacks(execute=True):
        promo_save(promo=promo)
    assert f"Rp{NBSP}75.000" in _body(client, CART)
    promo.ends_at = timezone.now()
    with django_capture_on_commit_callbacks(execute=True):
        promo_save(promo=promo)
    body = _body(client, CART)
    assert f'id="cart-subtotal" class="amount">Rp{NBSP}100.000<' in body and "75.000" not in body


def test_promos_read_before_a_promo_change_committed_are_not_used(django_capture_on_commit_callbacks):
    product = ProductFactory(price=100_000, stock=5)
    promo = PromoFactory(products=[product], value=10)
    assert fragments.running_promos().quote(product).price == 90_000
    with django_capture_on_commit_callbacks(execute=True):
        Promo.objects.filter(pk=promo.pk).update(is_active=False)
        stale = PromoBook.cached_entry(now=timezone.now(), version=fragments.catalog_version())
        promo_changed()
    # a request that read the promos before the commit stores them just after the change dropped them
    caches["default"].set(PROMO_CACHE_KEY, stale)
    assert fragments.running_promos().quote(product).price == 100_000


def test_a_birthday_discount_used_elsewhere_leaves_the_cart_and_checkout_at_once():
    client = _shopper(birth_date=_birthday_today())
    courier = ShippingRateFactory(province=Province.JAWA_TIMUR).courier
    product = ProductFactory(price=200_000, stock=5)
    MemberCart(client.member).set(product.pk, 1)
    for page in (CART, CHECKOUT):
        assert "Diskon ulang tahun 10%" in _body(client, page), page  # the years are cached now
    # when: another order (another tab, the counter) takes this year's birthday discount
    used = order_place(
        member=client.member,
        items={product.pk: 1},
        checkout_key="lain",
        address=client.member.address,
        courier_code=courier.code,
    )
    assert used.discounts.get().kind == "birthday"
    # then
    for page in (CART, CHECKOUT):
        body = _body(client, page)
        assert "Diskon ulang tahun 10%" not in body and f"sudah dipakai pada pesanan {used.number}" in body
    order_cancel(order=used, by=client.member)
    assert "Diskon ulang tahun 10%" in _body(client, CART)


def test_one_members_cached_lines_discounts_and_key_never_reach_another():
    ShippingRateFactory(province=Province.JAWA_TIMUR, price_per_kg=12_000)
    ShippingRateFactory(province=Province.BALI, price_per_kg=30_000)
    tripod = ProductFactory(name="Tripod Ani", price=300_000, weight_grams=900)
    bag = ProductFactory(name="Tas Budi", price=150_000, weight_grams=900)
    ani = _shopper("Ani", birth_date=_birthday_today())
    budi = _shopper("Budi", province=Province.BALI)
    MemberCart(ani.member).set(tripod.pk, 2)
    MemberCart(budi.member).set(bag.pk, 1)
    ani_pages = {page: _body(ani, page) for page in (CART, CHECKOUT)}
    for page in (CART, CHECKOUT):
        body = _body(budi, page)
        assert "Tas Budi" in body and "Tripod Ani" not in body and "Diskon ulang tahun" not in body, page
        assert "Diskon ulang tahun 10%" in ani_pages[page] and "Tas Budi" not in ani_pages[page], page
    assert f"Rp{NBSP}30.000" in _body(budi, CHECKOUT) and f"Rp{NBSP}30.000" not in ani_pages[CHECKOUT]
    assert KEY.findall(_body(budi, CHECKOUT)) == [MemberCart(budi.member).checkout_key]
    assert KEY.findall(ani_pages[CHECKOUT]) == [MemberCart(ani.member).checkout_key]


def test_cart_lines_written_anywhere_show_on_the_next_page():
    client = _shopper()
    tripod, bag = ProductFactory(name="Tripod Kilat", stock=9), ProductFactory(name="Tas Kamera", stock=9)
    cart = MemberCart(client.member)
    cart.set(tripod.pk, 1)
    assert "Tripod Kilat" in _body(client, CART)
    cart.set(bag.pk, 2)  # another tab, the login merge
    body = _body(client, CART)
    assert "Tripod Kilat" in body and "Tas Kamera" in body and 'value="2"' in body
    bag.delete()  # a cascade past the cart services
    assert "Tas Kamera" not in _body(client, CART)
    cart.clear()
    assert 'id="cart-empty"' in _body(client, CART)


def test_the_next_checkout_page_after_an_order_carries_the_new_key():
    client = _shopper()
    courier = ShippingRateFactory(province=Province.JAWA_TIMUR).courier
    product = ProductFactory(price=100_000, stock=9)
    MemberCart(client.member).set(product.pk, 1)
    (first_key,) = KEY.findall(_body(client, CHECKOUT))
    body = _body(client, CHECKOUT)
    placed = client.post(
        CHECKOUT,
        {
            "address": client.member.address.pk,
            "courier": courier.code,
            "reviewed": re.search(r'name="reviewed" value="([^"]*)"', body).group(1),
            "checkout_key": first_key,
            "place": "1",
        },
    )
    assert placed.status_code == 302 and "/pesanan/" in placed.url
    MemberCart(client.member).set(product.pk, 1)
    (next_key,) = KEY.findall(_body(client, CHECKOUT))
    assert next_key != first_key and next_key == MemberCart(client.member).checkout_key


def test_a_new_first_photo_shows_on_the_cart_page(django_capture_on_commit_callbacks):
    client = _shopper()
    product = ProductFactory(stock=9)
    MemberCart(client.member).set(product.pk, 1)
    assert "<img" not in _body(client, CART).split('id="cart-body"')[1]  # no photo yet
    with django_capture_on_commit_callbacks(execute=True):
        second = product_image_add(product=product, upload=upload_of("PNG"), sort_order=2)
    assert second.image.url in _body(client, CART)
    with django_capture_on_commit_callbacks(execute=True):
        first = product_image_add(product=product, upload=upload_of("JPEG"), sort_order=1)
    body = _body(client, CART)
    assert first.image.url in body and second.image.url not in body
    with django_capture_on_commit_callbacks(execute=True):
        product_image_delete(image=first)
    assert second.image.url in _body(client, CART)


@pytest.mark.parametrize("lines", [1, 4])
def test_the_pages_query_budgets_do_not_grow_with_the_lines(lines, django_assert_max_num_queries):
    client = _shopper()
    ShippingRateFactory(province=Province.JAWA_TIMUR)
    for _ in range(lines):
        MemberCart(client.member).set(ProductFactory(stock=9).pk, 1)
    PromoFactory(products=[ProductFactory()], value=10)
    for page in (CART, CHECKOUT):
        _body(client, page)  # the caches filled
    # the products only: the member's row, cart lines and promos come from the caches
    with django_assert_max_num_queries(1):
        _body(client, CART)
    with django_assert_max_num_queries(1):  # the products (the member, addresses and key from the caches)
        _body(client, CHECKOUT)


def test_an_address_added_changed_made_default_or_deleted_shows_on_the_next_checkout_page():
    client = _shopper()
    ShippingRateFactory(province=Province.JAWA_TIMUR)
    ShippingRateFactory(province=Province.BALI, price_per_kg=30_000)
    MemberCart(client.member).set(ProductFactory(stock=9, weight_grams=900).pk, 1)
    home = client.member.address
    assert home.street in _body(client, CHECKOUT)  # the address book is cached now
    office = address_create(
        user=client.member,
        label="Kantor",
        recipient_name="Ani Kantor",
        phone="081234567890",
        street="Jl. Kuta 9",
        city="Badung",
        province=Province.BALI,
        postal_code="80361",
    )
    body = _body(client, CHECKOUT)
    assert "Jl. Kuta 9" in body and home.street in body
    address_make_default(address=office)
    assert f"Rp{NBSP}30.000" in _body(client, CHECKOUT)  # the default address's delivery is chosen
    address_update(address=office, street="Jl. Legian 2")
    body = _body(client, CHECKOUT)
    assert "Jl. Legian 2" in body and "Jl. Kuta 9" not in body
    office.recipient_name = "Ani Admin"
    office.save()  # the admin, the raw-data tool
    assert "Ani Admin" in _body(client, CHECKOUT)
    address_delete(address=office)
    body = _body(client, CHECKOUT)
    assert "Jl. Legian 2" not in body and home.street in body


def test_a_members_cached_values_leave_the_cache_with_every_change():
    client = _shopper()
    MemberCart(client.member).set(ProductFactory(stock=9).pk, 1)
    ShippingRateFactory(province=Province.JAWA_TIMUR)
    _body(client, CHECKOUT)
    key = f"member:{client.member.pk}:values"
    assert caches["default"].get(key)["values"]["addresses"] == [client.member.address]
    address_delete(address=client.member.address)
    assert caches["default"].get(key) is None
