"""Jobs of the CRM domain: the e-mail outbox and the wishlist scans. Each is safe to run twice."""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

from pasarmurah.crm import outbox, services


@db_task()
def outbox_send(email_id: int) -> str:
    return outbox.email_deliver(email_id=email_id)


@db_periodic_task(crontab(minute="*"))
def outbox_retry() -> dict[str, int]:
    return outbox.outbox_retry_due()


@db_periodic_task(crontab(minute="*/15"))
def wishlist_scan() -> dict[str, int]:
    return {"restock": services.wishlist_scan_restocks(), "promo": services.wishlist_scan_promos()}
