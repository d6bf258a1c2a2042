"""Purchasing from suppliers: suppliers and what they supply, price-list requests, purchase orders."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from pasarmurah.catalog.models import Product
from pasarmurah.core.phones import validate_indonesian_phone


class Supplier(models.Model):
    name = models.CharField(_("name"), max_length=150)
    contact_person = models.CharField(_("contact person"), max_length=120, blank=True)
    phone = models.CharField(
        _("phone / WhatsApp"), max_length=20, blank=True, validators=[validate_indonesian_phone]
    )
    email = models.EmailField(_("e-mail"), blank=True)
    address = models.TextField(_("address"), max_length=500, blank=True)
    payment_terms_days = models.PositiveSmallIntegerField(
        _("payment terms (days)"), default=0, help_text=_("0 means cash on delivery.")
    )
    bank_account = models.CharField(_("bank account"), max_length=200, blank=True)
    notes = models.TextField(_("notes"), max_length=2000, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("supplier")
        verbose_name_plural = _("suppliers")
        ordering = ["name", "pk"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("backoffice:purchasing:supplier", args=[self.pk])


class SupplierEvent(models.Model):
    """A staff change to a supplier or to what it supplies, with its actor (the audit trail)."""

    supplier = models.ForeignKey(Supplier, on_delete=models.CASCADE, related_name="events")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    note = models.CharField(_("note"), max_length=500)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.note


class SupplierProduct(models.Model):
    """A product a supplier supplies, with the last price it quoted or charged and its lead time."""

    supplier = models.ForeignKey(
        Supplier, on_delete=models.CASCADE, related_name="products", verbose_name=_("supplier")
    )
    product = models.ForeignKey(
        Product, on_delete=models.PROTECT, related_name="supplier_offers", verbose_name=_("product")
    )
    last_price = models.PositiveIntegerField(_("last price (Rp)"), default=0)
    lead_time_days = models.PositiveSmallIntegerField(_("lead time (days)"), default=7)
    supplier_sku = models.CharField(_("supplier's SKU"), max_length=60, blank=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        verbose_name = _("supplier's product")
        verbose_name_plural = _("suppliers' products")
        ordering = ["product__name", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["supplier", "product"], name="purchasing_supplier_product_once")
        ]

    def __str__(self) -> str:
        return f"{self.supplier} · {self.product}"


class PriceListRequest(models.Model):
    """Surat permintaan daftar harga: the products a supplier is asked to quote, and its answers."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SENT = "sent", _("Sent")
        ANSWERED = "answered", _("Answered")

    supplier = models.ForeignKey(
        Supplier, on_delete=models.PROTECT, related_name="price_requests", verbose_name=_("supplier")
    )
    number = models.CharField(_("number"), max_length=20, unique=True, null=True, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    note = models.TextField(_("note"), max_length=1000, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    answered_at = models.DateTimeField(_("answered"), null=True, blank=True)

    class Meta:
        verbose_name = _("price-list request")
        verbose_name_plural = _("price-list requests")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.number or f"PLR {self.pk}"

    def get_absolute_url(self) -> str:
        return reverse("backoffice:purchasing:price_request", args=[self.pk])


class PriceListRequestLine(models.Model):
    request = models.ForeignKey(PriceListRequest, on_delete=models.CASCADE, related_name="lines")
    product = models.ForeignKey(
        Product, on_delete=models.PROTECT, related_name="+", verbose_name=_("product")
    )
    quoted_price = models.PositiveIntegerField(_("quoted price (Rp)"), null=True, blank=True)

    class Meta:
        ordering = ["product__name", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["request", "product"], name="purchasing_price_request_line_once")
        ]

    def __str__(self) -> str:
        return f"{self.request_id} · {self.product_id}"


class POStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SENT = "sent", _("Sent to supplier")
    PARTIALLY_RECEIVED = "partial", _("Partially received")
    RECEIVED = "received", _("Received")
    PAID = "paid", _("Paid")
    CANCELLED = "cancelled", _("Cancelled")


P = POStatus
# The purchase order lifecycle: every allowed move, and nothing else.
PO_TRANSITIONS: dict[str, set[str]] = {
    P.DRAFT: {P.SENT, P.CANCELLED},
    P.SENT: {P.PARTIALLY_RECEIVED, P.RECEIVED, P.CANCELLED},
    P.PARTIALLY_RECEIVED: {P.RECEIVED},
    P.RECEIVED: {P.PAID},
    P.PAID: set(),
    P.CANCELLED: set(),
}
# Bootstrap colour of each status badge.
PO_STATUS_TONE = {
    P.DRAFT: "secondary",
    P.SENT: "info",
    P.PARTIALLY_RECEIVED: "warning",
    P.RECEIVED: "primary",
    P.PAID: "success",
    P.CANCELLED: "dark",
}
# States whose lines not yet received count as stock on order.
PO_OPEN = {P.SENT, P.PARTIALLY_RECEIVED}


class PurchaseOrder(models.Model):
    """Surat order pembelian: what the shop orders from one supplier."""

    supplier = models.ForeignKey(
        Supplier, on_delete=models.PROTECT, related_name="purchase_orders", verbose_name=_("supplier")
    )
    number = models.CharField(_("number"), max_length=20, unique=True, null=True, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=POStatus.choices, default=P.DRAFT)
    note = models.TextField(_("note for the supplier"), max_length=1000, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)

    class Meta:
        verbose_name = _("purchase order")
        verbose_name_plural = _("purchase orders")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["status", "-created_at"], name="purchasing_po_status")]
        permissions = [("view_cost_prices", _("Can see cost prices and purchase amounts"))]

    def __str__(self) -> str:
        return self.number or f"PO {self.pk}"

    def get_absolute_url(self) -> str:
        return reverse("backoffice:purchasing:order", args=[self.pk])

    def can_become(self, status: str) -> bool:
        return status in PO_TRANSITIONS[self.status]

    @property
    def tone(self) -> str:
        return PO_STATUS_TONE[self.status]


