from django.apps import AppConfig
from django.contrib.auth.signals import user_logged_in, user_logged_out
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "pasarmurah.core"
    verbose_name = _("Core")

    def ready(self):
        from pasarmurah.core import checks, slots  # noqa: F401 - registers the deploy checks, the slot memos
        from pasarmurah.core.cache import member_signed_in_or_out

        user_logged_in.connect(member_signed_in_or_out, dispatch_uid="core_member_values_login")
        user_logged_out.connect(member_signed_in_or_out, dispatch_uid="core_member_values_logout")
