from django.contrib.auth.management import create_permissions


def sync_roles_after_migrate(sender, app_config=None, using="default", apps=None, **kwargs):
    """Keep role permissions complete after every migrate (new models bring new permissions)."""
    from pasarmurah.accounts.roles import sync_roles

    if app_config is None or app_config.label != "accounts":
        return
    from django.apps import apps as global_apps

    for config in global_apps.get_app_configs():
        create_permissions(config, verbosity=0, using=using)
    sync_roles()
