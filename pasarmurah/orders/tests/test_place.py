import datetime
import threading

import pytest
from django.db import close_old_connections, connection
from hypothesis import given, settings
from hypothesis import strategies as st

from pasarmurah.accounts.tests.factories import AddressFactory, UserFactory
from pasarmurah.catalog.models import Product
from pasarmurah.catalog.tests.factories import ProductFactory, PromoFactory
from pasarmurah.checkout.selectors import cart_summary
from pasarmurah.orders.models import Order, OrderStatus, TransitionError
from pasarmurah.orders.services import (
    CartChanged,
    CheckoutError,
    order_cancel,
    order_place,
    orders_expire_unpaid,
)
from pasarmurah.shipping.tests.factories import ShippingRateFactory

pytestmark = pytest.mark.django_db


def _place(member, address, courier, items, key="k1", **kwargs):
    return order_place(
        member=member, items=items, checkout_key=key, address=address, courier_code=courier.code, **kwargs
    )


def test_placing_takes_stock_snapshots_lines_and_totals(member, address, courier):
    tripod = ProductFactory(price=250_000, weight_grams=1200, stock=5)
    cap = ProductFactory(price=25_000, weight_grams=100, stock=3)
    PromoFactory(products=[tripod], value=10)
    order = _place(member, address, courier, {tripod.pk: 2, cap.pk: 1})
    assert order.status == OrderStatus.AWAITING_PAYMENT
    assert order.number.startswith("PM-") and order.number.endswith(f"{order.pk:06d}")
    assert order.subtotal == 2 * 225_000 + 25_000
    assert order.weight_grams == 2500
    assert order.shipping_cost == 3 * 10_000
    assert order.total == order.subtotal + order.shipping_cost
    assert [
        (line.sku, line.unit_price, line.base_unit_price, line.quantity) for line in order.lines.all()
    ] == [
        (tripod.sku, 225_000, 250_000, 2),
        (cap.sku, 25_000, 25_000, 1),
    ]
    tripod.refresh_from_db()
    assert (tripod.stock, tripod.sold_count) == (3, 2)
    assert order.events.get().to_status == OrderStatus.AWAITING_PAYMENT
    assert order.recipient_name == address.recipient_name
    # later price changes never touch a placed order
    Product.objects.filter(pk=tripod.pk).update(price=999_000)
    assert Order.objects.get(pk=order.pk).lines.first().unit_price == 225_000


def test_the_same_submit_twice_gives_one_order_and_takes_stock_once(member, address, courier):
    product = ProductFactory(stock=5)
    first = _place(member, address, courier, {product.pk: 2})
    second = _place(member, address, courier, {product.pk: 2})
    assert first == second
    assert Product.objects.get(pk=product.pk).stock == 3


def test_not_enough_stock_is_refused_and_changes_nothing(member, address, courier):
    plenty, scarce = ProductFactory(stock=10), ProductFactory(stock=1)
    with pytest.raises(CartChanged, match="tidak lagi cukup untuk 2"):
        _place(member, address, courier, {plenty.pk: 1, scarce.pk: 2})
    assert Order.objects.count() == 0
    assert Product.objects.get(pk=plenty.pk).stock == 10


def test_a_price_change_since_review_is_shown_before_placing(member, address, courier):
    product = ProductFactory(price=100_000)
    seen = cart_summary({product.pk: 1}).fingerprint()
    Product.objects.filter(pk=product.pk).update(price=120_000)
    with pytest.raises(CartChanged) as error:
        _place(member, address, courier, {product.pk: 1}, reviewed_fingerprint=seen)
    assert error.value.summary.subtotal == 120_000
    assert Order.objects.count() == 0


def test_another_members_address_or_an_unknown_courier_is_refused(member, address, courier):
    product = ProductFactory()
    with pytest.raises(CheckoutError):
        _place(member, AddressFactory(), courier, {product.pk: 1})
    with pytest.raises(CheckoutError):
        order_place(
            member=member, items={product.pk: 1}, checkout_key="x", address=address, courier_code="nope"
        )
    assert Order.objects.count() == 0


