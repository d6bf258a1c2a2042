from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ShippingConfig(AppConfig):
    name = "pasarmurah.shipping"
    verbose_name = _("Shipping")

    def ready(self):
        from pasarmurah.shipping import receivers  # noqa: F401 - the cached delivery options follow every write
