from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from pasarmurah.core.models import SingletonModel, TimeStampedModel
from pasarmurah.core.provinces import Province


class OrderStatus(models.TextChoices):
    # Labels follow Indonesian marketplace habits (see DESIGN.md §4); msgids are English.
    AWAITING_PAYMENT = "awaiting_payment", _("Awaiting payment")
    PAYMENT_REVIEW = "payment_review", _("Awaiting verification")
    PAID = "paid", _("Paid")
    PROCESSING = "processing", _("Processing")
    SHIPPED = "shipped", _("Shipped")
    COMPLETED = "completed", _("Completed")
    CANCELLED = "cancelled", _("Cancelled")
    EXPIRED = "expired", _("Payment time expired")


S = OrderStatus
# The order lifecycle: every allowed move, and nothing else.
TRANSITIONS: dict[str, set[str]] = {
    S.AWAITING_PAYMENT: {S.PAYMENT_REVIEW, S.EXPIRED, S.CANCELLED},
    S.PAYMENT_REVIEW: {S.PAID, S.AWAITING_PAYMENT, S.CANCELLED},
    S.PAID: {S.PROCESSING, S.CANCELLED},
    S.PROCESSING: {S.SHIPPED, S.CANCELLED},
    S.SHIPPED: {S.COMPLETED},
    S.COMPLETED: set(),
    S.CANCELLED: set(),
    S.EXPIRED: set(),
}
# What a member may do itself: cancel before paying (staff cancel later, with a reason). Uploading a proof and
# confirming receipt are the moves TRANSITIONS allows to awaiting verification and to completed.
MEMBER_CANCELLABLE = {S.AWAITING_PAYMENT}
# States whose stock is held by the order; leaving them for cancelled/expired gives the stock back.
HOLDS_STOCK = {S.AWAITING_PAYMENT, S.PAYMENT_REVIEW, S.PAID, S.PROCESSING}
# States of an order the shop was paid for (and not cancelled since): what counts as a sale for the CRM.
PAID_OR_LATER = (S.PAID, S.PROCESSING, S.SHIPPED, S.COMPLETED)


# Bootstrap colour of each status badge.
STATUS_TONE = {
    S.AWAITING_PAYMENT: "warning",
    S.PAYMENT_REVIEW: "info",
    S.PAID: "primary",
    S.PROCESSING: "primary",
    S.SHIPPED: "success",
    S.COMPLETED: "success",
    S.CANCELLED: "secondary",
    S.EXPIRED: "secondary",
}


class OrderChannel(models.TextChoices):
    ONLINE = "online", _("Online shop")
    COUNTER = "counter", _("Counter sale")


class TransitionError(Exception):
    """A status change that the lifecycle does not allow; the message is for people."""


