"""Jobs of the accounts domain. Each is safe to run twice."""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from pasarmurah.accounts import services


@db_periodic_task(crontab(minute="17", hour="3"))
def unverified_accounts_purge() -> int:
    return services.unverified_accounts_purge()
