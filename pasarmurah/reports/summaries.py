"""Keeping the daily summary tables: what one order, stock movement or ticket adds to which row.

One function per source row (`order_rows`, `movement_rows`, `ticket_rows`) says what that row contributes,
as {(model, key): measures}. The live path (receivers.py) applies the difference between a row's
contribution before and after a change, with `F()` increments in the change's own transaction; the rebuild
(`summaries_rebuild`) adds up the contributions of every source row. Both use the same functions, so a
rebuild gives the rows the live path kept.

Days are WIB days (`timezone.localdate` with TIME_ZONE = Asia/Jakarta). Which day an order counts on: see
`order_day`.
"""

import datetime
from collections import defaultdict
from collections.abc import Iterable

from django.db import connections, router, transaction
from django.db.models import Case, Count, DateField, F, Func, Q, Sum, Value, When
from django.db.models.functions import Coalesce, TruncMonth
from django.utils import timezone

from pasarmurah.accounts.models import User
from pasarmurah.crm.models import Ticket, TicketStatus
from pasarmurah.inventory.models import StockMovement
from pasarmurah.orders.models import PAID_OR_LATER, CounterPayment, Order, OrderDiscount, OrderLine
from pasarmurah.reports.bounds import local_trunc
from pasarmurah.reports.models import (
    CohortMonth,
    MemberPurchase,
    ProductDay,
    ProductMonth,
    ProductSliceDay,
    SalesDay,
    SalesSliceDay,
    StockDay,
    TicketDay,
)

ONLINE_PAYMENT = "transfer"  # online orders are paid by bank transfer with a proof
Rows = dict[tuple, dict[str, int]]
SALES_KEY = ("day", "channel", "status", "was_paid")
SLICE_KEY = ("day", "channel", "dimension", "value")
PRODUCT_KEY = ("day", "product_id", "channel", "category_id", "brand_id")
MONTH_KEY = ("month", "product_id", "channel", "category_id", "brand_id")
PRODUCT_SLICE_KEY = ("day", "channel", "dimension", "value")
STOCK_KEY = ("day", "product_id", "reason")
TICKET_KEY = ("day", "kind")
COHORT_KEY = ("cohort", "month")
LINE_FIELDS = (
    "product_id",
    "quantity",
    "base_unit_price",
    "unit_price",
    "unit_cost",
    "product__category_id",
    "product__brand_id",
)
KEYS = {
    SalesDay: SALES_KEY,
    SalesSliceDay: SLICE_KEY,
    ProductDay: PRODUCT_KEY,
    ProductMonth: MONTH_KEY,
    ProductSliceDay: PRODUCT_SLICE_KEY,
    StockDay: STOCK_KEY,
    TicketDay: TICKET_KEY,
    CohortMonth: COHORT_KEY,
}

SUMMARIES = (*KEYS, MemberPurchase)  # every table the rebuild writes


def measures_of(model) -> list[str]:
    return [f.name for f in model._meta.concrete_fields if f.name not in KEYS[model] and f.name != "id"]


def wib_day(moment: datetime.datetime) -> datetime.date:
    return timezone.localdate(moment)


def order_day(*, status: str, created_at, paid_at, closed_at) -> datetime.date:
    """The WIB day an order counts on: paid or later on its payment day; cancelled or expired on the day it
    closed; not paid yet on the day it was placed."""
    if status in PAID_OR_LATER and paid_at:
        return wib_day(paid_at)
    if status in ("cancelled", "expired") and closed_at:
        return wib_day(closed_at)
    return wib_day(created_at)


class OrderFacts:
    """What of an order does not change with its status: lines, discounts, payment method, repeat buyer."""

    __slots__ = ("lines", "sums", "discounts", "payment_method", "repeat")

    def __init__(self, *, lines, discounts, payment_method, repeat, sums=None):
        # [(product_id, quantity, base_unit_price, unit_price, unit_cost, category_id, brand_id)]
        self.lines = lines
        # (items, gross, subtotal, cogs) of the lines; the rebuild gives them summed by the database and no
        # lines (its product rows are grouped by the database too, see _products_rebuild)
        self.sums = sums if sums is not None else line_sums(lines)
        self.discounts = discounts  # {kind: amount}
        self.payment_method = payment_method
        self.repeat = repeat