def test_unpaid_orders_expire_at_the_deadline_and_give_stock_back(member, address, courier):
    product = ProductFactory(stock=4)
    order = _place(member, address, courier, {product.pk: 3})
    assert orders_expire_unpaid(now=order.payment_deadline - datetime.timedelta(minutes=1)) == []
    assert orders_expire_unpaid(now=order.payment_deadline) == [order.pk]
    assert orders_expire_unpaid(now=order.payment_deadline) == []  # running twice does no harm
    order.refresh_from_db()
    assert order.status == OrderStatus.EXPIRED
    assert Product.objects.get(pk=product.pk).stock == 4


def test_member_cancels_before_paying_but_not_after(member, address, courier):
    product = ProductFactory(stock=4)
    order = _place(member, address, courier, {product.pk: 1})
    with pytest.raises(TransitionError):
        order_cancel(order=order, by=UserFactory())  # someone else
    order_cancel(order=order, by=member)
    assert Order.objects.get(pk=order.pk).status == OrderStatus.CANCELLED
    assert Product.objects.get(pk=product.pk).stock == 4
    with pytest.raises(TransitionError):
        order_cancel(order=order, by=member)


@settings(max_examples=25, deadline=None)
@given(
    prices=st.lists(st.integers(min_value=1, max_value=5_000_000), min_size=1, max_size=4),
    percent=st.integers(min_value=1, max_value=90),
)
def test_totals_equal_the_sum_of_their_parts_and_are_never_negative(prices, percent):
    member = UserFactory()
    address = AddressFactory(user=member)
    courier = ShippingRateFactory(province=address.province).courier
    products = [ProductFactory(price=price, stock=5) for price in prices]
    PromoFactory(products=products[:1], value=percent)
    order = _place(member, address, courier, {p.pk: 1 for p in products}, key=f"h-{member.pk}")
    lines = list(order.lines.all())
    assert order.subtotal == sum(line.line_total for line in lines)
    assert order.total == order.subtotal - order.discount_total + order.shipping_cost
    assert order.total >= 0


@pytest.mark.django_db(transaction=True)
def test_twenty_concurrent_checkouts_on_the_last_three_units_give_three_orders():
    """PostgreSQL and MariaDB by row locks, SQLite by IMMEDIATE transactions: never "database is locked"."""
    product = ProductFactory(stock=3)
    buyers = []
    for _ in range(20):
        buyer = UserFactory()
        address = AddressFactory(user=buyer)
        buyers.append((buyer, address))
    courier = ShippingRateFactory(province=buyers[0][1].province).courier
    results, barrier = [], threading.Barrier(20)

    def checkout(buyer, address):
        try:
            barrier.wait()
            results.append(_place(buyer, address, courier, {product.pk: 1}, key=f"c-{buyer.pk}"))
        except CartChanged as refusal:
            results.append(refusal)
        except Exception as error:  # noqa: BLE001 - recorded, so the test shows it
            results.append(error)
        finally:
            close_old_connections()
            connection.close()

    threads = [threading.Thread(target=checkout, args=pair) for pair in buyers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    orders = [r for r in results if isinstance(r, Order)]
    refusals = [r for r in results if isinstance(r, CartChanged)]
    assert len(results) == 20, "a checkout failed with an unexpected error (e.g. database is locked)"
    unexpected = [repr(r) for r in results if not isinstance(r, Order | CartChanged)]
    assert (len(orders), len(refusals)) == (3, 17), unexpected
    assert all("tidak lagi cukup untuk 1" in str(r) for r in refusals)
    assert Product.objects.get(pk=product.pk).stock == 0
    assert Order.objects.count() == 3


@pytest.mark.django_db(transaction=True)
def test_ten_identical_concurrent_submits_give_one_order():
    member = UserFactory()
    address = AddressFactory(user=member)
    courier = ShippingRateFactory(province=address.province).courier
    product = ProductFactory(stock=10)
    results, barrier = [], threading.Barrier(10)

    def submit():
        try:
            barrier.wait()
            results.append(_place(member, address, courier, {product.pk: 2}, key="same-cart"))
        except Exception as error:  # noqa: BLE001 - any error is a failure, recorded for the assertion
            results.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=submit) for _ in range(10)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert all(isinstance(r, Order) for r in results), results
    assert len({order.pk for order in results}) == 1
    assert Product.objects.get(pk=product.pk).stock == 8
