from django.apps import AppConfig
from django.contrib.auth.signals import user_logged_in
from django.db.models.signals import post_delete, post_migrate, post_save
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "pasarmurah.accounts"
    verbose_name = _("Accounts")

    def ready(self):
        from pasarmurah.accounts import checks  # noqa: F401 - registers the deploy check
        from pasarmurah.accounts.backends import user_row_changed
        from pasarmurah.accounts.services import address_written, secret_links_register
        from pasarmurah.accounts.signals import run_after_login_steps, sync_roles_after_migrate

        secret_links_register()
        user = self.get_model("User")
        post_save.connect(user_row_changed, sender=user, dispatch_uid="accounts_user_row_saved")
        post_delete.connect(user_row_changed, sender=user, dispatch_uid="accounts_user_row_deleted")
        address = self.get_model("Address")
        post_save.connect(address_written, sender=address, dispatch_uid="accounts_default_province_saved")
        post_delete.connect(address_written, sender=address, dispatch_uid="accounts_default_province_deleted")
        post_migrate.connect(sync_roles_after_migrate, sender=self, dispatch_uid="accounts_sync_roles")
        user_logged_in.connect(run_after_login_steps, dispatch_uid="accounts_after_login_steps")