class Order(TimeStampedModel):
    number = models.CharField(_("order number"), max_length=20, unique=True, null=True, blank=True)
    # Empty only for a walk-in counter sale (a CHECK keeps it required for online orders).
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="orders",
        verbose_name=_("member"),
    )
    status = models.CharField(
        _("status"), max_length=20, choices=OrderStatus.choices, default=OrderStatus.AWAITING_PAYMENT
    )
    channel = models.CharField(
        _("channel"), max_length=10, choices=OrderChannel.choices, default=OrderChannel.ONLINE, db_index=True
    )
    # One order per checkout attempt: a repeated or concurrent submit finds this key taken.
    checkout_key = models.CharField(max_length=64, unique=True, editable=False)
    # Delivery address, copied at placing time: later edits of the address book do not touch the order.
    recipient_name = models.CharField(_("recipient"), max_length=150)
    phone = models.CharField(_("phone number"), max_length=20)
    street = models.TextField(_("street address"))
    city = models.CharField(_("city / regency"), max_length=100)
    province = models.CharField(_("province"), max_length=40, choices=Province.choices)
    postal_code = models.CharField(_("postal code"), max_length=5)
    courier = models.ForeignKey(
        "shipping.Courier",
        on_delete=models.PROTECT,
        null=True,
        related_name="orders",
        verbose_name=_("courier"),
    )
    courier_name = models.CharField(_("courier"), max_length=80)
    is_pickup = models.BooleanField(_("pick-up at the store"), default=False)
    tracking_number = models.CharField(_("tracking number (resi)"), max_length=60, blank=True)
    note = models.CharField(_("note for the shop"), max_length=500, blank=True)
    weight_grams = models.PositiveIntegerField(_("weight (grams)"))
    subtotal = models.PositiveIntegerField(_("subtotal"))
    discount_total = models.PositiveIntegerField(_("discount"), default=0)
    shipping_cost = models.PositiveIntegerField(_("shipping cost"), default=0)
    total = models.PositiveIntegerField(_("total"))
    payment_deadline = models.DateTimeField(_("pay before"))
    paid_at = models.DateTimeField(_("paid at"), null=True, blank=True)
    shipped_at = models.DateTimeField(_("shipped at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("order")
        verbose_name_plural = _("orders")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(total=F("subtotal") - F("discount_total") + F("shipping_cost")),
                name="orders_order_total_is_sum_of_parts",
            ),
            models.CheckConstraint(
                condition=Q(discount_total__lte=F("subtotal")), name="orders_order_discount_cap"
            ),
            # Only a walk-in counter sale may have no member; an online order always has one.
            models.CheckConstraint(
                condition=Q(member__isnull=False) | Q(channel="counter"),
                name="orders_order_online_has_member",
            ),
        ]
        permissions = [
            ("run_counter_sale", _("Can sell at the counter (kasir)")),
            ("cancel_counter_sale", _("Can cancel a counter sale")),
        ]
        indexes = [
            models.Index(fields=["status", "created_at"], name="orders_status_created"),
            # The staff desk's channel filter: one channel's orders in time order, read up to a page.
            models.Index(fields=["channel", "created_at"], name="orders_channel_created"),
            models.Index(fields=["member", "-created_at"], name="orders_member_created"),
            # Covers the RFM aggregate (crm.services.segments_recompute): per member, status, time, total.
            models.Index(fields=["member", "status", "created_at", "total"], name="orders_member_status_rfm"),
            models.Index(fields=["status", "payment_deadline"], name="orders_status_deadline"),
            # The customer and birthday reports count a sale on its payment day: per period, and per member
            # (first and last payment, spend) read from the index alone.
            models.Index(fields=["status", "paid_at"], name="orders_status_paid"),
            models.Index(fields=["member", "status", "paid_at", "total"], name="orders_member_status_paid"),
        ]

    def __str__(self) -> str:
        return self.number or f"order {self.pk}"

    def get_absolute_url(self) -> str:
        return reverse("orders:detail", kwargs={"number": self.number})

    def can_move_to(self, status: str) -> bool:
        return status in TRANSITIONS[self.status]

    def require_transition(self, status: str) -> None:
        if not self.can_move_to(status):
            raise TransitionError(
                _("Order %(number)s is %(current)s and cannot become %(target)s.")
                % {
                    "number": self.number,
                    "current": self.get_status_display(),
                    "target": OrderStatus(status).label,
                }
            )

    @property
    def status_tone(self) -> str:
        return STATUS_TONE[self.status]


class OrderLine(models.Model):
    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="lines")
    product = models.ForeignKey(
        "catalog.Product", on_delete=models.SET_NULL, null=True, related_name="order_lines"
    )
    product_name = models.CharField(_("product"), max_length=200)
    sku = models.CharField(_("SKU"), max_length=40)
    base_unit_price = models.PositiveIntegerField(_("normal price"))
    unit_price = models.PositiveIntegerField(_("price"))
    quantity = models.PositiveIntegerField(_("quantity"))
    weight_grams = models.PositiveIntegerField(_("weight (grams)"))
    # The product's cost price (HPP) when it was sold, so margins are known later; staff-only.
    unit_cost = models.PositiveIntegerField(_("unit cost (HPP)"), default=0)

    class Meta:
        verbose_name = _("order line")
        verbose_name_plural = _("order lines")
        ordering = ["pk"]
        constraints = [
            models.CheckConstraint(condition=Q(quantity__gt=0), name="orders_line_quantity_positive"),
            models.CheckConstraint(
                condition=Q(unit_price__lte=F("base_unit_price")), name="orders_line_price_cap"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.quantity} × {self.product_name}"

    @property
    def line_total(self) -> int:
        return self.unit_price * self.quantity

    @property
    def savings(self) -> int:
        return (self.base_unit_price - self.unit_price) * self.quantity


class OrderDiscount(models.Model):
    """A discount of the whole order (birthday, voucher), its own line on the order and the invoice."""

    class Kind(models.TextChoices):
        BIRTHDAY = "birthday", _("Birthday discount")
        VOUCHER = "voucher", _("Voucher")

    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="discounts")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    label = models.CharField(max_length=120)
    amount = models.PositiveIntegerField()

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.UniqueConstraint(fields=["order", "kind"], name="orders_discount_once_per_kind")
        ]

    def __str__(self) -> str:
        return f"{self.label}: {self.amount}"


