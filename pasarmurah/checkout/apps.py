from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CheckoutConfig(AppConfig):
    name = "pasarmurah.checkout"
    verbose_name = _("Checkout")

    def ready(self):
        from pasarmurah.checkout import receivers  # noqa: F401 - cached cart lines and addresses follow
