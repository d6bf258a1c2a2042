"""Periodic jobs of the reports: the monthly report pack mailed to the Owner on the 1st."""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task, lock_task

from pasarmurah.reports.services import report_pack_mail


# Huey's crontab is in UTC (settings.HUEY["utc"]): 00:30 UTC is 07:30 WIB on the 1st.
@db_periodic_task(crontab(day="1", hour="0", minute="30"))
@lock_task("reports-monthly-pack")
def send_monthly_report_pack():
    """Last month's pack to every active Owner, once per month and address however often it runs."""
    return report_pack_mail()
