from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BackofficeBirthdayConfig(AppConfig):
    name = "pasarmurah.backoffice.birthday"
    label = "backoffice_birthday"
    verbose_name = _("Birthday programme")
