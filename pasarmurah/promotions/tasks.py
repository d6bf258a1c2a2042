"""Periodic jobs of the promotions domain."""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task, lock_task

from pasarmurah.promotions.services import birthday_greetings_send


@db_periodic_task(crontab(minute="5", hour="*"))
@lock_task("promotions-birthday-greetings")
def send_birthday_greetings():
    """Hourly, so a greeting goes out early in the member's day even after a restart; idempotent."""
    return birthday_greetings_send()
