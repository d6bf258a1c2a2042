from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BackofficeCampaignsConfig(AppConfig):
    name = "pasarmurah.backoffice.campaigns"
    label = "backoffice_campaigns"
    verbose_name = _("Campaigns")
