"""Laporan barang: stock on hand with its value at cost and at price, movement in the period from the stock
ledger, best and slowest sellers, products not sold in N days, low and out of stock, most wished and most
requested, sell-through. Customer Service sees it without money (values, revenue, cost)."""

from django import forms
from django.db.models import Count
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from pasarmurah.crm.models import WishlistItem
from pasarmurah.crm.selectors import product_recommendations
from pasarmurah.inventory.models import MovementReason
from pasarmurah.inventory.selectors import low_stock_products
from pasarmurah.reports import selectors
from pasarmurah.reports.frame import (
    STOCK_PERMISSION,
    Chart,
    Column,
    Figure,
    Kind,
    Report,
    ReportPage,
    ReportRequest,
    Table,
    ratio,
    register,
)
from pasarmurah.reports.period import PeriodForm

LIST_LIMIT = 50


class GoodsForm(PeriodForm):
    hari = forms.IntegerField(
        label=gettext_lazy("Not sold for (days)"), min_value=1, max_value=730, required=False
    )


def _ledger(product) -> str:
    return reverse("backoffice:inventory:ledger", args=[product.pk])


def _product_cells(product) -> dict:
    return {
        "name": product.name,
        "sku": product.sku,
        "url": _ledger(product),
        "stock": product.stock,
        "category": product.category.name if product.category_id else "",
    }


