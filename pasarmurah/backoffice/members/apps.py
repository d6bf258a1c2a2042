from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BackofficeMembersConfig(AppConfig):
    name = "pasarmurah.backoffice.members"
    label = "backoffice_members"
    verbose_name = _("Members")
