from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BackofficeTicketsConfig(AppConfig):
    name = "pasarmurah.backoffice.tickets"
    label = "backoffice_tickets"
    verbose_name = _("Customer messages")
