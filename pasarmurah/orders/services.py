"""Writes of the orders domain: placing an order, and one function per lifecycle transition (DESIGN.md §4).

Every transition locks the order row, checks the move is allowed, writes an OrderEvent with its actor, moves
stock when it must (cancelled and expired give it back) and leaves notifications for after the commit.
"""

import copy
import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from pasarmurah.accounts.models import Address, User
from pasarmurah.catalog.pricing import PricedLines
from pasarmurah.core.images import CleanImage
from pasarmurah.core.money import format_rupiah
from pasarmurah.core.private_files import private_folders_delete, private_image_save
from pasarmurah.inventory.models import MovementReason
from pasarmurah.inventory.services import OutOfStock, stock_move, stock_moves
from pasarmurah.orders import notifications
from pasarmurah.orders.models import (
    HOLDS_STOCK,
    MEMBER_CANCELLABLE,
    CounterPayment,
    CounterPaymentMethod,
    Order,
    OrderChannel,
    OrderDiscount,
    OrderEvent,
    OrderLine,
    OrderSettings,
    OrderStatus,
    PaymentProof,
    PaymentProofStatus,
    TransitionError,
)
from pasarmurah.orders.selectors import PROOF_FOLDER, order_quote, proof_upload_refusal
from pasarmurah.orders.signals import order_changed
from pasarmurah.promotions.services import DiscountError, discounts_redeem, discounts_release
from pasarmurah.store.selectors import store_profile

S = OrderStatus


class CheckoutError(Exception):
    """The order cannot be placed as it stands; the message tells the member what to do."""


class CartChanged(CheckoutError):
    """Prices or availability changed since the member reviewed the cart."""

    def __init__(self, message: str, summary: PricedLines):
        super().__init__(message)
        self.summary = summary


def order_number_for(order: Order) -> str:
    """PM-YYMM-000123: the month of placing (Jakarta time) and the order's id."""
    placed = timezone.localtime(order.created_at)
    return f"PM-{placed:%y%m}-{order.pk:06d}"


def order_place(
    *,
    member: User,
    items: dict[int, int],
    checkout_key: str,
    address: Address,
    courier_code: str,
    note: str = "",
    reviewed_fingerprint: str | None = None,
    voucher_code: str = "",
) -> Order:
    """Turn a member's cart into an order in one transaction; a repeated submit returns the same order.

    The checkout key is unique: a repeated or concurrent submit fails to insert a second order and gets
    the first one back. Prices, discounts and totals come only from the database. Stock is taken through the
    ledger (`inventory.services.stock_move`: a conditional UPDATE, stock + q >= 0, and its movement row),
    rows in product-id order, so two members racing for the last unit get one order and one clear refusal,
    on SQLite, PostgreSQL and MariaDB alike. Each line snapshots the product's cost price (HPP).
    """
    if address.user_id != member.pk:
        raise CheckoutError(_("Choose one of your own addresses."))
    try:
        # Durable: placing is never part of a larger transaction, so the order is committed when this returns.
        with transaction.atomic(durable=True):
            return _place(
                member=member,
                items=items,
                checkout_key=checkout_key,
                address=address,
                courier_code=courier_code,
                note=note,
                reviewed_fingerprint=reviewed_fingerprint,
                voucher_code=voucher_code,
            )
    except DiscountError as refused:
        raise CheckoutError(str(refused)) from refused
    except IntegrityError:
        # A concurrent submit of the same cart won the checkout key; its order is this member's order.
        existing = Order.objects.filter(checkout_key=checkout_key, member=member).first()
        if existing is None:
            raise
        return existing


