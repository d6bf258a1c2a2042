"""The automations' periodic jobs. Each is safe to run twice or at once with itself (once-only deliveries).
Huey's crontab is in UTC (settings.HUEY["utc"]); the times in WIB are in the comments."""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from pasarmurah.automations.models import Rule
from pasarmurah.automations.services import automation_run


@db_periodic_task(crontab(minute="*/15"))
def payment_reminders() -> int:
    return automation_run(rule=Rule.PAYMENT_REMINDER)


@db_periodic_task(crontab(minute="7"))
def abandoned_carts() -> int:
    return automation_run(rule=Rule.ABANDONED_CART)


# 03:00 UTC = 10:00 WIB, after the nightly RFM run (02:10 WIB) and at an hour people read their mail.
@db_periodic_task(crontab(hour="3", minute="0"))
def winback_and_after_delivery() -> dict[str, int]:
    return {
        Rule.WINBACK: automation_run(rule=Rule.WINBACK),
        Rule.AFTER_DELIVERY: automation_run(rule=Rule.AFTER_DELIVERY),
    }


# Fridays 02:00 UTC = 09:00 WIB: the week's new arrivals before the weekend.
@db_periodic_task(crontab(day_of_week="5", hour="2", minute="0"))
def new_arrivals_digest() -> int:
    return automation_run(rule=Rule.NEW_ARRIVALS)
