from django.db import models
from django.utils.translation import gettext_lazy as _

from pasarmurah.core.provinces import Province


class Courier(models.Model):
    """A delivery service (e.g. "JNE REG") or pick-up at the store, with its tracking page."""

    code = models.SlugField(_("code"), max_length=30, unique=True)
    name = models.CharField(_("name"), max_length=80)
    is_pickup = models.BooleanField(
        _("pick-up at the store"),
        default=False,
        help_text=_("No shipping cost; the member collects the order."),
    )
    tracking_url_template = models.CharField(
        _("tracking URL"),
        max_length=300,
        blank=True,
        help_text=_("Link to the courier's tracking page; {resi} is replaced by the tracking number."),
    )
    is_active = models.BooleanField(_("offered at checkout"), default=True)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        verbose_name = _("courier")
        verbose_name_plural = _("couriers")
        ordering = ["sort_order", "name"]

    def __str__(self) -> str:
        return self.name

    def tracking_url(self, tracking_number: str) -> str:
        from urllib.parse import quote

        if not (self.tracking_url_template and tracking_number):
            return ""
        return self.tracking_url_template.replace("{resi}", quote(tracking_number))


class ShippingRate(models.Model):
    """What a courier charges per started kilogram to one destination province."""

    courier = models.ForeignKey(
        Courier, on_delete=models.CASCADE, related_name="rates", verbose_name=_("courier")
    )
    province = models.CharField(_("destination province"), max_length=40, choices=Province.choices)
    price_per_kg = models.PositiveIntegerField(_("price per kg (Rp)"))
    etd = models.CharField(_("estimated delivery"), max_length=40, blank=True, help_text=_("e.g. 2–3 days"))

    class Meta:
        verbose_name = _("shipping rate")
        verbose_name_plural = _("shipping rates")
        ordering = ["courier", "province"]
        constraints = [models.UniqueConstraint(fields=["courier", "province"], name="shipping_rate_unique")]

    def __str__(self) -> str:
        return f"{self.courier} → {self.get_province_display()}"