class OrderEvent(models.Model):
    """One thing that happened to an order: who, when, from which status to which, and why."""

    class Kind(models.TextChoices):
        # What happened, so reports can count events without reading statuses or notes.
        PLACED = "placed", _("Order placed")
        PROOF_SUBMITTED = "proof_submitted", _("Payment proof uploaded")
        PAID = "paid", _("Payment verified")
        PROOF_REJECTED = "proof_rejected", _("Payment proof rejected")
        PROCESSING = "processing", _("Processing")
        SHIPPED = "shipped", _("Shipped")
        COMPLETED = "completed", _("Completed")
        CANCELLED = "cancelled", _("Cancelled")
        EXPIRED = "expired", _("Payment time expired")
        NOTE = "note", _("Note")

    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.NOTE)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    from_status = models.CharField(max_length=20, choices=OrderStatus.choices, blank=True)
    to_status = models.CharField(max_length=20, choices=OrderStatus.choices, blank=True)
    note = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("order event")
        verbose_name_plural = _("order events")
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["kind", "created_at"], name="orders_event_kind_created")]

    def __str__(self) -> str:
        return f"{self.order}: {self.from_status} → {self.to_status}"

    @classmethod
    def kind_for(cls, *, before: str, to: str) -> "OrderEvent.Kind":
        """The kind of event a status move is (the data migration 0004 repeats this mapping)."""
        if not to:
            return cls.Kind.NOTE
        if not before and to == OrderStatus.AWAITING_PAYMENT:
            return cls.Kind.PLACED
        if before == OrderStatus.PAYMENT_REVIEW and to == OrderStatus.AWAITING_PAYMENT:
            return cls.Kind.PROOF_REJECTED
        if to == OrderStatus.PAYMENT_REVIEW:
            return cls.Kind.PROOF_SUBMITTED
        return cls.Kind(to) if to in cls.Kind.values else cls.Kind.NOTE


class PaymentProofStatus(models.TextChoices):
    PENDING = "pending", _("Waiting for verification")
    ACCEPTED = "accepted", _("Accepted")
    REJECTED = "rejected", _("Rejected")


class PaymentProof(models.Model):
    """A member's bank-transfer receipt; the image lives in private storage, never under MEDIA_URL."""

    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="payment_proofs")
    image_name = models.CharField(max_length=200, editable=False)
    sender_name = models.CharField(_("sender name"), max_length=120)
    sender_bank = models.CharField(_("sender bank"), max_length=60)
    amount = models.PositiveIntegerField(_("amount transferred (Rp)"))
    status = models.CharField(
        max_length=10, choices=PaymentProofStatus.choices, default=PaymentProofStatus.PENDING
    )
    reject_reason = models.CharField(_("reason"), max_length=300, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("payment proof")
        verbose_name_plural = _("payment proofs")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.order} — {self.sender_name}"

    @property
    def shortfall(self) -> int:
        """How much less than the order's total the member says it transferred (0 if not less)."""
        return max(0, self.order.total - self.amount)

    @property
    def excess(self) -> int:
        """How much more than the order's total the member says it transferred (0 if not more)."""
        return max(0, self.amount - self.order.total)


class CounterPaymentMethod(models.TextChoices):
    CASH = "cash", _("Cash")
    TRANSFER = "transfer", _("Bank transfer")
    CARD = "card", _("Debit/credit card")
    QRIS = "qris", _("QRIS")


class CounterPayment(models.Model):
    """How a counter sale was paid, on the spot: the method, its reference, and for cash what was handed
    over and the change given back."""

    order = models.OneToOneField(Order, on_delete=models.CASCADE, related_name="counter_payment")
    method = models.CharField(_("payment method"), max_length=10, choices=CounterPaymentMethod.choices)
    reference = models.CharField(_("payment reference"), max_length=60, blank=True)
    amount_received = models.PositiveIntegerField(_("amount received"))
    change_given = models.PositiveIntegerField(_("change"), default=0)

    class Meta:
        verbose_name = _("counter payment")
        verbose_name_plural = _("counter payments")
        constraints = [
            models.CheckConstraint(
                condition=Q(method="cash") | Q(change_given=0), name="orders_counterpayment_change_only_cash"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.order}: {self.get_method_display()}"


class OrderSettings(SingletonModel):
    """The owner's order rules: how long a member has to pay, when shipped orders complete by themselves."""

    payment_window_hours = models.PositiveSmallIntegerField(
        _("hours to pay"),
        default=24,
        help_text=_("Unpaid orders expire after this and give their stock back."),
    )
    auto_complete_days = models.PositiveSmallIntegerField(
        _("days until a shipped order completes"),
        default=7,
        help_text=_("A shipped order the member has not confirmed completes by itself after this many days."),
    )

    class Meta(SingletonModel.Meta):
        verbose_name = _("order settings")
        verbose_name_plural = _("order settings")

    def __str__(self) -> str:
        return str(self._meta.verbose_name)
