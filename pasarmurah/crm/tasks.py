"""Jobs of the CRM domain: the wishlist scans. Safe to run twice."""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from pasarmurah.crm import services


@db_periodic_task(crontab(minute="*/15"))
def wishlist_scan() -> dict[str, int]:
    return {"restock": services.wishlist_scan_restocks(), "promo": services.wishlist_scan_promos()}


# Huey's crontab is in UTC (settings.HUEY["utc"]): 19:10 UTC is 02:10 WIB, a quiet hour for the shop.
@db_periodic_task(crontab(hour="19", minute="10"))
def segments_nightly() -> int:
    """Recompute every member's RFM group for the Jakarta date; a second run replaces that day's snapshot."""
    return services.segments_recompute(by=None).members
