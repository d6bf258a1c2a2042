"""Deploy check of the staff two-factor setting (`manage.py check --deploy`)."""

from django.core.checks import Tags, Warning, register

from pasarmurah.accounts import two_factor


@register(Tags.security, deploy=True)
def staff_two_factor_required(app_configs, **kwargs):
    """Production asks the Owner for a second factor; "optional" and "off" are for the demo."""
    if two_factor.mode() == "required":
        return []
    return [
        Warning(
            f"Staff two-step login is {two_factor.mode()!r} (STAFF_2FA): the Owner logs in with a password "
            "alone.",
            hint="Set STAFF_2FA=required in production (the default); see README.md.",
            id="accounts.W001",
        )
    ]
