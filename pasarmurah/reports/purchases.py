"""Laporan pembelian (issue 13 item 6): what was bought from whom, what it cost, what is still owed.

Pure reads of a period (calendar days, both ends included). A delivery counts on its nota date (the date on
the supplier's invoice, as the purchase journal does); a payment on its payment date. The journal itself is
purchasing's own selector. Purchasing is a small table (a shop receives a few deliveries a day), so the lead
times and price changes walk the period's deliveries in Python after one query each.
"""

import datetime
from dataclasses import dataclass

from django.db.models import Count, OuterRef, Subquery, Sum
from django.db.models.functions import TruncMonth
from django.utils import timezone

from pasarmurah.purchasing.models import GoodsReceipt, GoodsReceiptLine, SupplierPayment
from pasarmurah.purchasing.selectors import purchase_journal_between
from pasarmurah.reports.bounds import as_date, month_starts


@dataclass(frozen=True)
class SupplierRow:
    supplier_id: int
    name: str
    receipts: int
    received: int  # value of the deliveries of the period
    paid: int  # of that value, what payments cover so far
    outstanding: int
    payments: int  # money paid to the supplier in the period (for any delivery)
    lead_time_days: float | None  # average days from sending the purchase order to the delivery


@dataclass(frozen=True)
class PriceChange:
    product_id: int
    name: str
    sku: str
    before: int | None  # the last unit cost paid before the period
    first: int
    last: int
    lowest: int
    highest: int
    change: int  # last - (before, else first)
    change_share: float | None  # change / (before, else first)


@dataclass(frozen=True)
class PurchaseReport:
    start: datetime.date
    end: datetime.date
    suppliers: list[SupplierRow]
    total: SupplierRow
    months: list[dict]  # per month: receipts, received, paid, outstanding
    price_changes: list[PriceChange]
    journal: dict  # purchasing.selectors.purchase_journal_between


def _receipts(start: datetime.date, end: datetime.date):
    return GoodsReceipt.objects.filter(nota_date__gte=start, nota_date__lte=end)


def _lead_times(start: datetime.date, end: datetime.date) -> dict[int, list[int]]:
    """Days from the purchase order's sending to each delivery of the period, per supplier."""
    days: dict[int, list[int]] = {}
    rows = (
        _receipts(start, end)
        .filter(order__sent_at__isnull=False)
        .values_list("order__supplier_id", "order__sent_at", "nota_date")
    )
    for supplier_id, sent_at, nota_date in rows:
        days.setdefault(supplier_id, []).append(max((nota_date - timezone.localdate(sent_at)).days, 0))
    return days


def _mean(values: list[int]) -> float | None:
    return round(sum(values) / len(values), 1) if values else None


def supplier_rows(
    *, start: datetime.date, end: datetime.date, lead: dict[int, list[int]] | None = None
) -> list[SupplierRow]:
    """Per supplier with a delivery or a payment in the period, largest received value first."""
    received = {
        row["order__supplier_id"]: row
        for row in _receipts(start, end)
        .values("order__supplier_id", "order__supplier__name")
        .annotate(n=Count("pk"), received=Sum("total"), paid=Sum("paid"))
    }
    payments = {
        row["supplier_id"]: row
        for row in SupplierPayment.objects.filter(paid_on__gte=start, paid_on__lte=end)
        .values("supplier_id", "supplier__name")
        .annotate(amount=Sum("amount"))
    }
    lead = _lead_times(start, end) if lead is None else lead
    rows = []
    for supplier_id in set(received) | set(payments):
        r, p = received.get(supplier_id, {}), payments.get(supplier_id, {})
        value, paid = r.get("received") or 0, r.get("paid") or 0
        rows.append(
            SupplierRow(
                supplier_id=supplier_id,
                name=r.get("order__supplier__name") or p.get("supplier__name", ""),
                receipts=r.get("n", 0),
                received=value,
                paid=paid,
                outstanding=value - paid,
                payments=p.get("amount") or 0,
                lead_time_days=_mean(lead.get(supplier_id, [])),
            )
        )
    rows.sort(key=lambda row: (-row.received, -row.payments, row.name, row.supplier_id))
    return rows


def _total(rows: list[SupplierRow], lead: dict[int, list[int]]) -> SupplierRow:
    return SupplierRow(
        supplier_id=0,
        name="",
        receipts=sum(row.receipts for row in rows),
        received=sum(row.received for row in rows),
        paid=sum(row.paid for row in rows),
        outstanding=sum(row.outstanding for row in rows),
        payments=sum(row.payments for row in rows),
        lead_time_days=_mean([day for days in lead.values() for day in days]),
    )


def purchase_months(*, start: datetime.date, end: datetime.date) -> list[dict]:
    """Per month of the period: deliveries, their value, what of it is paid and what is still owed."""
    rows = {
        as_date(row["month"]): row
        for row in _receipts(start, end)
        .annotate(month=TruncMonth("nota_date"))
        .values("month")
        .annotate(n=Count("pk"), received=Sum("total"), paid=Sum("paid"))
    }
    result = []
    for month in month_starts(start, end):
        row = rows.get(month, {})
        value, paid = row.get("received") or 0, row.get("paid") or 0
        result.append(
            {
                "month": month,
                "receipts": row.get("n", 0),
                "received": value,
                "paid": paid,
                "outstanding": value - paid,
            }
        )
    return result


def price_changes(*, start: datetime.date, end: datetime.date) -> list[PriceChange]:
    """Products bought in the period whose unit cost moved (within the period or against the last cost
    before it), largest relative change first."""
    previous_cost = (
        GoodsReceiptLine.objects.filter(
            order_line__product_id=OuterRef("order_line__product_id"), receipt__nota_date__lt=start
        )
        .order_by("-receipt__nota_date", "-pk")
        .values("unit_cost")[:1]
    )
    lines = (
        GoodsReceiptLine.objects.filter(receipt__nota_date__gte=start, receipt__nota_date__lte=end)
        .annotate(before=Subquery(previous_cost))
        .order_by("order_line__product_id", "receipt__nota_date", "pk")
        .values_list(
            "order_line__product_id",
            "order_line__product__name",
            "order_line__product__sku",
            "unit_cost",
            "before",
        )
    )
    products: dict[int, dict] = {}
    for product_id, name, sku, cost, before in lines:
        seen = products.setdefault(product_id, {"name": name, "sku": sku, "before": before, "costs": []})
        seen["costs"].append(cost)
    changes = []
    for product_id, seen in products.items():
        costs, before = seen["costs"], seen["before"]
        base = before if before is not None else costs[0]
        if min(costs) == max(costs) == base:
            continue
        change = costs[-1] - base
        changes.append(
            PriceChange(
                product_id=product_id,
                name=seen["name"],
                sku=seen["sku"],
                before=before,
                first=costs[0],
                last=costs[-1],
                lowest=min(costs),
                highest=max(costs),
                change=change,
                change_share=change / base if base else None,
            )
        )
    changes.sort(key=lambda c: (-abs(c.change_share or 0), -abs(c.change), c.name, c.product_id))
    return changes


def purchase_report(*, start: datetime.date, end: datetime.date) -> PurchaseReport:
    lead = _lead_times(start, end)
    suppliers = supplier_rows(start=start, end=end, lead=lead)
    return PurchaseReport(
        start=start,
        end=end,
        suppliers=suppliers,
        total=_total(suppliers, lead),
        months=purchase_months(start=start, end=end),
        price_changes=price_changes(start=start, end=end),
        journal=purchase_journal_between(start=start, end=end),
    )
