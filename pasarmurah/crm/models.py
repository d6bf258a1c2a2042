import itertools

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from pasarmurah.catalog.models import Product
from pasarmurah.core.models import SingletonModel


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


class TicketKind(models.TextChoices):
    COMPLAINT = "complaint", _("Complaint")
    SUGGESTION = "suggestion", _("Suggestion")
    RECOMMENDATION = "recommendation", _("Product recommendation")


class TicketStatus(models.TextChoices):
    OPEN = "open", _("Waiting for us")
    ANSWERED = "answered", _("Answered")
    CLOSED = "closed", _("Closed")


class Ticket(models.Model):
    """A complaint, suggestion or product recommendation, from a member or a visitor, and its thread."""

    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, null=True, blank=True, related_name="tickets"
    )
    visitor_name = models.CharField(_("name"), max_length=120, blank=True)
    visitor_email = models.EmailField(_("e-mail"), blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=TicketKind.choices)
    subject = models.CharField(_("subject"), max_length=150)
    status = models.CharField(
        _("status"), max_length=10, choices=TicketStatus.choices, default=TicketStatus.OPEN
    )
    order = models.ForeignKey(
        "orders.Order",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="tickets",
        verbose_name=_("order"),
    )
    product = models.ForeignKey(
        Product, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("product")
    )
    # Since when the customer has been waiting for an answer (None while the ball is in the customer's court).
    waiting_since = models.DateTimeField(null=True, blank=True, db_index=True)
    first_response_at = models.DateTimeField(null=True, blank=True)
    rating = models.PositiveSmallIntegerField(null=True, blank=True)
    rated_at = models.DateTimeField(null=True, blank=True)
    closed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("ticket")
        verbose_name_plural = _("tickets")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(member__isnull=False) | ~models.Q(visitor_email=""),
                name="crm_ticket_has_sender",
            ),
            models.CheckConstraint(
                condition=models.Q(rating__isnull=True) | models.Q(rating__gte=1, rating__lte=5),
                name="crm_ticket_rating_range",
            ),
        ]
        indexes = [models.Index(fields=["status", "waiting_since"], name="crm_ticket_inbox")]

    def __str__(self) -> str:
        return f"#{self.pk} {self.subject}"

    @property
    def sender_name(self) -> str:
        return self.member.full_name if self.member_id else self.visitor_name

    @property
    def sender_email(self) -> str:
        return self.member.email if self.member_id else self.visitor_email


class TicketMessage(models.Model):
    ticket = models.ForeignKey(Ticket, on_delete=models.CASCADE, related_name="messages")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    from_staff = models.BooleanField(default=False)
    # Internal notes are for staff only: never on member pages, never in e-mails.
    is_internal = models.BooleanField(default=False)
    body = models.TextField(_("message"), max_length=5000)
    photo_name = models.CharField(max_length=200, blank=True, editable=False)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.ticket_id}: {self.body[:40]}"


class TicketEventAction(models.TextChoices):
    """The kinds of staff action a TicketEvent records, with the label people read in the history."""

    REPLY = "reply", _("Replied to the customer")
    NOTE = "note", _("Internal note")
    CLOSE = "close", _("Closed")
    REOPEN = "reopen", _("Reopened")


class TicketEvent(models.Model):
    """A staff action on a ticket (reply, note, close, reopen), with its actor."""

    ticket = models.ForeignKey(Ticket, on_delete=models.CASCADE, related_name="events")
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    action = models.CharField(max_length=20)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.ticket_id} {self.action}"

    @property
    def action_label(self) -> str:
        """The translated label of the action (the column holds the raw value; a label needs no migration)."""
        try:
            return TicketEventAction(self.action).label
        except ValueError:
            return self.action


