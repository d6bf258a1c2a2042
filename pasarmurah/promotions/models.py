from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Upper
from django.utils.translation import gettext_lazy as _

from pasarmurah.catalog.models import PromoKind
from pasarmurah.core.models import SingletonModel


class WindowMode(models.TextChoices):
    DAYS = "days", _("Days around the birthday")
    MONTH = "month", _("The whole birthday month")


class BirthdayProgramme(SingletonModel):
    """The owner's birthday discount: who gets what, when (DESIGN.md §6). One row."""

    is_active = models.BooleanField(_("programme on"), default=True)
    percent = models.PositiveSmallIntegerField(_("discount (%)"), default=10)
    max_discount = models.PositiveIntegerField(_("at most (Rp) per order"), default=100_000)
    min_purchase = models.PositiveIntegerField(_("minimum purchase (Rp)"), default=100_000)
    window_mode = models.CharField(
        _("window"), max_length=10, choices=WindowMode.choices, default=WindowMode.DAYS
    )
    days_before = models.PositiveSmallIntegerField(_("days before the birthday"), default=3)
    days_after = models.PositiveSmallIntegerField(_("days after the birthday"), default=7)
    min_membership_days = models.PositiveSmallIntegerField(
        _("minimum membership age (days)"),
        default=14,
        help_text=_("Accounts younger than this when the window opens do not qualify that year."),
    )
    combine_with_voucher = models.BooleanField(
        _("combines with a voucher"),
        default=False,
        help_text=_("If not, the larger of the two discounts applies."),
    )
    greeting_text = models.TextField(
        _("greeting e-mail text"),
        default="Selamat ulang tahun! Semoga sehat selalu dan makin produktif berkarya. "
        "Sebagai hadiah kecil dari kami, nikmati diskon ulang tahun khusus untuk Anda.",
    )

    class Meta(SingletonModel.Meta):
        verbose_name = _("birthday programme")
        verbose_name_plural = _("birthday programme")
        constraints = [
            *SingletonModel.Meta.constraints,
            models.CheckConstraint(
                condition=Q(percent__gte=1, percent__lte=90), name="promotions_birthday_percent"
            ),
            models.CheckConstraint(
                condition=Q(days_before__lte=31, days_after__lte=31), name="promotions_window_len"
            ),
        ]

    def __str__(self) -> str:
        return str(self._meta.verbose_name)


class BirthdayRedemption(models.Model):
    """A member used its birthday discount for the birthday of `year`. Unique: once per member and year.

    Deleted again when its order is cancelled or expires, which gives that year's discount back.
    """

    member = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField()
    order = models.OneToOneField("orders.Order", on_delete=models.CASCADE, related_name="birthday_redemption")
    amount = models.PositiveIntegerField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["member", "year"], name="promotions_birthday_once_a_year")
        ]

    def __str__(self) -> str:
        return f"{self.member_id} {self.year}"


class BirthdayGreeting(models.Model):
    """The greeting e-mail of one member's birthday `year` was queued. Unique: once per member and year."""

    member = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    year = models.PositiveSmallIntegerField()
    window_ends = models.DateField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["member", "year"], name="promotions_greeting_once_a_year")
        ]

    def __str__(self) -> str:
        return f"{self.member_id} {self.year}"


class Voucher(models.Model):
    code = models.CharField(
        _("code"), max_length=30, unique=True, help_text=_("Letters and digits; case does not matter.")
    )
    description = models.CharField(_("description"), max_length=200, blank=True)
    kind = models.CharField(_("kind"), max_length=10, choices=PromoKind.choices, default=PromoKind.PERCENT)
    value = models.PositiveIntegerField(_("value"), help_text=_("Percent (1–90) or rupiah, by kind."))
    max_discount = models.PositiveIntegerField(_("at most (Rp)"), null=True, blank=True)
    min_purchase = models.PositiveIntegerField(_("minimum purchase (Rp)"), default=0)
    starts_at = models.DateTimeField(_("valid from"))
    ends_at = models.DateTimeField(_("valid until"))
    total_limit = models.PositiveIntegerField(
        _("uses in total"), null=True, blank=True, help_text=_("Empty: no limit.")
    )
    per_member_limit = models.PositiveSmallIntegerField(_("uses per member"), default=1)
    categories = models.ManyToManyField(
        "catalog.Category",
        blank=True,
        related_name="+",
        verbose_name=_("only for these categories"),
        help_text=_("Empty: every product."),
    )
    used_count = models.PositiveIntegerField(_("used"), default=0, editable=False)
    is_active = models.BooleanField(_("active"), default=True)
    # A personal code (a campaign recipient's own): only this member may use it; empty for a shared code.
    member = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        editable=False,
        related_name="personal_vouchers",
        verbose_name=_("only for member"),
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("voucher")
        verbose_name_plural = _("vouchers")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(Upper("code"), name="promotions_voucher_code_ci_unique"),
            models.CheckConstraint(condition=Q(ends_at__gt=F("starts_at")), name="promotions_voucher_dates"),
            models.CheckConstraint(
                condition=~Q(kind="percent") | Q(value__gte=1, value__lte=90),
                name="promotions_voucher_percent",
            ),
            models.CheckConstraint(
                condition=Q(total_limit__isnull=True) | Q(used_count__lte=F("total_limit")),
                name="promotions_voucher_total_limit",
            ),
        ]

    def __str__(self) -> str:
        return self.code

    def save(self, *args, **kwargs):
        self.code = self.code.strip().upper()
        super().save(*args, **kwargs)


class VoucherRedemption(models.Model):
    voucher = models.ForeignKey(Voucher, on_delete=models.PROTECT, related_name="redemptions")
    member = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    order = models.OneToOneField("orders.Order", on_delete=models.CASCADE, related_name="voucher_redemption")
    amount = models.PositiveIntegerField()
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"{self.voucher} → {self.order_id}"
