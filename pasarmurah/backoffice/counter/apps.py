from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BackofficeCounterConfig(AppConfig):
    name = "pasarmurah.backoffice.counter"
    label = "backoffice_counter"
    verbose_name = _("Counter sale")
