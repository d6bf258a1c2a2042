from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BackofficePurchasingConfig(AppConfig):
    name = "pasarmurah.backoffice.purchasing"
    label = "backoffice_purchasing"
    verbose_name = _("Purchasing")
