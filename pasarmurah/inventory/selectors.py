"""Reads of the inventory domain: low stock, a product's ledger, stock counts."""

import datetime

from django.db.models import F, Q, QuerySet, Subquery
from django.db.models.functions import Coalesce, Greatest
from django.utils import timezone

from pasarmurah.catalog.models import Category, Product
from pasarmurah.core.privacy import export_section
from pasarmurah.inventory.models import CountStatus, StockCount, StockCountLine, StockMovement


def low_stock_products() -> QuerySet[Product]:
    """Active products at or under their minimum (their own, else their category's default), lowest first.
    No minimum is above the highest of them all (two index lookups, worked out once by the database), so only
    the products with at most that much stock are read: a range of the stock index, where testing every
    product against its minimum read all 50,000 of them (200 ms in SQLite)."""
    own = Product.objects.filter(min_stock__isnull=False).order_by("-min_stock").values("min_stock")[:1]
    default = Category.objects.order_by("-min_stock_default").values("min_stock_default")[:1]
    highest = Greatest(Coalesce(Subquery(own), 0), Coalesce(Subquery(default), 0))
    return (
        Product.objects.filter(is_active=True, stock__lte=highest)
        .annotate(minimum=Coalesce("min_stock", "category__min_stock_default"))
        .filter(stock__lte=F("minimum"))
        .select_related("category")
        .order_by("stock", "name", "pk")
    )


def low_stock_count() -> int:
    return low_stock_products().count()


def product_ledger(
    *,
    product: Product,
    reason: str = "",
    date_from: datetime.date | None = None,
    date_to: datetime.date | None = None,
) -> QuerySet[StockMovement]:
    """A product's movements, newest first, optionally of one reason and between two dates (Jakarta days)."""
    rows = StockMovement.objects.filter(product=product).select_related("actor")
    if reason:
        rows = rows.filter(reason=reason)
    zone = timezone.get_current_timezone()
    if date_from:
        rows = rows.filter(created_at__gte=datetime.datetime.combine(date_from, datetime.time.min, zone))
    if date_to:
        end = datetime.datetime.combine(date_to + datetime.timedelta(days=1), datetime.time.min, zone)
        rows = rows.filter(created_at__lt=end)
    return rows.order_by("-created_at", "-pk")


def product_find(*, query: str) -> QuerySet[Product]:
    """Products by exact SKU first, else by a part of the name or SKU (the ledger's product search)."""
    query = query.strip()
    if not query:
        return Product.objects.none()
    return Product.objects.filter(Q(sku__iexact=query) | Q(name__icontains=query) | Q(sku__icontains=query))


def stock_counts() -> QuerySet[StockCount]:
    rows = StockCount.objects.select_related("category", "started_by", "decided_by")
    return rows.order_by("-started_at", "-pk")


def stock_counts_waiting() -> int:
    return StockCount.objects.filter(status=CountStatus.SUBMITTED).count()


def count_lines(*, count: StockCount, query: str = "") -> QuerySet[StockCountLine]:
    """A count's lines by product name; with a query, the line of that exact SKU (a scan), else matches."""
    rows = count.lines.select_related("product", "counted_by")
    query = query.strip()
    if query:
        exact = rows.filter(product__sku__iexact=query)
        if exact.exists():
            return exact
        rows = rows.filter(Q(product__sku__icontains=query) | Q(product__name__icontains=query))
    return rows.order_by("product__name", "pk")


def count_summary(*, count: StockCount) -> dict:
    """How many lines, how many counted, and the differences in units and in value at cost."""
    lines = list(
        count.lines.filter(counted__isnull=False).values(
            "counted", "stock_at_count", "held_at_count", "unit_cost"
        )
    )
    differences = [line["counted"] - line["stock_at_count"] - line["held_at_count"] for line in lines]
    return {
        "total": count.lines.count(),
        "counted": len(lines),
        "with_difference": sum(1 for d in differences if d),
        "units": sum(differences),
        "value": sum(d * line["unit_cost"] for d, line in zip(differences, lines, strict=True)),
    }


@export_section(
    covers=[],
    excludes={
        "inventory.StockMovement": "its actor is the member only on the stock moves of the member's "
        "own orders, which the orders section exports; the rest are staff's",
        "inventory.StockCount": "stock counts are started, submitted and approved by staff only",
        "inventory.StockCountLine": "count lines are counted by staff only",
    },
)
def member_export_inventory_data(*, user) -> dict:
    """Inventory holds no personal data of a member beyond what the orders section exports."""
    return {}