def build(request: ReportRequest) -> ReportPage:
    period, filters = request.period, request.filters
    idle_days = filters.get("hari") or 90
    categories = selectors.stock_value()
    sold_by_category = selectors.products_sold(period, by="category_id")
    stock_rows = []
    for row in categories:
        sold = sold_by_category.get(row["category_id"], {}).get("units", 0)
        stock_rows.append(
            {
                "name": row["category__name"],
                "products": row["products"],
                "out_of_stock": row["out_of_stock"],
                "units": row["units"] or 0,
                "at_cost": row["at_cost"] or 0,
                "at_price": row["at_price"] or 0,
                "sold": sold,
                "sell_through": ratio(sold, sold + (row["units"] or 0)),
            }
        )
    totals = {
        key: sum(row[key] for row in stock_rows)
        for key in ("products", "out_of_stock", "units", "at_cost", "at_price", "sold")
    }
    totals |= {"name": _("Total"), "sell_through": ratio(totals["sold"], totals["sold"] + totals["units"])}
    figures = [
        Figure("units", _("Units in stock"), totals["units"], Kind.INT),
        Figure("at_cost", _("Stock value at cost"), totals["at_cost"], Kind.RUPIAH, money=True),
        Figure("at_price", _("Stock value at price"), totals["at_price"], Kind.RUPIAH, money=True),
        Figure(
            "out_of_stock",
            _("Products out of stock"),
            totals["out_of_stock"],
            Kind.INT,
            higher_is_better=False,
        ),
        Figure("sell_through", _("Sell-through"), totals["sell_through"], Kind.PERCENT),
    ]
    tables = [
        Table(
            "stock",
            _("Stock on hand by category"),
            [
                Column("name", _("Category")),
                Column("products", _("Products"), Kind.INT),
                Column("out_of_stock", _("Out of stock"), Kind.INT),
                Column("units", _("Units in stock"), Kind.INT),
                Column("at_cost", _("Value at cost"), Kind.RUPIAH, money=True),
                Column("at_price", _("Value at price"), Kind.RUPIAH, money=True),
                Column("sold", _("Units sold in the period"), Kind.INT),
                Column("sell_through", _("Sell-through"), Kind.PERCENT),
            ],
            stock_rows,
            totals,
            note=_("Stock now; sell-through = units sold in the period / (units sold + units in stock)."),
        )
    ]
    reasons = dict(MovementReason.choices)
    movement = selectors.stock_movement(period)
    tables.append(
        Table(
            "movement",
            _("Stock movement in the period (stock ledger)"),
            [
                Column("reason", _("Reason")),
                Column("moves", _("Movements"), Kind.INT),
                Column("units_in", _("Units in"), Kind.INT),
                Column("units_out", _("Units out"), Kind.INT),
            ],
            [
                {
                    "reason": str(reasons.get(row["reason"], row["reason"])),
                    **{k: row[k] or 0 for k in ("moves", "units_in", "units_out")},
                }
                for row in movement
            ],
            {
                "reason": _("Total"),
                **{k: sum(row[k] or 0 for row in movement) for k in ("moves", "units_in", "units_out")},
            },
        )
    )
    seller_columns = [
        Column("name", _("Product"), link="url"),
        Column("sku", _("SKU")),
        Column("units", _("Units sold"), Kind.INT),
        Column("revenue", _("Revenue"), Kind.RUPIAH, money=True),
        Column("stock", _("In stock"), Kind.INT),
    ]

    ranked = selectors.ranked_products(period, rankings={"best": ("-units", 20), "slowest": ("units", 20)})

    def sellers(key):
        return [
            {
                "name": product.name if product else _("(deleted product)"),
                "sku": product.sku if product else "",
                "url": _ledger(product) if product else "",
                "stock": product.stock if product else None,
                **sums,
            }
            for product, sums in ranked[key]
        ]

    tables.append(Table("best", _("Best sellers (units)"), seller_columns, sellers("best")))
    tables.append(
        Table(
            "slowest",
            _("Slowest sellers (of those that sold)"),
            seller_columns,
            sellers("slowest"),
            note=_("Products that sold nothing at all are in the next table."),
        )
    )
    idle_count, idle = selectors.products_not_sold(days=idle_days)
    stock_columns = [
        Column("name", _("Product"), link="url"),
        Column("sku", _("SKU")),
        Column("category", _("Category")),
        Column("stock", _("In stock"), Kind.INT),
    ]
    tables.append(
        Table(
            "idle",
            _("Not sold in the last %(days)d days (%(count)d products)")
            % {"days": idle_days, "count": idle_count},
            stock_columns,
            [_product_cells(product) for product in idle],
            note=_("With stock and active; the %(limit)d with the most stock.") % {"limit": LIST_LIMIT},
        )
    )
    low = low_stock_products()
    tables.append(
        Table(
            "low",
            _("Low and out of stock"),
            [*stock_columns, Column("minimum", _("Minimum"), Kind.INT)],
            [_product_cells(product) | {"minimum": product.minimum} for product in low[:LIST_LIMIT]],
        )
    )
    wished = (
        WishlistItem.objects.values("product_id", "product__name", "product__sku", "product__stock")
        .annotate(members=Count("pk"))
        .order_by("-members", "product__name")[:20]
    )
    tables.append(
        Table(
            "wished",
            _("Most wished (wishlists)"),
            [
                Column("name", _("Product"), link="url"),
                Column("sku", _("SKU")),
                Column("members", _("Members"), Kind.INT),
                Column("stock", _("In stock"), Kind.INT),
            ],
            [
                {
                    "name": row["product__name"],
                    "sku": row["product__sku"],
                    "url": reverse("backoffice:inventory:ledger", args=[row["product_id"]]),
                    "members": row["members"],
                    "stock": row["product__stock"],
                }
                for row in wished
            ],
        )
    )
    requested = product_recommendations()[:20]
    tables.append(
        Table(
            "requested",
            _("Most requested (product recommendations)"),
            [
                Column("subject", _("Asked for")),
                Column("product", _("Product")),
                Column("times", _("Times"), Kind.INT),
            ],
            [
                {"subject": row["subject"], "product": row["product__name"] or "", "times": row["times"]}
                for row in requested
            ],
        )
    )
    charts = [
        Chart(
            "stock",
            _("Units in stock by category"),
            "bar",
            [row["name"] for row in stock_rows],
            [{"label": _("Units in stock"), "data": [row["units"] for row in stock_rows]}],
            horizontal=True,
        ),
        Chart(
            "movement",
            _("Units in and out by reason"),
            "bar",
            [str(reasons.get(row["reason"], row["reason"])) for row in movement],
            [
                {"label": _("Units in"), "data": [row["units_in"] or 0 for row in movement]},
                {"label": _("Units out"), "data": [row["units_out"] or 0 for row in movement]},
            ],
        ),
    ]
    return ReportPage(figures=figures, charts=charts, tables=tables)


GOODS_REPORT = register(
    Report(
        key="barang",
        title=gettext_lazy("Goods and stock"),
        description=gettext_lazy(
            "Stock on hand and its value, stock movement, best and slowest sellers, products not sold, low "
            "stock, most wished and requested, sell-through."
        ),
        build=build,
        permission=STOCK_PERMISSION,
        form_class=GoodsForm,
        order=20,
        icon="bi-box-seam",
    )
)
