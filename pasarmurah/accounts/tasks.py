"""Jobs of the accounts domain. Each is safe to run twice."""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

from pasarmurah.accounts import services, throttle


@db_periodic_task(crontab(minute="17", hour="3"))
def unverified_accounts_purge() -> int:
    return services.unverified_accounts_purge()


@db_periodic_task(crontab(minute="23"))
def throttle_counters_prune() -> int:
    return throttle.counters_prune()


@db_task()
def password_reset_send(email: str) -> int:
    """The reset page hands over the typed address; the lookup happens here, off the request."""
    return services.password_reset_mail(email=email)


@db_task()
def login_link_send(email: str) -> int:
    """The sign-in link page hands over the typed address; the lookup happens here, off the request."""
    return services.login_link_mail(email=email)
