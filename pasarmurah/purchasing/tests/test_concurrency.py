"""Races with real threads and real transactions (PostgreSQL and MariaDB; SQLite serialises writers)."""

import datetime
import threading

import pytest
from django.db import connection

from pasarmurah.accounts.tests.factories import StaffFactory
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
from pasarmurah.purchasing.services import goods_receipt_record, supplier_payment_record
from pasarmurah.purchasing.tests.factories import SupplierFactory

pytestmark = [pytest.mark.only_db("postgresql", "mysql"), pytest.mark.django_db(transaction=True)]


def race(target, n=4):
    barrier = threading.Barrier(n)
    results, errors = [], []

    def run():
        try:
            barrier.wait(timeout=10)
            results.append(target())
        except Exception as exc:  # noqa: BLE001 - reported by the assertion below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(n)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert errors == []
    return results


def test_a_concurrent_double_submit_receives_once_and_pays_once():
    by = StaffFactory()
    supplier = SupplierFactory()
    order = PurchaseOrder.objects.create(supplier=supplier, number="PO-R-1", status=POStatus.SENT)
    product = ProductFactory(stock=0)
    line = PurchaseOrderLine.objects.create(order=order, product=product, quantity=10, unit_cost=5_000)

    def receive():
        return goods_receipt_record(
            order=order,
            idempotency_key="same-key-0000000000",
            nota_number="NT-1",
            nota_date=datetime.date(2026, 12, 1),
            quantities={line.pk: 10},
            by=by,
        ).pk

    assert len(set(race(receive))) == 1
    assert GoodsReceipt.objects.count() == 1
    assert Product.objects.get(pk=product.pk).stock == 10
    assert StockMovement.objects.filter(product=product, reason="receipt").count() == 1
    receipt = GoodsReceipt.objects.get()

    def pay():
        return supplier_payment_record(
            supplier=supplier,
            receipt_ids=[receipt.pk],
            idempotency_key="pay-key-00000000000",
            paid_on=datetime.date(2026, 12, 2),
            amount=50_000,
            method="transfer",
            by=by,
        ).pk

    assert len(set(race(pay))) == 1
    receipt.refresh_from_db()
    assert receipt.paid == 50_000 and SupplierPayment.objects.count() == 1
    assert PurchaseOrder.objects.get(pk=order.pk).status == POStatus.PAID