def line_sums(lines) -> tuple[int, int, int, int]:
    items = gross = subtotal = cogs = 0
    for _product, quantity, base, price, cost, _category, _brand in lines:
        items += quantity
        gross += base * quantity
        subtotal += price * quantity
        cogs += cost * quantity
    return items, gross, subtotal, cogs


def order_facts(order: Order) -> OrderFacts:
    """The order's facts, read from the database (a few small queries, for the live path)."""
    lines = list(OrderLine.objects.filter(order_id=order.pk).values_list(*LINE_FIELDS))
    discounts = {}
    if order.discount_total:  # the order's own discounts (birthday, voucher) add up to discount_total
        discounts = dict(OrderDiscount.objects.filter(order_id=order.pk).values_list("kind", "amount"))
    method = ONLINE_PAYMENT
    if order.channel == "counter":
        method = (
            CounterPayment.objects.filter(order_id=order.pk).values_list("method", flat=True).first()
            or ONLINE_PAYMENT
        )
    repeat = False
    if order.member_id and order.paid_at:
        earlier = Order.objects.filter(member_id=order.member_id, paid_at__isnull=False).exclude(pk=order.pk)
        repeat = (
            earlier.filter(paid_at__lt=order.paid_at).exists()
            or earlier.filter(paid_at=order.paid_at, pk__lt=order.pk).exists()
        )
    return OrderFacts(lines=lines, discounts=discounts, payment_method=method, repeat=repeat)


def order_rows(state, facts: OrderFacts) -> Rows:
    """What an order in `state` (an Order, or a copy of it before a change) adds to SalesDay, ProductDay."""
    day = order_day(
        status=state.status, created_at=state.created_at, paid_at=state.paid_at, closed_at=state.closed_at
    )
    items, gross, subtotal, cogs = facts.sums
    birthday = facts.discounts.get("birthday", 0)
    voucher = facts.discounts.get("voucher", 0)
    measures = {
        "orders": 1,
        "items": items,
        "gross": gross,
        "discount_promo": gross - subtotal,
        "subtotal": subtotal,
        "discount_birthday": birthday,
        "discount_voucher": voucher,
        "shipping": state.shipping_cost,
        "total": state.total,
        "cogs": cogs,
        "member_orders": 1 if state.member_id else 0,
        "repeat_orders": 1 if (state.member_id and facts.repeat and state.paid_at) else 0,
        "pay_seconds": 0,
        "pay_count": 0,
        "ship_seconds": 0,
        "ship_count": 0,
    }
    if state.paid_at:
        measures["pay_seconds"] = max(0, int((state.paid_at - state.created_at).total_seconds()))
        measures["pay_count"] = 1
        if state.shipped_at:
            measures["ship_seconds"] = max(0, int((state.shipped_at - state.paid_at).total_seconds()))
            measures["ship_count"] = 1
    rows: Rows = {(SalesDay, (day, state.channel, state.status, bool(state.paid_at))): measures}
    if state.status in PAID_OR_LATER:
        for dimension, value in (
            ("payment", facts.payment_method),
            ("courier", str(state.courier_id or 0)),
            ("province", state.province or ""),
        ):
            rows[(SalesSliceDay, (day, state.channel, dimension, value))] = dict(measures)
        month = day.replace(day=1)
        for product, quantity, base, price, cost, category, brand in facts.lines:
            ids = (product or 0, state.channel, category or 0, brand or 0)
            for row_key in (
                (ProductDay, (day, *ids)),
                (ProductMonth, (month, *ids)),
                (ProductSliceDay, (day, state.channel, "category", category or 0)),
                (ProductSliceDay, (day, state.channel, "brand", brand or 0)),
            ):
                row = rows.setdefault(row_key, {"lines": 0, "units": 0, "gross": 0, "revenue": 0, "cogs": 0})
                row["lines"] += 1
                row["units"] += quantity
                row["gross"] += base * quantity
                row["revenue"] += price * quantity
                row["cogs"] += cost * quantity
    return rows


