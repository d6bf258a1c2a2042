from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BackofficeInventoryConfig(AppConfig):
    name = "pasarmurah.backoffice.inventory"
    label = "backoffice_inventory"
    verbose_name = _("Stock")
