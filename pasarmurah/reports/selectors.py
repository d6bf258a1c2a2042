"""Reads of the reports: sums over the daily summary tables (a fixed number of queries whatever the data),
and the few lists that need source rows (cancellation reasons, products not sold)."""

import datetime
from dataclasses import dataclass, field

from django.db import connection
from django.db.models import Count, F, Q, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from pasarmurah.accounts.models import User
from pasarmurah.catalog.models import Brand, Category, Product
from pasarmurah.orders.models import PAID_OR_LATER, OrderEvent
from pasarmurah.reports.bounds import day_bounds
from pasarmurah.reports.frame import Chart, Figure, Kind, ratio
from pasarmurah.reports.models import (
    ProductDay,
    ProductMonth,
    ProductSliceDay,
    SalesDay,
    SalesSliceDay,
    StockDay,
)
from pasarmurah.reports.period import Grain, Preset, ReportPeriod

SALES_MEASURES = (
    "orders",
    "items",
    "gross",
    "discount_promo",
    "subtotal",
    "discount_birthday",
    "discount_voucher",
    "shipping",
    "total",
    "cogs",
    "member_orders",
    "repeat_orders",
    "pay_seconds",
    "pay_count",
    "ship_seconds",
    "ship_count",
)
PRODUCT_MEASURES = ("lines", "units", "gross", "revenue", "cogs")
SOLD = Q(status__in=PAID_OR_LATER)


def _sums(names) -> dict:
    return {name: Sum(name) for name in names}


def _zero(names) -> dict:
    return dict.fromkeys(names, 0)


def _filled(row: dict, names) -> dict:
    return {name: row.get(name) or 0 for name in names}


def sales_rows(period: ReportPeriod, filters: dict | None = None):
    """The SalesDay rows of a period and the report's filters (channel)."""
    rows = SalesDay.objects.filter(day__range=(period.start, period.end))
    filters = filters or {}
    if filters.get("kanal"):
        rows = rows.filter(channel=filters["kanal"])
    return rows


def product_rows(period: ReportPeriod, filters: dict | None = None):
    rows = ProductDay.objects.filter(day__range=(period.start, period.end))
    filters = filters or {}
    if filters.get("kanal"):
        rows = rows.filter(channel=filters["kanal"])
    return rows


@dataclass
class SalesFigures:
    """The sums of paid (or later) orders in a period, and what follows from them."""

    orders: int = 0
    items: int = 0
    gross: int = 0
    discount_promo: int = 0
    subtotal: int = 0
    discount_birthday: int = 0
    discount_voucher: int = 0
    shipping: int = 0
    total: int = 0
    cogs: int = 0
    member_orders: int = 0
    repeat_orders: int = 0
    pay_seconds: int = 0
    pay_count: int = 0
    ship_seconds: int = 0
    ship_count: int = 0

    @classmethod
    def of(cls, row: dict) -> "SalesFigures":
        return cls(**_filled(row, SALES_MEASURES))

    @property
    def discounts(self) -> int:
        return self.discount_promo + self.discount_birthday + self.discount_voucher

    @property
    def net_revenue(self) -> int:
        """What the goods brought after every discount, without shipping: total minus shipping."""
        return self.total - self.shipping

    @property
    def margin(self) -> int:
        return self.net_revenue - self.cogs

    @property
    def margin_rate(self) -> float | None:
        return ratio(self.margin, self.net_revenue)

    @property
    def average_order(self) -> int | None:
        return round(self.total / self.orders) if self.orders else None

    @property
    def repeat_rate(self) -> float | None:
        return ratio(self.repeat_orders, self.member_orders)

    @property
    def hours_to_pay(self) -> float | None:
        return self.pay_seconds / self.pay_count / 3600 if self.pay_count else None

    @property
    def hours_to_ship(self) -> float | None:
        return self.ship_seconds / self.ship_count / 3600 if self.ship_count else None

    def as_row(self) -> dict:
        row = {name: getattr(self, name) for name in SALES_MEASURES}
        return row | {
            "discounts": self.discounts,
            "net_revenue": self.net_revenue,
            "margin": self.margin,
            "margin_rate": self.margin_rate,
            "average_order": self.average_order,
            "repeat_rate": self.repeat_rate,
            "hours_to_pay": self.hours_to_pay,
            "hours_to_ship": self.hours_to_ship,
        }