def _place(
    *, member, items, checkout_key, address, courier_code, note, reviewed_fingerprint, voucher_code
) -> Order:
    quote = order_quote(
        member=member,
        items=items,
        province=address.province,
        courier_code=courier_code,
        voucher_code=voucher_code,
        lock=True,
    )
    summary = quote.lines
    if summary.is_empty:
        raise CheckoutError(_("Your cart is empty."))
    # A repeated submit of the same checkout finds the key taken at this INSERT, before any stock is touched.
    if len(summary.lines) != len(items):
        raise CartChanged(
            _("Some products in your cart are no longer sold. Please check your cart."), summary
        )
    if reviewed_fingerprint is not None and reviewed_fingerprint != summary.fingerprint():
        raise CartChanged(
            _("Prices or stock changed since you opened checkout. Please check the new total."), summary
        )
    option = quote.shipping
    if option is None:
        raise CheckoutError(_("This delivery option is not available for the chosen address."))
    if quote.voucher_error:
        raise CheckoutError(quote.voucher_error)
    rules = OrderSettings.load()
    order = Order.objects.create(
        member=member,
        checkout_key=checkout_key,
        recipient_name=address.recipient_name,
        phone=address.phone,
        street=address.street,
        city=address.city,
        province=address.province,
        postal_code=address.postal_code,
        courier=option.courier,
        courier_name=option.courier.name,
        is_pickup=option.courier.is_pickup,
        note=note[:500],
        weight_grams=summary.weight_grams,
        subtotal=quote.subtotal,
        discount_total=quote.discount_total,
        shipping_cost=quote.shipping_cost,
        total=quote.total,
        payment_deadline=timezone.now() + datetime.timedelta(hours=rules.payment_window_hours),
    )
    # Orders are numbered first, so each stock movement names its order.
    order.number = order_number_for(order)
    order.save(update_fields=["number"])
    try:  # in product-id order: a fixed lock order, no deadlocks between checkouts
        stock_moves(
            moves=[(line.product.pk, -line.quantity) for line in summary.lines],
            reason=MovementReason.ONLINE_SALE,
            by=member,
            ref_kind="order",
            ref_id=order.pk,
            ref_label=order.number,
            only_active=True,
        )
    except OutOfStock as refused:
        line = next(line for line in summary.lines if line.product.pk == refused.product_id)
        raise CartChanged(
            _("Sorry, %(name)s no longer has %(quantity)d in stock.")
            % {"name": line.product.name, "quantity": line.quantity},
            summary,
        ) from refused
    lines = _lines_and_discounts_write(order=order, member=member, quote=quote)
    event = OrderEvent.objects.create(
        order=order,
        actor=member,
        kind=OrderEvent.Kind.PLACED,
        to_status=S.AWAITING_PAYMENT,
        note=_("Order placed"),
    )
    notifications.notify_member(order, "placed", event_id=event.pk, lines=lines, discounts=quote.discounts)
    notifications.notify_customer_service(order, "new_order", event_id=event.pk)
    order_changed.send(sender=Order, order=order, previous=None)
    return order


def _lines_and_discounts_write(*, order: Order, member: User | None, quote) -> list[OrderLine]:
    """The order's lines (price and cost snapshots) and discounts, online or at the counter: promotions takes
    the discounts' uses, the order's own discount rows are written here."""
    lines = OrderLine.objects.bulk_create(
        OrderLine(
            order=order,
            product=line.product,
            product_name=line.product.name,
            sku=line.product.sku,
            base_unit_price=line.quote.base_price,
            unit_price=line.unit_price,
            quantity=line.quantity,
            weight_grams=line.product.weight_grams,
            unit_cost=line.product.cost_price,
        )
        for line in quote.lines.lines
    )
    if quote.discounts:
        discounts_redeem(order=order, member=member, offers=quote.discounts)
        OrderDiscount.objects.bulk_create(
            OrderDiscount(order=order, kind=offer.kind, label=offer.label, amount=offer.amount)
            for offer in quote.discounts
        )
    return lines


def _give_stock_back(order: Order, *, by: User | None, to: str) -> None:
    """Cancelled or expired: every line's units go back to stock through the ledger, in product-id order."""
    note = _("Order cancelled") if to == S.CANCELLED else _("Order expired")
    lines = order.lines.filter(product__isnull=False).values_list("product_id", "quantity")
    if lines:
        stock_moves(
            moves=list(lines),
            reason=MovementReason.RETURN,
            by=by,
            ref_kind="order",
            ref_id=order.pk,
            ref_label=order.number or "",
            note=note,
        )


