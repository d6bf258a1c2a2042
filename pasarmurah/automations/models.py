"""Automatic mails the Owner switches on and tunes (win-back, abandoned cart, new arrivals, after delivery,
payment reminder) and the record of every one sent: once per rule, member and occasion."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from pasarmurah.core.models import SingletonModel


class Rule(models.TextChoices):
    WINBACK = "winback", _("Win-back")
    ABANDONED_CART = "abandoned_cart", _("Abandoned cart")
    NEW_ARRIVALS = "new_arrivals", _("New arrivals")
    AFTER_DELIVERY = "after_delivery", _("After delivery")
    PAYMENT_REMINDER = "payment_reminder", _("Payment reminder")


# Promotional rules respect the member's opt-in (checked again when the mail leaves); the payment reminder is
# about an order the member placed, so it is transactional.
PROMOTIONAL = frozenset({Rule.WINBACK, Rule.ABANDONED_CART, Rule.NEW_ARRIVALS, Rule.AFTER_DELIVERY})


class AutomationSettings(SingletonModel):
    """The Owner's switches and numbers for each automation (one row). Every change leaves an event."""

    winback_enabled = models.BooleanField(_("win-back on"), default=False)
    winback_every_days = models.PositiveSmallIntegerField(
        _("at most once per (days)"), default=90, validators=[MinValueValidator(7), MaxValueValidator(730)]
    )
    winback_voucher = models.ForeignKey(
        "promotions.Voucher",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("voucher in the mail"),
    )
    winback_message = models.TextField(_("win-back message"), max_length=1000, blank=True)

    cart_enabled = models.BooleanField(_("abandoned cart on"), default=False)
    cart_idle_hours = models.PositiveSmallIntegerField(
        _("cart idle for (hours)"), default=10, validators=[MinValueValidator(1), MaxValueValidator(336)]
    )
    cart_message = models.TextField(_("abandoned cart message"), max_length=1000, blank=True)

    arrivals_enabled = models.BooleanField(_("new arrivals digest on"), default=False)
    arrivals_message = models.TextField(_("new arrivals message"), max_length=1000, blank=True)

    delivery_enabled = models.BooleanField(_("after delivery on"), default=False)
    delivery_days = models.PositiveSmallIntegerField(
        _("days after completion"), default=3, validators=[MinValueValidator(1), MaxValueValidator(60)]
    )
    delivery_message = models.TextField(_("after delivery message"), max_length=1000, blank=True)

    payment_enabled = models.BooleanField(_("payment reminder on"), default=False)
    payment_hours_before = models.PositiveSmallIntegerField(
        _("hours before the deadline"), default=3, validators=[MinValueValidator(1), MaxValueValidator(72)]
    )
    payment_message = models.TextField(_("payment reminder message"), max_length=1000, blank=True)

    class Meta(SingletonModel.Meta):
        verbose_name = _("automation settings")
        verbose_name_plural = _("automation settings")

    def __str__(self) -> str:
        return str(_("Automation settings"))

    def is_enabled(self, rule: str) -> bool:
        return getattr(self, f"{RULE_PREFIX[rule]}_enabled")

    def message_for(self, rule: str) -> str:
        return getattr(self, f"{RULE_PREFIX[rule]}_message")


RULE_PREFIX = {
    Rule.WINBACK: "winback",
    Rule.ABANDONED_CART: "cart",
    Rule.NEW_ARRIVALS: "arrivals",
    Rule.AFTER_DELIVERY: "delivery",
    Rule.PAYMENT_REMINDER: "payment",
}


class AutomationDelivery(models.Model):
    """One automatic mail to one member for one occasion; the unique key makes a second job run a no-op.

    The occasion names what the mail is about: the segment and the date the member entered it (win-back),
    the cart's contents (abandoned cart), the ISO week (new arrivals), the order (after delivery, payment
    reminder).
    """

    rule = models.CharField(_("automation"), max_length=20, choices=Rule.choices)
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="automation_deliveries",
        verbose_name=_("member"),
    )
    occasion = models.CharField(_("occasion"), max_length=120)
    email = models.ForeignKey(
        "mail.OutboundEmail",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("e-mail"),
    )
    order = models.ForeignKey(
        "orders.Order",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("order"),
    )
    created_at = models.DateTimeField(_("sent at"), default=timezone.now)

    class Meta:
        verbose_name = _("automatic e-mail")
        verbose_name_plural = _("automatic e-mails")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["rule", "member", "occasion"], name="automations_delivery_once_per_occasion"
            )
        ]
        indexes = [
            models.Index(fields=["rule", "-created_at"], name="automations_rule_created"),
            models.Index(fields=["member", "rule", "created_at"], name="automations_member_rule"),
        ]

    def __str__(self) -> str:
        return f"{self.rule} → {self.member_id} ({self.occasion})"


class AutomationEvent(models.Model):
    """A change of the automation settings by a member of staff (who, when, which values)."""

    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("by"),
    )
    changes = models.JSONField(_("changes"), default=dict)
    created_at = models.DateTimeField(_("at"), default=timezone.now)

    class Meta:
        verbose_name = _("automation change")
        verbose_name_plural = _("automation changes")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.actor_id}"
