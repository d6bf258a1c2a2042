import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from PIL import Image

from pasarmurah.accounts.roles import CUSTOMER_SERVICE
from pasarmurah.accounts.tests.factories import UserFactory
from pasarmurah.backoffice.purchasing.tests.test_purchasing import client_for, staff, url
from pasarmurah.catalog.models import Product
from pasarmurah.catalog.tests.factories import ProductFactory
from pasarmurah.inventory.models import StockMovement
from pasarmurah.purchasing.models import (
    GoodsReceipt,
    POStatus,
    PurchaseOrder,
    PurchaseOrderLine,
    SupplierPayment,
)
from pasarmurah.purchasing.tests.factories import SupplierFactory

pytestmark = pytest.mark.django_db

KEY = "k" * 32


def png():
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), (10, 120, 10)).save(buffer, "PNG")
    return SimpleUploadedFile("nota.png", buffer.getvalue(), content_type="image/png")


@pytest.fixture
def sent_order(owner):
    supplier = SupplierFactory()
    order = PurchaseOrder.objects.create(
        supplier=supplier, number="PO-2612-0001", status=POStatus.SENT, created_by=owner
    )
    tripod = ProductFactory(sku="TRP-01", stock=4, cost_price=100_000)
    bag = ProductFactory(sku="TAS-01", stock=0, cost_price=0)
    PurchaseOrderLine.objects.create(order=order, product=tripod, quantity=10, unit_cost=130_000)
    PurchaseOrderLine.objects.create(order=order, product=bag, quantity=5, unit_cost=60_000)
    return order


@pytest.fixture
def owner():
    from pasarmurah.accounts.roles import OWNER

    return staff(OWNER)


def lines_of(order):
    return {line.product.sku: line for line in order.lines.select_related("product")}


def receive(client, order, quantities, *, key=KEY, reasons=None, photo=None, nota="NT-778"):
    lines = lines_of(order)
    data = {"key": key, "nota_number": nota, "nota_date": "2026-12-01"}
    for sku, quantity in quantities.items():
        data[f"qty_{lines[sku].pk}"] = quantity
    for sku, reason in (reasons or {}).items():
        data[f"reason_{lines[sku].pk}"] = reason
    if photo:
        data["nota_photo"] = photo
    return client.post(url("receipt_create", order.pk), data)


def test_partial_then_full_receipt_moves_stock_and_cost_price(sent_order, owner):
    client = client_for(staff(CUSTOMER_SERVICE))  # Customer Service records receipts
    # when 6 tripods arrive first
    assert client.get(url("receipt_create", sent_order.pk)).status_code == 200
    response = receive(client, sent_order, {"TRP-01": "6"}, photo=png())
    assert response.status_code == 302
    tripod = Product.objects.get(sku="TRP-01")
    # then stock 4 + 6 and HPP (4 × 100.000 + 6 × 130.000) / 10 = 118.000
    assert (tripod.stock, tripod.cost_price) == (10, 118_000)
    movement = StockMovement.objects.get(product=tripod, reason="receipt")
    assert (movement.quantity, movement.stock_after, movement.ref_label) == (6, 10, "PO-2612-0001")
    sent_order.refresh_from_db()
    assert sent_order.status == POStatus.PARTIALLY_RECEIVED
    receipt = GoodsReceipt.objects.get()
    assert (receipt.nota_number, receipt.total, receipt.nota_photo != "") == ("NT-778", 780_000, True)
    # the nota photo is private: staff see it, members and visitors do not
    photo = client.get(url("receipt_photo", receipt.pk))
    assert photo.status_code == 200 and photo["X-Content-Type-Options"] == "nosniff"
    assert client_for(UserFactory()).get(url("receipt_photo", receipt.pk)).status_code == 403
    assert Client().get(url("receipt_photo", receipt.pk)).status_code == 302
    # when the rest arrives in a second delivery
    receive(client, sent_order, {"TRP-01": "4", "TAS-01": "5"}, key="second" * 4, nota="NT-779")
    sent_order.refresh_from_db()
    assert sent_order.status == POStatus.RECEIVED
    assert dict(Product.objects.filter(sku__in=["TRP-01", "TAS-01"]).values_list("sku", "stock")) == {
        "TRP-01": 14,
        "TAS-01": 5,
    }
    assert Product.objects.get(sku="TAS-01").cost_price == 60_000
    assert [line.received_quantity for line in sent_order.lines.order_by("pk")] == [10, 5]