def _transition(
    order: Order, to: str, *, by: User | None, note: str = "", mail_note: str | None = None, **changes
) -> Order:
    """Lock the order, check the move, apply it with its event. Callers run inside a transaction.

    The member's e-mail repeats the event's note, or `mail_note` when the mail says it in its own words.
    """
    order = Order.objects.select_for_update().get(pk=order.pk)
    order.require_transition(to)
    before = order.status
    previous = copy.copy(order)
    if before in HOLDS_STOCK and to in (S.CANCELLED, S.EXPIRED):
        _give_stock_back(order, by=by, to=to)
        discounts_release(order=order)
    order.status = to
    for name, value in changes.items():
        setattr(order, name, value)
    order.save(update_fields=["status", "updated_at", *changes])
    event = OrderEvent.objects.create(
        order=order,
        actor=by,
        kind=OrderEvent.kind_for(before=before, to=to),
        from_status=before,
        to_status=to,
        note=note,
    )
    order_changed.send(sender=Order, order=order, previous=previous)
    _notify(order, before=before, to=to, event=event, note=note if mail_note is None else mail_note)
    return order


# Which member e-mail each arrival announces (processing needs none: the "paid" mail says it is prepared).
MEMBER_MAIL_ON_ARRIVAL = {
    S.PAYMENT_REVIEW: "proof_received",
    S.PAID: "paid",
    S.SHIPPED: "shipped",
    S.COMPLETED: "completed",
    S.CANCELLED: "cancelled",
    S.EXPIRED: "expired",
}


def _notify(order: Order, *, before: str, to: str, event: OrderEvent, note: str) -> None:
    """Queue the e-mails of a transition in its transaction; the outbox sends them after commit."""
    kind = "payment_rejected" if (before, to) == (S.PAYMENT_REVIEW, S.AWAITING_PAYMENT) else None
    kind = kind or MEMBER_MAIL_ON_ARRIVAL.get(to)
    if kind:
        notifications.notify_member(order, kind, event_id=event.pk, note=note)
    if to == S.PAYMENT_REVIEW:
        notifications.notify_customer_service(order, "new_proof", event_id=event.pk)


class ProofLimitReached(TransitionError):
    """The member reached a limit on proof uploads (settings.MEMBER_LIMITS); the message says which."""


@transaction.atomic
def payment_proof_submit(
    *,
    order: Order,
    member: User,
    image: CleanImage,
    sender_name: str,
    sender_bank: str,
    amount: int,
) -> PaymentProof:
    """A member uploads its transfer receipt (an already checked and re-encoded image).

    Every check comes before the file is written: the member's row is locked first (the same lock order as
    the erasure), so the per-member limits hold under concurrent uploads, then the order; a refused upload
    stores nothing, and a later failure in the transaction removes the file again (core.private_files).
    """
    if order.member_id != member.pk:
        raise TransitionError(_("This is not your order."))
    User.objects.select_for_update().only("pk").get(pk=member.pk)
    locked = Order.objects.select_for_update().get(pk=order.pk)
    if locked.status == S.PAYMENT_REVIEW:
        raise TransitionError(
            _(
                "A payment proof for this order is already waiting for verification. We will tell you by "
                "e-mail once we have checked it."
            )
        )
    if not locked.can_move_to(S.PAYMENT_REVIEW):
        raise TransitionError(
            _("Order %(number)s is %(status)s: it takes no payment proof any more.")
            % {"number": locked.number, "status": locked.get_status_display()}
        )
    if locked.payment_deadline <= timezone.now():
        raise TransitionError(_("The time to pay for this order has passed."))
    locked.require_transition(S.PAYMENT_REVIEW)
    refusal = proof_upload_refusal(order=locked, member=member)
    if refusal:
        raise ProofLimitReached(refusal)
    name = private_image_save(folder=PROOF_FOLDER, owner_id=order.pk, image=image)
    proof = PaymentProof.objects.create(
        order=locked, image_name=name, sender_name=sender_name, sender_bank=sender_bank, amount=amount
    )
    _transition(locked, S.PAYMENT_REVIEW, by=member, note=_("Payment proof uploaded"))
    return proof


@transaction.atomic
def payment_proof_verify(*, proof: PaymentProof, by: User) -> Order:
    """Staff accept a transfer proof: the order is paid."""
    order = _transition(proof.order, S.PAID, by=by, note=_("Payment verified"), paid_at=timezone.now())
    # a save, not a queryset update: the proof's own before/after reaches the audit log with its reviewer
    proof.status, proof.reviewed_by, proof.reviewed_at = PaymentProofStatus.ACCEPTED, by, timezone.now()
    proof.save(update_fields=["status", "reviewed_by", "reviewed_at"])
    return order


