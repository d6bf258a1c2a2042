"""Periodic jobs of the inventory domain."""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task, lock_task

from pasarmurah.inventory.services import low_stock_digest_send


@db_periodic_task(crontab(minute="0", hour="7"))
@lock_task("inventory-low-stock-digest")
def send_low_stock_digest():
    """Every morning at 07:00 (Asia/Jakarta); one digest per address and day, however often it runs."""
    return low_stock_digest_send()
