"""The one way stock changes: a conditional UPDATE that never oversells, and its movement.

Every function runs in the caller's transaction (`atomic(savepoint=False)`: its own transaction when there is
none, no savepoint round trips inside one), so the stock, the movement and whatever caused it (an order, a
receipt, a count) commit together. A refusal (OutOfStock, StockError) is raised before or after the block
having written nothing, so a caller may catch it and carry on in the same transaction.
"""

import sqlite3

from django.db import connection, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from pasarmurah.accounts.models import User
from pasarmurah.accounts.roles import CUSTOMER_SERVICE, OWNER
from pasarmurah.catalog.models import Category, Product
from pasarmurah.inventory.holds import units_held_on_shelf
from pasarmurah.inventory.models import (
    CountScope,
    CountStatus,
    MovementReason,
    StockCount,
    StockCountLine,
    StockMovement,
)
from pasarmurah.inventory.selectors import low_stock_products
from pasarmurah.inventory.signals import stock_moved
from pasarmurah.mail.outbox import email_queue

R = MovementReason

# Which sign each reason's quantity must have (None: either).
REASON_SIGN = {
    R.OPENING: 1,
    R.ONLINE_SALE: -1,
    R.COUNTER_SALE: -1,
    R.RETURN: 1,
    R.RECEIPT: 1,
    R.OPNAME: None,
    R.DAMAGE: -1,
    R.SUPPLIER_RETURN: -1,
    R.CORRECTION: None,
}
# Reasons that need a note saying why (a person decided the change).
NOTE_REQUIRED = {R.CORRECTION, R.DAMAGE}
# Sales count towards the product's "units sold"; returns of a cancelled or expired sale take them back.
SOLD_COUNT_REASONS = {R.ONLINE_SALE, R.COUNTER_SALE, R.RETURN}


class StockError(ValueError):
    """A stock move that is refused as asked; the message says why, in the staff's language."""


class OutOfStock(StockError):
    """The move would take the product's stock below zero."""

    def __init__(self, message: str, *, product_id: int, available: int):
        super().__init__(message)
        self.product_id = product_id
        self.available = available


def _check(*, quantity, reason, note) -> None:
    if isinstance(quantity, bool) or not isinstance(quantity, int):
        raise StockError(_("The quantity must be a whole number."))
    if quantity == 0:
        raise StockError(_("The quantity cannot be zero."))
    if reason not in REASON_SIGN:
        raise StockError(_("Choose a reason for the stock change."))
    sign = REASON_SIGN[reason]
    if sign is not None and (quantity > 0) != (sign > 0):
        message = (
            _("A move for “%(reason)s” only adds to stock.")
            if sign > 0
            else _("A move for “%(reason)s” only takes from stock.")
        )
        raise StockError(message % {"reason": R(reason).label})
    if reason in NOTE_REQUIRED and not note.strip():
        raise StockError(_("Write a note saying why the stock changes."))


def _refusal(product_id: int, quantity: int, only_active: bool) -> OutOfStock:
    row = Product.objects.filter(pk=product_id).values("name", "stock", "is_active").first()
    if row is None:
        return OutOfStock(_("This product does not exist."), product_id=product_id, available=0)
    if only_active and not row["is_active"]:
        return OutOfStock(
            _("%(name)s is no longer sold.") % {"name": row["name"]}, product_id=product_id, available=0
        )
    return OutOfStock(
        _("Only %(stock)d of %(name)s in stock: %(quantity)d cannot be taken.")
        % {"stock": row["stock"], "name": row["name"], "quantity": -quantity},
        product_id=product_id,
        available=row["stock"],
    )


def stock_move(
    *,
    product_id: int,
    quantity: int,
    reason: str,
    by: User | None,
    ref_kind: str = "",
    ref_id: int | None = None,
    ref_label: str = "",
    note: str = "",
    only_active: bool = False,
) -> StockMovement:
    """Change a product's stock by `quantity` (±) and record the movement; refuse to go below zero.

    One conditional UPDATE (`stock = stock + q WHERE stock + q >= 0`, and `is_active` when `only_active`)
    takes the row lock, so concurrent moves serialise on the product row and the last unit goes to exactly
    one of them; the other gets OutOfStock. `stock_after` comes from that UPDATE (RETURNING) or is read
    back under its lock (MariaDB). Callers that move
    several products do it in product-id order (a fixed lock order: no deadlocks).
    """
    _check(quantity=quantity, reason=reason, note=note)
    with transaction.atomic(savepoint=False):
        stock_after = _take(product_id, quantity, sold=reason in SOLD_COUNT_REASONS, only_active=only_active)
        movement = None
        if stock_after is not None:
            movement = _movement(
                product_id, quantity, stock_after, reason, by, ref_kind, ref_id, ref_label, note
            )
            movement.save()
            stock_moved.send(sender=StockMovement, movements=[movement])
    if movement is None:
        raise _refusal(product_id, quantity, only_active)
    return movement


