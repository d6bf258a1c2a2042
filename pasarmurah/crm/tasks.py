"""Jobs of the CRM domain: the wishlist scans. Safe to run twice."""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from pasarmurah.crm import services


@db_periodic_task(crontab(minute="*/15"))
def wishlist_scan() -> dict[str, int]:
    return {"restock": services.wishlist_scan_restocks(), "promo": services.wishlist_scan_promos()}
