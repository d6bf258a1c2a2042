from django.conf import settings
from django.contrib.auth.management import create_permissions
from django.dispatch import Signal
from django.utils.module_loading import import_string

# Sent when a member gives or withdraws consent to promotional mail (arguments: user, given, source), so a
# higher domain can keep the record UU PDP asks for (campaigns.MarketingConsent) without accounts naming it.
marketing_consent_changed = Signal()


def run_after_login_steps(sender, request, user, **kwargs):
    """Every login (shop, admin, password reset, e-mail link) runs each domain's after-login step.

    The steps are listed in settings.AFTER_LOGIN_STEPS (dotted paths called with request= and user=), like the
    erasure steps: accounts names no domain above it. The session keeps its data through login, so what a
    visitor left there (its cart, a tapped heart) is still there for the steps.
    """
    for path in settings.AFTER_LOGIN_STEPS:
        import_string(path)(request=request, user=user)


def sync_roles_after_migrate(sender, app_config=None, using="default", apps=None, **kwargs):
    """Keep role permissions complete after every migrate (new models bring new permissions)."""
    from pasarmurah.accounts.roles import sync_roles

    if app_config is None or app_config.label != "accounts":
        return
    from django.apps import apps as global_apps

    for config in global_apps.get_app_configs():
        create_permissions(config, verbosity=0, using=using)
    sync_roles()