def sales_totals(period: ReportPeriod, filters: dict | None = None) -> SalesFigures:
    """Paid (or later) orders of the period, summed: one query."""
    return SalesFigures.of(sales_rows(period, filters).filter(SOLD).aggregate(**_sums(SALES_MEASURES)))


def sales_by_bucket(period: ReportPeriod, grain: str, filters: dict | None = None) -> list[tuple]:
    """[(bucket, SalesFigures)] for every day, week or month of the period, empty ones included."""
    per_day = (
        sales_rows(period, filters)
        .filter(SOLD)
        .values("day")
        .order_by("day")
        .annotate(**_sums(SALES_MEASURES))
    )
    buckets = period.buckets(grain)
    sums = {bucket.start: _zero(SALES_MEASURES) for bucket in buckets}
    for row in per_day:
        target = sums[period.bucket_start(row["day"], grain)]
        for name in SALES_MEASURES:
            target[name] += row[name] or 0
    return [(bucket, SalesFigures.of(sums[bucket.start])) for bucket in buckets]


SLICES = {"payment_method": "payment", "courier_id": "courier", "province": "province"}


def sales_by(dimension: str, period: ReportPeriod, filters: dict | None = None) -> list:
    """[(value, SalesFigures)] of paid (or later) orders per value of one dimension (channel, payment_method,
    courier_id, province), largest total first: one query."""
    if dimension == "channel":
        rows = sales_rows(period, filters).filter(SOLD)
    else:
        rows = SalesSliceDay.objects.filter(
            day__range=(period.start, period.end), dimension=SLICES[dimension]
        )
        if (filters or {}).get("kanal"):
            rows = rows.filter(channel=filters["kanal"])
    field = "channel" if dimension == "channel" else "value"
    grouped = rows.values(field).order_by(field).annotate(**_sums(SALES_MEASURES))
    convert = int if dimension == "courier_id" else str
    result = [(convert(row[field]), SalesFigures.of(row)) for row in grouped]
    return sorted(result, key=lambda item: (-item[1].total, -item[1].orders, str(item[0])))


def outcomes(period: ReportPeriod, filters: dict | None = None) -> list[dict]:
    """Orders of the period by status, cancellations split by whether the order had been paid."""
    grouped = (
        sales_rows(period, filters)
        .values("status", "was_paid")
        .order_by("status", "was_paid")
        .annotate(orders=Sum("orders"), total=Sum("total"))
    )
    return list(grouped)


def cancellation_reasons(period: ReportPeriod, filters: dict | None = None, *, limit: int = 20) -> list[dict]:
    """The reasons given for cancelled and expired orders in the period (WIB days), most frequent first."""
    start, end = day_bounds(period.start, period.end)
    events = OrderEvent.objects.filter(
        kind__in=[OrderEvent.Kind.CANCELLED, OrderEvent.Kind.EXPIRED],
        created_at__gte=start,
        created_at__lt=end,
    )
    if (filters or {}).get("kanal"):
        events = events.filter(order__channel=filters["kanal"])
    grouped = (
        events.values("kind", "note")
        .order_by()
        .annotate(orders=Count("order_id", distinct=True), total=Sum("order__total"))
        .order_by("-orders", "note")[:limit]
    )
    return list(grouped)


def _product_sources(period: ReportPeriod, filters: dict | None):
    """The period as ProductMonth rows for its whole months and ProductDay rows for the days at its ends."""
    first_whole = period.start if period.start.day == 1 else _next_month(period.start)
    after_whole = (
        _next_month(period.end)
        if _next_month(period.end) - datetime.timedelta(days=1) == period.end
        else period.end.replace(day=1)
    )
    sources = []
    if first_whole < after_whole:
        sources.append(ProductMonth.objects.filter(month__gte=first_whole, month__lt=after_whole))
        edges = [(period.start, first_whole - datetime.timedelta(days=1)), (after_whole, period.end)]
    else:
        edges = [(period.start, period.end)]
    for start, end in edges:
        if start <= end:
            sources.append(ProductDay.objects.filter(day__range=(start, end)))
    if (filters or {}).get("kanal"):
        sources = [rows.filter(channel=filters["kanal"]) for rows in sources]
    return sources


