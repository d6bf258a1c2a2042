"""Reads of the orders domain. A member's orders are always looked up through that member."""

import datetime
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.conf import settings
from django.db.models import Count, Prefetch, Q, QuerySet, Sum, Value
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _

from pasarmurah.accounts.models import User
from pasarmurah.catalog.fragments import first_images, running_promos
from pasarmurah.catalog.pricing import PricedLines, PromoBook, priced_lines
from pasarmurah.core.privacy import export_section
from pasarmurah.core.private_files import private_file_export
from pasarmurah.orders.models import (
    MEMBER_CANCELLABLE,
    Order,
    OrderChannel,
    OrderEvent,
    OrderLine,
    OrderStatus,
    PaymentProof,
    PaymentProofStatus,
)
from pasarmurah.promotions.services import DiscountError, DiscountOffer, order_discounts
from pasarmurah.shipping.selectors import ShippingOption, shipping_options

S = OrderStatus
PROOF_FOLDER = "payment-proofs"  # in private storage; orders.services stores the proofs there


@dataclass(frozen=True)
class OrderQuote:
    """What an order of these items costs: lines, discounts, delivery and total, computed in this one place.

    The cart and checkout pages show it and order_place() places it, so the total a member sees is the total
    of the order it gets for the same inputs.
    """

    lines: PricedLines
    discounts: list[DiscountOffer] = field(default_factory=list)
    shipping_options: list[ShippingOption] = field(default_factory=list)
    shipping: ShippingOption | None = None
    voucher_error: str | None = None  # why a typed voucher code does not apply (the quote leaves it out)

    @property
    def subtotal(self) -> int:
        return self.lines.subtotal

    @property
    def weight_grams(self) -> int:
        return self.lines.weight_grams

    @property
    def discount_total(self) -> int:
        return sum(offer.amount for offer in self.discounts)

    @property
    def shipping_cost(self) -> int:
        return self.shipping.cost if self.shipping else 0

    @property
    def total(self) -> int:
        """Order total = lines at their effective price − discounts + shipping (DESIGN.md §5)."""
        return self.subtotal - self.discount_total + self.shipping_cost


def default_shipping_option(options: list[ShippingOption]) -> ShippingOption | None:
    """A courier by default, not pick-up: members all over Indonesia would rarely mean to collect in Solo."""
    return next((o for o in options if not o.courier.is_pickup), options[0] if options else None)


def order_quote(
    *,
    member,
    items: dict[int, int],
    province: str | None = None,
    courier_code: str | None = None,
    voucher_code: str = "",
    lock: bool = False,
    default_courier: bool = False,
    with_images: bool = False,
    cached: bool = False,
    redeemed_years: Callable[[], Iterable[int]] | None = None,
) -> OrderQuote:
    """Price {product id: quantity} for a member (None: a visitor, no discounts) now.

    Without a province there is no delivery yet (the cart page). `courier_code` picks the delivery among the
    province's options; with `default_courier` an unknown code falls back to the default one (the page),
    otherwise the quote has no delivery (order_place refuses it). `lock` locks the voucher row (placing).

    Products, stock and vouchers always come from the database. With `cached` (the cart and checkout pages)
    the running promos, the delivery rates and the lines' photos come from their caches, exact at the moment
    (promos to the second and photos under the catalog version, rates under the shipping version that every
    write renews), and `redeemed_years` may give the member's cached birthday years; placing an order passes
    neither and asks the database for everything.
    """
    book = running_promos() if cached else PromoBook.load()
    lines = priced_lines(items, book=book, with_images=with_images and not cached)
    if with_images and cached:
        images = first_images(line.product.pk for line in lines.lines)
        for line in lines.lines:
            line.image = images[line.product.pk]
    weight = lines.weight_grams
    options = shipping_options(province=province, weight_grams=weight, cached=cached) if province else []
    chosen = next((o for o in options if o.code == courier_code), None)
    if chosen is None and default_courier:
        chosen = default_shipping_option(options)
    discounts, voucher_error = [], None
    if member is not None and not lines.is_empty:
        ask = {"member": member, "summary": lines, "lock": lock, "redeemed_years": redeemed_years}
        try:
            discounts = order_discounts(voucher_code=voucher_code, **ask)
        except DiscountError as refused:
            voucher_error = str(refused)
            discounts = order_discounts(**ask)
    return OrderQuote(
        lines=lines,
        discounts=discounts,
        shipping_options=options,
        shipping=chosen,
        voucher_error=voucher_error,
    )


