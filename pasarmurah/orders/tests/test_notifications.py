import io
import socket

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from pasarmurah.accounts.roles import CUSTOMER_SERVICE
from pasarmurah.accounts.tests.factories import AddressFactory, StaffFactory, UserFactory
from pasarmurah.catalog.tests.factories import ProductFactory
from pasarmurah.checkout.cart import MemberCart
from pasarmurah.mail.models import OutboundEmail
from pasarmurah.orders.models import Order, OrderStatus
from pasarmurah.orders.services import (
    order_cancel,
    order_confirm_received,
    order_mark_processing,
    order_place,
    order_ship,
    orders_expire_unpaid,
    payment_proof_reject,
    payment_proof_submit,
    payment_proof_verify,
)
from pasarmurah.orders.tests.factories import clean_image
from pasarmurah.shipping.tests.factories import ShippingRateFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def cs():
    staff = StaffFactory(email="cs@pasarmurah.test")
    staff.groups.add(Group.objects.get(name=CUSTOMER_SERVICE))
    return staff


def _order(key="n"):
    member = UserFactory(email=f"{key}@contoh.test")
    address = AddressFactory(user=member)
    courier = ShippingRateFactory(province=address.province).courier
    product = ProductFactory(stock=5)
    return order_place(
        member=member, items={product.pk: 1}, checkout_key=key, address=address, courier_code=courier.code
    )


def _proof(order):
    return payment_proof_submit(
        order=order,
        member=order.member,
        image=clean_image(b"img"),
        sender_name="A",
        sender_bank="BCA",
        amount=order.total,
    )


def _mails(kind_prefix="order_"):
    return list(
        OutboundEmail.objects.filter(kind__startswith=kind_prefix).order_by("pk").values_list("kind", "to")
    )


def test_member_and_customer_service_are_mailed_at_each_step(cs):
    order = _order()
    member = order.member.email
    assert _mails("") == [("order_placed", member), ("staff_new_order", cs.email)]
    placed = OutboundEmail.objects.get(kind="order_placed")
    assert order.number in placed.subject and "Rp" in placed.body_text
    proof = _proof(order)
    payment_proof_reject(proof=proof, by=cs, reason="Nominal kurang")
    assert "Nominal kurang" in OutboundEmail.objects.get(kind="order_payment_rejected").body_text
    proof = _proof(order)
    payment_proof_verify(proof=proof, by=cs)
    order_mark_processing(order=order, by=cs)
    order_ship(order=order, by=cs, tracking_number="JNE777")
    order_confirm_received(order=order, member=order.member)
    kinds = [kind for kind, _to in _mails()]
    assert kinds == [
        "order_placed",
        "order_proof_received",
        "order_payment_rejected",
        "order_proof_received",
        "order_paid",
        "order_shipped",
        "order_completed",
    ]
    assert "JNE777" in OutboundEmail.objects.get(kind="order_shipped").body_text
    assert OutboundEmail.objects.filter(kind="staff_new_proof", to=cs.email).count() == 2
    # everything went out through the mail backend after commit
    assert {m.to[0] for m in mail.outbox} == {member, cs.email}
    assert len(mail.outbox) == OutboundEmail.objects.count()


def test_cancelled_and_expired_orders_are_mailed(cs):
    cancelled = _order("c")
    order_cancel(order=cancelled, by=cancelled.member)
    expired = _order("e")
    orders_expire_unpaid(now=expired.payment_deadline)
    assert OutboundEmail.objects.filter(kind="order_cancelled", to=cancelled.member.email).count() == 1
    assert OutboundEmail.objects.filter(kind="order_expired", to=expired.member.email).count() == 1
    assert orders_expire_unpaid(now=expired.payment_deadline) == []
    assert OutboundEmail.objects.filter(kind="order_expired").count() == 1


def _closed_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_checkout_works_while_the_mail_server_is_down(client, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", _closed_port(), 2
    member = UserFactory()
    address = AddressFactory(user=member)
    courier = ShippingRateFactory(province=address.province).courier
    product = ProductFactory(stock=2)
    client.force_login(member)
    client.post(reverse("checkout:cart_add", args=[product.pk]), {"quantity": 1})
    response = client.post(
        reverse("checkout:checkout"),
        {
            "address": address.pk,
            "courier": courier.code,
            "place": "1",
            "checkout_key": MemberCart(member).checkout_key,
        },
    )
    order = Order.objects.get()
    assert response.status_code == 302 and response["Location"] == order.get_absolute_url()
    assert order.status == OrderStatus.AWAITING_PAYMENT
    placed = OutboundEmail.objects.get(kind="order_placed")
    assert placed.status != OutboundEmail.Status.SENT  # waits in the outbox for the retry job
    buffer = io.BytesIO()
    Image.new("RGB", (20, 20)).save(buffer, "PNG")
    upload = SimpleUploadedFile("b.png", buffer.getvalue(), content_type="image/png")
    response = client.post(
        reverse("orders:proof_upload", args=[order.number]),
        {"image": upload, "sender_name": "A", "sender_bank": "BCA", "amount": order.total},
    )
    assert response.status_code == 302
    assert Order.objects.get().status == OrderStatus.PAYMENT_REVIEW


def test_placing_an_order_schedules_one_delivery_job_for_both_mails(cs, monkeypatch):
    from pasarmurah.mail import tasks

    jobs = []
    many = tasks.outbox_send_many
    monkeypatch.setattr(tasks, "outbox_send_many", lambda ids: (jobs.append(list(ids)), many(ids)))
    monkeypatch.setattr(tasks, "outbox_send", lambda email_id: pytest.fail("a mail was scheduled alone"))
    order = _order()
    placed, staff = OutboundEmail.objects.order_by("pk")
    assert (placed.kind, staff.kind) == ("order_placed", "staff_new_order")
    assert jobs == [[placed.pk, staff.pk]]  # one write to the job queue, after the order's commit
    assert sorted(m.to[0] for m in mail.outbox) == sorted([order.member.email, cs.email])