def stock_moves(
    *,
    moves: list[tuple[int, int]],
    reason: str,
    by: User | None,
    ref_kind: str = "",
    ref_id: int | None = None,
    ref_label: str = "",
    note: str = "",
    only_active: bool = False,
) -> list[StockMovement]:
    """Several products' moves of one cause (an order's lines): `stock_move` for each, in product-id order,
    with one INSERT for all their movements. Meant for a caller that refuses as a whole: on OutOfStock the
    moves already made are left to the caller's transaction to roll back (it is marked for rollback)."""
    for _product_id, quantity in moves:
        _check(quantity=quantity, reason=reason, note=note)
    sold = reason in SOLD_COUNT_REASONS
    movements = []
    with transaction.atomic(savepoint=False):
        for product_id, quantity in sorted(moves):
            stock_after = _take(product_id, quantity, sold=sold, only_active=only_active)
            if stock_after is None:
                raise _refusal(product_id, quantity, only_active)
            movements.append(
                _movement(product_id, quantity, stock_after, reason, by, ref_kind, ref_id, ref_label, note)
            )
        saved = StockMovement.objects.bulk_create(movements)
        stock_moved.send(sender=StockMovement, movements=saved)
        return saved


def _movement(
    product_id, quantity, stock_after, reason, by, ref_kind, ref_id, ref_label, note
) -> StockMovement:
    """The (unsaved) movement row of one move."""
    return StockMovement(
        product_id=product_id,
        quantity=quantity,
        reason=reason,
        ref_kind=ref_kind,
        ref_id=ref_id,
        ref_label=ref_label[:60],
        note=note.strip()[:300],
        actor=by,
        stock_after=stock_after,
    )


def _returning_supported() -> bool:
    if connection.vendor == "postgresql":
        return True
    return connection.vendor == "sqlite" and sqlite3.sqlite_version_info >= (3, 35, 0)


def _take(product_id: int, quantity: int, *, sold: bool, only_active: bool) -> int | None:
    """The conditional UPDATE; the stock after it, or None when refused (below zero, or inactive).

    PostgreSQL and SQLite return the new stock from the UPDATE itself (RETURNING); MariaDB has no
    UPDATE ... RETURNING, so it reads the row back, still under the row lock the UPDATE took.
    """
    if _returning_supported():
        qn = connection.ops.quote_name
        stock, sold_count = qn("stock"), qn("sold_count")
        sets = [f"{stock} = {stock} + %s"]
        params = [quantity]
        if sold:
            sets.append(f"{sold_count} = {sold_count} - %s")
            params.append(quantity)
        where = f"{qn('id')} = %s AND {stock} >= %s" + (f" AND {qn('is_active')}" if only_active else "")
        params += [product_id, -quantity]
        # Only quoted identifiers are formatted in; every value is a parameter.
        sql = f"UPDATE {qn(Product._meta.db_table)} SET {', '.join(sets)} WHERE {where} RETURNING {stock}"  # noqa: S608
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            row = cursor.fetchone()
        return row[0] if row else None
    changes = {"stock": F("stock") + quantity}
    if sold:
        changes["sold_count"] = F("sold_count") - quantity
    rows = Product.objects.filter(pk=product_id, stock__gte=-quantity)
    if only_active:
        rows = rows.filter(is_active=True)
    if not rows.update(**changes):
        return None
    return Product.objects.filter(pk=product_id).values_list("stock", flat=True).get()


def moving_average_cost(*, stock: int, cost_price: int, quantity: int, unit_cost: int) -> int:
    """The product's cost price (HPP) after receiving `quantity` at `unit_cost`, in whole rupiah.

    (stock × cost + quantity × unit cost) / (stock + quantity), rounded half up to the rupiah. Stock on hand
    with no known cost (cost price 0, e.g. the opening balance) does not dilute it: the new cost is then the
    unit cost of the receipt.
    """
    if cost_price == 0 or stock <= 0:
        return unit_cost
    total = stock * cost_price + quantity * unit_cost
    units = stock + quantity
    return (2 * total + units) // (2 * units)


