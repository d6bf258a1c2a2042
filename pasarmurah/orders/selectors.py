"""Reads of the orders domain. A member's orders are always looked up through that member."""

from dataclasses import dataclass

from django.db.models import Count, Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from pasarmurah.orders.models import (
    MEMBER_CANCELLABLE,
    Order,
    OrderEvent,
    OrderStatus,
    PaymentProof,
    PaymentProofStatus,
)

S = OrderStatus


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
        Order.objects.select_related("courier", "member").prefetch_related(
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


def queue_counts() -> dict[str, int]:
    """How many orders wait in each queue: one query."""
    aggregates = {name: Count("pk", filter=Q(status=status)) for name, status in QUEUES}
    return Order.objects.aggregate(**aggregates)


def orders_for_desk(*, queue: str | None = None, query: str = "") -> QuerySet[Order]:
    """Orders for the staff desk: a queue, or a search by number, member name, e-mail or phone."""
    orders = Order.objects.select_related("member", "courier").order_by("created_at", "pk")
    status = dict(QUEUES).get(queue or "")
    if status:
        orders = orders.filter(status=status)
    query = query.strip()[:100]
    if query:
        digits = "".join(ch for ch in query if ch.isdigit())
        match = (
            Q(number__icontains=query)
            | Q(member__full_name__icontains=query)
            | Q(member__email__icontains=query)
            | Q(recipient_name__icontains=query)
        )
        if len(digits) >= 4:
            match |= Q(member__phone__contains=digits.lstrip("0")) | Q(phone__contains=digits.lstrip("0"))
        orders = orders.filter(match).order_by("-created_at", "-pk")
    return orders


def member_export_order_data(*, user) -> dict:
    """The orders part of a member's data export (UU PDP): every order with its lines and events."""
    orders = Order.objects.filter(member=user).prefetch_related("lines", "events").order_by("pk")
    return {
        "orders": [
            {
                "number": order.number,
                "status": order.status,
                "placed_at": order.created_at.isoformat(),
                "recipient": order.recipient_name,
                "phone": order.phone,
                "address": f"{order.street}, {order.city}, {order.get_province_display()}",
                "postal_code": order.postal_code,
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
                "events": [
                    {"at": event.created_at.isoformat(), "to": event.to_status, "note": event.note}
                    for event in order.events.all()
                ],
            }
            for order in orders
        ]
    }