def _next_month(day: datetime.date) -> datetime.date:
    return (day.replace(day=28) + datetime.timedelta(days=4)).replace(day=1)


def _product_sums_sql(period: ReportPeriod, filters: dict | None) -> tuple[str, list]:
    """SQL (and its parameters) of the period's sums per product: ProductMonth's whole months and ProductDay's
    edge days as one UNION ALL, grouped by product in the database. Its columns: product_id, PRODUCT_MEASURES.
    (Built from Django's own SQL of the parts and quoted constant names; every value is a parameter.)"""
    quote = connection.ops.quote_name
    columns = ("product_id", *PRODUCT_MEASURES)
    parts = [
        rows.values(**{f"p_{name}": F(name) for name in columns})
        for rows in _product_sources(period, filters)
    ]
    union = parts[0].union(*parts[1:], all=True) if len(parts) > 1 else parts[0]
    sql, params = union.query.sql_with_params()
    sums = ", ".join(f"SUM({quote('p_' + name)}) AS {quote(name)}" for name in PRODUCT_MEASURES)
    grouped = (
        f"SELECT {quote('p_product_id')} AS {quote('product_id')}, {sums} "  # noqa: S608 - see the docstring
        f"FROM ({sql}) {quote('period_rows')} GROUP BY {quote('p_product_id')}"
    )
    return grouped, list(params)


def _fetch(sql: str, params: list) -> list[dict]:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        names = [column[0] for column in cursor.description]
        return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def _measures(row: dict) -> dict:
    return {name: int(row[name] or 0) for name in PRODUCT_MEASURES}


def products_sold(period: ReportPeriod, filters: dict | None = None, *, by: str = "product_id") -> dict:
    """{product_id (or category_id, brand_id): {lines, units, gross, revenue, cogs}} of the period: one query.
    Every product that sold: the pages rank products with `ranked_products` instead, which returns only the
    rows shown."""
    if by == "product_id":
        sql, params = _product_sums_sql(period, filters)
        return {row["product_id"]: _measures(row) for row in _fetch(sql, params)}
    rows = ProductSliceDay.objects.filter(day__range=(period.start, period.end), dimension=by[:-3])
    if (filters or {}).get("kanal"):
        rows = rows.filter(channel=filters["kanal"])
    grouped = rows.values("value").order_by("value").annotate(**_sums(PRODUCT_MEASURES))
    return {row["value"]: _measures(row) for row in grouped}


def ranked_products(
    period: ReportPeriod, filters: dict | None = None, *, rankings: dict[str, tuple[str, int]]
) -> dict[str, list[tuple]]:
    """The products of the period ranked by several orders at once, e.g. {"best": ("-units", 20),
    "slowest": ("units", 20)}: {key: [(product or None when deleted, sums)]}, ties by product id. The
    per-product sums are worked out once, in the database, which ranks them (ROW_NUMBER) and returns only the
    rows asked for: one query whatever the number of products, and one for the products shown."""
    quote = connection.ops.quote_name
    grouped, params = _product_sums_sql(period, filters)
    columns = ", ".join(quote(name) for name in ("product_id", *PRODUCT_MEASURES))
    ranks, wanted = [], []
    for index, (order, limit) in enumerate(rankings.values()):
        name = order.lstrip("-")
        if name not in PRODUCT_MEASURES:
            raise ValueError(order)
        direction = "DESC" if order.startswith("-") else "ASC"
        rank = quote(f"rank_{index}")
        ranks.append(
            f"ROW_NUMBER() OVER (ORDER BY {quote(name)} {direction}, {quote('product_id')}) AS {rank}"
        )
        wanted.append(f"{rank} <= %s")
        params.append(limit)
    sql = (
        f"SELECT * FROM (SELECT {columns}, {', '.join(ranks)} FROM ({grouped}) {quote('sums')}) "  # noqa: S608
        f"{quote('ranked')} WHERE {' OR '.join(wanted)}"
    )
    rows = _fetch(sql, params)
    products = Product.objects.in_bulk([row["product_id"] for row in rows if row["product_id"]])
    result = {}
    for index, key in enumerate(rankings):
        rank = f"rank_{index}"
        chosen = sorted((row for row in rows if row[rank] <= rankings[key][1]), key=lambda row: row[rank])
        result[key] = [(products.get(row["product_id"]), _measures(row)) for row in chosen]
    return result