class PurchaseOrderLine(models.Model):
    order = models.ForeignKey(PurchaseOrder, on_delete=models.CASCADE, related_name="lines")
    product = models.ForeignKey(
        Product, on_delete=models.PROTECT, related_name="purchase_lines", verbose_name=_("product")
    )
    quantity = models.PositiveIntegerField(_("quantity"))
    unit_cost = models.PositiveIntegerField(_("unit cost (Rp)"))
    expected_date = models.DateField(_("expected date"), null=True, blank=True)
    received_quantity = models.PositiveIntegerField(_("received"), default=0)

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(quantity__gt=0), name="purchasing_po_line_quantity_positive"
            ),
            models.UniqueConstraint(fields=["order", "product"], name="purchasing_po_line_product_once"),
        ]

    def __str__(self) -> str:
        return f"{self.order_id} · {self.product_id} × {self.quantity}"

    @property
    def line_total(self) -> int:
        return self.quantity * self.unit_cost

    @property
    def outstanding(self) -> int:
        return max(self.quantity - self.received_quantity, 0)


class PurchaseOrderEvent(models.Model):
    order = models.ForeignKey(PurchaseOrder, on_delete=models.CASCADE, related_name="events")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    from_status = models.CharField(max_length=10, blank=True)
    to_status = models.CharField(max_length=10, blank=True)
    note = models.CharField(_("note"), max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.order_id}: {self.from_status} -> {self.to_status}"

    @property
    def to_status_label(self) -> str:
        return POStatus(self.to_status).label if self.to_status else ""


