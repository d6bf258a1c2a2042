from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BackofficeConfig(AppConfig):
    name = "pasarmurah.backoffice"
    verbose_name = _("Back office")

    def ready(self):
        from pasarmurah.backoffice.dashboard import register_work_queues

        register_work_queues()