def movement_rows(movement) -> Rows:
    key = (wib_day(movement.created_at), movement.product_id, movement.reason)
    quantity = movement.quantity
    return {
        (StockDay, key): {
            "moves": 1,
            "units_in": quantity if quantity > 0 else 0,
            "units_out": -quantity if quantity < 0 else 0,
        }
    }


def ticket_rows(state) -> Rows:
    """What a ticket adds: opened on its first day, its first answer, closing and rating each on their day."""
    rows: Rows = {}

    def add(moment, **measures):
        row = rows.setdefault((TicketDay, (wib_day(moment), state.kind)), defaultdict(int))
        for name, value in measures.items():
            row[name] += value

    add(state.created_at, opened=1)
    if state.first_response_at:
        add(
            state.first_response_at,
            answered=1,
            answer_seconds=max(0, int((state.first_response_at - state.created_at).total_seconds())),
        )
    if state.status == TicketStatus.CLOSED and state.closed_at:
        add(
            state.closed_at,
            closed=1,
            close_seconds=max(0, int((state.closed_at - state.created_at).total_seconds())),
        )
    if state.rating and state.rated_at:
        add(state.rated_at, rated=1, rating_sum=state.rating)
    return {key: dict(measures) for key, measures in rows.items()}


def is_purchase(state) -> bool:
    """A member's purchase, as the customer report counts one: paid (or later), with its payment moment."""
    return bool(state.member_id and state.status in PAID_OR_LATER and state.paid_at)


def cohort_rows(months: set[datetime.date]) -> Rows:
    """What one member adds to CohortMonth: a buyer in each month it bought in, in its first month cohort."""
    if not months:
        return {}
    cohort = min(months)
    return {(CohortMonth, (cohort, month)): {"buyers": 1} for month in months}


# A member's purchases with their place among its purchases, written by the database from the order rows
# in one INSERT ... SELECT (window functions over each member's purchases, by payment moment, then id): the
# rebuild writes every member's, the live path one member's, with the same statement: the same rows.
_SECONDS = {
    "sqlite": "((julianday({later}) - julianday({earlier})) * 86400.0)",
    "postgresql": "CAST(EXTRACT(EPOCH FROM ({later} - {earlier})) AS double precision)",
    "mysql": "(TIMESTAMPDIFF(MICROSECOND, {earlier}, {later}) / 1000000.0)",
}
_PURCHASES = """INSERT INTO {target} ({columns})
SELECT {id}, {member}, {paid}, {total}, ROW_NUMBER() OVER (PARTITION BY {member} ORDER BY {paid}, {id}),
    MIN({paid}) OVER (PARTITION BY {member}), LEAD({paid}) OVER (PARTITION BY {member} ORDER BY {paid}, {id}),
    {span},
    SUM({total}) OVER (PARTITION BY {member} ORDER BY {paid}, {id}
        ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW)
FROM {orders} WHERE {status} IN ({statuses}) AND {paid} IS NOT NULL AND {member} IS NOT NULL{one}"""


