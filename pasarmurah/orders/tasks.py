"""Periodic jobs of the orders domain (run by the Huey worker that ./run.sh starts)."""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task, lock_task

from pasarmurah.orders.services import orders_complete_shipped, orders_expire_unpaid


@db_periodic_task(crontab(minute="*"))
@lock_task("orders-expire-unpaid")
def expire_unpaid_orders():
    return orders_expire_unpaid()


@db_periodic_task(crontab(minute="15"))
@lock_task("orders-complete-shipped")
def complete_shipped_orders():
    return orders_complete_shipped()
