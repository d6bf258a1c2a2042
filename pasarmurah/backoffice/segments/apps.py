from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BackofficeSegmentsConfig(AppConfig):
    name = "pasarmurah.backoffice.segments"
    label = "backoffice_segments"
    verbose_name = _("Customer segments")
