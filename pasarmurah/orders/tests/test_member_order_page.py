"""The member's order page and what it tells: actions from the lifecycle, cancelling with a confirmation,
proofs (short transfers, rejections, a second proof), the PDF nota, and staff's view-on-site."""

import datetime
import io

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from pasarmurah.accounts.roles import CUSTOMER_SERVICE
from pasarmurah.accounts.tests.factories import StaffFactory, UserFactory
from pasarmurah.catalog.tests.factories import ProductFactory
from pasarmurah.core.tests.uploads import png_upload
from pasarmurah.mail.models import OutboundEmail
from pasarmurah.orders.models import TRANSITIONS, Order, OrderStatus, PaymentProof
from pasarmurah.orders.services import order_place, payment_proof_reject, payment_proof_submit
from pasarmurah.orders.tests.factories import clean_image

pytestmark = pytest.mark.django_db
S = OrderStatus
NBSP = "\u00a0"


@pytest.fixture
def order(member, address, courier):
    product = ProductFactory(stock=5, price=100_000, weight_grams=900, name="Tripod — Hitam")
    return order_place(
        member=member, items={product.pk: 1}, checkout_key="m", address=address, courier_code=courier.code
    )  # total Rp 110.000


@pytest.fixture
def cs():
    staff = StaffFactory()
    staff.groups.add(Group.objects.get(name=CUSTOMER_SERVICE))
    return staff


def _page(client, order) -> str:
    return client.get(order.get_absolute_url()).content.decode()


def _upload(client, order, amount):
    return client.post(
        reverse("orders:proof_upload", args=[order.number]),
        {"image": png_upload(), "sender_name": "Rina", "sender_bank": "BCA", "amount": amount},
        follow=True,
    )


def test_the_page_title_says_pesanan(client, order):
    client.force_login(order.member)
    assert f"<title>Pesanan {order.number}" in _page(client, order)


def test_the_member_page_asks_the_lifecycle_which_actions_an_order_allows(client, order, monkeypatch):
    client.force_login(order.member)
    page = _page(client, order)
    assert 'id="proof-form"' in page and 'id="order-cancel"' in page
    # a shop whose lifecycle does not let unpaid orders be cancelled shows no cancel button
    monkeypatch.setitem(TRANSITIONS, S.AWAITING_PAYMENT, {S.PAYMENT_REVIEW, S.EXPIRED})
    page = _page(client, order)
    assert 'id="proof-form"' in page and 'id="order-cancel"' not in page


@pytest.mark.parametrize(
    ("status", "pay", "cancel", "confirm"),
    [
        (S.AWAITING_PAYMENT, True, True, False),
        (S.PAYMENT_REVIEW, False, False, False),
        (S.PAID, False, False, False),
        (S.PROCESSING, False, False, False),
        (S.SHIPPED, False, False, True),
        (S.COMPLETED, False, False, False),
        (S.CANCELLED, False, False, False),
        (S.EXPIRED, False, False, False),
    ],
)
def test_actions_per_status(client, order, status, pay, cancel, confirm):
    Order.objects.filter(pk=order.pk).update(status=status)
    client.force_login(order.member)
    page = _page(client, order)
    confirm_action = f'action="{reverse("orders:confirm", args=[order.number])}"'
    shown = ('id="proof-form"' in page, 'id="order-cancel"' in page, confirm_action in page)
    assert shown == (pay, cancel, confirm)


def test_past_the_deadline_the_page_offers_no_payment_but_says_why(client, order):
    Order.objects.filter(pk=order.pk).update(payment_deadline=timezone.now() - datetime.timedelta(minutes=1))
    client.force_login(order.member)
    page = _page(client, order)
    assert 'id="proof-form"' not in page and "Transfer tepat" not in page
    assert 'id="payment-time-over"' in page and "Waktu pembayaran pesanan ini sudah habis" in page


def test_cancel_asks_for_confirmation_first(client, order):
    client.force_login(order.member)
    confirm_page = client.get(reverse("orders:cancel", args=[order.number]))
    body = confirm_page.content.decode()
    assert confirm_page.status_code == 200
    assert f"Batalkan pesanan {order.number}?" in body and 'id="confirm-cancel"' in body
    assert Order.objects.get(pk=order.pk).status == S.AWAITING_PAYMENT
    # a POST without the confirmation (the old one-tap button) only shows the question
    one_tap = client.post(reverse("orders:cancel", args=[order.number]))
    assert one_tap.status_code == 200 and 'id="confirm-cancel"' in one_tap.content.decode()
    assert Order.objects.get(pk=order.pk).status == S.AWAITING_PAYMENT


def test_a_confirmed_cancel_cancels_with_the_members_reason(client, order):
    client.force_login(order.member)
    response = client.post(
        reverse("orders:cancel", args=[order.number]),
        {"confirm": "1", "reason": "Salah pilih\r\nwarna"},
        follow=True,
    )
    order.refresh_from_db()
    assert order.status == S.CANCELLED
    assert order.events.last().note == "Dibatalkan oleh member: Salah pilih\nwarna"
    assert "Pesanan Anda dibatalkan." in response.content.decode()


