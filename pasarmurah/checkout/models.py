import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from pasarmurah.core.models import TimeStampedModel


def new_checkout_key() -> str:
    return uuid.uuid4().hex


class Cart(TimeStampedModel):
    """A member's stored cart. Visitors' carts live in their session and join this one at login."""

    member = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="cart")
    # The idempotency key of the next order placed from this cart; renewed once an order is placed.
    checkout_key = models.CharField(max_length=64, default=new_checkout_key, unique=True)

    class Meta:
        verbose_name = _("cart")
        verbose_name_plural = _("carts")

    def __str__(self) -> str:
        return f"cart of {self.member_id}"


class CartLine(models.Model):
    cart = models.ForeignKey(Cart, on_delete=models.CASCADE, related_name="lines")
    product = models.ForeignKey("catalog.Product", on_delete=models.CASCADE, related_name="+")
    quantity = models.PositiveIntegerField()
    added_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["added_at", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["cart", "product"], name="checkout_cartline_unique"),
            models.CheckConstraint(condition=Q(quantity__gt=0), name="checkout_cartline_quantity_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.quantity} × {self.product_id}"
