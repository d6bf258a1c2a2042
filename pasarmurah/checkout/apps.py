from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CheckoutConfig(AppConfig):
    name = "pasarmurah.checkout"
    verbose_name = _("Checkout")

    def ready(self):
        # receivers: cached cart lines and addresses follow; slots: the content slots' memos
        from pasarmurah.checkout import receivers, slots  # noqa: F401
