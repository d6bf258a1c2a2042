"""The stock ledger: every change of a product's stock is one StockMovement (written only by services.py).

Other domains are referred to by a generic reference (`ref_kind`, `ref_id`, `ref_label`), never by a foreign
key: inventory sits below orders and purchasing, which call it.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class MovementReason(models.TextChoices):
    OPENING = "opening", _("Opening balance")
    ONLINE_SALE = "online_sale", _("Online sale")
    COUNTER_SALE = "counter_sale", _("Counter sale")
    RETURN = "return", _("Cancellation or expiry return")
    RECEIPT = "receipt", _("Goods receipt")
    OPNAME = "opname", _("Stock opname adjustment")
    DAMAGE = "damage", _("Damage or loss")
    SUPPLIER_RETURN = "supplier_return", _("Return to supplier")
    CORRECTION = "correction", _("Manual correction")


class StockMovement(models.Model):
    product = models.ForeignKey(
        "catalog.Product", on_delete=models.PROTECT, related_name="stock_movements", verbose_name=_("product")
    )
    quantity = models.IntegerField(_("quantity"))
    reason = models.CharField(_("reason"), max_length=20, choices=MovementReason.choices)
    # What caused the move: ("order", 12, "PM-2612-000012"), ("receipt", 3, ...), ("opname", 5, ...).
    ref_kind = models.CharField(_("reference kind"), max_length=20, blank=True)
    ref_id = models.PositiveBigIntegerField(_("reference id"), null=True, blank=True)
    ref_label = models.CharField(_("reference"), max_length=60, blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by"),
    )
    created_at = models.DateTimeField(_("time"), auto_now_add=True)
    stock_after = models.IntegerField(_("stock after"))

    class Meta:
        verbose_name = _("stock movement")
        verbose_name_plural = _("stock movements")
        ordering = ["-created_at", "-pk"]
        permissions = [
            ("adjust_stock", _("Can adjust stock with a reason")),
            ("view_cost_price", _("Can see cost prices (HPP)")),
        ]
        constraints = [
            models.CheckConstraint(condition=~Q(quantity=0), name="inventory_movement_quantity_not_zero"),
            models.CheckConstraint(condition=Q(stock_after__gte=0), name="inventory_movement_stock_after"),
        ]
        indexes = [
            models.Index(fields=["product", "created_at"], name="inventory_move_product"),
            models.Index(fields=["reason", "created_at"], name="inventory_move_reason"),
            models.Index(fields=["ref_kind", "ref_id"], name="inventory_move_ref"),
        ]

    def __str__(self) -> str:
        return f"{self.quantity:+d} {self.get_reason_display()}"


class CountScope(models.TextChoices):
    ALL = "all", _("All products")
    CATEGORY = "category", _("One category")
    SELECTION = "selection", _("Chosen products")


class CountStatus(models.TextChoices):
    OPEN = "open", _("Counting")
    SUBMITTED = "submitted", _("Waiting for approval")
    POSTED = "posted", _("Approved and posted")
    CANCELLED = "cancelled", _("Cancelled")


class StockCount(models.Model):
    """A stock opname: staff count the shelf; the Owner approves, and the differences are posted."""

    scope = models.CharField(_("scope"), max_length=10, choices=CountScope.choices)
    category = models.ForeignKey(
        "catalog.Category",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("category"),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=CountStatus.choices, default=CountStatus.OPEN, db_index=True
    )
    note = models.CharField(_("note"), max_length=300, blank=True)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("started by")
    )
    started_at = models.DateTimeField(_("started"), auto_now_add=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(_("approved or cancelled"), null=True, blank=True)

    class Meta:
        verbose_name = _("stock count")
        verbose_name_plural = _("stock counts")
        ordering = ["-started_at", "-pk"]
        permissions = [("approve_stockcount", _("Can approve a stock count and post its differences"))]

    def __str__(self) -> str:
        return self.label

    def get_absolute_url(self) -> str:
        return reverse("backoffice:inventory:count", kwargs={"pk": self.pk})

    @property
    def label(self) -> str:
        return f"SO-{self.pk:05d}"


class StockCountLine(models.Model):
    """One product of a count. The difference is what is on the shelf minus what should be there when counted.

    What should be on the shelf is the stock at the moment the line was counted (`stock_at_count`) plus the
    units sold but not yet handed over (`held_at_count`: online orders placed and not yet shipped, which took
    their stock when placed but still sit in the shop). Sales, returns, shipments and receipts between the
    start of the count and the counting of a line change those numbers and the shelf alike, so the line is
    compared with its own moment, and the difference posted at approval is that one.
    """

    count = models.ForeignKey(StockCount, on_delete=models.CASCADE, related_name="lines")
    product = models.ForeignKey(
        "catalog.Product", on_delete=models.PROTECT, related_name="+", verbose_name=_("product")
    )
    expected = models.PositiveIntegerField(_("stock when the count started"))
    stock_at_count = models.PositiveIntegerField(_("stock when counted"), null=True, blank=True)
    held_at_count = models.PositiveIntegerField(_("sold, not yet shipped, when counted"), default=0)
    counted = models.PositiveIntegerField(_("counted"), null=True, blank=True)
    counted_at = models.DateTimeField(_("counted at"), null=True, blank=True)
    counted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    # The product's cost price when the line was counted: the value of the difference.
    unit_cost = models.PositiveIntegerField(_("unit cost (HPP)"), default=0)

    class Meta:
        verbose_name = _("count line")
        verbose_name_plural = _("count lines")
        ordering = ["product__name", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["count", "product"], name="inventory_count_line_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.count_id}: {self.product_id}"

    @property
    def on_shelf_expected(self) -> int | None:
        if self.stock_at_count is None:
            return None
        return self.stock_at_count + self.held_at_count

    @property
    def difference(self) -> int | None:
        if self.counted is None or self.stock_at_count is None:
            return None
        return self.counted - self.on_shelf_expected

    @property
    def difference_value(self) -> int | None:
        difference = self.difference
        return None if difference is None else difference * self.unit_cost
