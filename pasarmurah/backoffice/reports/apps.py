from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BackofficeReportsConfig(AppConfig):
    name = "pasarmurah.backoffice.reports"
    label = "backoffice_reports"
    verbose_name = _("Reports")
