"""The small values every member page shows (cart count, wished ids, birthday state) are kept per member in
the default cache (core.cache.member_values): read without a query, renewed by every write they come from,
never shown stale and never shown to another member."""

import datetime
import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from pasarmurah.accounts.tests.factories import AddressFactory, UserFactory
from pasarmurah.catalog.services import product_delete
from pasarmurah.catalog.tests.factories import CategoryFactory, ProductFactory
from pasarmurah.checkout.cart import MemberCart
from pasarmurah.core.cache import MemberValues, member_values_changed
from pasarmurah.crm.services import wishlist_add, wishlist_remove
from pasarmurah.orders.services import order_cancel, order_place
from pasarmurah.shipping.tests.factories import ShippingRateFactory

pytestmark = pytest.mark.django_db
BADGE = re.compile(r'<span id="cart-badge" class="([^"]*)">(\d+)</span>')
WISHED = re.compile(r'data-wished-ids="([^"]*)"')
PERSONAL_TABLES = ("checkout_cartline", "crm_wishlistitem", "promotions_birthdayredemption")


def _birthday_member(**fields):
    today = timezone.localdate()
    birth = datetime.date(1996, 2, 29) if (today.month, today.day) == (2, 29) else today.replace(year=1990)
    return UserFactory(birth_date=birth, date_joined=timezone.now() - datetime.timedelta(days=400), **fields)