def purchases_write(member_id: int | None = None, *, using: str | None = None) -> int:
    """Insert the MemberPurchase rows of one member's purchases (`member_id`), or of every member's, from
    the order rows as they are now; the caller has deleted the old ones. Returns the rows written."""
    connection = connections[using or router.db_for_write(MemberPurchase)]
    quote = connection.ops.quote_name
    column = {
        name: quote(Order._meta.get_field(name).column) for name in ("id", "member", "paid_at", "total")
    }
    fields = (
        "order_id",
        "member_id",
        "paid_at",
        "total",
        "number",
        "first_paid_at",
        "next_paid_at",
        "span_seconds",
        "spent",
    )
    first = f"MIN({column['paid_at']}) OVER (PARTITION BY {column['member']})"
    sql = _PURCHASES.format(
        target=quote(MemberPurchase._meta.db_table),
        columns=", ".join(quote(MemberPurchase._meta.get_field(name).column) for name in fields),
        id=column["id"],
        member=column["member"],
        paid=column["paid_at"],
        total=column["total"],
        span=_SECONDS[connection.vendor].format(earlier=first, later=column["paid_at"]),
        orders=quote(Order._meta.db_table),
        status=quote(Order._meta.get_field("status").column),
        statuses=", ".join(["%s"] * len(PAID_OR_LATER)),
        one="" if member_id is None else f" AND {column['member']} = %s",
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [*PAID_OR_LATER, *([] if member_id is None else [member_id])])
        return cursor.rowcount


def purchases_change(order, previous) -> Rows:
    """When `order` (after the change, saved; `previous` before it, or None) turns into a purchase, stops
    being one or moves its payment or total: the member's MemberPurchase rows are written anew from its
    orders, and the change to CohortMonth (its purchase months with and without the order) is returned. The
    member's row is locked first, so two of its orders changing at once are counted once."""
    before = previous is not None and is_purchase(previous)
    if is_purchase(order) == before and (
        not before or (order.paid_at, order.total) == (previous.paid_at, previous.total)
    ):
        return {}
    with transaction.atomic(savepoint=False):  # the caller's transaction (the receivers run inside one)
        staff = list(
            User.objects.select_for_update().filter(pk=order.member_id).values_list("is_staff", flat=True)
        )
        if not staff:
            return {}
        MemberPurchase.objects.filter(member_id=order.member_id).delete()
        purchases_write(order.member_id)
        if staff[0]:  # staff purchases are no customer's: no cohort (the report leaves their rows out too)
            return {}
        months = {
            wib_day(paid_at).replace(day=1)
            for paid_at in Order.objects.filter(
                member_id=order.member_id, status__in=PAID_OR_LATER, paid_at__isnull=False
            )
            .exclude(pk=order.pk)
            .values_list("paid_at", flat=True)
        }
    after = months | ({wib_day(order.paid_at).replace(day=1)} if is_purchase(order) else set())
    earlier = months | ({wib_day(previous.paid_at).replace(day=1)} if before else set())
    return rows_difference(cohort_rows(after), cohort_rows(earlier))


def rows_difference(after: Rows, before: Rows) -> Rows:
    changes: Rows = {}
    for row_key in set(after) | set(before):
        new, old = after.get(row_key, {}), before.get(row_key, {})
        delta = {name: new.get(name, 0) - old.get(name, 0) for name in set(new) | set(old)}
        if any(delta.values()):
            changes[row_key] = delta
    return changes


def rows_apply(changes: Rows) -> None:
    """Add the changes to their rows inside the caller's transaction: per table one upsert (INSERT ... ON
    CONFLICT DO UPDATE, on MariaDB ON DUPLICATE KEY UPDATE) that adds the deltas to existing rows and inserts
    the missing ones, in a fixed order (two changes touching the same rows take their locks in the same order:
    no deadlock); then the rows that hold nothing any more are deleted, as a rebuild would not write them."""
    by_model: dict = defaultdict(list)
    for (model, key), delta in changes.items():
        delta = {name: value for name, value in delta.items() if value}
        if delta:
            by_model[model].append((key, delta))
    for model in sorted(by_model, key=lambda model: model._meta.label):
        items = sorted(by_model[model], key=lambda item: tuple(str(part) for part in item[0]))
        for start in range(0, len(items), APPLY_CHUNK):  # a bulk load's batch: bounded SQL per statement
            _apply_chunk(model, items[start : start + APPLY_CHUNK])


APPLY_CHUNK = 100


