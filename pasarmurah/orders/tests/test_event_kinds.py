"""Every transition records what happened as OrderEvent.kind; the outermost services are durable."""

import datetime
import importlib

import pytest
from django.apps import apps
from django.db import transaction
from django.utils import timezone

from pasarmurah.accounts.services import member_delete
from pasarmurah.accounts.tests.factories import AddressFactory, StaffFactory, UserFactory
from pasarmurah.catalog.tests.factories import ProductFactory
from pasarmurah.orders.models import Order, OrderEvent, OrderStatus
from pasarmurah.orders.services import (
    order_cancel,
    order_confirm_received,
    order_mark_processing,
    order_place,
    order_ship,
    orders_complete_shipped,
    orders_expire_unpaid,
    payment_proof_reject,
    payment_proof_submit,
    payment_proof_verify,
)
from pasarmurah.orders.tests.factories import clean_image
from pasarmurah.shipping.tests.factories import ShippingRateFactory

pytestmark = pytest.mark.django_db
S = OrderStatus
K = OrderEvent.Kind


def _order(key="k"):
    member = UserFactory()
    address = AddressFactory(user=member)
    courier = ShippingRateFactory(province=address.province).courier
    return order_place(
        member=member,
        items={ProductFactory(stock=5).pk: 1},
        checkout_key=key,
        address=address,
        courier_code=courier.code,
    )


def _proof(order):
    return payment_proof_submit(
        order=order,
        member=order.member,
        image=clean_image(b"\xff\xd8fake"),
        sender_name="Budi",
        sender_bank="BCA",
        amount=order.total,
    )


def _kinds(order):
    return list(order.events.order_by("pk").values_list("kind", flat=True))


def test_every_transition_writes_its_kind():
    staff = StaffFactory()
    order = _order()
    payment_proof_reject(proof=_proof(order), by=staff, reason="Buram")
    payment_proof_verify(proof=_proof(order), by=staff)
    order_mark_processing(order=order, by=staff)
    order_ship(order=order, by=staff, tracking_number="JNE1")
    order_confirm_received(order=order, member=order.member)
    assert _kinds(order) == [
        K.PLACED,
        K.PROOF_SUBMITTED,
        K.PROOF_REJECTED,
        K.PROOF_SUBMITTED,
        K.PAID,
        K.PROCESSING,
        K.SHIPPED,
        K.COMPLETED,
    ]
    cancelled = _order("c")
    order_cancel(order=cancelled, by=cancelled.member)
    assert _kinds(cancelled) == [K.PLACED, K.CANCELLED]
    expired = _order("e")
    orders_expire_unpaid(now=timezone.now() + datetime.timedelta(days=30))
    assert _kinds(expired) == [K.PLACED, K.EXPIRED]


def test_the_data_migration_fills_the_kind_from_the_status_move():
    order = _order()
    moves = [
        ("", S.AWAITING_PAYMENT, K.PLACED),
        (S.AWAITING_PAYMENT, S.PAYMENT_REVIEW, K.PROOF_SUBMITTED),
        (S.PAYMENT_REVIEW, S.AWAITING_PAYMENT, K.PROOF_REJECTED),
        (S.PAYMENT_REVIEW, S.PAID, K.PAID),
        (S.PAID, S.PROCESSING, K.PROCESSING),
        (S.PROCESSING, S.SHIPPED, K.SHIPPED),
        (S.SHIPPED, S.COMPLETED, K.COMPLETED),
        (S.PAID, S.CANCELLED, K.CANCELLED),
        (S.AWAITING_PAYMENT, S.EXPIRED, K.EXPIRED),
        ("", "", K.NOTE),
    ]
    order.events.all().delete()
    events = [
        OrderEvent.objects.create(order=order, from_status=before, to_status=to, kind=K.NOTE)
        for before, to, _ in moves
    ]
    migration = importlib.import_module("pasarmurah.orders.migrations.0004_orderevent_kind")
    migration.fill_kind(apps, None)
    assert [OrderEvent.objects.get(pk=e.pk).kind for e in events] == [kind for _, _, kind in moves]
    # and new events decide their kind the same way
    assert [OrderEvent.kind_for(before=before, to=to) for before, to, _ in moves] == [k for _, _, k in moves]


def test_placing_and_erasing_refuse_to_run_inside_a_callers_transaction():
    member = UserFactory()
    address = AddressFactory(user=member)
    courier = ShippingRateFactory(province=address.province).courier
    product = ProductFactory(stock=5)
    with transaction.atomic(), pytest.raises(RuntimeError, match="durable"):
        order_place(
            member=member, items={product.pk: 1}, checkout_key="d", address=address, courier_code=courier.code
        )
    with transaction.atomic(), pytest.raises(RuntimeError, match="durable"):
        member_delete(user=member)
    overdue = _order("overdue")
    with transaction.atomic(), pytest.raises(RuntimeError, match="durable"):
        orders_expire_unpaid(now=timezone.now() + datetime.timedelta(days=30))
    assert Order.objects.get(pk=overdue.pk).status == S.AWAITING_PAYMENT
    shipped = _order("s")
    Order.objects.filter(pk=shipped.pk).update(
        status=S.SHIPPED, shipped_at=timezone.now() - datetime.timedelta(days=60)
    )
    with transaction.atomic(), pytest.raises(RuntimeError, match="durable"):
        orders_complete_shipped()
    # outside a caller's transaction the same calls work (pytest-django's own test transaction is allowed)
    assert orders_complete_shipped() == [shipped.pk]
