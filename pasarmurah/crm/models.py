from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from pasarmurah.catalog.models import Product


class OutboundEmail(models.Model):
    """One e-mail in the outbox. Written in the transaction of the business action, sent after commit by a
    job; a mail server that is down leaves the row queued for the periodic retry, never breaks a page."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        SENDING = "sending", _("Sending")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed, will retry")
        GAVE_UP = "gave_up", _("Gave up")

    to = models.EmailField(_("to"), max_length=254)
    subject = models.CharField(_("subject"), max_length=255)
    body_text = models.TextField(_("text body"))
    body_html = models.TextField(_("HTML body"), blank=True)
    headers = models.JSONField(_("headers"), default=dict, blank=True)
    kind = models.CharField(_("kind"), max_length=40, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="outbound_emails",
        verbose_name=_("member"),
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.QUEUED)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    next_attempt_at = models.DateTimeField(_("next attempt"), default=timezone.now)
    dedupe_key = models.CharField(_("dedupe key"), max_length=200, null=True, blank=True, unique=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)

    class Meta:
        verbose_name = _("outbound e-mail")
        verbose_name_plural = _("outbound e-mails")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["status", "next_attempt_at"], name="crm_outbox_due")]

    def __str__(self) -> str:
        return f"{self.kind} → {self.to}: {self.subject}"


class WishlistItem(models.Model):
    """A product a member wishes for."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="wishlist_items",
        verbose_name=_("member"),
    )
    product = models.ForeignKey(
        Product, on_delete=models.CASCADE, related_name="wishlist_items", verbose_name=_("product")
    )
    created_at = models.DateTimeField(_("added"), default=timezone.now)
    # Set by the scan when the product is seen out of stock; its value names the restock event that follows
    # (the notice's event key), and the scan clears it once the product is back.
    out_of_stock_since = models.DateTimeField(_("out of stock since"), null=True, blank=True)

    class Meta:
        verbose_name = _("wishlist item")
        verbose_name_plural = _("wishlist items")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["user", "product"], name="crm_wishlist_one_per_product"),
        ]

    def __str__(self) -> str:
        return f"{self.user_id} ♥ {self.product_id}"


class WishlistNotice(models.Model):
    """One event a member was told about for one wished product: the unique constraint makes it once."""

    class Kind(models.TextChoices):
        RESTOCK = "restock", _("Back in stock")
        PROMO = "promo", _("On promo")

    item = models.ForeignKey(WishlistItem, on_delete=models.CASCADE, related_name="notices")
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    event_key = models.CharField(_("event"), max_length=64)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        verbose_name = _("wishlist notice")
        verbose_name_plural = _("wishlist notices")
        constraints = [
            models.UniqueConstraint(fields=["item", "kind", "event_key"], name="crm_wishlist_notice_once"),
        ]

    def __str__(self) -> str:
        return f"{self.item_id} {self.kind} {self.event_key}"