def test_a_double_submit_receives_the_delivery_once(sent_order, owner):
    client = client_for(owner)
    receive(client, sent_order, {"TRP-01": "2"})
    second = receive(client, sent_order, {"TRP-01": "2"})
    assert second.status_code == 302
    assert GoodsReceipt.objects.count() == 1
    assert Product.objects.get(sku="TRP-01").stock == 6
    assert StockMovement.objects.filter(reason="receipt").count() == 1


def test_over_receipt_needs_a_reason(sent_order, owner):
    client = client_for(owner)
    response = receive(client, sent_order, {"TAS-01": "7"})
    assert response.status_code == 400 and 'id="form-errors"' in response.content.decode()
    assert not GoodsReceipt.objects.exists() and Product.objects.get(sku="TAS-01").stock == 0
    response = receive(client, sent_order, {"TAS-01": "7"}, reasons={"TAS-01": "Bonus dari pemasok"})
    assert response.status_code == 302
    assert GoodsReceipt.objects.get().lines.get().over_reason == "Bonus dari pemasok"
    assert Product.objects.get(sku="TAS-01").stock == 7


@pytest.mark.parametrize("quantity", ["-1", "1.5", "abc"])
def test_a_bad_received_quantity_changes_nothing(sent_order, owner, quantity):
    response = receive(client_for(owner), sent_order, {"TRP-01": quantity})
    assert response.status_code == 400
    assert not GoodsReceipt.objects.exists() and not StockMovement.objects.filter(reason="receipt").exists()
    assert Product.objects.get(sku="TRP-01").stock == 4


def test_nothing_received_or_no_nota_number_is_refused(sent_order, owner):
    client = client_for(owner)
    assert receive(client, sent_order, {"TRP-01": "0"}).status_code == 400
    assert receive(client, sent_order, {"TRP-01": "1"}, nota="").status_code == 400
    assert not GoodsReceipt.objects.exists()


def test_a_fake_image_as_nota_photo_is_refused(sent_order, owner):
    fake = SimpleUploadedFile("nota.png", b"<svg onload=alert(1)>", content_type="image/png")
    response = receive(client_for(owner), sent_order, {"TRP-01": "1"}, photo=fake)
    assert response.status_code == 400
    assert not GoodsReceipt.objects.exists() and Product.objects.get(sku="TRP-01").stock == 4


def test_a_draft_or_cancelled_order_receives_nothing(sent_order, owner):
    client = client_for(owner)
    PurchaseOrder.objects.filter(pk=sent_order.pk).update(status=POStatus.CANCELLED)
    response = receive(client, sent_order, {"TRP-01": "1"})
    assert response.status_code == 302
    assert not GoodsReceipt.objects.exists()


def test_customer_service_receives_without_seeing_costs_and_members_cannot(sent_order):
    cs = client_for(staff(CUSTOMER_SERVICE))
    body = cs.get(url("receipt_create", sent_order.pk)).content.decode()
    assert "TRP-01" in body and "130.000" not in body
    member = client_for(UserFactory())
    assert receive(member, sent_order, {"TRP-01": "1"}).status_code == 403
    assert not GoodsReceipt.objects.exists()


# --- supplier payments and the purchase journal ------------------------------------------------------


def pay(client, supplier, receipts, amount, *, key="p" * 32, photo=None):
    data = {
        "key": key,
        "receipts": [receipt.pk for receipt in receipts],
        "paid_on": "2026-12-05",
        "amount": amount,
        "method": "transfer",
        "reference": "BCA 0099",
    }
    if photo:
        data["kwitansi_photo"] = photo
    return client.post(url("payment_create", supplier.pk), data)


