import datetime
import itertools

import pytest

from pasarmurah.catalog.tests.factories import ProductFactory
from pasarmurah.crm.models import Testimonial
from pasarmurah.purchasing.models import (
    GoodsReceipt,
    GoodsReceiptLine,
    PurchaseOrder,
    PurchaseOrderLine,
    SupplierPayment,
)
from pasarmurah.purchasing.selectors import purchase_journal
from pasarmurah.purchasing.tests.factories import SupplierFactory
from pasarmurah.reports.care import care_report
from pasarmurah.reports.purchases import purchase_report
from pasarmurah.reports.tests.helpers import member_joined, ticket, wib

pytestmark = pytest.mark.django_db

_keys = itertools.count()
MAY = {"start": datetime.date(2026, 5, 1), "end": datetime.date(2026, 5, 31)}


def _receive(supplier, *, sent, nota_date, lines, paid=0):
    """A sent purchase order delivered in full on `nota_date`: lines are (product, quantity, unit cost)."""
    order = PurchaseOrder.objects.create(supplier=supplier, status="received", sent_at=sent)
    receipt = GoodsReceipt.objects.create(
        order=order, nota_number=f"N{next(_keys)}", nota_date=nota_date, idempotency_key=f"k{next(_keys)}"
    )
    total = 0
    for product, quantity, cost in lines:
        line = PurchaseOrderLine.objects.create(
            order=order, product=product, quantity=quantity, unit_cost=cost, received_quantity=quantity
        )
        GoodsReceiptLine.objects.create(receipt=receipt, order_line=line, quantity=quantity, unit_cost=cost)
        total += quantity * cost
    GoodsReceipt.objects.filter(pk=receipt.pk).update(total=total, paid=paid)
    return receipt


def test_purchases_by_supplier_month_journal_and_price_changes_agree():
    # given
    lensa, tas = SupplierFactory(name="CV Lensa"), SupplierFactory(name="UD Tas")
    filter_uv, tripod = ProductFactory(name="Filter UV"), ProductFactory(name="Tripod")
    _receive(
        lensa, sent=wib(2026, 4, 1), nota_date=datetime.date(2026, 4, 20), lines=[(filter_uv, 10, 50_000)]
    )
    _receive(
        lensa,
        sent=wib(2026, 4, 25),
        nota_date=datetime.date(2026, 5, 1),
        lines=[(filter_uv, 10, 55_000), (tripod, 2, 300_000)],
        paid=550_000,
    )
    _receive(
        lensa, sent=wib(2026, 5, 10), nota_date=datetime.date(2026, 5, 31), lines=[(filter_uv, 5, 60_000)]
    )
    _receive(
        tas,
        sent=wib(2026, 5, 1),
        nota_date=datetime.date(2026, 5, 3),
        lines=[(tripod, 1, 300_000)],
        paid=300_000,
    )
    _receive(tas, sent=wib(2026, 5, 20), nota_date=datetime.date(2026, 6, 1), lines=[(tripod, 1, 280_000)])
    SupplierPayment.objects.create(
        supplier=lensa,
        paid_on=datetime.date(2026, 5, 5),
        amount=550_000,
        method="transfer",
        idempotency_key="p1",
    )

    # when
    report = purchase_report(**MAY)

    # then
    rows = {row.name: row for row in report.suppliers}
    assert (rows["CV Lensa"].receipts, rows["CV Lensa"].received) == (2, 550_000 + 600_000 + 300_000)
    assert (rows["CV Lensa"].paid, rows["CV Lensa"].outstanding) == (550_000, 900_000)
    assert rows["CV Lensa"].payments == 550_000
    assert rows["CV Lensa"].lead_time_days == round((6 + 21) / 2, 1)
    assert (rows["UD Tas"].received, rows["UD Tas"].outstanding, rows["UD Tas"].lead_time_days) == (
        300_000,
        0,
        2,
    )
    assert report.total.received == sum(row.received for row in report.suppliers) == 1_750_000
    assert report.total.outstanding == report.total.received - report.total.paid == 900_000
    assert report.months == [
        {
            "month": datetime.date(2026, 5, 1),
            "receipts": 3,
            "received": 1_750_000,
            "paid": 850_000,
            "outstanding": 900_000,
        }
    ]
    journal = purchase_journal(year=2026, month=5)
    assert (journal["total"], journal["paid"], journal["owed"]) == (1_750_000, 850_000, 900_000)
    assert report.journal["total"] == report.total.received
    changes = {change.name: change for change in report.price_changes}
    assert set(changes) == {"Filter UV"}  # the tripod cost 300.000 both times
    uv = changes["Filter UV"]
    assert (uv.before, uv.first, uv.last, uv.lowest, uv.highest) == (50_000, 55_000, 60_000, 55_000, 60_000)
    assert (uv.change, uv.change_share) == (10_000, pytest.approx(0.2))


def test_care_report_by_kind_and_status_times_ratings_subjects_and_recommendations():
    # given
    opened = wib(2026, 5, 10, 9)
    ticket(
        opened,
        status="closed",
        first_response_at=wib(2026, 5, 10, 11),
        closed_at=wib(2026, 5, 11, 9),
        rating=5,
    )
    ticket(
        opened, subject="  barang RUSAK ", status="answered", first_response_at=wib(2026, 5, 12, 9), rating=3
    )
    ticket(wib(2026, 5, 31, 23, 59), kind="suggestion", subject="Buka hari Minggu")
    ticket(wib(2026, 4, 30, 23, 59), subject="Barang rusak")  # April
    lensa = ProductFactory(name="Lensa 50mm")
    ticket(wib(2026, 5, 2), kind="recommendation", subject="Jual lensa 50mm", product=lensa)
    ticket(wib(2026, 5, 3), kind="recommendation", subject="lensa fix", product=lensa)
    ticket(wib(2026, 5, 4), kind="recommendation", subject="Drone mini")
    author = member_joined(wib(2025, 1, 1))
    Testimonial.objects.create(member=author, text="Mantap", status="approved", created_at=wib(2026, 5, 5))
    Testimonial.objects.create(member=author, text="Oke", created_at=wib(2026, 5, 6))

    # when
    report = care_report(**MAY)

    # then
    assert report.opened == 6
    complaints = next(row for row in report.by_kind_status if row["kind"] == "complaint")
    assert (complaints["open"], complaints["answered"], complaints["closed"], complaints["total"]) == (
        0,
        1,
        1,
        2,
    )
    assert (
        sum(row["total"] for row in report.by_kind_status) == report.opened == report.status_totals["total"]
    )
    assert sum(report.status_totals[s] for s, _label in report.statuses) == report.opened
    assert (report.first_answer.count, report.first_answer.mean, report.first_answer.within_24h) == (
        2,
        25.0,
        1,
    )
    assert (report.resolution.count, report.resolution.median) == (1, 24.0)
    assert dict(report.ratings) == {1: 0, 2: 0, 3: 1, 4: 0, 5: 1}
    assert (report.rated, report.average_rating) == (2, 4.0)
    assert [(s["kind"], s["times"]) for s in report.recurring_subjects] == [("complaint", 2)]
    assert [(r["name"], r["times"]) for r in report.recommendations] == [("Lensa 50mm", 2), ("Drone mini", 1)]
    assert report.testimonials == {"submitted": 2, "approved": 1, "hidden": 0, "pending": 1}
