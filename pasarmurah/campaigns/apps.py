from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CampaignsConfig(AppConfig):
    name = "pasarmurah.campaigns"
    verbose_name = _("Campaigns")

    def ready(self):
        from pasarmurah.accounts.signals import marketing_consent_changed
        from pasarmurah.campaigns.services import consent_record_from_signal

        marketing_consent_changed.connect(consent_record_from_signal, dispatch_uid="campaigns.consent")