def orders_for_member(member) -> QuerySet[Order]:
    return Order.objects.filter(member=member).select_related("courier").order_by("-created_at", "-pk")


def order_for_member(member, number: str) -> Order:
    """One of the member's own orders with what its page shows; another member's number is a 404."""
    return get_object_or_404(
        Order.objects.select_related("courier", "member").prefetch_related(
            "lines",
            "discounts",
            Prefetch("events", queryset=OrderEvent.objects.order_by("created_at", "pk")),
            "payment_proofs",
        ),
        member=member,
        number=number,
    )


def proof_upload_refusal(*, order: Order, member) -> str | None:
    """Why the member may not upload another payment proof for this order now, or None.

    The limits (settings.MEMBER_LIMITS) are counted from the proof rows themselves, so nothing can evict
    them: proofs per order in all, and proofs per member in the last hour. The upload service asks again
    under the member's lock; the page asks first, so a refused upload is not even decoded.
    """
    limits = settings.MEMBER_LIMITS
    per_order = limits["proofs_per_order"]
    if PaymentProof.objects.filter(order=order).count() >= per_order:
        return _(
            "This order already has %(count)d payment proofs, the most we accept. Please contact us and we "
            "will help you."
        ) % {"count": per_order}
    per_hour = limits["proofs_per_hour"]
    since = timezone.now() - datetime.timedelta(hours=1)
    if PaymentProof.objects.filter(order__member=member, created_at__gte=since).count() >= per_hour:
        return _(
            "You have uploaded %(count)d payment proofs in the last hour. Please wait a while before you "
            "upload another."
        ) % {"count": per_hour}
    return None


@dataclass(frozen=True)
class MemberActions:
    """What a member may do with its order now (the services check again when it does)."""

    pay: bool  # transfer and upload the proof
    cancel: bool
    confirm: bool  # confirm receipt
    payment_time_over: bool  # unpaid, past the deadline, not yet expired by the job


def member_order_actions(order: Order, *, now=None) -> MemberActions:
    """Ask the lifecycle (TRANSITIONS) which moves the order allows, as the staff order desk does."""
    now = now or timezone.now()
    can_pay = order.can_move_to(S.PAYMENT_REVIEW)
    return MemberActions(
        pay=can_pay and order.payment_deadline > now,
        cancel=order.can_move_to(S.CANCELLED) and order.status in MEMBER_CANCELLABLE,
        confirm=order.can_move_to(S.COMPLETED),
        payment_time_over=can_pay and order.payment_deadline <= now,
    )


def proof_rejection(order: Order) -> PaymentProof | None:
    """The member's last proof, when staff rejected it and the order waits for a new one."""
    latest = next(iter(order.payment_proofs.all()), None)  # newest first
    if order.status == S.AWAITING_PAYMENT and latest and latest.status == PaymentProofStatus.REJECTED:
        return latest
    return None


def proof_waiting(order: Order) -> PaymentProof | None:
    """The proof staff are verifying now, if any."""
    return next((p for p in order.payment_proofs.all() if p.status == PaymentProofStatus.PENDING), None)


def order_for_staff(number: str) -> Order:
    return get_object_or_404(
        Order.objects.select_related("courier", "member", "counter_payment").prefetch_related(
            "lines",
            "discounts",
            Prefetch(
                "events", queryset=OrderEvent.objects.select_related("actor").order_by("created_at", "pk")
            ),
            Prefetch("payment_proofs", queryset=PaymentProof.objects.select_related("reviewed_by")),
        ),
        number=number,
    )


# The staff desk's work queues, in the order the work flows.
QUEUES = [
    ("verify", S.PAYMENT_REVIEW),
    ("process", S.PAID),
    ("ship", S.PROCESSING),
    ("unpaid", S.AWAITING_PAYMENT),
    ("shipped", S.SHIPPED),
    ("done", S.COMPLETED),
    ("cancelled", S.CANCELLED),
    ("expired", S.EXPIRED),
]


# Unpaid orders whose payment time ends within this much (or has ended, before the expiry job ran) are
# "about to expire": the desk's `expiring` queue and the staff dashboard's card.
EXPIRING_WITHIN = datetime.timedelta(hours=6)


