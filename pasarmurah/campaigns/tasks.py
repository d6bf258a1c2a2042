"""The campaign sending job: every minute, and at once after "send now". Safe to run twice."""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

from pasarmurah.campaigns import services


@db_periodic_task(crontab(minute="*"))
def campaigns_dispatch() -> dict[str, int]:
    return services.campaigns_dispatch()


@db_task()
def campaigns_dispatch_now() -> dict[str, int]:
    return services.campaigns_dispatch()
