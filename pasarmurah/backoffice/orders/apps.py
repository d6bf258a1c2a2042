from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BackofficeOrdersConfig(AppConfig):
    name = "pasarmurah.backoffice.orders"
    label = "backoffice_orders"
    verbose_name = _("Order desk")
