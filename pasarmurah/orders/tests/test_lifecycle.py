import datetime

import pytest
from django.utils import timezone

from pasarmurah.accounts.tests.factories import AddressFactory, StaffFactory, UserFactory
from pasarmurah.catalog.models import Product
from pasarmurah.catalog.tests.factories import ProductFactory
from pasarmurah.core.private_files import private_storage
from pasarmurah.orders.models import TRANSITIONS, Order, OrderStatus, PaymentProofStatus, TransitionError
from pasarmurah.orders.services import (
    PROOF_FOLDER,
    order_cancel,
    order_confirm_received,
    order_mark_processing,
    order_place,
    order_ship,
    orders_complete_shipped,
    payment_proof_reject,
    payment_proof_submit,
    payment_proof_verify,
)
from pasarmurah.orders.tests.factories import clean_image
from pasarmurah.shipping.tests.factories import ShippingRateFactory

pytestmark = pytest.mark.django_db
S = OrderStatus


@pytest.fixture
def order():
    member = UserFactory()
    address = AddressFactory(user=member)
    courier = ShippingRateFactory(province=address.province).courier
    product = ProductFactory(stock=5)
    return order_place(
        member=member, items={product.pk: 2}, checkout_key="k", address=address, courier_code=courier.code
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


def test_happy_path_with_events_and_actors(order):
    staff = StaffFactory()
    proof = _proof(order)
    assert Order.objects.get(pk=order.pk).status == S.PAYMENT_REVIEW
    with private_storage(PROOF_FOLDER).open(proof.image_name) as handle:
        assert handle.read() == b"\xff\xd8fake"
    payment_proof_verify(proof=proof, by=staff)
    order_mark_processing(order=order, by=staff)
    order_ship(order=order, by=staff, tracking_number="JNE123456")
    order_confirm_received(order=order, member=order.member)
    order.refresh_from_db()
    assert order.status == S.COMPLETED
    assert order.tracking_number == "JNE123456"
    assert order.paid_at and order.shipped_at and order.closed_at
    events = [(e.from_status, e.to_status, e.actor) for e in order.events.all()]
    assert events == [
        ("", S.AWAITING_PAYMENT, order.member),
        (S.AWAITING_PAYMENT, S.PAYMENT_REVIEW, order.member),
        (S.PAYMENT_REVIEW, S.PAID, staff),
        (S.PAID, S.PROCESSING, staff),
        (S.PROCESSING, S.SHIPPED, staff),
        (S.SHIPPED, S.COMPLETED, order.member),
    ]


def test_rejected_proof_goes_back_to_awaiting_payment_with_the_reason(order):
    staff = StaffFactory()
    proof = _proof(order)
    with pytest.raises(TransitionError):
        payment_proof_reject(proof=proof, by=staff, reason="  ")
    payment_proof_reject(proof=proof, by=staff, reason="Nominal tidak sesuai")
    proof.refresh_from_db()
    assert (proof.status, proof.reject_reason) == (PaymentProofStatus.REJECTED, "Nominal tidak sesuai")
    assert Order.objects.get(pk=order.pk).status == S.AWAITING_PAYMENT
    assert "Nominal tidak sesuai" in order.events.last().note


@pytest.mark.parametrize(("start", "target"), [(s, t) for s in S for t in S if t not in TRANSITIONS[s]])
def test_every_refused_transition_is_refused_and_changes_nothing(order, start, target):
    Order.objects.filter(pk=order.pk).update(status=start)
    order.refresh_from_db()
    events_before = order.events.count()
    with pytest.raises(TransitionError):
        order.require_transition(target)
    assert order.events.count() == events_before


def test_shipping_needs_a_tracking_number_and_a_paid_order(order):
    staff = StaffFactory()
    with pytest.raises(TransitionError):
        order_ship(order=order, by=staff, tracking_number="X1")  # not paid yet
    Order.objects.filter(pk=order.pk).update(status=S.PROCESSING)
    with pytest.raises(TransitionError, match="resi"):
        order_ship(order=order, by=staff, tracking_number="")
    assert Order.objects.get(pk=order.pk).status == S.PROCESSING


def test_staff_cancel_needs_a_reason_and_returns_stock_until_shipped(order):
    staff = StaffFactory()
    product = order.lines.get().product
    Order.objects.filter(pk=order.pk).update(status=S.PAID)
    with pytest.raises(TransitionError):
        order_cancel(order=order, by=staff)
    order_cancel(order=order, by=staff, reason="Permintaan pembeli")
    assert Product.objects.get(pk=product.pk).stock == 5
    shipped = Order.objects.get(pk=order.pk)
    Order.objects.filter(pk=order.pk).update(status=S.SHIPPED)
    with pytest.raises(TransitionError):
        order_cancel(order=shipped, by=staff, reason="terlambat")


def test_member_cannot_pay_for_or_confirm_another_members_order(order):
    stranger = UserFactory()
    with pytest.raises(TransitionError):
        payment_proof_submit(
            order=order,
            member=stranger,
            image=clean_image(b"x"),
            sender_name="x",
            sender_bank="x",
            amount=1,
        )
    with pytest.raises(TransitionError):
        order_confirm_received(order=order, member=stranger)
    assert Order.objects.get(pk=order.pk).status == S.AWAITING_PAYMENT


def test_no_proof_after_the_deadline(order):
    Order.objects.filter(pk=order.pk).update(payment_deadline=timezone.now() - datetime.timedelta(seconds=1))
    with pytest.raises(TransitionError, match="sudah lewat"):
        _proof(order)


def test_shipped_orders_complete_after_the_owners_days(order):
    Order.objects.filter(pk=order.pk).update(status=S.SHIPPED, shipped_at=timezone.now())
    assert orders_complete_shipped(now=timezone.now() + datetime.timedelta(days=6)) == []
    assert orders_complete_shipped(now=timezone.now() + datetime.timedelta(days=7, minutes=1)) == [order.pk]
    assert Order.objects.get(pk=order.pk).status == S.COMPLETED
