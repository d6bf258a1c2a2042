"""The ledger's invariant under random work (issue 12 item 1): after every step, each product's movements sum
to its stock and its latest movement's `stock_after` is that stock. Runs on every database of the CI."""

import datetime
import itertools

import pytest
from django.db.models import Sum
from django.utils import timezone
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    Bundle,
    RuleBasedStateMachine,
    consumes,
    invariant,
    rule,
    run_state_machine_as_test,
)

from pasarmurah.accounts.tests.factories import AddressFactory, StaffFactory, UserFactory
from pasarmurah.catalog.models import Product
from pasarmurah.inventory.models import MovementReason as R
from pasarmurah.inventory.models import StockMovement
from pasarmurah.inventory.services import OutOfStock, stock_move, stock_receive
from pasarmurah.inventory.tests.factories import stocked_product
from pasarmurah.orders.models import Order, OrderStatus
from pasarmurah.orders.services import CartChanged, order_cancel, order_place, orders_expire_unpaid
from pasarmurah.shipping.tests.factories import ShippingRateFactory

pytestmark = pytest.mark.django_db

KEYS = itertools.count()


class LedgerMachine(RuleBasedStateMachine):
    orders = Bundle("orders")

    def __init__(self):
        super().__init__()
        self.staff = StaffFactory()
        self.member = UserFactory()
        self.address = AddressFactory(user=self.member)
        self.courier = ShippingRateFactory(province=self.address.province, price_per_kg=1_000).courier
        self.products = [stocked_product(stock=stock) for stock in (0, 2, 5)]
        self.ids = [product.pk for product in self.products]
        self.refusals = 0

    @rule(
        target=orders,
        picks=st.dictionaries(st.integers(0, 2), st.integers(1, 3), min_size=1, max_size=3),
    )
    def place(self, picks):
        items = {self.ids[index]: quantity for index, quantity in picks.items()}
        try:
            order = order_place(
                member=self.member,
                items=items,
                checkout_key=f"ledger-{next(KEYS)}",
                address=self.address,
                courier_code=self.courier.code,
            )
        except CartChanged:
            self.refusals += 1
            return None
        return order.pk

    @rule(order_id=consumes(orders))
    def cancel(self, order_id):
        if order_id is not None:
            order_cancel(order=Order.objects.get(pk=order_id), by=self.staff, reason="Permintaan pembeli")

    @rule(order_id=consumes(orders))
    def expire(self, order_id):
        if order_id is not None:
            Order.objects.filter(pk=order_id).update(payment_deadline=timezone.now() - datetime.timedelta(1))
            orders_expire_unpaid()
            assert Order.objects.get(pk=order_id).status == OrderStatus.EXPIRED

    @rule(index=st.integers(0, 2), quantity=st.integers(1, 5), unit_cost=st.integers(0, 100_000))
    def receive(self, index, quantity, unit_cost):
        stock_receive(
            product_id=self.ids[index],
            quantity=quantity,
            unit_cost=unit_cost,
            by=self.staff,
            ref_kind="receipt",
        )

    @rule(index=st.integers(0, 2), quantity=st.integers(1, 4))
    def counter_sale(self, index, quantity):
        try:
            stock_move(product_id=self.ids[index], quantity=-quantity, reason=R.COUNTER_SALE, by=self.staff)
        except OutOfStock:
            self.refusals += 1

    @rule(index=st.integers(0, 2), quantity=st.integers(-4, 4).filter(bool))
    def adjust(self, index, quantity):
        try:
            stock_move(
                product_id=self.ids[index],
                quantity=quantity,
                reason=R.CORRECTION,
                by=self.staff,
                note="hitung",
            )
        except OutOfStock:
            self.refusals += 1

    @invariant()
    def movements_sum_to_stock(self):
        stocks = dict(Product.objects.filter(pk__in=self.ids).values_list("pk", "stock"))
        sums = dict(
            StockMovement.objects.filter(product_id__in=self.ids)
            .values("product_id")
            .annotate(total=Sum("quantity"))
            .values_list("product_id", "total")
        )
        for pk in self.ids:
            assert stocks[pk] >= 0
            assert sums.get(pk, 0) == stocks[pk]
            last = StockMovement.objects.filter(product_id=pk).order_by("-pk").first()
            assert (last.stock_after if last else 0) == stocks[pk]


def test_the_ledger_always_sums_to_the_stock():
    run_state_machine_as_test(
        LedgerMachine,
        settings=settings(
            max_examples=25,
            stateful_step_count=6,
            deadline=None,
            suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
        ),
    )