def top_products(period: ReportPeriod, filters: dict | None = None, *, order: str = "-revenue", limit=20):
    """The best (or, with order="units", the slowest of those that sold) products: [(product, sums)]."""
    return ranked_products(period, filters, rankings={"top": (order, limit)})["top"]


def names_of(model, ids) -> dict[int, str]:
    return dict(model.objects.filter(pk__in=[pk for pk in ids if pk]).values_list("pk", "name"))


def category_names(ids) -> dict[int, str]:
    return names_of(Category, ids)


def brand_names(ids) -> dict[int, str]:
    return names_of(Brand, ids)


# Goods


def stock_value() -> list[dict]:
    """Stock on hand now and its value at cost (HPP) and at the selling price, per category, by name: two
    queries (the products grouped by category, then the categories' names)."""
    grouped = list(
        Product.objects.filter(is_active=True)
        # Grouped by an expression, not the indexed column: SQLite then reads the table through once instead
        # of walking the category index and fetching every product row from there (twice as slow).
        .values(category_key=Coalesce("category_id", 0))
        .order_by()
        .annotate(
            products=Count("pk"),
            units=Sum("stock"),
            at_cost=Sum(F("stock") * F("cost_price")),
            at_price=Sum(F("stock") * F("price")),
            out_of_stock=Count("pk", filter=Q(stock=0)),
        )
    )
    names = category_names(row["category_key"] for row in grouped)
    rows = []
    for row in grouped:
        pk = row.pop("category_key")
        rows.append({"category_id": pk, "category__name": names.get(pk, ""), **row})
    return sorted(rows, key=lambda row: (row["category__name"], row["category_id"]))


def stock_movement(period: ReportPeriod) -> list[dict]:
    """The stock ledger of the period per reason: units in and out (one query)."""
    return list(
        StockDay.objects.filter(day__range=(period.start, period.end))
        .values("reason")
        .order_by("reason")
        .annotate(moves=Sum("moves"), units_in=Sum("units_in"), units_out=Sum("units_out"))
    )


def products_not_sold(*, days: int, today: datetime.date | None = None, limit: int = 50) -> tuple[int, list]:
    """Active products with stock that sold nothing in the last `days` WIB days: how many, and the first ones
    (most stock first). The count is those with stock less those of them that sold: the first is a range of
    an index and the second a lookup of each product that sold, where counting the idle ones directly tests
    every product with stock against what sold (at 50,000 products, 30 against 200 ms in SQLite). The list is
    a query of its own (a window count over it would make the database keep every idle product for the sort
    instead of only the first `limit`)."""
    today = today or timezone.localdate()
    since = today - datetime.timedelta(days=days - 1)
    stocked = Product.objects.filter(is_active__in=[True], stock__gt=0)  # `__in`: see ProductQuerySet.on_sale
    # What sold: ProductMonth for the whole months of the days, ProductDay for the days at their ends.
    sources = [
        rows.values("product_id") for rows in _product_sources(ReportPeriod(since, max(since, today)), None)
    ]
    idle = Product.objects.filter(is_active=True, stock__gt=0)  # walked in the stock index's order
    for rows in sources:
        idle = idle.exclude(pk__in=rows)
    first = (
        idle.select_related("category")
        .only("name", "sku", "stock", "category_id", "category__name")
        .order_by("-stock", "name")[:limit]
    )
    sold = stocked.filter(pk__in=sources[0].union(*sources[1:])).count()
    return stocked.count() - sold, list(first)


# Headline figures (the Owner's dashboard and the reports' landing page)


@dataclass
class HeadlineBlock:
    key: str
    title: str
    period: ReportPeriod
    previous: ReportPeriod
    figures: list[Figure] = field(default_factory=list)