@transaction.atomic
def payment_proof_reject(*, proof: PaymentProof, by: User, reason: str) -> Order:
    """Staff refuse a proof with a reason; the member may upload another before the deadline."""
    reason = reason.strip()
    if not reason:
        raise TransitionError(_("Give the member a reason for the rejection."))
    order = _transition(
        proof.order,
        S.AWAITING_PAYMENT,
        by=by,
        note=_("Payment proof rejected: %(reason)s") % {"reason": reason},
        mail_note=reason,  # the mail says "we could not accept your payment proof: <reason>" itself
    )
    proof.status, proof.reject_reason = PaymentProofStatus.REJECTED, reason[:300]
    proof.reviewed_by, proof.reviewed_at = by, timezone.now()
    proof.save(update_fields=["status", "reject_reason", "reviewed_by", "reviewed_at"])
    return order


@transaction.atomic
def order_mark_processing(*, order: Order, by: User) -> Order:
    return _transition(order, S.PROCESSING, by=by, note=_("Order is being packed"))


@transaction.atomic
def order_ship(*, order: Order, by: User, tracking_number: str = "") -> Order:
    """Staff hand the parcel to the courier (a tracking number is required unless it is a pick-up)."""
    tracking_number = tracking_number.strip()
    if not tracking_number and not order.is_pickup:
        raise TransitionError(_("Enter the courier's tracking number (resi)."))
    return _transition(
        order,
        S.SHIPPED,
        by=by,
        note=_("Shipped, tracking number %(resi)s") % {"resi": tracking_number} if tracking_number else "",
        tracking_number=tracking_number[:60],
        shipped_at=timezone.now(),
    )


@transaction.atomic
def order_confirm_received(*, order: Order, member: User) -> Order:
    if order.member_id != member.pk:
        raise TransitionError(_("This is not your order."))
    return _transition(order, S.COMPLETED, by=member, note=_("Receipt confirmed"), closed_at=timezone.now())


@transaction.atomic
def order_cancel(*, order: Order, by: User, reason: str = "") -> Order:
    """Members cancel before paying; staff cancel any order not yet shipped (with a reason). Stock returns."""
    if not by.is_staff:
        if order.member_id != by.pk:
            raise TransitionError(_("This is not your order."))
        if order.status not in MEMBER_CANCELLABLE:
            raise TransitionError(_("This order can no longer be cancelled by you; please contact us."))
    elif not reason.strip():
        raise TransitionError(_("Give a reason for cancelling."))
    return _transition(order, S.CANCELLED, by=by, note=reason.strip(), closed_at=timezone.now())


def orders_expire_unpaid(*, now: datetime.datetime | None = None) -> list[int]:
    """Expire orders still unpaid at their deadline (the periodic job); safe to run twice or concurrently."""
    now = now or timezone.now()
    expired = []
    overdue = Order.objects.filter(status=S.AWAITING_PAYMENT, payment_deadline__lte=now).values_list(
        "pk", flat=True
    )
    for pk in list(overdue):
        with transaction.atomic(durable=True):  # each order commits on its own; never inside a caller's
            order = Order.objects.select_for_update().get(pk=pk)
            if order.status != S.AWAITING_PAYMENT:
                continue  # paid or cancelled meanwhile
            _transition(order, S.EXPIRED, by=None, note=_("Not paid in time"), closed_at=now)
            expired.append(pk)
    return expired


def orders_complete_shipped(*, now: datetime.datetime | None = None) -> list[int]:
    """Complete shipped orders the member did not confirm within the owner's number of days."""
    now = now or timezone.now()
    cutoff = now - datetime.timedelta(days=OrderSettings.load().auto_complete_days)
    completed = []
    for pk in list(
        Order.objects.filter(status=S.SHIPPED, shipped_at__lte=cutoff).values_list("pk", flat=True)
    ):
        with transaction.atomic(durable=True):
            order = Order.objects.select_for_update().get(pk=pk)
            if order.status != S.SHIPPED:
                continue
            _transition(order, S.COMPLETED, by=None, note=_("Completed automatically"), closed_at=now)
            completed.append(pk)
    return completed


ERASED = "(dihapus)"


