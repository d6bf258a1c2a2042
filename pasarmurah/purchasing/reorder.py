"""Reorder suggestions: how many of each product to order from a supplier now.

Every figure comes from SQL aggregates in one query over the supplier's products (subqueries per column,
no query per product): units sold in the last 30 and 90 days (order lines of paid-or-later orders, every
channel), units on order (open PO lines not yet received), wishlist counts and open product requests from
customer tickets. The arithmetic on the fetched rows:

    velocity  = max(sold 30 d / 30, sold 90 d / 90) units per day (computed in whole numbers)
    demand    = wishlists + open requests (each a customer waiting: one unit each)
    target    = ceil(velocity × (lead time + COVER_DAYS)) + minimum stock + demand
    suggested = max(target − stock on hand − on order, 0)
"""

import datetime
from dataclasses import dataclass

from django.db.models import F, IntegerField, OuterRef, Q, Subquery, Sum, Value
from django.db.models.functions import Coalesce
from django.utils import timezone

from pasarmurah.crm.models import Ticket, TicketKind, TicketStatus, WishlistItem
from pasarmurah.orders.models import OrderLine, OrderStatus
from pasarmurah.purchasing.models import PO_OPEN, PurchaseOrderLine, Supplier, SupplierProduct

COVER_DAYS = 14  # stock to hold beyond the lead time, until the next order
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


def _sum(qs, expression) -> Subquery:
    return Coalesce(
        Subquery(
            qs.values("product_id").annotate(total=Sum(expression)).values("total")[:1],
            output_field=IntegerField(),
        ),
        Value(0),
    )


def _count(qs) -> Subquery:
    return _sum(qs, Value(1))


def reorder_suggestions(*, supplier: Supplier, now: datetime.datetime | None = None) -> list[Suggestion]:
    """The supplier's active products with their signals and the suggested quantity (largest first)."""
    now = now or timezone.now()
    product = OuterRef("product_id")
    sold = OrderLine.objects.filter(product_id=product, order__status__in=SOLD_STATES)
    rows = (
        SupplierProduct.objects.filter(supplier=supplier, product__is_active=True)
        .select_related("product__category")
        .annotate(
            sold_30=_sum(sold.filter(order__created_at__gte=now - datetime.timedelta(days=30)), "quantity"),
            sold_90=_sum(sold.filter(order__created_at__gte=now - datetime.timedelta(days=90)), "quantity"),
            on_order=_sum(
                PurchaseOrderLine.objects.filter(product_id=product, order__status__in=list(PO_OPEN)),
                F("quantity") - F("received_quantity"),
            ),
            wishlists=_count(WishlistItem.objects.filter(product_id=product)),
            requests=_count(
                Ticket.objects.filter(
                    Q(product_id=product, kind=TicketKind.RECOMMENDATION) & ~Q(status=TicketStatus.CLOSED)
                )
            ),
        )
    )
    suggestions = []
    for row in rows:
        item = row.product
        minimum = item.min_stock if item.min_stock is not None else item.category.min_stock_default
        # velocity × days in whole numbers: max(sold_30 / 30, sold_90 / 90) × days
        # = max(3 × sold_30, sold_90) × days / 90, rounded up
        need = -(-max(3 * row.sold_30, row.sold_90) * (row.lead_time_days + COVER_DAYS) // 90)
        target = need + minimum + row.wishlists + row.requests
        on_order = max(row.on_order, 0)
        suggestions.append(
            Suggestion(
                offer=row,
                sold_30=row.sold_30,
                sold_90=row.sold_90,
                stock=item.stock,
                on_order=on_order,
                minimum=minimum,
                wishlists=row.wishlists,
                requests=row.requests,
                quantity=max(target - item.stock - on_order, 0),
            )
        )
    suggestions.sort(key=lambda s: (-s.quantity, s.product.name))
    return suggestions