def _apply_chunk(model, items: list) -> None:
    connection = connections[router.db_for_write(model)]
    quote = connection.ops.quote_name
    keys, measures = KEYS[model], measures_of(model)
    key_fields = [model._meta.get_field(name) for name in keys]
    columns = [*(field.column for field in key_fields), *measures]
    params: list = []
    for key, delta in items:
        params.extend(
            field.get_db_prep_save(value, connection) for field, value in zip(key_fields, key, strict=True)
        )
        params.extend(delta.get(name, 0) for name in measures)
    table = quote(model._meta.db_table)
    row = "(" + ", ".join(["%s"] * len(columns)) + ")"
    sql = f"INSERT INTO {table} ({', '.join(map(quote, columns))}) VALUES {', '.join([row] * len(items))} "  # noqa: S608 - names from the model, values as parameters
    if connection.vendor == "mysql":
        sql += "ON DUPLICATE KEY UPDATE " + ", ".join(
            f"{quote(name)} = {quote(name)} + VALUES({quote(name)})" for name in measures
        )
    else:
        sql += (
            f"ON CONFLICT ({', '.join(quote(field.column) for field in key_fields)}) DO UPDATE SET "
            + ", ".join(
                f"{quote(name)} = {table}.{quote(name)} + EXCLUDED.{quote(name)}" for name in measures
            )
        )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
    emptied = [dict(zip(keys, key, strict=True)) for key, delta in items if min(delta.values()) < 0]
    if emptied:
        model.objects.filter(_any_of(emptied), **dict.fromkeys(measures, 0)).delete()


def _any_of(wheres: list[dict]) -> Q:
    found = Q()
    for where in wheres:
        found |= Q(**where)
    return found


# The rebuild: the orders' sales rows added up in Python from one row per order (its lines summed by the
# database); the product and stock rows grouped and written by the database itself (INSERT ... SELECT), which
# is what makes a million order lines rebuild in seconds; the tickets, few, through ticket_rows.

CHUNK = 5000


def rows_add(total: dict, rows: Rows) -> None:
    for row_key, measures in rows.items():
        row = total.get(row_key)
        if row is None:
            total[row_key] = dict(measures)
        else:
            for name, value in measures.items():
                row[name] = row.get(name, 0) + value


def _line_sums_by_order() -> dict[int, tuple]:
    quantity = F("quantity")
    sums = (
        OrderLine.objects.order_by()
        .values("order_id")
        .annotate(
            items=Sum(quantity),
            gross=Sum(F("base_unit_price") * quantity),
            subtotal=Sum(F("unit_price") * quantity),
            cogs=Sum(F("unit_cost") * quantity),
        )
        .values_list("order_id", "items", "gross", "subtotal", "cogs")
    )
    return {order_id: tuple(int(value or 0) for value in rest) for order_id, *rest in sums.iterator(CHUNK)}


def _orders_contributions() -> dict:
    """SalesDay and SalesSliceDay rows of every order (order_rows without lines: no product rows)."""
    total: dict = {}
    sums = _line_sums_by_order()
    discounts = defaultdict(dict)
    for order_id, kind, amount in OrderDiscount.objects.values_list("order_id", "kind", "amount").iterator(
        chunk_size=CHUNK
    ):
        discounts[order_id][kind] = amount
    methods = dict(CounterPayment.objects.values_list("order_id", "method").iterator(chunk_size=CHUNK))
    first_paid: dict[int, tuple] = {}
    for member_id, paid_at, pk in (
        Order.objects.filter(member__isnull=False, paid_at__isnull=False)
        .order_by()
        .values_list("member_id", "paid_at", "pk")
        .iterator(chunk_size=CHUNK)
    ):
        mark = (paid_at, pk)
        if member_id not in first_paid or mark < first_paid[member_id]:
            first_paid[member_id] = mark
    fields = (
        "pk",
        "status",
        "channel",
        "member_id",
        "created_at",
        "paid_at",
        "shipped_at",
        "closed_at",
        "shipping_cost",
        "total",
        "courier_id",
        "province",
    )
    no_lines = (0, 0, 0, 0)
    for values in Order.objects.order_by().values_list(*fields).iterator(chunk_size=CHUNK):
        state = _State(zip(fields, values, strict=True))
        repeat = bool(
            state.member_id
            and state.paid_at
            and first_paid.get(state.member_id, (state.paid_at, state.pk)) < (state.paid_at, state.pk)
        )
        method = ONLINE_PAYMENT
        if state.channel == "counter":
            method = methods.get(state.pk, ONLINE_PAYMENT)
        facts = OrderFacts(
            lines=(),
            sums=sums.get(state.pk, no_lines),
            discounts=discounts.get(state.pk, {}),
            payment_method=method,
            repeat=repeat,
        )
        rows_add(total, order_rows(state, facts))
    return total