def stock_receive(
    *,
    product_id: int,
    quantity: int,
    unit_cost: int,
    by: User | None,
    ref_kind: str = "",
    ref_id: int | None = None,
    ref_label: str = "",
    note: str = "",
) -> StockMovement:
    """Goods in: a positive move (reason goods receipt) that also moves the cost price by moving average.

    The product row is locked first (SELECT ... FOR UPDATE) so the stock and cost the average is computed
    from are the ones the update changes.
    """
    if isinstance(quantity, bool) or not isinstance(quantity, int) or quantity <= 0:
        raise StockError(_("The received quantity must be a whole number above zero."))
    if isinstance(unit_cost, bool) or not isinstance(unit_cost, int) or unit_cost < 0:
        raise StockError(_("The unit cost must be a whole number of rupiah, zero or more."))
    with transaction.atomic(savepoint=False):
        product = (
            Product.objects.select_for_update().only("stock", "cost_price").filter(pk=product_id).first()
        )
        if product is None:
            raise StockError(_("This product does not exist."))
        cost = moving_average_cost(
            stock=product.stock, cost_price=product.cost_price, quantity=quantity, unit_cost=unit_cost
        )
        movement = stock_move(
            product_id=product_id,
            quantity=quantity,
            reason=R.RECEIPT,
            by=by,
            ref_kind=ref_kind,
            ref_id=ref_id,
            ref_label=ref_label,
            note=note,
        )
        Product.objects.filter(pk=product_id).update(cost_price=cost)
        return movement


# Reasons staff may choose for an adjustment by hand (the others belong to their own processes).
ADJUSTMENT_REASONS = (R.CORRECTION, R.DAMAGE)


def stock_adjust(*, product_id: int, quantity: int, reason: str, note: str, by: User) -> StockMovement:
    """A staff adjustment with a reason and a note (the admin's stock field is read-only)."""
    if reason not in ADJUSTMENT_REASONS:
        raise StockError(_("Choose a reason for the stock change."))
    return stock_move(product_id=product_id, quantity=quantity, reason=reason, by=by, note=note)


# --- Stock opname (issue 12 item 7) -----------------------------------------------------------------------


class CountError(ValueError):
    """A count step that is not allowed now; the message says why."""


@transaction.atomic
def stock_count_start(
    *,
    scope: str,
    by: User,
    category: Category | None = None,
    product_ids: list[int] | None = None,
    note: str = "",
) -> StockCount:
    """Open a count of every active product, of one category (and its subcategories), or of a selection.

    Each line records the stock at the start (`expected`); the difference is taken later against the stock
    at the moment the line is counted.
    """
    products = Product.objects.filter(is_active=True)
    if scope == CountScope.CATEGORY:
        if category is None:
            raise CountError(_("Choose the category to count."))
        products = products.filter(Q(category=category) | Q(category__parent=category))
    elif scope == CountScope.SELECTION:
        product_ids = [pk for pk in (product_ids or []) if isinstance(pk, int)]
        if not product_ids:
            raise CountError(_("Choose at least one product to count."))
        products = Product.objects.filter(pk__in=product_ids)
    elif scope != CountScope.ALL:
        raise CountError(_("Choose what to count."))
    rows = list(products.order_by("pk").values_list("pk", "stock"))
    if not rows:
        raise CountError(_("There is no product to count in this choice."))
    count = StockCount.objects.create(
        scope=scope,
        category=category if scope == CountScope.CATEGORY else None,
        note=note.strip()[:300],
        started_by=by,
    )
    StockCountLine.objects.bulk_create(
        (StockCountLine(count=count, product_id=pk, expected=stock) for pk, stock in rows), batch_size=1000
    )
    return count


def _locked_count(count: StockCount) -> StockCount:
    return StockCount.objects.select_for_update().get(pk=count.pk)


@transaction.atomic
def stock_count_line_record(*, line: StockCountLine, counted: int, by: User) -> StockCountLine:
    """Record what is on the shelf for one line, with the stock of this moment (re-counting overwrites).

    The product row is locked, so no sale or receipt moves the stock between reading it and reading the units
    sold but still on the shelf: the two numbers are of one moment.
    """
    if isinstance(counted, bool) or not isinstance(counted, int) or counted < 0:
        raise CountError(_("The counted quantity must be a whole number, zero or more."))
    count = _locked_count(line.count)
    if count.status != CountStatus.OPEN:
        raise CountError(_("This count is no longer open for counting."))
    line = StockCountLine.objects.select_for_update().get(pk=line.pk, count=count)
    locked = Product.objects.select_for_update().filter(pk=line.product_id)
    product = locked.values("stock", "cost_price").get()
    line.counted = counted
    line.stock_at_count = product["stock"]
    line.held_at_count = units_held_on_shelf(line.product_id)
    line.unit_cost = product["cost_price"]
    line.counted_at = timezone.now()
    line.counted_by = by
    line.save(
        update_fields=["counted", "stock_at_count", "held_at_count", "unit_cost", "counted_at", "counted_by"]
    )
    return line


