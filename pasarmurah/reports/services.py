"""Writes of the reports domain: the monthly report pack mailed to the Owner (the summaries are kept by
receivers.py and rebuilt by summaries.summaries_rebuild)."""

import datetime

from django.urls import reverse
from django.utils import timezone

from pasarmurah.accounts.models import User
from pasarmurah.accounts.roles import OWNER
from pasarmurah.mail.outbox import email_queue
from pasarmurah.reports.period import ReportPeriod
from pasarmurah.reports.selectors import sales_totals


def report_pack_mail(*, today: datetime.date | None = None) -> int:
    """Tell every active Owner that last month's report pack is ready, with its headline figures and the
    link to the PDF (downloaded after logging in: the pack's figures never travel in the mail's link).
    Once per month and address (dedupe key), however often the job runs. Returns the mails queued."""
    today = today or timezone.localdate()
    last = today.replace(day=1) - datetime.timedelta(days=1)
    period = ReportPeriod.month(last.year, last.month)
    figures = sales_totals(period)
    before = sales_totals(period.previous())
    link = reverse("backoffice:reports:pack") + f"?bulan={last:%Y-%m}"
    owners = User.objects.filter(groups__name=OWNER, is_active=True, is_staff=True).distinct()
    queued = 0
    for owner in owners.order_by("pk"):
        email_queue(
            to=owner.email,
            kind="report_pack",
            template="reports/email/monthly_pack",
            context={"period": period, "figures": figures, "before": before, "path": link},
            user=owner,
            dedupe_key=f"report-pack:{last:%Y-%m}:{owner.pk}",
        )
        queued += 1
    return queued
