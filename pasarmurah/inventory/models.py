"""The stock ledger: every change of a product's stock is one StockMovement (written only by services.py).

Other domains are referred to by a generic reference (`ref_kind`, `ref_id`, `ref_label`), never by a foreign
key: inventory sits below orders and purchasing, which call it.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
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