@transaction.atomic
def stock_count_submit(*, count: StockCount, by: User) -> StockCount:
    """Counting is done: the count waits for the Owner. Lines not counted are left out of the posting."""
    count = _locked_count(count)
    if count.status != CountStatus.OPEN:
        raise CountError(_("Only an open count can be submitted."))
    if not count.lines.filter(counted__isnull=False).exists():
        raise CountError(_("Count at least one product before submitting."))
    count.status = CountStatus.SUBMITTED
    count.submitted_by = by
    count.submitted_at = timezone.now()
    count.save(update_fields=["status", "submitted_by", "submitted_at"])
    return count


@transaction.atomic
def stock_count_approve(*, count: StockCount, by: User) -> StockCount:
    """The Owner approves: each counted line's difference is posted as an opname adjustment, by product.

    The permission (inventory.approve_stockcount, the Owner's) is checked by the caller's view; a move the
    stock cannot take any more (OutOfStock) refuses the whole approval, nothing posted.
    """
    count = _locked_count(count)
    if count.status != CountStatus.SUBMITTED:
        raise CountError(_("Only a submitted count can be approved."))
    lines = count.lines.filter(counted__isnull=False).select_related("product").order_by("product_id")
    for line in lines:
        difference = line.difference
        if difference:
            stock_move(
                product_id=line.product_id,
                quantity=difference,
                reason=R.OPNAME,
                by=by,
                ref_kind="opname",
                ref_id=count.pk,
                ref_label=count.label,
                note=_("Counted %(counted)d, expected on the shelf %(expected)d")
                % {"counted": line.counted, "expected": line.on_shelf_expected},
            )
    count.status = CountStatus.POSTED
    count.decided_by = by
    count.decided_at = timezone.now()
    count.save(update_fields=["status", "decided_by", "decided_at"])
    return count


@transaction.atomic
def stock_count_cancel(*, count: StockCount, by: User) -> StockCount:
    count = _locked_count(count)
    if count.status not in (CountStatus.OPEN, CountStatus.SUBMITTED):
        raise CountError(_("This count is already closed."))
    count.status = CountStatus.CANCELLED
    count.decided_by = by
    count.decided_at = timezone.now()
    count.save(update_fields=["status", "decided_by", "decided_at"])
    return count


# --- Low stock (issue 12 item 8) ---------------------------------------------------------------------------

DIGEST_LIMIT = 100  # products listed in one mail; the staff page has them all


def low_stock_digest_send(*, today=None) -> int:
    """Mail the staff (Customer Service and the Owner) the products at or under their minimum stock.

    One mail per address and day (the outbox's dedupe key `low-stock:<date>:<address>`), none when nothing is
    low. Returns how many addresses the digest went to (a repeat the same day queues nothing new).
    """
    today = today or timezone.localdate()
    products = low_stock_products()
    total = products.count()
    if not total:
        return 0
    listed = list(products[:DIGEST_LIMIT])
    staff = User.objects.filter(groups__name__in=[CUSTOMER_SERVICE, OWNER], is_active=True, is_staff=True)
    addresses = sorted(set(staff.values_list("email", flat=True)))
    with transaction.atomic():
        for address in addresses:
            email_queue(
                to=address,
                kind="staff_low_stock",
                template="inventory/email/low_stock",
                context={"products": listed, "total": total, "day": today},
                dedupe_key=f"low-stock:{today.isoformat()}:{address}",
            )
    return len(addresses)


def opening_balances_record(*, products=None, batch_size: int = 2000) -> int:
    """Open the ledger of products that hold stock but have no movement yet: one "opening balance" each.

    For loads that create products with their stock in bulk, around `stock_move` (the demo shop, bench data),
    so the sum of every product's movements equals its stock from the start. Safe to run again.
    """
    pending = (Product.objects.all() if products is None else products).filter(stock__gt=0)
    pending = pending.exclude(pk__in=StockMovement.objects.values("product_id"))
    made, batch = 0, []
    for pk, stock in pending.order_by("pk").values_list("pk", "stock").iterator(chunk_size=batch_size):
        batch.append(StockMovement(product_id=pk, quantity=stock, reason=R.OPENING, stock_after=stock))
        if len(batch) >= batch_size:
            stock_moved.send(sender=StockMovement, movements=StockMovement.objects.bulk_create(batch))
            made, batch = made + len(batch), []
    stock_moved.send(sender=StockMovement, movements=StockMovement.objects.bulk_create(batch))
    return made + len(batch)
