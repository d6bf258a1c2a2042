import importlib

import pytest
from django.apps import apps as django_apps
from django.db import IntegrityError, transaction
from django.db.models import Sum

from pasarmurah.accounts.tests.factories import AddressFactory, StaffFactory, UserFactory
from pasarmurah.catalog.models import Product
from pasarmurah.catalog.tests.factories import ProductFactory
from pasarmurah.inventory.models import MovementReason as R
from pasarmurah.inventory.models import StockMovement
from pasarmurah.inventory.services import (
    OutOfStock,
    StockError,
    moving_average_cost,
    stock_move,
    stock_receive,
)
from pasarmurah.inventory.tests.factories import stocked_product
from pasarmurah.orders.models import OrderStatus
from pasarmurah.orders.services import order_cancel, order_place, orders_expire_unpaid
from pasarmurah.shipping.tests.factories import ShippingRateFactory

pytestmark = pytest.mark.django_db


def _ledger_sum(product) -> int:
    return StockMovement.objects.filter(product=product).aggregate(total=Sum("quantity"))["total"] or 0


def test_a_move_changes_stock_and_records_who_why_and_the_stock_after():
    staff = StaffFactory()
    product = stocked_product(stock=5)
    movement = stock_move(
        product_id=product.pk, quantity=-2, reason=R.DAMAGE, by=staff, note="  dropped  ", ref_label="x"
    )
    product.refresh_from_db()
    assert product.stock == 3
    assert (movement.quantity, movement.reason, movement.actor, movement.stock_after) == (
        -2,
        R.DAMAGE,
        staff,
        3,
    )
    assert movement.note == "dropped"
    assert _ledger_sum(product) == product.stock


def test_a_move_below_zero_is_refused_and_changes_nothing():
    product = stocked_product(stock=2)
    with pytest.raises(OutOfStock) as refused:
        stock_move(product_id=product.pk, quantity=-3, reason=R.COUNTER_SALE, by=None)
    assert refused.value.available == 2
    assert "Only 2" in str(refused.value) or "2" in str(refused.value)
    product.refresh_from_db()
    assert product.stock == 2
    assert StockMovement.objects.filter(product=product).count() == 1


@pytest.mark.parametrize(
    ("quantity", "reason", "note"),
    [
        (0, R.CORRECTION, "why"),
        (1.5, R.CORRECTION, "why"),
        ("3", R.CORRECTION, "why"),
        (True, R.CORRECTION, "why"),
        (-1, R.RECEIPT, ""),
        (1, R.ONLINE_SALE, ""),
        (2, R.CORRECTION, "   "),
        (-2, R.DAMAGE, ""),
        (1, "stolen", "why"),
    ],
)
def test_bad_moves_are_refused_with_a_message(quantity, reason, note):
    product = stocked_product(stock=5)
    with pytest.raises(StockError) as refused:
        stock_move(product_id=product.pk, quantity=quantity, reason=reason, by=None, note=note)
    assert str(refused.value)
    product.refresh_from_db()
    assert product.stock == 5
    assert StockMovement.objects.filter(product=product).count() == 1


def test_a_refusal_leaves_the_callers_transaction_usable():
    product = stocked_product(stock=1)
    with transaction.atomic():
        with pytest.raises(OutOfStock):
            stock_move(product_id=product.pk, quantity=-2, reason=R.COUNTER_SALE, by=None)
        stock_move(product_id=product.pk, quantity=-1, reason=R.COUNTER_SALE, by=None)
    product.refresh_from_db()
    assert (product.stock, product.sold_count) == (0, 1)


def test_the_database_refuses_a_zero_movement():
    product = ProductFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        StockMovement.objects.create(product=product, quantity=0, reason=R.CORRECTION, stock_after=0)


def test_a_product_with_movements_cannot_be_deleted():
    from django.db.models import ProtectedError

    product = stocked_product(stock=1)
    with pytest.raises(ProtectedError):
        product.delete()


@pytest.mark.parametrize(
    ("stock", "cost", "quantity", "unit_cost", "expected"),
    [
        (0, 0, 5, 10_000, 10_000),
        (10, 0, 5, 10_000, 10_000),  # no known cost: the receipt's cost
        (10, 10_000, 10, 20_000, 15_000),
        (1, 10_000, 2, 10_001, 10_001),  # 30,002 / 3 = 10,000.67: rounds up
        (2, 10_000, 1, 10_001, 10_000),  # 30,001 / 3 = 10,000.33: rounds down
        (1, 1, 1, 2, 2),  # 1.5: half up
    ],
)
def test_moving_average_cost(stock, cost, quantity, unit_cost, expected):
    assert (
        moving_average_cost(stock=stock, cost_price=cost, quantity=quantity, unit_cost=unit_cost) == expected
    )


def test_a_receipt_adds_stock_and_moves_the_cost_price():
    owner = StaffFactory()
    product = stocked_product(stock=10)
    Product.objects.filter(pk=product.pk).update(cost_price=10_000)
    movement = stock_receive(
        product_id=product.pk,
        quantity=10,
        unit_cost=20_000,
        by=owner,
        ref_kind="receipt",
        ref_id=7,
        ref_label="GR-7",
    )
    product.refresh_from_db()
    assert (product.stock, product.cost_price) == (20, 15_000)
    assert (movement.reason, movement.ref_kind, movement.ref_id, movement.stock_after) == (
        R.RECEIPT,
        "receipt",
        7,
        20,
    )


