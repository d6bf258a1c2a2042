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

from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone

from pasarmurah.crm.models import Ticket, TicketStatus
from pasarmurah.inventory.models import StockMovement
from pasarmurah.orders.models import PAID_OR_LATER, CounterPayment, Order, OrderDiscount, OrderLine
from pasarmurah.reports.models import (
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
}


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

    __slots__ = ("lines", "discounts", "payment_method", "repeat")

    def __init__(self, *, lines, discounts, payment_method, repeat):
        # [(product_id, quantity, base_unit_price, unit_price, unit_cost, category_id, brand_id)]
        self.lines = lines
        self.discounts = discounts  # {kind: amount}
        self.payment_method = payment_method
        self.repeat = repeat


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
    items = gross = subtotal = cogs = 0
    for _product, quantity, base, price, cost, _category, _brand in facts.lines:
        items += quantity
        gross += base * quantity
        subtotal += price * quantity
        cogs += cost * quantity
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


def rows_difference(after: Rows, before: Rows) -> Rows:
    changes: Rows = {}
    for row_key in set(after) | set(before):
        new, old = after.get(row_key, {}), before.get(row_key, {})
        delta = {name: new.get(name, 0) - old.get(name, 0) for name in set(new) | set(old)}
        if any(delta.values()):
            changes[row_key] = delta
    return changes


def rows_apply(changes: Rows) -> None:
    """Add the changes to their rows inside the caller's transaction, in a fixed order (no deadlocks between
    two changes that touch the same rows): one SELECT finds which rows exist, each existing one gets an UPDATE
    with F() increments, the missing ones one bulk INSERT; an insert that lost a race to a concurrent one is
    retried row by row as the UPDATE."""
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
    names = KEYS[model]
    wheres = [dict(zip(names, key, strict=True)) for key, _delta in items]
    existing = set(model.objects.filter(_any_of(wheres)).values_list(*names))
    missing = []
    for where, (key, delta) in zip(wheres, items, strict=True):
        if key not in existing or not _increment(model, where, delta):
            missing.append((where, delta))
    if missing:
        try:
            with transaction.atomic():
                model.objects.bulk_create([model(**where, **delta) for where, delta in missing])
        except IntegrityError:
            for where, delta in missing:
                _increment_or_insert(model, where, delta)
    emptied = [where for where, (_key, delta) in zip(wheres, items, strict=True) if min(delta.values()) < 0]
    if emptied:
        # A row that holds nothing any more goes, as a rebuild would not write it.
        model.objects.filter(_any_of(emptied), **dict.fromkeys(measures_of(model), 0)).delete()


def _any_of(wheres: list[dict]) -> Q:
    found = Q()
    for where in wheres:
        found |= Q(**where)
    return found


def _increment(model, where: dict, delta: dict) -> int:
    return model.objects.filter(**where).update(**{name: F(name) + value for name, value in delta.items()})


def _increment_or_insert(model, where: dict, delta: dict) -> None:
    if _increment(model, where, delta):
        return
    try:
        with transaction.atomic():
            model.objects.create(**where, **delta)
    except IntegrityError:
        _increment(model, where, delta)


# The rebuild: every source row's contribution, added up in memory and written in bulk.

CHUNK = 5000


def rows_add(total: dict, rows: Rows) -> None:
    for row_key, measures in rows.items():
        row = total.get(row_key)
        if row is None:
            total[row_key] = dict(measures)
        else:
            for name, value in measures.items():
                row[name] = row.get(name, 0) + value


def _orders_contributions() -> dict:
    total: dict = {}
    lines = defaultdict(list)
    for order_id, *line in (
        OrderLine.objects.order_by().values_list("order_id", *LINE_FIELDS).iterator(chunk_size=CHUNK)
    ):
        lines[order_id].append(tuple(line))
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
            lines=lines.pop(state.pk, []),
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


def _stock_contributions() -> dict:
    total: dict = {}
    fields = ("product_id", "reason", "quantity", "created_at")
    for values in StockMovement.objects.order_by().values_list(*fields).iterator(chunk_size=CHUNK):
        rows_add(total, movement_rows(_State(zip(fields, values, strict=True))))
    return total


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


def summaries_rebuild() -> dict[str, int]:
    """Rebuild every summary table from the source rows, in one transaction (readers see the old rows until
    it commits). Returns the number of rows written per table."""
    orders = _orders_contributions()
    stock = _stock_contributions()
    tickets = _ticket_contributions()
    with transaction.atomic():
        for model in KEYS:
            model.objects.all().delete()
        return {
            "sales": _write(SalesDay, orders),
            "sales slices": _write(SalesSliceDay, orders),
            "products": _write(ProductDay, orders),
            "product months": _write(ProductMonth, orders),
            "product slices": _write(ProductSliceDay, orders),
            "stock": _write(StockDay, stock),
            "tickets": _write(TicketDay, tickets),
        }


def summary_snapshot(models: Iterable = KEYS) -> dict[str, set]:
    """Every summary row as a comparable tuple (the tests compare the live rows with a rebuild's)."""
    snapshot = {}
    for model in models:
        fields = [f.name for f in model._meta.concrete_fields if f.name != "id"]
        snapshot[model.__name__] = set(model.objects.values_list(*fields))
    return snapshot