EXPIRING_KEY = "~expiring"  # the expiring count's row among the status rows (no status is spelled so)


def _expiring(now: datetime.datetime | None = None) -> Q:
    return Q(status=S.AWAITING_PAYMENT, payment_deadline__lte=(now or timezone.now()) + EXPIRING_WITHIN)


# The queues that hold work still to do (the others only grow with the shop's history).
WORK_STATUSES = (S.PAYMENT_REVIEW, S.PAID, S.PROCESSING, S.AWAITING_PAYMENT)


def queue_counts(*, now: datetime.datetime | None = None, work_only: bool = False) -> dict[str, int]:
    """How many orders wait in each queue, and how many unpaid ones are about to expire: one query.

    Two counts in one statement (UNION ALL): orders grouped by status, which reads only a status index, and
    the unpaid ones due within EXPIRING_WITHIN, a range of the (status, payment deadline) index. One filtered
    count of the "expiring" orders inside the grouped count read that whole larger index, four times slower
    at 100,000 orders. `work_only` counts only the WORK_STATUSES queues: just their part of the index.
    """
    queues = [(name, status) for name, status in QUEUES if not work_only or status in WORK_STATUSES]
    orders = Order.objects.filter(status__in=WORK_STATUSES) if work_only else Order.objects.all()
    per_status = orders.order_by().values("status").annotate(n=Count("pk")).values_list("status", "n")
    expiring = (
        Order.objects.filter(_expiring(now))
        .order_by()
        .annotate(key=Value(EXPIRING_KEY))
        .values("key")
        .annotate(n=Count("pk"))
        .values_list("key", "n")
    )
    rows = dict(per_status.union(expiring, all=True))
    counts = {name: rows.get(status, 0) for name, status in queues}
    counts["expiring"] = rows.get(EXPIRING_KEY, 0)
    return counts


def orders_per_day(*, days: int = 14, today: datetime.date | None = None) -> list[tuple[datetime.date, int]]:
    """Orders placed on each of the last `days` Jakarta days (today last), of every channel and status: one
    query of conditional counts, so the day boundaries are Jakarta midnights on every database."""
    today = today or timezone.localdate()
    zone = timezone.get_current_timezone()
    dates = [today - datetime.timedelta(days=back) for back in range(days - 1, -1, -1)]
    bounds = [datetime.datetime.combine(day, datetime.time.min, zone) for day in dates]
    bounds.append(datetime.datetime.combine(today + datetime.timedelta(days=1), datetime.time.min, zone))
    # every status named, so the (status, created_at) index serves the date range on all three databases
    in_range = Order.objects.filter(
        status__in=OrderStatus.values, created_at__gte=bounds[0], created_at__lt=bounds[-1]
    )
    counts = in_range.aggregate(
        **{
            f"d{n}": Count("pk", filter=Q(created_at__gte=bounds[n], created_at__lt=bounds[n + 1]))
            for n in range(days)
        }
    )
    return [(day, counts[f"d{n}"]) for n, day in enumerate(dates)]


# A whole order number as order_number_for() writes it (PM-YYMM-000123); bench and demo numbers too.
_WHOLE_NUMBER = re.compile(r"PM-[A-Z0-9]{4,}-\d{6,}")


def orders_for_desk(*, queue: str | None = None, query: str = "", channel: str = "") -> QuerySet[Order]:
    """Orders for the staff desk: a queue, or a search by number, member name, e-mail or phone; optionally
    of one channel (online or counter).

    A search reads as little of the table as it can: a whole order number is one row of the unique index; a
    text starting with "PM-" is the start of a number (only that column is compared); any other text is
    compared with the order's number and recipient and with the members' names, e-mails and phones, the
    members looked up once (a subquery) rather than joined to every order. Results are the newest placed
    first (by id, which follows the placing order): read backwards in the table's own order, a search
    stops at its page instead of sorting every match.
    """
    orders = Order.objects.select_related("member", "courier").order_by("created_at", "pk")
    if channel in OrderChannel.values:
        orders = orders.filter(channel=channel)
    status = dict(QUEUES).get(queue or "")
    if status:
        orders = orders.filter(status=status)
    elif queue == "expiring":
        orders = orders.filter(_expiring()).order_by("payment_deadline", "pk")
    query = query.strip()[:100]
    if not query:
        return orders
    if _WHOLE_NUMBER.fullmatch(query.upper()):
        return orders.filter(number=query.upper())
    if query.upper().startswith("PM-"):
        return orders.filter(number__istartswith=query).order_by("-pk")
    members = Q(full_name__icontains=query) | Q(email__icontains=query)
    digits = "".join(ch for ch in query if ch.isdigit())
    phone_digits = digits.lstrip("0")
    if len(digits) >= 4:
        members |= Q(phone__contains=phone_digits)
    match = (
        Q(number__icontains=query)
        | Q(recipient_name__icontains=query)
        | Q(member__in=User.objects.filter(members).values("pk"))
    )
    if len(digits) >= 4:
        match |= Q(phone__contains=phone_digits)
    return orders.filter(match).order_by("-pk")


