from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BackofficeAuditConfig(AppConfig):
    name = "pasarmurah.backoffice.audit"
    label = "backoffice_audit"
    verbose_name = _("Audit log")
