from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BackofficeAutomationsConfig(AppConfig):
    name = "pasarmurah.backoffice.automations"
    label = "backoffice_automations"
    verbose_name = _("Automations")
