"""Jobs of the outbox: deliver the mails of a transaction after its commit, retry what is due every minute.
Safe to run twice."""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

from pasarmurah.mail import outbox


@db_task()
def outbox_send(email_id: int) -> str:
    return outbox.email_deliver(email_id=email_id)


@db_task()
def outbox_send_many(email_ids: list[int]) -> list[str]:
    """The mails one transaction queued together, one after the other over one connection to the mail
    server (each claimed and sent on its own)."""
    return outbox.emails_deliver(email_ids)


@db_periodic_task(crontab(minute="*"))
def outbox_retry() -> dict[str, int]:
    return outbox.outbox_retry_due()
