"""Reorder suggestions: how many of each product to order from a supplier now.

Every figure comes from SQL aggregates, a GROUP BY per signal over the supplier's products, the five in one
UNION ALL query (never a query or a subquery per product, so a supplier of 50,000 products costs a handful
of scans): units sold in the last 30 and 90 days (order lines of paid-or-later orders, every channel, read
through the orders' (status, created_at) index: only the last 90 days are scanned), units on order (open PO
lines not yet received), wishlist counts and open product requests from customer tickets. The arithmetic on
the rows:

    velocity  = max(sold 30 d / 30, sold 90 d / 90) units per day (computed in whole numbers)
    demand    = wishlists + open requests (each a customer waiting: one unit each)
    target    = ceil(velocity × (lead time + COVER_DAYS)) + minimum stock + demand
    suggested = max(target − stock on hand − on order, 0)
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import CharField, Count, F, QuerySet, Sum, Value
from django.utils import timezone

from pasarmurah.crm.models import Ticket, TicketKind, TicketStatus, WishlistItem
from pasarmurah.orders.models import OrderLine, OrderStatus
from pasarmurah.purchasing.models import PO_OPEN, PurchaseOrderLine, Supplier, SupplierProduct

COVER_DAYS = 14  # stock to hold beyond the lead time, until the next order
ROW_FIELDS = (
    "supplier_id",
    "last_price",
    "lead_time_days",
    "product__name",
    "product__sku",
    "product__stock",
    "product__min_stock",
    "product__is_active",
    "product__category__min_stock_default",
)
SOLD_STATES = [OrderStatus.PAID, OrderStatus.PROCESSING, OrderStatus.SHIPPED, OrderStatus.COMPLETED]


@dataclass(frozen=True)
class Suggestion:
    offer: SupplierProduct
    sold_30: int
    sold_90: int
    stock: int
    on_order: int
    minimum: int
    wishlists: int
    requests: int
    quantity: int

    @property
    def product(self):
        return self.offer.product


def _signal(rows, kind: str, total) -> QuerySet:
    """One signal as (product id, kind, total) rows, grouped by product."""
    return (
        rows.values("product_id")
        .annotate(kind=Value(kind, output_field=CharField()), total=total)
        .values_list("product_id", "kind", "total")
        .order_by()  # no default ordering: a part of a UNION takes none
    )


def reorder_suggestions(*, supplier: Supplier, now: datetime.datetime | None = None) -> list[Suggestion]:
    """The supplier's active products with their signals and the suggested quantity (largest first)."""
    now = now or timezone.now()
    offers = SupplierProduct.objects.filter(supplier=supplier, product__is_active=True)
    supplied = offers.values("product_id")
    sold = OrderLine.objects.filter(product_id__in=supplied, order__status__in=SOLD_STATES)
    signals = _signal(
        sold.filter(order__created_at__gte=now - datetime.timedelta(days=90)), "sold_90", Sum("quantity")
    ).union(
        _signal(
            sold.filter(order__created_at__gte=now - datetime.timedelta(days=30)), "sold_30", Sum("quantity")
        ),
        _signal(
            PurchaseOrderLine.objects.filter(product_id__in=supplied, order__status__in=list(PO_OPEN)),
            "on_order",
            Sum(F("quantity") - F("received_quantity")),
        ),
        _signal(WishlistItem.objects.filter(product_id__in=supplied), "wishlists", Count("pk")),
        _signal(
            Ticket.objects.filter(product_id__in=supplied, kind=TicketKind.RECOMMENDATION).exclude(
                status=TicketStatus.CLOSED
            ),
            "requests",
            Count("pk"),
        ),
        all=True,
    )
    by_product: dict[int, dict[str, int]] = defaultdict(dict)
    for product_id, kind, total in signals:  # one query for the five signals
        by_product[product_id][kind] = total or 0
    nothing: dict[str, int] = {}
    # Only the columns the arithmetic and the page use: building 50,000 offers with their products is most of
    # the time at size, and every further column costs in each of them.
    rows = offers.select_related("product__category").only(*ROW_FIELDS)
    suggestions = []
    for row in rows:
        item = row.product
        minimum = item.min_stock if item.min_stock is not None else item.category.min_stock_default
        signal = by_product.get(item.pk, nothing)
        sold_30, sold_90 = signal.get("sold_30", 0), signal.get("sold_90", 0)
        waiting, asked = signal.get("wishlists", 0), signal.get("requests", 0)
        # velocity × days in whole numbers: max(sold_30 / 30, sold_90 / 90) × days
        # = max(3 × sold_30, sold_90) × days / 90, rounded up
        need = -(-max(3 * sold_30, sold_90) * (row.lead_time_days + COVER_DAYS) // 90)
        target = need + minimum + waiting + asked
        ordered = max(signal.get("on_order", 0), 0)
        suggestions.append(
            Suggestion(
                offer=row,
                sold_30=sold_30,
                sold_90=sold_90,
                stock=item.stock,
                on_order=ordered,
                minimum=minimum,
                wishlists=waiting,
                requests=asked,
                quantity=max(target - item.stock - ordered, 0),
            )
        )
    suggestions.sort(key=lambda s: (-s.quantity, s.product.name))
    return suggestions