@dataclass
class HeadlineChart(Chart):
    @property
    def json_id(self) -> str:
        return f"headline-{self.key}"


@dataclass
class Headline:
    blocks: list[HeadlineBlock]
    charts: list[HeadlineChart]

    def block(self, key: str) -> HeadlineBlock:
        return next(block for block in self.blocks if block.key == key)


HEADLINE_PERIODS = (
    ("today", Preset.TODAY, gettext_lazy("Today")),
    ("week", Preset.WEEK, gettext_lazy("Last 7 days")),
    ("month", Preset.THIS_MONTH, gettext_lazy("This month")),
)


def new_members(period: ReportPeriod) -> int:
    start, end = day_bounds(period.start, period.end)
    return User.objects.filter(is_staff=False, date_joined__gte=start, date_joined__lt=end).count()


def sales_figures(now: SalesFigures, before: SalesFigures) -> list[Figure]:
    """The headline figures of a period against the previous one (the sales report shows the same)."""
    return [
        Figure("revenue", _("Revenue"), now.total, Kind.RUPIAH, before.total, money=True),
        Figure("orders", _("Orders"), now.orders, Kind.INT, before.orders),
        Figure(
            "average_order",
            _("Average order value"),
            now.average_order,
            Kind.RUPIAH,
            before.average_order,
            money=True,
        ),
        Figure("margin", _("Gross margin"), now.margin, Kind.RUPIAH, before.margin, money=True),
        Figure(
            "margin_rate", _("Gross margin %"), now.margin_rate, Kind.PERCENT, before.margin_rate, money=True
        ),
        Figure("repeat_rate", _("Repeat-purchase rate"), now.repeat_rate, Kind.PERCENT, before.repeat_rate),
    ]


def headline_figures(*, today: datetime.date | None = None, chart_days: int = 30) -> Headline:
    """Revenue, orders, average order value, gross margin, repeat-purchase rate and new members today, in the
    last 7 days and this month, each against the previous period, and the last 30 days as small charts.
    Read from the summaries: a fixed number of queries (two per block, one for the charts)."""
    today = today or timezone.localdate()
    blocks = []
    for key, preset, title in HEADLINE_PERIODS:
        period = ReportPeriod.from_preset(preset, today=today)
        previous = period.previous()
        now, before = _sales_pair(period, previous)
        figures = sales_figures(now, before)
        figures.append(
            Figure("new_members", _("New members"), new_members(period), Kind.INT, new_members(previous))
        )
        blocks.append(HeadlineBlock(key, str(title), period, previous, figures))
    recent = ReportPeriod(today - datetime.timedelta(days=chart_days - 1), today)
    days = sales_by_bucket(recent, Grain.DAY)
    labels = [f"{bucket.start:%d/%m}" for bucket, _sums in days]
    charts = [
        HeadlineChart(
            "revenue",
            _("Revenue per day, last 30 days"),
            "bar",
            labels,
            [{"label": _("Revenue"), "data": [figures.total for _bucket, figures in days]}],
            money=True,
        ),
        HeadlineChart(
            "orders",
            _("Orders per day, last 30 days"),
            "line",
            labels,
            [{"label": _("Orders"), "data": [figures.orders for _bucket, figures in days]}],
        ),
    ]
    return Headline(blocks, charts)


def _sales_pair(period: ReportPeriod, previous: ReportPeriod) -> tuple[SalesFigures, SalesFigures]:
    """A period's and its previous period's sums in one query."""

    def within(p):
        return Q(day__range=(p.start, p.end))

    names = SALES_MEASURES
    aggregates = {}
    for prefix, p in (("now", period), ("before", previous)):
        for name in names:
            aggregates[f"{prefix}_{name}"] = Sum(name, filter=within(p))
    low, high = min(period.start, previous.start), max(period.end, previous.end)
    row = SalesDay.objects.filter(SOLD, day__range=(low, high)).aggregate(**aggregates)
    return tuple(
        SalesFigures.of({name: row[f"{prefix}_{name}"] for name in names}) for prefix in ("now", "before")
    )