class GoodsReceipt(models.Model):
    """One delivery received against a purchase order, with the supplier's nota (number, date, photo)."""

    order = models.ForeignKey(
        PurchaseOrder, on_delete=models.PROTECT, related_name="receipts", verbose_name=_("purchase order")
    )
    nota_number = models.CharField(_("supplier's nota number"), max_length=60)
    nota_date = models.DateField(_("nota date"))
    nota_photo = models.CharField(max_length=200, blank=True, editable=False)
    note = models.TextField(_("note"), max_length=1000, blank=True)
    # The form's one-time key: a second submit of the same form finds this row instead of receiving twice.
    idempotency_key = models.CharField(max_length=64, unique=True, editable=False)
    total = models.PositiveBigIntegerField(_("value (Rp)"), default=0)
    # What payments cover of `total`, kept by supplier_payment_record under the receipt's lock.
    paid = models.PositiveBigIntegerField(_("paid (Rp)"), default=0)
    received_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("received"), auto_now_add=True)

    class Meta:
        verbose_name = _("goods receipt")
        verbose_name_plural = _("goods receipts")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["nota_date"], name="purchasing_receipt_nota_date")]

    def __str__(self) -> str:
        return f"{self.order_id} · {self.nota_number}"

    @property
    def outstanding(self) -> int:
        return max(self.total - self.paid, 0)


class GoodsReceiptLine(models.Model):
    receipt = models.ForeignKey(GoodsReceipt, on_delete=models.CASCADE, related_name="lines")
    order_line = models.ForeignKey(PurchaseOrderLine, on_delete=models.PROTECT, related_name="receipt_lines")
    quantity = models.PositiveIntegerField(_("quantity"))
    unit_cost = models.PositiveIntegerField(_("unit cost (Rp)"))
    over_reason = models.CharField(_("reason for receiving more than ordered"), max_length=300, blank=True)

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(quantity__gt=0), name="purchasing_receipt_line_quantity_positive"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.receipt_id} · {self.order_line_id} × {self.quantity}"

    @property
    def line_total(self) -> int:
        return self.quantity * self.unit_cost


class PaymentMethod(models.TextChoices):
    TRANSFER = "transfer", _("Bank transfer")
    CASH = "cash", _("Cash")
    GIRO = "giro", _("Cheque / giro")


class SupplierPayment(models.Model):
    """Money paid to a supplier, with its kwitansi; allocated to one or more goods receipts."""

    supplier = models.ForeignKey(
        Supplier, on_delete=models.PROTECT, related_name="payments", verbose_name=_("supplier")
    )
    paid_on = models.DateField(_("payment date"))
    amount = models.PositiveBigIntegerField(_("amount (Rp)"))
    method = models.CharField(_("method"), max_length=10, choices=PaymentMethod.choices)
    reference = models.CharField(_("reference"), max_length=100, blank=True)
    kwitansi_photo = models.CharField(max_length=200, blank=True, editable=False)
    idempotency_key = models.CharField(max_length=64, unique=True, editable=False)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("recorded"), auto_now_add=True)

    class Meta:
        verbose_name = _("supplier payment")
        verbose_name_plural = _("supplier payments")
        ordering = ["-paid_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(amount__gt=0), name="purchasing_payment_amount_positive"
            )
        ]

    def __str__(self) -> str:
        return f"{self.supplier_id} · {self.paid_on} · {self.amount}"


class SupplierPaymentAllocation(models.Model):
    payment = models.ForeignKey(SupplierPayment, on_delete=models.CASCADE, related_name="allocations")
    receipt = models.ForeignKey(GoodsReceipt, on_delete=models.PROTECT, related_name="allocations")
    amount = models.PositiveBigIntegerField(_("amount (Rp)"))

    class Meta:
        ordering = ["pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(amount__gt=0), name="purchasing_allocation_amount_positive"
            ),
            models.UniqueConstraint(fields=["payment", "receipt"], name="purchasing_allocation_once"),
        ]

    def __str__(self) -> str:
        return f"{self.payment_id} → {self.receipt_id}: {self.amount}"