class Testimonial(models.Model):
    """A member's public testimonial for the guestbook ("Buku Tamu"), shown only after staff approval."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for approval")
        APPROVED = "approved", _("Shown")
        HIDDEN = "hidden", _("Hidden")

    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="testimonials"
    )
    text = models.TextField(_("testimonial"), max_length=1000)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING, db_index=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("testimonial")
        verbose_name_plural = _("testimonials")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.text[:40]


# --- Customer knowledge: staff notes and tags ---------------------------------------------------------------


TAG_NAME_MAX = 40


def tag_key(name: str) -> str:
    """What makes two tag names the same tag: case and extra spaces do not count."""
    return " ".join(name.split()).casefold()


class CustomerTag(models.Model):
    """A label staff put on members ("fotografer wedding", "reseller"); names are unique whatever the case."""

    name = models.CharField(_("name"), max_length=TAG_NAME_MAX)
    # The name folded to lower case, unique: "Reseller" and "reseller" are one tag on every database
    # (MariaDB has no unique index on an expression such as LOWER(name)).
    name_key = models.CharField(max_length=TAG_NAME_MAX, unique=True, editable=False)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    class Meta:
        verbose_name = _("customer tag")
        verbose_name_plural = _("customer tags")
        ordering = ["name", "pk"]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs):
        self.name = " ".join(self.name.split())
        self.name_key = tag_key(self.name)
        super().save(*args, **kwargs)


class CustomerTagLink(models.Model):
    """A tag on one member, with who put it there and when."""

    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="customer_tag_links"
    )
    tag = models.ForeignKey(CustomerTag, on_delete=models.CASCADE, related_name="links")
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    added_at = models.DateTimeField(_("added"), default=timezone.now)

    class Meta:
        verbose_name = _("customer tag link")
        verbose_name_plural = _("customer tag links")
        ordering = ["tag__name", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["member", "tag"], name="crm_customertaglink_once"),
        ]

    def __str__(self) -> str:
        return f"{self.member_id} #{self.tag_id}"


class CustomerNote(models.Model):
    """One entry of a member's staff timeline: a staff note, or the record of a tag added or removed."""

    class Kind(models.TextChoices):
        NOTE = "note", _("Note")
        TAG_ADDED = "tag_added", _("Tag added")
        TAG_REMOVED = "tag_removed", _("Tag removed")

    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="customer_notes"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices, default=Kind.NOTE)
    text = models.TextField(_("note"), max_length=2000)
    created_at = models.DateTimeField(_("created at"), default=timezone.now, db_index=True)

    class Meta:
        verbose_name = _("customer note")
        verbose_name_plural = _("customer notes")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["member", "-created_at"], name="crm_note_member_created")]

    def __str__(self) -> str:
        return self.text[:40]


class CustomerListExport(models.Model):
    """The log of every download of the customer list: who, when, with which filters, how many rows."""

    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    file_format = models.CharField(_("format"), max_length=4)
    filters = models.JSONField(_("filters"), default=dict, blank=True)
    row_count = models.PositiveIntegerField(_("rows"))

    class Meta:
        verbose_name = _("customer list export")
        verbose_name_plural = _("customer list exports")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M} {self.file_format} {self.row_count}"


class CrmSettings(SingletonModel):
    """The owner's CRM settings (admin, Owner only)."""

    show_member_stats = models.BooleanField(
        _("show members their order count and total spent"),
        default=False,
        help_text=_("When on, a member's account page shows how many orders it placed and what it spent."),
    )

    class Meta(SingletonModel.Meta):
        verbose_name = _("CRM settings")
        verbose_name_plural = _("CRM settings")
        permissions = [("export_customer_list", _("Can export the customer list"))]

    def __str__(self) -> str:
        return str(_("CRM settings"))


# --- RFM segments -------------------------------------------------------------------------------------------