@pytest.mark.parametrize(("quantity", "unit_cost"), [(0, 1), (-1, 1), (1, -1), (1.5, 1), (1, 1.5)])
def test_bad_receipts_are_refused(quantity, unit_cost):
    product = stocked_product(stock=1)
    with pytest.raises(StockError):
        stock_receive(product_id=product.pk, quantity=quantity, unit_cost=unit_cost, by=None)
    product.refresh_from_db()
    assert (product.stock, product.cost_price) == (1, 0)


@pytest.fixture
def shopper():
    member = UserFactory()
    address = AddressFactory(user=member)
    courier = ShippingRateFactory(province=address.province, price_per_kg=10_000).courier
    return member, address, courier


def _place(shopper, items, key):
    member, address, courier = shopper
    return order_place(
        member=member, items=items, checkout_key=key, address=address, courier_code=courier.code
    )


def test_an_order_takes_stock_through_the_ledger_and_snapshots_the_cost(shopper):
    first = stocked_product(stock=5)
    second = stocked_product(stock=3)
    Product.objects.filter(pk=first.pk).update(cost_price=123_000)
    order = _place(shopper, {first.pk: 2, second.pk: 1}, "k1")
    moves = list(StockMovement.objects.filter(ref_kind="order", ref_id=order.pk).order_by("product_id"))
    assert [(m.product_id, m.quantity, m.reason, m.ref_label, m.stock_after, m.actor) for m in moves] == [
        (first.pk, -2, R.ONLINE_SALE, order.number, 3, shopper[0]),
        (second.pk, -1, R.ONLINE_SALE, order.number, 2, shopper[0]),
    ]
    assert [line.unit_cost for line in order.lines.order_by("product_id")] == [123_000, 0]
    assert order.channel == "online"
    first.refresh_from_db()
    assert first.sold_count == 2


def test_cancelling_and_expiring_give_stock_back_through_the_ledger(shopper):
    staff = StaffFactory()
    product = stocked_product(stock=5)
    cancelled = _place(shopper, {product.pk: 2}, "k1")
    expired = _place(shopper, {product.pk: 1}, "k2")
    order_cancel(order=cancelled, by=staff, reason="Stok rusak")
    from django.utils import timezone

    expired.__class__.objects.filter(pk=expired.pk).update(payment_deadline=timezone.now())
    orders_expire_unpaid()
    returns = StockMovement.objects.filter(reason=R.RETURN).order_by("pk")
    assert [(m.ref_id, m.quantity, m.actor) for m in returns] == [
        (cancelled.pk, 2, staff),
        (expired.pk, 1, None),
    ]
    expired.refresh_from_db()
    assert expired.status == OrderStatus.EXPIRED
    product.refresh_from_db()
    assert (product.stock, product.sold_count) == (5, 0)
    assert _ledger_sum(product) == 5


def test_the_migration_opens_the_ledger_with_one_opening_balance_per_stocked_product():
    stocked = ProductFactory(stock=7)
    ProductFactory(stock=0)
    migration = importlib.import_module("pasarmurah.inventory.migrations.0002_opening_balance")
    migration.open_ledger(django_apps, None)
    rows = list(StockMovement.objects.values_list("product_id", "quantity", "reason", "stock_after"))
    assert rows == [(stocked.pk, 7, R.OPENING, 7)]


def test_several_moves_of_one_cause_in_product_order_with_their_stock_after():
    from pasarmurah.inventory.services import stock_moves

    first, second = stocked_product(stock=4), stocked_product(stock=2)
    movements = stock_moves(
        moves=[(second.pk, -2), (first.pk, -1)], reason=R.COUNTER_SALE, by=None, ref_kind="order", ref_id=9
    )
    assert [(m.product_id, m.quantity, m.stock_after) for m in movements] == [
        (first.pk, -1, 3),
        (second.pk, -2, 0),
    ]
    second.refresh_from_db()
    assert (second.stock, second.sold_count) == (0, 2)


def test_several_moves_refuse_as_a_whole():
    from pasarmurah.inventory.services import stock_moves

    first, second = stocked_product(stock=4), stocked_product(stock=1)
    with pytest.raises(OutOfStock) as refused, transaction.atomic():
        stock_moves(moves=[(first.pk, -1), (second.pk, -2)], reason=R.COUNTER_SALE, by=None)
    assert refused.value.product_id == second.pk
    first.refresh_from_db()
    assert first.stock == 4
    assert StockMovement.objects.filter(reason=R.COUNTER_SALE).count() == 0


def test_an_inactive_product_is_not_sold_when_only_active():
    product = stocked_product(stock=3)
    Product.objects.filter(pk=product.pk).update(is_active=False)
    with pytest.raises(OutOfStock) as refused:
        stock_move(product_id=product.pk, quantity=-1, reason=R.ONLINE_SALE, by=None, only_active=True)
    assert product.name in str(refused.value)
    product.refresh_from_db()
    assert product.stock == 3
