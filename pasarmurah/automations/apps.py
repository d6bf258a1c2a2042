from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AutomationsConfig(AppConfig):
    name = "pasarmurah.automations"
    verbose_name = _("Automations")

    def ready(self):
        from pasarmurah.automations.mails import source_mails_register

        source_mails_register()
