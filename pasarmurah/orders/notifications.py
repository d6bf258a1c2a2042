"""E-mails about orders, written to the outbox in the same transaction as the change they report.

The outbox sends them after commit (pasarmurah.mail.outbox): a mail server that is down delays a message,
never breaks or slows checkout. Each event has a dedupe key, so a retried transition never mails twice.
"""

from pasarmurah.accounts.models import User
from pasarmurah.accounts.roles import CUSTOMER_SERVICE
from pasarmurah.mail.outbox import email_queue
from pasarmurah.orders.models import Order, PaymentProofStatus
from pasarmurah.store.selectors import active_bank_accounts, store_profile

MEMBER_KINDS = {
    "placed",
    "proof_received",
    "paid",
    "payment_rejected",
    "shipped",
    "completed",
    "cancelled",
    "expired",
    "counter_paid",
}
STAFF_KINDS = {"new_order", "new_proof"}


def notify_member(
    order: Order, kind: str, *, event_id: int, note: str = "", lines=None, discounts=None
) -> None:
    """Mail the member about a step of its order."""
    assert kind in MEMBER_KINDS, kind  # noqa: S101 - a programming error, not input
    context = {
        "order": order,
        "lines": lines if lines is not None else order.lines.all(),
        "discounts": discounts if discounts is not None else order.discounts.all(),
        "kind": kind,
        "note": note,
        "bank_accounts": active_bank_accounts() if kind == "placed" else [],
        "tracking_url": order.courier.tracking_url(order.tracking_number) if order.courier_id else "",
        "counter_payment": getattr(order, "counter_payment", None) if kind == "counter_paid" else None,
    }
    email_queue(
        to=order.member.email,
        kind=f"order_{kind}",
        template="orders/email/order",
        context=context,
        user=order.member,
        dedupe_key=f"order:{order.pk}:{kind}:{event_id}",
    )


def customer_service_addresses() -> list[str]:
    """Active Customer Service staff, else the store's own address."""
    staff = User.objects.filter(groups__name=CUSTOMER_SERVICE, is_active=True, is_staff=True)
    addresses = sorted(staff.values_list("email", flat=True))
    return addresses or [address for address in [store_profile().email] if address]


def notify_customer_service(order: Order, kind: str, *, event_id: int) -> None:
    """Tell Customer Service about a new order or a proof to verify."""
    assert kind in STAFF_KINDS, kind  # noqa: S101
    pending = order.payment_proofs.filter(status=PaymentProofStatus.PENDING)
    proof = pending.first() if kind == "new_proof" else None
    for address in customer_service_addresses():
        email_queue(
            to=address,
            kind=f"staff_{kind}",
            template="orders/email/staff_order",
            context={"order": order, "kind": kind, "proof": proof},
            dedupe_key=f"order:{order.pk}:{kind}:{event_id}:{address}",
        )
