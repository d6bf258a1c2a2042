"""Laporan penjualan / pemesanan: revenue, orders, items, discounts by kind, shipping, net revenue, cost of
goods and gross margin by day/week/month and by status, channel, payment method, courier, province, category,
brand and product; cancelled and expired orders with their reasons; times from order to payment to shipping.

Every figure comes from the summaries (SalesDay, ProductDay): paid (or later) orders on their WIB payment day.
"""

from django import forms
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from pasarmurah.core.provinces import Province
from pasarmurah.orders.models import CounterPaymentMethod, OrderChannel, OrderStatus
from pasarmurah.reports import selectors
from pasarmurah.reports.frame import (
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
from pasarmurah.reports.period import PeriodForm
from pasarmurah.reports.selectors import SalesFigures
from pasarmurah.shipping.models import Courier

PAYMENT_LABELS = {"transfer": gettext_lazy("Bank transfer")} | dict(CounterPaymentMethod.choices)


class SalesForm(PeriodForm):
    kanal = forms.ChoiceField(
        label=gettext_lazy("Channel"),
        choices=[("", gettext_lazy("All channels")), *OrderChannel.choices],
        required=False,
    )


def sales_columns(first: Column) -> list[Column]:
    """The columns of every sales table: the same figures whatever the rows are."""
    return [
        first,
        Column("orders", _("Orders"), Kind.INT),
        Column("items", _("Items"), Kind.INT),
        Column("gross", _("At normal price"), Kind.RUPIAH, money=True),
        Column("discount_promo", _("Promo discount"), Kind.RUPIAH, money=True),
        Column("discount_birthday", _("Birthday discount"), Kind.RUPIAH, money=True),
        Column("discount_voucher", _("Voucher discount"), Kind.RUPIAH, money=True),
        Column("shipping", _("Shipping collected"), Kind.RUPIAH, money=True),
        Column("total", _("Revenue"), Kind.RUPIAH, money=True),
        Column("net_revenue", _("Net revenue"), Kind.RUPIAH, money=True),
        Column("cogs", _("Cost of goods"), Kind.RUPIAH, money=True),
        Column("margin", _("Gross margin"), Kind.RUPIAH, money=True),
        Column("margin_rate", _("Margin %"), Kind.PERCENT, money=True),
        Column("average_order", _("Average order"), Kind.RUPIAH, money=True),
    ]


def _sales_table(key, title, first: Column, items, total: SalesFigures | None = None, **options) -> Table:
    rows = [{first.key: label, **figures.as_row()} for label, figures in items]
    total_row = {first.key: _("Total"), **total.as_row()} if total is not None else None
    return Table(key, title, sales_columns(first), rows, total_row, **options)


def _labels(choices) -> dict:
    return {value: str(label) for value, label in choices}


def _couriers(ids) -> dict[int, str]:
    names = dict(Courier.objects.filter(pk__in=[pk for pk in ids if pk]).values_list("pk", "name"))
    return {pk: names.get(pk, _("(deleted courier)")) if pk else _("No courier (counter)") for pk in ids}


def _product_url(product) -> str:
    try:
        return reverse("backoffice:inventory:ledger", args=[product.pk])
    except NoReverseMatch:
        return ""


def build(request: ReportRequest) -> ReportPage:
    period, previous, filters = request.period, request.previous, request.filters
    now = selectors.sales_totals(period, filters)
    before = selectors.sales_totals(previous, filters)
    figures = selectors.sales_figures(now, before) + [
        Figure("items", _("Items sold"), now.items, Kind.INT, before.items),
        Figure("discounts", _("Discounts given"), now.discounts, Kind.RUPIAH, before.discounts, money=True),
        Figure("shipping", _("Shipping collected"), now.shipping, Kind.RUPIAH, before.shipping, money=True),
        Figure("net_revenue", _("Net revenue"), now.net_revenue, Kind.RUPIAH, before.net_revenue, money=True),
        Figure("cogs", _("Cost of goods"), now.cogs, Kind.RUPIAH, before.cogs, money=True),
        Figure(
            "hours_to_pay",
            _("Hours from order to payment"),
            now.hours_to_pay,
            Kind.DECIMAL,
            before.hours_to_pay,
            higher_is_better=False,
        ),
        Figure(
            "hours_to_ship",
            _("Hours from payment to shipping"),
            now.hours_to_ship,
            Kind.DECIMAL,
            before.hours_to_ship,
            higher_is_better=False,
        ),
    ]
    buckets = selectors.sales_by_bucket(period, request.grain, filters)
    tables = [
        _sales_table(
            "per-period",
            _("Sales per day, week or month"),
            Column("period", _("Period")),
            [(bucket.label, sums) for bucket, sums in buckets],
            now,
        )
    ]
    status_labels = _labels(OrderStatus.choices)
    outcome_rows = []
    for row in selectors.outcomes(period, filters):
        label = status_labels.get(row["status"], row["status"])
        if row["status"] == OrderStatus.CANCELLED:
            label = _("Cancelled after payment") if row["was_paid"] else _("Cancelled before payment")
        outcome_rows.append({"status": label, "orders": row["orders"] or 0, "total": row["total"] or 0})
    tables.append(
        Table(
            "status",
            _("Orders by status"),
            [
                Column("status", _("Status")),
                Column("orders", _("Orders"), Kind.INT),
                Column("total", _("Order value"), Kind.RUPIAH, money=True),
            ],
            outcome_rows,
            note=_(
                "Paid orders count on their payment day, cancelled and expired ones on the day they closed, "
                "unpaid ones on the day they were placed."
            ),
        )
    )
    channels = _labels(OrderChannel.choices)
    tables.append(
        _sales_table(
            "channel",
            _("By channel"),
            Column("channel", _("Channel")),
            [(channels.get(v, v), s) for v, s in selectors.sales_by("channel", period, filters)],
        )
    )
    tables.append(
        _sales_table(
            "payment",
            _("By payment method"),
            Column("payment", _("Payment method")),
            [
                (str(PAYMENT_LABELS.get(v, v)), s)
                for v, s in selectors.sales_by("payment_method", period, filters)
            ],
        )
    )
    by_courier = selectors.sales_by("courier_id", period, filters)
    courier_names = _couriers([v for v, _s in by_courier])
    tables.append(
        _sales_table(
            "courier",
            _("By courier"),
            Column("courier", _("Courier")),
            [(courier_names[v], s) for v, s in by_courier],
        )
    )
    provinces = _labels(Province.choices)
    tables.append(
        _sales_table(
            "province",
            _("By destination province"),
            Column("province", _("Province")),
            [(provinces.get(v, v or "–"), s) for v, s in selectors.sales_by("province", period, filters)],
        )
    )
    tables += _goods_tables(period, filters)
    reasons = selectors.cancellation_reasons(period, filters)
    tables.append(
        Table(
            "reasons",
            _("Cancelled and expired orders: reasons"),
            [
                Column("kind", _("Outcome")),
                Column("reason", _("Reason")),
                Column("orders", _("Orders"), Kind.INT),
                Column("total", _("Order value"), Kind.RUPIAH, money=True),
            ],
            [
                {
                    "kind": _("Cancelled") if row["kind"] == "cancelled" else _("Expired"),
                    "reason": row["note"] or _("(no reason given)"),
                    "orders": row["orders"],
                    "total": row["total"] or 0,
                }
                for row in reasons
            ],
        )
    )
    labels = [bucket.label for bucket, _sums in buckets]
    charts = [
        Chart(
            "revenue",
            _("Revenue and gross margin"),
            "bar",
            labels,
            [
                {"label": _("Revenue"), "data": [s.total for _b, s in buckets]},
                {"label": _("Gross margin"), "data": [s.margin for _b, s in buckets]},
            ],
            money=True,
        ),
        Chart(
            "orders",
            _("Orders"),
            "line",
            labels,
            [{"label": _("Orders"), "data": [s.orders for _b, s in buckets]}],
        ),
    ]
    notes = [
        _(
            "Order discounts (birthday, voucher) are not spread over products: the category, brand and "
            "product tables show revenue at the price sold, before order discounts."
        )
    ]
    return ReportPage(figures=figures, charts=charts, tables=tables, notes=notes)


def product_columns(first: Column, *, link: str = "") -> list[Column]:
    return [
        first,
        Column("units", _("Units"), Kind.INT),
        Column("lines", _("Order lines"), Kind.INT),
        Column("gross", _("At normal price"), Kind.RUPIAH, money=True),
        Column("revenue", _("Revenue"), Kind.RUPIAH, money=True),
        Column("cogs", _("Cost of goods"), Kind.RUPIAH, money=True),
        Column("margin", _("Gross margin"), Kind.RUPIAH, money=True),
    ]


def _product_row(label, sums: dict, **extra) -> dict:
    return {"name": label, **sums, "margin": sums["revenue"] - sums["cogs"], **extra}


def _goods_tables(period, filters) -> list[Table]:
    by_category = selectors.products_sold(period, filters, by="category_id")
    names = selectors.category_names(by_category)
    categories = sorted(
        (_product_row(names.get(pk, _("(no category)")), sums) for pk, sums in by_category.items()),
        key=lambda row: -row["revenue"],
    )
    by_brand = selectors.products_sold(period, filters, by="brand_id")
    names = selectors.brand_names(by_brand)
    brands = sorted(
        (_product_row(names.get(pk, _("(no brand)")), sums) for pk, sums in by_brand.items()),
        key=lambda row: -row["revenue"],
    )
    top = [
        _product_row(
            product.name if product else _("(deleted product)"),
            sums,
            sku=product.sku if product else "",
            url=_product_url(product) if product else "",
        )
        for product, sums in selectors.top_products(period, filters, limit=50)
    ]
    product_table_columns = product_columns(Column("name", _("Product"), link="url"))
    product_table_columns.insert(1, Column("sku", _("SKU")))
    return [
        Table("category", _("By category"), product_columns(Column("name", _("Category"))), categories),
        Table("brand", _("By brand"), product_columns(Column("name", _("Brand"))), brands),
        Table("product", _("Top 50 products by revenue"), product_table_columns, top),
    ]


SALES_REPORT = register(
    Report(
        key="penjualan",
        title=gettext_lazy("Sales and orders"),
        description=gettext_lazy(
            "Revenue, orders, discounts, shipping, cost of goods and margin; by day, status, channel, "
            "payment, courier, province, category, brand and product; cancellations and their reasons."
        ),
        build=build,
        form_class=SalesForm,
        order=10,
        icon="bi-graph-up",
    )
)