class _State(dict):
    """A source row read as values, with attribute access like the model instance it stands for."""

    def __getattr__(self, name):
        try:
            return self[name]
        except KeyError as missing:
            raise AttributeError(name) from missing


def _ticket_contributions() -> dict:
    total: dict = {}
    fields = ("kind", "status", "created_at", "first_response_at", "closed_at", "rating", "rated_at")
    for values in Ticket.objects.order_by().values_list(*fields).iterator(chunk_size=CHUNK):
        rows_add(total, ticket_rows(_State(zip(fields, values, strict=True))))
    return total


def _write(model, contributions: dict) -> int:
    key_names = KEYS[model]
    objects = [
        model(**dict(zip(key_names, key, strict=True)), **measures)
        for (row_model, key), measures in contributions.items()
        if row_model is model and any(measures.values())
    ]
    model.objects.bulk_create(objects, batch_size=2000)
    return len(objects)


class _MonthOfDate(Func):
    """The first day of a date column's month (SQLite from its text, without a per-row Python function)."""

    output_field = DateField()

    def as_sql(self, compiler, connection, **extra_context):
        month = TruncMonth(self.source_expressions[0], output_field=DateField())
        return compiler.compile(month.resolve_expression(compiler.query))

    def as_sqlite(self, compiler, connection, **extra_context):
        sql, params = compiler.compile(self.source_expressions[0])
        return f"date({sql}, 'start of month')", params


def _insert_grouped(model, queryset) -> int:
    """INSERT INTO model's table the rows of `queryset`, a values() query whose every column is an
    annotation named `<column>_`: the database groups and writes, nothing travels through Python."""
    connection = connections[router.db_for_write(model)]
    quote = connection.ops.quote_name
    columns = [*(model._meta.get_field(name).column for name in KEYS[model]), *measures_of(model)]
    select, params = queryset.query.get_compiler(connection=connection).as_sql()
    outer = ", ".join(quote(f"{column}_") for column in columns)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {quote(model._meta.db_table)} ({', '.join(map(quote, columns))}) "  # noqa: S608 - names from the model, the SELECT compiled by Django
            f"SELECT {outer} FROM ({select}) grouped",
            params,
        )
        return cursor.rowcount


def _product_measures(prefix: str = "") -> dict:
    """The ProductMeasures sums; over order lines (prefix "") or over ProductDay rows (prefix "sum")."""
    if prefix:
        return {f"{name}_": Sum(name) for name in ("lines", "units", "gross", "revenue", "cogs")}
    quantity = F("quantity")
    return {
        "lines_": Count("id"),
        "units_": Sum(quantity),
        "gross_": Sum(F("base_unit_price") * quantity),
        "revenue_": Sum(F("unit_price") * quantity),
        "cogs_": Sum(F("unit_cost") * quantity),
    }