def test_an_order_that_cannot_be_cancelled_has_no_confirmation_page(client, order):
    Order.objects.filter(pk=order.pk).update(status=S.PAID)
    client.force_login(order.member)
    response = client.get(reverse("orders:cancel", args=[order.number]), follow=True)
    assert "Pesanan ini tidak bisa Anda batalkan lagi" in response.content.decode()
    assert Order.objects.get(pk=order.pk).status == S.PAID


def test_another_members_order_cannot_be_cancelled(client, order):
    client.force_login(UserFactory())
    assert client.get(reverse("orders:cancel", args=[order.number])).status_code == 404
    assert client.post(reverse("orders:cancel", args=[order.number]), {"confirm": "1"}).status_code == 404
    assert Order.objects.get(pk=order.pk).status == S.AWAITING_PAYMENT


def test_a_short_transfer_is_accepted_and_the_member_and_staff_are_told(client, order, cs):
    # given / when: the member transfers Rp 100.000 of Rp 110.000
    client.force_login(order.member)
    response = _upload(client, order, 100_000)
    # then the member is told at once and on the order page
    body = response.content.decode()
    assert Order.objects.get(pk=order.pk).status == S.PAYMENT_REVIEW
    assert f"Kami menerima bukti transfer Rp{NBSP}100.000, kurang Rp{NBSP}10.000 dari total" in body
    assert 'id="proof-short"' in body
    # ... and Customer Service sees the difference on the desk and in its e-mail
    client.force_login(cs)
    desk = client.get(reverse("backoffice:orders:order", args=[order.number])).content.decode()
    assert f"kurang Rp{NBSP}10.000 dari total Rp{NBSP}110.000" in desk
    mail = OutboundEmail.objects.get(kind="staff_new_proof", to=cs.email)
    assert f"kurang Rp{NBSP}10.000 dari total" in mail.body_text


def test_an_exact_transfer_gets_the_plain_thanks(client, order):
    client.force_login(order.member)
    body = _upload(client, order, 110_000).content.decode()
    assert "Terima kasih! Pembayaran Anda segera kami verifikasi." in body
    assert 'id="proof-short"' not in body


def test_a_second_proof_is_refused_plainly(client, order):
    client.force_login(order.member)
    _upload(client, order, 110_000)
    body = _upload(client, order, 110_000).content.decode()
    assert "Bukti pembayaran untuk pesanan ini sudah menunggu verifikasi" in body
    assert "tidak bisa menjadi" not in body
    assert PaymentProof.objects.filter(order=order).count() == 1


def test_a_rejected_proof_shows_its_reason_at_the_top_and_the_mail_says_it_once(client, order, cs):
    proof = payment_proof_submit(
        order=order, member=order.member, image=clean_image(), sender_name="R", sender_bank="BCA", amount=1
    )
    payment_proof_reject(proof=proof, by=cs, reason="Nominal tidak sesuai")
    client.force_login(order.member)
    page = _page(client, order)
    top = page.index('id="proof-rejected"')
    assert top < page.index('id="proof-form"') < page.index("Riwayat status")
    assert "Nominal tidak sesuai" in page[top : page.index('id="proof-form"')]
    assert "unggah bukti yang benar" in page
    mail = OutboundEmail.objects.get(kind="order_payment_rejected")
    assert "belum bisa kami terima: Nominal tidak sesuai" in mail.body_text
    assert "ditolak" not in mail.body_text.split("Nominal tidak sesuai")[0].lower()


def _pdf_text(pdf: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def test_the_pdf_keeps_every_character_and_speaks_indonesian(client, order):
    order.member.full_name = "Dewi Ṣaraswati 王"
    order.member.save(update_fields=["full_name"])
    Order.objects.filter(pk=order.pk).update(recipient_name="Dewi Ṣaraswati 王", status=S.PAID)
    client.force_login(order.member)
    text = _pdf_text(client.get(reverse("orders:invoice_pdf", args=[order.number])).content)
    assert "Dewi Ṣaraswati 王" in text
    assert "Tripod — Hitam" in text
    assert f"Rp{NBSP}110.000" in text or "Rp 110.000" in text
    for indonesian in ("Nota", "Tanggal:", "Kurir:", "Dikirim ke:", "Pembayaran: Lunas", "LUNAS"):
        assert indonesian in text, indonesian
    for english in ("Date:", "Courier:", "Invoice", "Ship to", "Payment:", "Paid in full"):
        assert english not in text, english
    assert "?" not in text


def test_admins_view_on_site_of_an_order_opens_the_order_desk(client, order):
    owner = StaffFactory(is_superuser=True)
    client.force_login(owner)
    change = client.get(reverse("admin:orders_order_change", args=[order.pk])).content.decode()
    desk_url = reverse("backoffice:orders:order", args=[order.number])
    assert f'href="{desk_url}"' in change
    assert client.get(desk_url).status_code == 200
