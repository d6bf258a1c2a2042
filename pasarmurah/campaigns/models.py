"""Mail sent to many members: one-off campaigns and automation rules' mails, their recipients and results.

A `Campaign` is what was written and for whom; `kind` says whether the Owner sent it once or an automation
rule (`source`, e.g. "winback") sends it to each member on an occasion. A `CampaignRecipient` is one member
once per campaign and occasion (a unique key), claimed by the sending job before its mail is queued in the
outbox, so a job that runs twice or a worker that dies mid-batch never mails a member twice.
"""

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from pasarmurah.core.models import TimeStampedModel


class CampaignKind(models.TextChoices):
    CAMPAIGN = "campaign", _("Campaign")
    AUTOMATION = "automation", _("Automation")


class CampaignStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SCHEDULED = "scheduled", _("Scheduled")
    SENDING = "sending", _("Sending")
    SENT = "sent", _("Sent")
    CANCELLED = "cancelled", _("Cancelled")


class VoucherMode(models.TextChoices):
    NONE = "none", _("No voucher")
    SHARED = "shared", _("One shared code")
    UNIQUE = "unique", _("A unique code per recipient")


class Campaign(TimeStampedModel):
    kind = models.CharField(
        _("kind"), max_length=12, choices=CampaignKind.choices, default=CampaignKind.CAMPAIGN
    )
    # For an automation: the rule's key ("winback", "abandoned_cart", ...); empty for a one-off campaign.
    source = models.CharField(_("source"), max_length=40, blank=True, default="", db_index=True)
    name = models.CharField(_("name"), max_length=120)
    subject = models.CharField(_("subject"), max_length=150)
    preheader = models.CharField(
        _("preheader"), max_length=150, blank=True, help_text=_("The line mail apps show after the subject.")
    )
    body = models.TextField(_("body (Markdown)"), max_length=20000, blank=True)
    products = models.ManyToManyField(
        "catalog.Product", through="CampaignProduct", related_name="+", verbose_name=_("products")
    )
    # The audience rules (selectors.AudienceRules); always narrowed to verified, opted-in, not erased members.
    audience = models.JSONField(_("audience"), default=dict, blank=True)
    voucher_mode = models.CharField(
        _("voucher"), max_length=10, choices=VoucherMode.choices, default=VoucherMode.NONE
    )
    # The shared code, or for unique codes the voucher whose terms each recipient's own code copies.
    voucher = models.ForeignKey(
        "promotions.Voucher",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("voucher"),
    )
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=CampaignStatus.choices,
        default=CampaignStatus.DRAFT,
        db_index=True,
    )
    scheduled_at = models.DateTimeField(_("send at"), null=True, blank=True)
    started_at = models.DateTimeField(_("sending started"), null=True, blank=True)
    finished_at = models.DateTimeField(_("sending finished"), null=True, blank=True)
    recipients_total = models.PositiveIntegerField(_("recipients"), default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("campaign")
        verbose_name_plural = _("campaigns")
        ordering = ["-created_at", "-pk"]
        permissions = [("send_campaign", _("Can send, schedule and cancel campaigns"))]
        constraints = [
            models.CheckConstraint(
                condition=~Q(voucher_mode="none") | Q(voucher__isnull=True),
                name="campaigns_voucher_mode_none",
            ),
            models.CheckConstraint(
                condition=Q(voucher_mode="none") | Q(voucher__isnull=False), name="campaigns_voucher_given"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        from django.urls import reverse

        return reverse("backoffice:campaigns:detail", kwargs={"pk": self.pk})

    @property
    def is_editable(self) -> bool:
        return self.status == CampaignStatus.DRAFT


class CampaignProduct(models.Model):
    """A product block of a campaign, in the order the Owner put them."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="product_blocks")
    product = models.ForeignKey("catalog.Product", on_delete=models.CASCADE, related_name="+")
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["position", "pk"]
        constraints = [models.UniqueConstraint(fields=["campaign", "product"], name="campaigns_product_once")]

    def __str__(self) -> str:
        return f"{self.campaign_id}: {self.product_id}"


def _new_token() -> str:
    return secrets.token_urlsafe(12)


class RecipientStatus(models.TextChoices):
    PENDING = "pending", _("Waiting")
    CLAIMED = "claimed", _("Being queued")
    QUEUED = "queued", _("Handed to the outbox")
    SKIPPED = "skipped", _("Skipped")


class CampaignRecipient(models.Model):
    """One member a campaign reaches, once per campaign and occasion (an automation's: a date, a cart)."""

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="recipients")
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="campaign_receipts"
    )
    occasion = models.CharField(_("occasion"), max_length=64, blank=True, default="")
    status = models.CharField(
        _("status"), max_length=10, choices=RecipientStatus.choices, default=RecipientStatus.PENDING
    )
    # Why a recipient was skipped at send time (no longer opted in, erased, not verified).
    skip_reason = models.CharField(_("skipped because"), max_length=40, blank=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    # Which batch claimed it: a worker only sends the rows it claimed itself.
    claim_key = models.CharField(max_length=32, blank=True, default="", db_index=True)
    email = models.ForeignKey(
        "mail.OutboundEmail", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # The recipient's own voucher (unique codes) when the campaign gives one.
    voucher = models.ForeignKey(
        "promotions.Voucher", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # Names this recipient in its click and unsubscribe links (signed as well, so it cannot be guessed).
    token = models.CharField(max_length=24, unique=True, default=_new_token, editable=False)
    created_at = models.DateTimeField(default=timezone.now)
    queued_at = models.DateTimeField(null=True, blank=True)
    first_click_at = models.DateTimeField(null=True, blank=True)
    clicks = models.PositiveIntegerField(default=0)
    unsubscribed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("campaign recipient")
        verbose_name_plural = _("campaign recipients")
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "member", "occasion"], name="campaigns_recipient_once_per_occasion"
            )
        ]
        indexes = [
            models.Index(fields=["campaign", "status"], name="campaigns_recipient_status"),
            models.Index(fields=["member", "created_at"], name="campaigns_recipient_member"),
        ]

    def __str__(self) -> str:
        return f"{self.campaign_id} → {self.member_id}"


class CampaignClick(models.Model):
    """One press on a link of a campaign mail (the signed redirect); orders paid within 7 days count."""

    recipient = models.ForeignKey(CampaignRecipient, on_delete=models.CASCADE, related_name="click_rows")
    url = models.CharField(max_length=500)
    at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        ordering = ["-at"]

    def __str__(self) -> str:
        return self.url


class CampaignEvent(models.Model):
    """What staff did to a campaign, with its actor (the audit trail)."""

    class Kind(models.TextChoices):
        CREATED = "created", _("Created")
        EDITED = "edited", _("Edited")
        TEST_SENT = "test_sent", _("Test sent")
        SCHEDULED = "scheduled", _("Scheduled")
        SENT_NOW = "sent_now", _("Sending started")
        CANCELLED = "cancelled", _("Cancelled")
        FINISHED = "finished", _("Sending finished")

    campaign = models.ForeignKey(Campaign, on_delete=models.CASCADE, related_name="events")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    kind = models.CharField(max_length=12, choices=Kind.choices)
    note = models.CharField(max_length=300, blank=True)
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return f"{self.campaign_id} {self.kind}"


class MarketingConsent(models.Model):
    """Each time a member gave or withdrew consent to promotional mail, when and through what (UU PDP)."""

    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="marketing_consents"
    )
    given = models.BooleanField(_("consent given"))
    source = models.CharField(_("source"), max_length=80)
    at = models.DateTimeField(_("at"), default=timezone.now)

    class Meta:
        verbose_name = _("promotional mail consent")
        verbose_name_plural = _("promotional mail consents")
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["member", "at"], name="campaigns_consent_member")]

    def __str__(self) -> str:
        return f"{self.member_id} {'+' if self.given else '-'} {self.source}"