class SegmentSettings(SingletonModel):
    """The owner's RFM rules: when quintiles take over, and the fixed score thresholds used below that.

    Each list of four thresholds is the upper bound of scores 1–4 (frequency, monetary) or the upper bound of
    scores 5–2 (recency in days: bought within 30 days scores 5); anything past the last one scores 5 (1 for
    recency). Defaults suit a small camera-accessory shop where most buyers order once or twice a year.
    """

    quintile_min_buyers = models.PositiveIntegerField(
        _("quintiles from this many buyers"),
        default=100,
        validators=[MinValueValidator(5)],
        help_text=_("With at least this many buyers, scores are quintiles; below it, the fixed thresholds."),
    )
    recency_days_1 = models.PositiveIntegerField(_("recency score 5 up to (days)"), default=30)
    recency_days_2 = models.PositiveIntegerField(_("recency score 4 up to (days)"), default=60)
    recency_days_3 = models.PositiveIntegerField(_("recency score 3 up to (days)"), default=120)
    recency_days_4 = models.PositiveIntegerField(_("recency score 2 up to (days)"), default=240)
    frequency_1 = models.PositiveIntegerField(_("frequency score 1 up to (orders)"), default=1)
    frequency_2 = models.PositiveIntegerField(_("frequency score 2 up to (orders)"), default=2)
    frequency_3 = models.PositiveIntegerField(_("frequency score 3 up to (orders)"), default=3)
    frequency_4 = models.PositiveIntegerField(_("frequency score 4 up to (orders)"), default=5)
    monetary_1 = models.PositiveIntegerField(_("monetary score 1 up to (Rp)"), default=250_000)
    monetary_2 = models.PositiveIntegerField(_("monetary score 2 up to (Rp)"), default=500_000)
    monetary_3 = models.PositiveIntegerField(_("monetary score 3 up to (Rp)"), default=1_000_000)
    monetary_4 = models.PositiveIntegerField(_("monetary score 4 up to (Rp)"), default=2_500_000)

    class Meta(SingletonModel.Meta):
        verbose_name = _("segment settings")
        verbose_name_plural = _("segment settings")
        constraints = [
            *SingletonModel.Meta.constraints,
            *[
                models.CheckConstraint(
                    condition=Q(**{f"{name}_1__lt": F(f"{name}_2")})
                    & Q(**{f"{name}_2__lt": F(f"{name}_3")})
                    & Q(**{f"{name}_3__lt": F(f"{name}_4")}),
                    name=f"crm_segmentsettings_{name}_ascending",
                )
                for name in ("recency_days", "frequency", "monetary")
            ],
        ]

    def __str__(self) -> str:
        return str(_("Segment settings"))

    def clean(self):
        for name, label in (
            ("recency_days", _("Recency")),
            ("frequency", _("Frequency")),
            ("monetary", _("Monetary")),
        ):
            values = [getattr(self, f"{name}_{i}") for i in range(1, 5)]
            if any(value is None for value in values):
                continue
            if any(a >= b for a, b in itertools.pairwise(values)):
                raise ValidationError(
                    {
                        f"{name}_2": _("%(label)s thresholds must rise from the first to the fourth.")
                        % {"label": label}
                    }
                )


class SegmentRun(models.Model):
    """One computation of every member's RFM group for one day (the nightly job or the Owner's button).

    One per date (unique): running again the same day replaces that day's snapshots, never adds a second.
    """

    class Method(models.TextChoices):
        FIXED = "fixed", _("Fixed thresholds")
        QUINTILE = "quintile", _("Quintiles")

    date = models.DateField(_("date"), unique=True)
    method = models.CharField(_("scoring"), max_length=10, choices=Method.choices)
    buyers = models.PositiveIntegerField(_("buyers"), default=0)
    members = models.PositiveIntegerField(_("members"), default=0)
    computed_at = models.DateTimeField(_("computed at"), default=timezone.now)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("started by"),
    )

    class Meta:
        verbose_name = _("segment run")
        verbose_name_plural = _("segment runs")
        ordering = ["-date"]
        permissions = [("recompute_segments", "Can recompute the RFM segments now")]

    def __str__(self) -> str:
        return f"RFM {self.date.isoformat()}"


class SegmentSnapshot(models.Model):
    """A member's RFM scores and group on the date of a run (kept, so movement between groups shows)."""

    run = models.ForeignKey(SegmentRun, on_delete=models.CASCADE, related_name="snapshots")
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="segment_snapshots"
    )
    group = models.CharField(_("group"), max_length=20)
    recency = models.PositiveSmallIntegerField(_("R"), default=0)  # scores 1–5; 0 = never bought
    frequency = models.PositiveSmallIntegerField(_("F"), default=0)
    monetary = models.PositiveSmallIntegerField(_("M"), default=0)
    orders = models.PositiveIntegerField(_("orders"), default=0)
    spent = models.PositiveBigIntegerField(_("spent"), default=0)
    last_order_on = models.DateField(_("last order"), null=True, blank=True)
    days_since = models.PositiveIntegerField(_("days since the last order"), null=True, blank=True)

    class Meta:
        verbose_name = _("segment snapshot")
        verbose_name_plural = _("segment snapshots")
        constraints = [
            models.UniqueConstraint(fields=["run", "member"], name="crm_segment_snapshot_once_per_run"),
        ]
        indexes = [
            models.Index(fields=["run", "group"], name="crm_snapshot_run_group"),
            models.Index(fields=["member", "run"], name="crm_snapshot_member_run"),
        ]

    def __str__(self) -> str:
        return f"{self.member_id} {self.group} ({self.run_id})"