def _products_rebuild() -> dict[str, int]:
    """ProductDay from the lines of paid (or later) orders on their sales day (order_day: the payment's WIB
    day, or the placing day when a paid order has no payment moment), then ProductMonth and ProductSliceDay
    from ProductDay, as order_rows adds them line by line on the live path."""
    sold = (
        OrderLine.objects.filter(order__status__in=PAID_OR_LATER)
        .order_by()
        .annotate(
            day_=local_trunc("day", Coalesce("order__paid_at", "order__created_at")),
            product_id_=Coalesce("product_id", Value(0)),
            channel_=F("order__channel"),
            category_id_=Coalesce("product__category_id", Value(0)),
            brand_id_=Coalesce("product__brand_id", Value(0)),
        )
        .values("day_", "product_id_", "channel_", "category_id_", "brand_id_")
        .annotate(**_product_measures())
    )
    written = {"products": _insert_grouped(ProductDay, sold)}
    days = ProductDay.objects.order_by()
    months = (
        days.annotate(
            month_=_MonthOfDate("day"),
            product_id_=F("product_id"),
            channel_=F("channel"),
            category_id_=F("category_id"),
            brand_id_=F("brand_id"),
        )
        .values("month_", "product_id_", "channel_", "category_id_", "brand_id_")
        .annotate(**_product_measures("sum"))
    )
    written["product months"] = _insert_grouped(ProductMonth, months)
    written["product slices"] = 0
    for dimension in ("category", "brand"):
        slices = (
            days.annotate(
                day_=F("day"),
                channel_=F("channel"),
                dimension_=Value(dimension),
                value_=F(f"{dimension}_id"),
            )
            .values("day_", "channel_", "dimension_", "value_")
            .annotate(**_product_measures("sum"))
        )
        written["product slices"] += _insert_grouped(ProductSliceDay, slices)
    return written


def _stock_rebuild() -> int:
    """StockDay from the ledger (movement_rows, grouped by the database)."""
    quantity = F("quantity")
    moves = (
        StockMovement.objects.order_by()
        .annotate(day_=local_trunc("day", "created_at"), product_id_=F("product_id"), reason_=F("reason"))
        .values("day_", "product_id_", "reason_")
        .annotate(
            moves_=Count("id"),
            units_in_=Sum(Case(When(quantity__gt=0, then=quantity), default=Value(0))),
            units_out_=Sum(Case(When(quantity__lt=0, then=-quantity), default=Value(0))),
        )
    )
    return _insert_grouped(StockDay, moves)


def _cohort_contributions() -> dict:
    """Every customer's purchase months (grouped by the database), as cohort_rows adds them."""
    months = defaultdict(set)
    pairs = (
        Order.objects.filter(
            status__in=PAID_OR_LATER, paid_at__isnull=False, member__isnull=False, member__is_staff=False
        )
        .order_by()
        .annotate(month=local_trunc("month", "paid_at"))
        .values_list("member_id", "month")
        .distinct()
    )
    for member_id, month in pairs.iterator(chunk_size=CHUNK):
        months[member_id].add(month.date() if isinstance(month, datetime.datetime) else month)
    total: dict = {}
    for member_months in months.values():
        rows_add(total, cohort_rows(member_months))
    return total


def summaries_rebuild() -> dict[str, int]:
    """Rebuild every summary table from the source rows, in one transaction (readers see the old rows until
    it commits). Returns the number of rows written per table."""
    orders = _orders_contributions()
    tickets = _ticket_contributions()
    cohorts = _cohort_contributions()
    with transaction.atomic():
        for model in SUMMARIES:
            model.objects.all().delete()
        return {
            "sales": _write(SalesDay, orders),
            "sales slices": _write(SalesSliceDay, orders),
            **_products_rebuild(),
            "stock": _stock_rebuild(),
            "tickets": _write(TicketDay, tickets),
            "cohorts": _write(CohortMonth, cohorts),
            "member purchases": purchases_write(),
        }


def summary_snapshot(models: Iterable = SUMMARIES) -> dict[str, set]:
    """Every summary row as a comparable tuple (the tests compare the live rows with a rebuild's)."""
    snapshot = {}
    for model in models:
        fields = [f.name for f in model._meta.concrete_fields if f.name != "id"]
        snapshot[model.__name__] = set(model.objects.values_list(*fields))
    return snapshot