def member_erase_order_data(*, user: User) -> None:
    """Privacy erasure (UU PDP): orders stay for the books, without the member's personal data.

    Kept for the books: the order rows with number, dates, status history, lines, amounts, courier, city and
    province, and each payment proof's amount, bank, status and review (the shop's bank statement is its
    record of the money). Blanked: names, phone numbers, street addresses, notes and transfer senders.
    Deleted: every proof image, by sweeping each of the member's order folders in private storage once the
    erasure commits (also files no row names). Open unpaid orders are cancelled first.
    """
    for order in Order.objects.filter(member=user, status=S.AWAITING_PAYMENT):
        with transaction.atomic():
            _transition(order, S.CANCELLED, by=None, note=_("Account deleted"), closed_at=timezone.now())
    private_folders_delete(
        folder=PROOF_FOLDER, owner_ids=Order.objects.filter(member=user).values_list("pk", flat=True)
    )
    PaymentProof.objects.filter(order__member=user).update(sender_name=ERASED, image_name="")
    Order.objects.filter(member=user).update(recipient_name=ERASED, phone="", street=ERASED, note="")


# The counter sale (penjualan toko / kasir): paid and handed over on the spot, an order of its own channel.


class CounterSaleError(CheckoutError):
    """A counter sale that cannot be made as it stands; the message tells the cashier what to do."""


COUNTER_KEY_PREFIX = "counter-"
COUNTER_MAX_QUANTITY = 999
REFERENCE_REQUIRED = {CounterPaymentMethod.CARD, CounterPaymentMethod.QRIS}


def counter_sale_place(
    *,
    items: dict[int, int],
    sale_key: str,
    payment_method: str,
    amount_received: int | None = None,
    reference: str = "",
    member: User | None = None,
    voucher_code: str = "",
    by: User,
) -> Order:
    """Sell at the counter in one transaction: a paid, completed order (channel counter) with its stock taken.

    The member (optional: a walk-in has none) gets its birthday discount and vouchers as online, priced by the
    same `order_quote()`; the birthday redemption is one per member and year across both channels. The
    sale key of the cashier's form is the order's unique checkout key, so a double submit returns the first
    sale. Stock goes through the ledger as an online order's does, so the last unit is sold once.
    """
    if not by.has_perm("orders.run_counter_sale"):
        raise CounterSaleError(_("You may not sell at the counter."))
    if not items:
        raise CounterSaleError(_("Add at least one product."))
    for quantity in items.values():
        if not isinstance(quantity, int) or not 0 < quantity <= COUNTER_MAX_QUANTITY:
            raise CounterSaleError(
                _("Quantities are whole numbers from 1 to %(max)d.") % {"max": COUNTER_MAX_QUANTITY}
            )
    if payment_method not in CounterPaymentMethod.values:
        raise CounterSaleError(_("Choose how the customer pays."))
    reference = reference.strip()[:60]
    if payment_method in REFERENCE_REQUIRED and not reference:
        raise CounterSaleError(_("Enter the reference printed on the card or QRIS slip."))
    checkout_key = COUNTER_KEY_PREFIX + sale_key[: 64 - len(COUNTER_KEY_PREFIX)]
    # Read before the transaction: the sale locks nothing it does not write (the store profile's first read
    # creates its row, which would otherwise be one more lock to wait on while another sale holds stock).
    store = store_profile()
    try:
        with transaction.atomic(durable=True):  # the sale is committed when this returns
            return _counter_place(
                store=store,
                items=items,
                checkout_key=checkout_key,
                payment_method=payment_method,
                amount_received=amount_received,
                reference=reference,
                member=member,
                voucher_code=voucher_code,
                by=by,
            )
    except DiscountError as refused:
        raise CounterSaleError(str(refused)) from refused
    except IntegrityError:
        # The same form was submitted twice: the first submit's sale is the sale.
        existing = Order.objects.filter(checkout_key=checkout_key, channel=OrderChannel.COUNTER).first()
        if existing is None:
            raise
        return existing


