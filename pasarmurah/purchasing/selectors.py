"""Purchasing reads: each decides what it loads, so the staff pages never query per row."""

import calendar
import datetime

from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet, Sum, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from pasarmurah.core.privacy import export_section
from pasarmurah.purchasing.models import (
    PO_OPEN,
    GoodsReceipt,
    PriceListRequest,
    PurchaseOrder,
    PurchaseOrderLine,
    Supplier,
    SupplierPayment,
    SupplierProduct,
)


def suppliers_for_list(*, query: str = "", active_only: bool = False) -> QuerySet[Supplier]:
    """Suppliers with the number of products each supplies, searchable by name, contact, phone or e-mail."""
    qs = Supplier.objects.annotate(product_count=Count("products")).order_by("name", "pk")
    if active_only:
        qs = qs.filter(is_active=True)
    query = query.strip()
    if query:
        qs = qs.filter(
            Q(name__icontains=query)
            | Q(contact_person__icontains=query)
            | Q(email__icontains=query)
            | Q(phone__icontains=query.lstrip("0"))
        )
    return qs


def supplier_products(*, supplier: Supplier) -> list[SupplierProduct]:
    return list(supplier.products.select_related("product"))


def _with_totals(qs: QuerySet[PurchaseOrder]) -> QuerySet[PurchaseOrder]:
    return qs.annotate(
        total=Coalesce(Sum(F("lines__quantity") * F("lines__unit_cost")), Value(0)),
        line_count=Count("lines"),
    )


# The deliveries a purchase order still waits for, by when they were expected (`expected=`).
DUE_TODAY = "hari_ini"
DUE_OVERDUE = "terlambat"


def _due(today: datetime.date | None = None) -> dict[str, Q]:
    """Open purchase orders with goods still to come: overdue when a line not fully received was expected
    before today, due today when one is expected today and none is overdue (each order in one group)."""
    today = today or timezone.localdate()
    waiting = PurchaseOrderLine.objects.filter(order=OuterRef("pk"), received_quantity__lt=F("quantity"))
    overdue = Exists(waiting.filter(expected_date__lt=today))
    return {
        DUE_OVERDUE: Q(overdue, status__in=PO_OPEN),
        DUE_TODAY: Q(Exists(waiting.filter(expected_date=today)), ~Q(overdue), status__in=PO_OPEN),
    }


def purchase_deliveries_due(*, today: datetime.date | None = None) -> dict[str, int]:
    """How many purchase orders wait for goods expected today, and how many for goods overdue: one query."""
    return PurchaseOrder.objects.aggregate(
        **{name: Count("pk", filter=condition) for name, condition in _due(today).items()}
    )


def purchase_orders_for_list(
    *, status: str = "", supplier_id: int | None = None, due: str = ""
) -> QuerySet[PurchaseOrder]:
    """Purchase orders newest first, with supplier and total (one query per page); `due` is DUE_TODAY or
    DUE_OVERDUE for the orders still waiting for goods expected today or before."""
    qs = _with_totals(PurchaseOrder.objects.select_related("supplier"))
    if status:
        qs = qs.filter(status=status)
    if supplier_id:
        qs = qs.filter(supplier_id=supplier_id)
    if due in (DUE_TODAY, DUE_OVERDUE):
        qs = qs.filter(_due()[due])
    return qs.order_by("-created_at", "-pk")


def purchase_order_detail(*, pk: int) -> PurchaseOrder:
    """One purchase order with its supplier; raise DoesNotExist when missing."""
    return PurchaseOrder.objects.select_related("supplier", "created_by").get(pk=pk)


def purchase_order_lines(*, order: PurchaseOrder) -> list[PurchaseOrderLine]:
    return list(order.lines.select_related("product"))


def receipts_of_order(*, order: PurchaseOrder) -> list[GoodsReceipt]:
    """The deliveries received on an order, with their lines and products."""
    return list(order.receipts.select_related("received_by").prefetch_related("lines__order_line__product"))


def payables_by_supplier() -> list[dict]:
    """Per supplier: what its received goods are worth, what was paid, what is still owed (one query)."""
    rows = (
        GoodsReceipt.objects.values("order__supplier_id", "order__supplier__name")
        .annotate(received=Sum("total"), paid=Sum("paid"))
        .order_by("order__supplier__name", "order__supplier_id")
    )
    return [
        {
            "supplier_id": row["order__supplier_id"],
            "name": row["order__supplier__name"],
            "received": row["received"],
            "paid": row["paid"],
            "owed": row["received"] - row["paid"],
        }
        for row in rows
        if row["received"] > row["paid"]
    ]


def unpaid_receipts(*, supplier: Supplier) -> list[GoodsReceipt]:
    """A supplier's deliveries not yet paid in full, oldest first."""
    return list(
        GoodsReceipt.objects.filter(order__supplier=supplier, paid__lt=F("total"))
        .select_related("order")
        .order_by("nota_date", "pk")
    )


def supplier_payments(*, supplier: Supplier) -> list[SupplierPayment]:
    return list(
        supplier.payments.select_related("recorded_by").prefetch_related("allocations__receipt__order")
    )


def purchase_journal(*, year: int, month: int) -> dict:
    """Jurnal pembelian: every delivery whose nota falls in the month, with its supplier, PO and amounts."""
    first = datetime.date(year, month, 1)
    return purchase_journal_between(start=first, end=first.replace(day=calendar.monthrange(year, month)[1]))


def purchase_journal_between(*, start: datetime.date, end: datetime.date) -> dict:
    """The purchase journal of the deliveries whose nota date is from `start` to `end` (both included)."""
    receipts = list(
        GoodsReceipt.objects.filter(nota_date__gte=start, nota_date__lte=end)
        .select_related("order__supplier", "received_by")
        .order_by("nota_date", "pk")
    )
    return {
        "receipts": receipts,
        "total": sum(receipt.total for receipt in receipts),
        "paid": sum(receipt.paid for receipt in receipts),
        "owed": sum(receipt.outstanding for receipt in receipts),
    }


def price_requests_for_list() -> QuerySet[PriceListRequest]:
    return (
        PriceListRequest.objects.select_related("supplier")
        .annotate(line_count=Count("lines"))
        .order_by("-created_at", "-pk")
    )


def price_request_lines(*, request: PriceListRequest):
    return list(request.lines.select_related("product"))


_STAFF_ONLY = "points only at the staff member who acted (purchasing is the shop's own business with its "
_STAFF_ONLY += "suppliers): it holds no member's data"


@export_section(
    covers=[],
    excludes={
        "purchasing.PriceListRequest": _STAFF_ONLY,
        "purchasing.PurchaseOrder": _STAFF_ONLY,
        "purchasing.PurchaseOrderEvent": _STAFF_ONLY,
        "purchasing.SupplierEvent": _STAFF_ONLY,
        "purchasing.GoodsReceipt": _STAFF_ONLY,
        "purchasing.SupplierPayment": _STAFF_ONLY,
    },
)
def member_export_purchasing_data(*, user) -> dict:
    """Purchasing keeps no member's data: its user references are the staff who acted."""
    return {}