@export_section(
    covers=["orders.Order", "orders.OrderEvent", "orders.PaymentProof"],
    withholds={
        "orders.OrderEvent": "which staff member made a change (the change, its time and note are exported)",
        "orders.PaymentProof": "which staff member reviewed the proof (the outcome and reason are exported)",
    },
)
def member_export_order_data(*, user) -> dict:
    """The orders part of a member's data export (UU PDP): every order with its lines, discounts, events and
    payment proofs (the uploaded images included)."""
    orders = (
        Order.objects.filter(member=user)
        .prefetch_related(
            "lines",
            "discounts",
            Prefetch("events", queryset=OrderEvent.objects.order_by("created_at", "pk")),
            Prefetch("payment_proofs", queryset=PaymentProof.objects.order_by("created_at", "pk")),
        )
        .order_by("pk")
    )
    return {
        "orders": [
            {
                "number": order.number,
                "status": order.status,
                "channel": order.channel,
                "placed_at": order.created_at.isoformat(),
                "recipient": order.recipient_name,
                "phone": order.phone,
                "address": f"{order.street}, {order.city}, {order.get_province_display()}",
                "postal_code": order.postal_code,
                "note": order.note,
                "courier": order.courier_name,
                "tracking_number": order.tracking_number,
                "subtotal": order.subtotal,
                "discount": order.discount_total,
                "shipping_cost": order.shipping_cost,
                "total": order.total,
                "lines": [
                    {
                        "product": line.product_name,
                        "sku": line.sku,
                        "unit_price": line.unit_price,
                        "quantity": line.quantity,
                    }
                    for line in order.lines.all()
                ],
                "discounts": [
                    {"kind": discount.kind, "label": discount.label, "amount": discount.amount}
                    for discount in order.discounts.all()
                ],
                "events": [
                    {"at": event.created_at.isoformat(), "to": event.to_status, "note": event.note}
                    for event in order.events.all()
                ],
                "payment_proofs": [
                    {
                        "uploaded_at": proof.created_at.isoformat(),
                        "sender_name": proof.sender_name,
                        "sender_bank": proof.sender_bank,
                        "amount": proof.amount,
                        "status": proof.status,
                        "reject_reason": proof.reject_reason,
                        "reviewed_at": proof.reviewed_at.isoformat() if proof.reviewed_at else None,
                        "image": private_file_export(folder=PROOF_FOLDER, name=proof.image_name),
                    }
                    for proof in order.payment_proofs.all()
                ],
            }
            for order in orders
        ]
    }


def counter_sale_for_key(sale_key: str) -> Order | None:
    """The counter sale a cashier's form already placed, if any (its sale key is the order's checkout key)."""
    return Order.objects.filter(checkout_key=f"counter-{sale_key}", channel=OrderChannel.COUNTER).first()


# Orders whose stock is taken but whose goods are still in the shop: placed online and not yet shipped.
ON_SHELF_STATUSES = (S.AWAITING_PAYMENT, S.PAYMENT_REVIEW, S.PAID, S.PROCESSING)


def units_sold_not_shipped(product_id: int) -> int:
    """Units of a product in online orders that took their stock but have not left the shop (stock counts)."""
    held = OrderLine.objects.filter(
        product_id=product_id, order__channel=OrderChannel.ONLINE, order__status__in=ON_SHELF_STATUSES
    ).aggregate(units=Sum("quantity"))["units"]
    return held or 0
