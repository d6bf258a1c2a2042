"""The purchase report's page (Laporan pembelian) on the report frame, from `purchases.purchase_report`:
per supplier, per month, price changes and the purchase journal. The Owner's (purchases are money)."""

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from pasarmurah.reports.frame import (
    MONEY_PERMISSION,
    Chart,
    Column,
    Figure,
    Kind,
    Report,
    ReportPage,
    ReportRequest,
    Table,
    register,
)
from pasarmurah.reports.purchases import PurchaseReport, purchase_report


def _figures(now: PurchaseReport, before: PurchaseReport | None) -> list[Figure]:
    def previous(name):
        return getattr(before.total, name) if before else None

    return [
        Figure("receipts", _("Deliveries received"), now.total.receipts, Kind.INT, previous("receipts")),
        Figure(
            "received", _("Value received"), now.total.received, Kind.RUPIAH, previous("received"), money=True
        ),
        Figure("paid", _("Of it paid"), now.total.paid, Kind.RUPIAH, previous("paid"), money=True),
        Figure(
            "outstanding",
            _("Of it still owed"),
            now.total.outstanding,
            Kind.RUPIAH,
            previous("outstanding"),
            money=True,
            higher_is_better=False,
        ),
        Figure("payments", _("Paid to suppliers in the period"), now.total.payments, Kind.RUPIAH, money=True),
        Figure(
            "lead_time",
            _("Average lead time (days)"),
            now.total.lead_time_days,
            Kind.DECIMAL,
            previous("lead_time_days"),
            higher_is_better=False,
        ),
    ]


def build(request: ReportRequest) -> ReportPage:
    period = request.period
    now = purchase_report(start=period.start, end=period.end)
    before = None
    if request.compare:
        before = purchase_report(start=request.previous.start, end=request.previous.end)
    money_columns = [
        Column("receipts", _("Deliveries"), Kind.INT),
        Column("received", _("Value received"), Kind.RUPIAH),
        Column("paid", _("Paid"), Kind.RUPIAH),
        Column("outstanding", _("Still owed"), Kind.RUPIAH),
    ]
    supplier_rows = [
        {
            "name": row.name,
            "url": reverse("backoffice:purchasing:supplier", args=[row.supplier_id]),
            "receipts": row.receipts,
            "received": row.received,
            "paid": row.paid,
            "outstanding": row.outstanding,
            "payments": row.payments,
            "lead_time": row.lead_time_days,
        }
        for row in now.suppliers
    ]
    total = now.total
    suppliers = Table(
        "suppliers",
        _("By supplier"),
        [
            Column("name", _("Supplier"), link="url"),
            *money_columns,
            Column("payments", _("Paid in the period"), Kind.RUPIAH),
            Column("lead_time", _("Lead time (days)"), Kind.DECIMAL),
        ],
        supplier_rows,
        {
            "name": _("Total"),
            "receipts": total.receipts,
            "received": total.received,
            "paid": total.paid,
            "outstanding": total.outstanding,
            "payments": total.payments,
            "lead_time": total.lead_time_days,
        },
        note=_(
            "Deliveries by their nota date; paid and still owed: of those deliveries, today. Paid in the "
            "period: payments dated in the period, for any delivery. Lead time: days from sending the "
            "purchase order to the nota date."
        ),
    )
    month_rows = [{**row, "month": f"{row['month']:%m/%Y}"} for row in now.months]
    months = Table(
        "months",
        _("Per month"),
        [Column("month", _("Month")), *money_columns],
        month_rows,
        {
            "month": _("Total"),
            "receipts": total.receipts,
            "received": total.received,
            "paid": total.paid,
            "outstanding": total.outstanding,
        },
    )
    prices = Table(
        "prices",
        _("Price changes per product"),
        [
            Column("name", _("Product")),
            Column("sku", _("SKU")),
            Column("before", _("Last cost before"), Kind.RUPIAH),
            Column("first", _("First in the period"), Kind.RUPIAH),
            Column("last", _("Last in the period"), Kind.RUPIAH),
            Column("lowest", _("Lowest"), Kind.RUPIAH),
            Column("highest", _("Highest"), Kind.RUPIAH),
            Column("change", _("Change"), Kind.RUPIAH),
            Column("change_share", _("Change (%)"), Kind.PERCENT),
        ],
        [
            {
                "name": c.name,
                "sku": c.sku,
                "before": c.before,
                "first": c.first,
                "last": c.last,
                "lowest": c.lowest,
                "highest": c.highest,
                "change": c.change,
                "change_share": c.change_share,
            }
            for c in now.price_changes
        ],
        note=_("Products whose unit cost moved in the period or against the last cost paid before it."),
    )
    journal = now.journal
    receipts = Table(
        "journal",
        _("Purchase journal"),
        [
            Column("nota_date", _("Nota date"), Kind.DATE),
            Column("nota_number", _("Nota number")),
            Column("supplier", _("Supplier")),
            Column("order", _("Purchase order"), link="url"),
            Column("total", _("Value"), Kind.RUPIAH),
            Column("paid", _("Paid"), Kind.RUPIAH),
            Column("outstanding", _("Still owed"), Kind.RUPIAH),
        ],
        [
            {
                "nota_date": receipt.nota_date,
                "nota_number": receipt.nota_number,
                "supplier": receipt.order.supplier.name,
                "order": str(receipt.order),
                "url": receipt.order.get_absolute_url(),
                "total": receipt.total,
                "paid": receipt.paid,
                "outstanding": receipt.outstanding,
            }
            for receipt in journal["receipts"]
        ],
        {
            "nota_date": None,
            "nota_number": _("Total"),
            "total": journal["total"],
            "paid": journal["paid"],
            "outstanding": journal["owed"],
        },
    )
    charts = [
        Chart(
            "months",
            _("Received and paid per month"),
            "bar",
            [row["month"] for row in month_rows],
            [
                {"label": _("Paid"), "data": [row["paid"] for row in month_rows]},
                {"label": _("Still owed"), "data": [row["outstanding"] for row in month_rows]},
            ],
            stacked=True,
        ),
        Chart(
            "suppliers",
            _("Value received by supplier"),
            "bar",
            [row["name"] for row in supplier_rows[:15]],
            [{"label": _("Value received"), "data": [row["received"] for row in supplier_rows[:15]]}],
            horizontal=True,
        ),
    ]
    return ReportPage(
        figures=_figures(now, before), charts=charts, tables=[suppliers, months, prices, receipts]
    )


PURCHASE_REPORT = register(
    Report(
        key="pembelian",
        title=gettext_lazy("Purchases"),
        description=gettext_lazy(
            "By supplier and period: value received, paid and still owed, average lead time, price changes "
            "per product, and the purchase journal."
        ),
        build=build,
        permission=MONEY_PERMISSION,
        order=50,
        icon="bi-truck",
    )
)