def test_payments_cover_receipts_and_the_order_becomes_paid(sent_order, owner):
    client = client_for(owner)
    receive(client, sent_order, {"TRP-01": "10"}, key="a" * 32, nota="NT-1")
    receive(client, sent_order, {"TAS-01": "5"}, key="b" * 32, nota="NT-2")
    first, second = GoodsReceipt.objects.order_by("pk")
    assert (first.total, second.total) == (1_300_000, 300_000)
    supplier = sent_order.supplier
    # the payables list shows what is owed
    body = client.get(url("payables")).content.decode()
    assert supplier.name in body and "Rp\u00a01.600.000" in body
    # a part payment over both receipts pays the oldest first
    assert pay(client, supplier, [first, second], "1400000", photo=png()).status_code == 302
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.paid, second.paid) == (1_300_000, 100_000)
    sent_order.refresh_from_db()
    assert sent_order.status == POStatus.RECEIVED
    # the double submit records it once
    pay(client, supplier, [first, second], "1400000")
    assert SupplierPayment.objects.count() == 1
    payment = SupplierPayment.objects.get()
    photo = client.get(url("payment_photo", payment.pk))
    assert photo.status_code == 200 and photo["Cache-Control"].startswith("private")
    # the rest pays the order
    assert pay(client, supplier, [second], "200000", key="q" * 32).status_code == 302
    sent_order.refresh_from_db()
    assert sent_order.status == POStatus.PAID
    assert (
        "Rp\u00a0"
        not in client.get(url("payables"))
        .content.decode()
        .split('id="payables-total"')[0]
        .split("<tbody>")[1]
    )


@pytest.mark.parametrize("amount", ["-1", "0", "1.5", "abc", "1300001"])
def test_a_bad_or_excessive_payment_is_refused(sent_order, owner, amount):
    client = client_for(owner)
    receive(client, sent_order, {"TRP-01": "10"})
    receipt = GoodsReceipt.objects.get()
    response = pay(client, sent_order.supplier, [receipt], amount)
    assert response.status_code == 400
    receipt.refresh_from_db()
    assert receipt.paid == 0 and not SupplierPayment.objects.exists()


def test_another_suppliers_receipt_cannot_be_paid_here(sent_order, owner):
    client = client_for(owner)
    receive(client, sent_order, {"TRP-01": "1"})
    receipt = GoodsReceipt.objects.get()
    other = SupplierFactory()
    assert pay(client, other, [receipt], "1000").status_code == 400
    assert not SupplierPayment.objects.exists()


def test_customer_service_neither_pays_nor_sees_payables_or_the_journal(sent_order, owner):
    receive(client_for(owner), sent_order, {"TRP-01": "1"})
    cs = client_for(staff(CUSTOMER_SERVICE))
    receipt = GoodsReceipt.objects.get()
    assert pay(cs, sent_order.supplier, [receipt], "1000").status_code == 403
    assert cs.get(url("payables")).status_code == 403
    assert cs.get(url("journal")).status_code == 403
    assert not SupplierPayment.objects.exists()


def test_purchase_journal_lists_the_months_receipts_and_prints(
    sent_order, owner, django_assert_max_num_queries
):
    client = client_for(owner)
    receive(client, sent_order, {"TRP-01": "2"}, key="a" * 32, nota="NT-DES")
    GoodsReceipt.objects.create(
        order=sent_order, nota_number="NT-NOV", nota_date="2026-11-30", idempotency_key="c" * 32, total=5
    )
    client.get(url("journal"), {"bulan": "2026-12"})
    with django_assert_max_num_queries(10):
        body = client.get(url("journal"), {"bulan": "2026-12"}).content.decode()
    assert "NT-DES" in body and "NT-NOV" not in body and "Rp\u00a0260.000" in body
    printed = client.get(url("journal"), {"bulan": "2026-12", "cetak": "1"}).content.decode()
    assert "NT-DES" in printed and 'class="invoice-sheet container"' in printed
    assert "NT-NOV" in client.get(url("journal"), {"bulan": "2026-11"}).content.decode()
    assert client.get(url("journal"), {"bulan": "2026-13"}).status_code == 200


def test_the_monthly_purchase_journal_downloads_as_pdf_for_the_owner_only(sent_order, owner):
    import io

    from pypdf import PdfReader

    client = client_for(owner)
    receive(client, sent_order, {"TRP-01": "2"}, key="a" * 32, nota="NT-DES")
    response = client.get(url("journal_pdf"), {"bulan": "2026-12"})
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert "jurnal-pembelian-2026-12.pdf" in response["Content-Disposition"]
    text = "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert "Jurnal pembelian" in text and "NT-DES" in text and "260.000" in text
    assert sent_order.supplier.name in text
    empty = client.get(url("journal_pdf"), {"bulan": "2026-10"}).content
    assert "NT-DES" not in "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(empty)).pages)
    assert client_for(staff(CUSTOMER_SERVICE)).get(url("journal_pdf")).status_code == 403
