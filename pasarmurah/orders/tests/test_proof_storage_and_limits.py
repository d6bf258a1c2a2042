"""Payment proofs: a refused or rolled-back upload leaves no file, and per-member limits hold (issue 10)."""

import datetime

import pytest
from django.contrib.messages import get_messages
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from pasarmurah.accounts.tests.factories import StaffFactory
from pasarmurah.catalog.tests.factories import ProductFactory
from pasarmurah.orders.models import Order, OrderStatus, PaymentProof, TransitionError
from pasarmurah.orders.services import (
    PROOF_FOLDER,
    ProofLimitReached,
    order_place,
    payment_proof_reject,
    payment_proof_submit,
)
from pasarmurah.orders.tests.factories import clean_image
from pasarmurah.orders.tests.test_views import png_upload

pytestmark = pytest.mark.django_db
S = OrderStatus


@pytest.fixture
def place(member, address, courier):
    def place(key="k"):
        product = ProductFactory(stock=5, price=100_000, weight_grams=900)
        return order_place(
            member=member, items={product.pk: 1}, checkout_key=key, address=address, courier_code=courier.code
        )

    return place


@pytest.fixture
def order(place):
    return place()


def stored_files(settings) -> list:
    root = settings.PRIVATE_MEDIA_ROOT / PROOF_FOLDER
    return sorted(path for path in root.rglob("*") if path.is_file()) if root.exists() else []


def upload(client, order, **extra):
    return client.post(
        reverse("orders:proof_upload", args=[order.number]),
        {"image": png_upload(), "sender_name": "Budi", "sender_bank": "BCA", "amount": order.total, **extra},
    )


def page_messages(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


@pytest.mark.parametrize("status", [S.PAID, S.PAYMENT_REVIEW, S.CANCELLED, S.EXPIRED, S.SHIPPED])
def test_a_refused_proof_upload_leaves_no_file(client, order, settings, status):
    # given an order that cannot take a proof
    Order.objects.filter(pk=order.pk).update(status=status)
    client.force_login(order.member)
    # when
    response = upload(client, order)
    # then the member is told, and nothing was stored
    assert response.status_code == 302
    said = "sudah menunggu verifikasi" if status == S.PAYMENT_REVIEW else "berstatus"
    assert any(said in text for text in page_messages(response))
    assert PaymentProof.objects.count() == 0
    assert Order.objects.get(pk=order.pk).status == status
    assert stored_files(settings) == []


def test_a_proof_after_the_deadline_leaves_no_file(order, settings):
    Order.objects.filter(pk=order.pk).update(payment_deadline=timezone.now() - datetime.timedelta(minutes=1))
    with pytest.raises(TransitionError):
        _submit(order)
    assert stored_files(settings) == []


@pytest.mark.django_db(transaction=True)
def test_a_proof_whose_transaction_rolls_back_leaves_no_file(order, settings):
    # given a proof stored inside a transaction that fails afterwards
    with pytest.raises(RuntimeError), transaction.atomic():
        proof = _submit(order)
        assert stored_files(settings) == [settings.PRIVATE_MEDIA_ROOT / PROOF_FOLDER / proof.image_name]
        raise RuntimeError("a later step failed")
    # then neither the row nor the file is left
    assert PaymentProof.objects.count() == 0
    assert Order.objects.get(pk=order.pk).status == S.AWAITING_PAYMENT
    assert stored_files(settings) == []


def _submit(order):
    return payment_proof_submit(
        order=order, member=order.member, image=clean_image(), sender_name="B", sender_bank="BCA", amount=1
    )


def test_proofs_per_order_are_limited(client, order, settings):
    # given an order whose proofs were rejected up to the limit
    settings.MEMBER_LIMITS = settings.MEMBER_LIMITS | {"proofs_per_order": 2}
    staff = StaffFactory()
    for _ in range(2):
        payment_proof_reject(proof=_submit(order), by=staff, reason="Buram")
    files_before = stored_files(settings)
    client.force_login(order.member)
    # when the member uploads once more
    response = upload(client, order)
    # then the page says why, and nothing changed
    assert response.status_code == 302
    assert page_messages(response) == [
        "Pesanan ini sudah memiliki 2 bukti pembayaran, batas yang kami terima. Silakan hubungi kami, kami "
        "akan membantu."
    ]
    assert PaymentProof.objects.count() == 2
    assert Order.objects.get(pk=order.pk).status == S.AWAITING_PAYMENT
    assert stored_files(settings) == files_before
    with pytest.raises(ProofLimitReached):  # the service holds the limit too, not only the page
        _submit(order)


def test_proofs_per_member_and_hour_are_limited(client, place, settings):
    # given a member who uploaded the hour's limit of proofs for other orders
    settings.MEMBER_LIMITS = settings.MEMBER_LIMITS | {"proofs_per_hour": 2}
    first, second, third = place("a"), place("b"), place("c")
    _submit(first)
    _submit(second)
    client.force_login(third.member)
    # when
    response = upload(client, third)
    # then
    assert page_messages(response) == [
        "Anda sudah mengunggah 2 bukti pembayaran dalam satu jam terakhir. Mohon tunggu sebentar sebelum "
        "mengunggah lagi."
    ]
    assert PaymentProof.objects.filter(order=third).count() == 0
    assert Order.objects.get(pk=third.pk).status == S.AWAITING_PAYMENT
    # an hour later the count has moved on
    PaymentProof.objects.update(created_at=timezone.now() - datetime.timedelta(minutes=61))
    assert upload(client, third).status_code == 302
    assert PaymentProof.objects.filter(order=third).count() == 1
