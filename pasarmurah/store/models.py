from urllib.parse import quote

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from pasarmurah.core.models import SingletonModel, TimeStampedModel
from pasarmurah.core.phones import format_phone_national, validate_indonesian_phone
from pasarmurah.core.provinces import Province


class StoreProfile(SingletonModel, TimeStampedModel):
    """The one store this software runs: its identity, contact and the texts the owner writes."""

    name = models.CharField(_("store name"), max_length=120, default="Toko Pasar Murah Solo")
    tagline = models.CharField(_("tagline"), max_length=200, blank=True)
    about = models.TextField(
        _("about the store"), blank=True, help_text=_("Markdown: **bold**, lists, links.")
    )
    how_to_order = models.TextField(
        _("how to order"), blank=True, help_text=_("Markdown: **bold**, lists, links.")
    )
    address = models.TextField(_("address"), blank=True)
    city = models.CharField(_("city"), max_length=100, blank=True, default="Surakarta")
    province = models.CharField(
        _("province"), max_length=40, choices=Province.choices, default=Province.JAWA_TENGAH
    )
    postal_code = models.CharField(_("postal code"), max_length=5, blank=True)
    phone = models.CharField(_("phone"), max_length=20, blank=True, validators=[validate_indonesian_phone])
    whatsapp = models.CharField(
        _("WhatsApp number"), max_length=20, blank=True, validators=[validate_indonesian_phone]
    )
    email = models.EmailField(_("e-mail"), blank=True)
    opening_hours = models.CharField(_("opening hours"), max_length=200, blank=True)
    instagram_url = models.URLField(_("Instagram"), blank=True)
    facebook_url = models.URLField(_("Facebook"), blank=True)
    tiktok_url = models.URLField(_("TikTok"), blank=True)

    class Meta(SingletonModel.Meta):
        verbose_name = _("store profile")
        verbose_name_plural = _("store profile")

    def __str__(self) -> str:
        return self.name

    @property
    def phone_display(self) -> str:
        return format_phone_national(self.phone) if self.phone else ""

    @property
    def whatsapp_display(self) -> str:
        return format_phone_national(self.whatsapp) if self.whatsapp else ""

    def whatsapp_url(self, message: str = "") -> str:
        """Click-to-chat link (https://wa.me/62...), optionally with a prefilled message."""
        if not self.whatsapp:
            return ""
        url = f"https://wa.me/{self.whatsapp.lstrip('+')}"
        return f"{url}?text={quote(message)}" if message else url


class BankAccount(models.Model):
    """A bank account members transfer to; shown on the payment page and how-to-order."""

    store = models.ForeignKey(StoreProfile, on_delete=models.CASCADE, related_name="bank_accounts")
    bank_name = models.CharField(_("bank"), max_length=60)
    account_number = models.CharField(_("account number"), max_length=30)
    account_holder = models.CharField(_("account holder"), max_length=120)
    is_active = models.BooleanField(_("shown to members"), default=True)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("bank account")
        verbose_name_plural = _("bank accounts")
        ordering = ["sort_order", "bank_name"]
        constraints = [
            models.UniqueConstraint(fields=["bank_name", "account_number"], name="store_bank_account_unique")
        ]

    def __str__(self) -> str:
        return f"{self.bank_name} {self.account_number} a.n. {self.account_holder}"

    def clean(self):
        digits = self.account_number.replace(" ", "").replace("-", "")
        if not digits.isdigit():
            raise ValidationError({"account_number": _("An account number holds digits only.")})