def _page(client, url="/katalog/"):
    """The page, its cart badge count, wished ids, whether the banner shows, and the tables it read."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    body = response.content.decode()
    read = {table for table in PERSONAL_TABLES for q in queries.captured_queries if table in q["sql"]}
    return {
        "count": int(BADGE.search(body).group(2)),
        "wished": WISHED.search(body).group(1),
        "banner": 'id="birthday-banner"' in body,
        "read": read,
    }


@pytest.fixture
def product():
    return ProductFactory(name="Tripod Bersama", category=CategoryFactory(slug="tripod"), stock=50)


def test_a_members_header_values_come_from_the_cache_and_follow_every_cart_and_wishlist_write(product):
    member = UserFactory()
    client = Client()
    client.force_login(member)
    first = _page(client)
    assert first["count"] == 0 and first["wished"] == "[]"
    assert _page(client)["read"] == set()  # second page: no query for the cart or the wishlist
    # when
    MemberCart(member).set(product.pk, 2)
    # then
    after_cart = _page(client)
    assert after_cart["count"] == 2
    assert "checkout_cartline" in after_cart["read"]
    wishlist_add(user=member, product=product)
    assert _page(client)["wished"] == f"[{product.pk}]"
    wishlist_remove(user=member, product_id=product.pk)
    assert _page(client)["wished"] == "[]"
    MemberCart(member).clear()
    assert _page(client)["count"] == 0
    assert _page(client)["read"] == set()


def test_a_cart_write_renews_only_the_carts_values(product):
    # given a member in its birthday window with a wish, whose values are kept
    member = _birthday_member()
    wishlist_add(user=member, product=product)
    client = Client()
    client.force_login(member)
    _page(client)
    assert _page(client)["read"] == set()
    # when the cart changes
    MemberCart(member).set(product.pk, 2)
    # then the next page reads the cart again, and keeps the wished ids and the birthday years
    page = _page(client)
    assert page["count"] == 2 and page["wished"] == f"[{product.pk}]" and page["banner"]
    assert page["read"] == {"checkout_cartline"}
    # and a wishlist write renews the cart's values too (every value of the member)
    wishlist_remove(user=member, product_id=product.pk)
    page = _page(client)
    assert page["wished"] == "[]" and page["count"] == 2
    assert page["read"] == {"checkout_cartline", "crm_wishlistitem", "promotions_birthdayredemption"}


def test_the_cart_views_renew_the_count_shown_on_the_next_page(product):
    member = UserFactory()
    client = Client()
    client.force_login(member)
    assert _page(client)["count"] == 0
    client.post(reverse("checkout:cart_add", args=[product.pk]), {"quantity": "3"})
    assert _page(client)["count"] == 3
    client.post(reverse("checkout:cart_update", args=[product.pk]), {"quantity": "1"})
    assert _page(client)["count"] == 1
    client.post(reverse("checkout:cart_remove", args=[product.pk]))
    assert _page(client)["count"] == 0


def test_one_members_cached_values_are_never_anothers(product):
    ani, budi = _birthday_member(), UserFactory(birth_date=None)
    MemberCart(ani).set(product.pk, 4)
    wishlist_add(user=ani, product=product)
    first, second = Client(), Client()
    first.force_login(ani)
    second.force_login(budi)
    assert _page(first)["count"] == 4 and _page(first)["banner"]
    assert _page(first)["read"] == set()  # Ani's values are cached now
    budi_page = _page(second)
    assert budi_page["count"] == 0 and budi_page["wished"] == "[]" and not budi_page["banner"]
    assert _page(first)["wished"] == f"[{product.pk}]"


def test_a_value_computed_from_data_older_than_a_write_is_never_served_after_it(
    product, django_capture_on_commit_callbacks
):
    member = UserFactory()
    client = Client()
    client.force_login(member)
    # given: a request that read the generation and the cart before a write committed (a slow worker) ...
    slow = MemberValues(member.pk)
    old_count = slow.get("probe", lambda: 0)
    with django_capture_on_commit_callbacks(execute=True):
        MemberCart(member).set(product.pk, 5)  # renews the generation now and after its commit
    # ... stores what it computed afterwards
    slow.get("cart_count", lambda: old_count, cart=True)
    # then: the next page reads the cart again
    page = _page(client)
    assert page["count"] == 5 and "checkout_cartline" in page["read"]
    # given: another worker's request between a write and its commit, which still reads the committed cart
    with django_capture_on_commit_callbacks(execute=True):
        MemberCart(member).set(product.pk, 7)
        MemberValues(member.pk).get("cart_count", lambda: 5, cart=True)
    # then: what it kept is dropped by the commit
    assert _page(client)["count"] == 7


def test_logging_in_and_out_starts_the_values_afresh(product):
    member = UserFactory(email="ani@contoh.test", password="Rahasia#2026")  # noqa: S106 - test password
    client = Client()
    client.force_login(member)
    assert _page(client)["count"] == 0
    # a write that renews nothing (outside the cart's code) shows after the next login
    MemberCart(member).cart.lines.create(product=product, quantity=2)
    client.post(reverse("accounts:logout"))
    client.post(reverse("accounts:login"), {"email": "ani@contoh.test", "password": "Rahasia#2026"})
    assert _page(client)["count"] == 2


def test_a_deleted_product_leaves_the_cart_count_of_every_member_who_had_it(product):
    ani, budi = UserFactory(), UserFactory()
    keep = ProductFactory(stock=10)
    MemberCart(ani).set(product.pk, 2)
    MemberCart(ani).set(keep.pk, 1)
    MemberCart(budi).set(product.pk, 1)
    clients = {}
    for member in (ani, budi):
        clients[member] = Client()
        clients[member].force_login(member)
    assert [_page(clients[m])["count"] for m in (ani, budi)] == [3, 1]
    product_delete(product=product)
    assert [_page(clients[m])["count"] for m in (ani, budi)] == [1, 0]


def test_the_birthday_banner_follows_the_discount_taken_and_given_back():
    member = _birthday_member()
    address = AddressFactory(user=member)
    courier = ShippingRateFactory(province=address.province, price_per_kg=10_000).courier
    item = ProductFactory(price=500_000, stock=5, weight_grams=500)
    client = Client()
    client.force_login(member)
    assert _page(client)["banner"]
    assert _page(client)["read"] == set()  # the redeemed years are cached too
    # when: an order takes this year's birthday discount
    order = order_place(
        member=member, items={item.pk: 1}, checkout_key="bday", address=address, courier_code=courier.code
    )
    assert order.discount_total > 0
    # then
    assert not _page(client)["banner"]
    order_cancel(order=order, by=member, reason="changed my mind")
    assert _page(client)["banner"]


def test_a_birth_date_changed_shows_at_once():
    member = UserFactory(birth_date=None, date_joined=timezone.now() - datetime.timedelta(days=400))
    client = Client()
    client.force_login(member)
    assert not _page(client)["banner"]
    member.birth_date = timezone.localdate().replace(year=1990)
    if (member.birth_date.month, member.birth_date.day) == (2, 29):
        member.birth_date = datetime.date(1996, 2, 29)
    member.save(update_fields=["birth_date"])
    assert _page(client)["banner"]


def test_renewing_one_member_leaves_the_others_cached(product):
    ani, budi = UserFactory(), UserFactory()
    clients = [Client(), Client()]
    clients[0].force_login(ani)
    clients[1].force_login(budi)
    for client in clients:
        _page(client)
    member_values_changed(ani.pk)
    assert _page(clients[0])["read"] == {"checkout_cartline", "crm_wishlistitem"}
    assert _page(clients[1])["read"] == set()