def _counter_place(
    *, store, items, checkout_key, payment_method, amount_received, reference, member, voucher_code, by
) -> Order:
    quote = order_quote(member=member, items=items, voucher_code=voucher_code.strip(), lock=True)
    summary = quote.lines
    if summary.is_empty or len(summary.lines) != len(items):
        raise CounterSaleError(_("A product in this sale is no longer sold. Remove it and try again."))
    if quote.voucher_error:
        raise CounterSaleError(quote.voucher_error)
    total = quote.total
    if payment_method == CounterPaymentMethod.CASH:
        if amount_received is None or amount_received < total:
            raise CounterSaleError(
                _("The cash received (%(received)s) is less than the total %(total)s.")
                % {"received": format_rupiah(amount_received or 0), "total": format_rupiah(total)}
            )
        change = amount_received - total
    else:
        amount_received, change = total, 0  # card, QRIS and transfer are for the exact total
    now = timezone.now()
    order = Order.objects.create(
        member=member,
        channel=OrderChannel.COUNTER,
        status=S.COMPLETED,
        checkout_key=checkout_key,
        recipient_name=member.full_name if member else "",
        phone=member.phone if member else "",
        street="",
        city=store.city,
        province=store.province,
        postal_code="",
        courier=None,
        courier_name="",
        is_pickup=True,
        weight_grams=summary.weight_grams,
        subtotal=quote.subtotal,
        discount_total=quote.discount_total,
        shipping_cost=0,
        total=total,
        payment_deadline=now,
        paid_at=now,
        closed_at=now,
    )
    order.number = order_number_for(order)
    order.save(update_fields=["number"])
    for line in summary.lines:  # product-id order, as online orders: a fixed lock order
        try:
            stock_move(
                product_id=line.product.pk,
                quantity=-line.quantity,
                reason=MovementReason.COUNTER_SALE,
                by=by,
                ref_kind="order",
                ref_id=order.pk,
                ref_label=order.number,
                only_active=True,
            )
        except OutOfStock as refused:
            raise CounterSaleError(
                _("Sorry, %(name)s no longer has %(quantity)d in stock.")
                % {"name": line.product.name, "quantity": line.quantity}
            ) from refused
    _lines_and_discounts_write(order=order, member=member, quote=quote)
    payment = CounterPayment.objects.create(
        order=order,
        method=payment_method,
        reference=reference,
        amount_received=amount_received,
        change_given=change,
    )
    OrderEvent.objects.create(
        order=order,
        actor=by,
        kind=OrderEvent.Kind.PLACED,
        to_status=S.PAID,
        note=_("Counter sale, paid: %(method)s") % {"method": payment.get_method_display()},
    )
    completed = OrderEvent.objects.create(
        order=order,
        actor=by,
        kind=OrderEvent.Kind.COMPLETED,
        from_status=S.PAID,
        to_status=S.COMPLETED,
        note=_("Handed over at the counter"),
    )
    if member is not None:  # the member's copy of the receipt, in the outbox with the sale
        notifications.notify_member(order, "counter_paid", event_id=completed.pk)
    order_changed.send(sender=Order, order=order, previous=None)
    return order


@transaction.atomic
def counter_sale_cancel(*, order: Order, by: User, reason: str) -> Order:
    """The Owner cancels a counter sale (a mistake, goods brought back): stock back, discounts released."""
    if not by.has_perm("orders.cancel_counter_sale"):
        raise TransitionError(_("Only the owner can cancel a counter sale."))
    reason = reason.strip()
    if not reason:
        raise TransitionError(_("Give a reason for cancelling."))
    order = Order.objects.select_for_update().get(pk=order.pk)
    if order.channel != OrderChannel.COUNTER:
        raise TransitionError(_("Order %(number)s is not a counter sale.") % {"number": order.number})
    if order.status != S.COMPLETED:
        raise TransitionError(
            _("Order %(number)s is %(status)s and cannot be cancelled.")
            % {"number": order.number, "status": order.get_status_display()}
        )
    previous = copy.copy(order)
    _give_stock_back(order, by=by, to=S.CANCELLED)
    discounts_release(order=order)
    order.status = S.CANCELLED
    order.closed_at = timezone.now()
    order.save(update_fields=["status", "closed_at", "updated_at"])
    OrderEvent.objects.create(
        order=order,
        actor=by,
        kind=OrderEvent.Kind.CANCELLED,
        from_status=S.COMPLETED,
        to_status=S.CANCELLED,
        note=reason[:500],
    )
    order_changed.send(sender=Order, order=order, previous=previous)
    return order
