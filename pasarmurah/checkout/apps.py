from django.apps import AppConfig
from django.contrib.auth.signals import user_logged_in
from django.utils.translation import gettext_lazy as _


class CheckoutConfig(AppConfig):
    name = "pasarmurah.checkout"
    verbose_name = _("Checkout")

    def ready(self):
        from pasarmurah.checkout.signals import merge_cart_at_login

        # The session is flushed at login with its data kept, so the visitor's cart is still there to merge.
        user_logged_in.connect(merge_cart_at_login, dispatch_uid="checkout_merge_cart_at_login")
