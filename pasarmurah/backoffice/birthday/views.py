"""The owner's view of the birthday programme and vouchers: who has a birthday soon, and what it brought."""

from django.shortcuts import render
from django.utils import timezone

from pasarmurah.backoffice.navigation import area_required
from pasarmurah.promotions.selectors import (
    birthday_programme,
    birthday_report,
    members_with_birthday_in,
    voucher_usage,
)


@area_required("birthday")
def report(request):
    today = timezone.localdate()
    next_month = today.month % 12 + 1
    context = {
        "programme": birthday_programme(),
        "this_month": members_with_birthday_in(today.month),
        "next_month": members_with_birthday_in(next_month),
        "this_month_date": today,
        "next_month_date": today.replace(day=1, month=next_month, year=today.year + (today.month == 12)),
        "rows": birthday_report(),
        "vouchers": voucher_usage(),
    }
    return render(request, "backoffice/birthday/report.html", context)
