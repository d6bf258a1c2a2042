"""The customer report's page (Laporan pelanggan) on the report frame: figures, charts and tables from
`customers.customer_report`, each customer linked to its 360 view. The Owner's (spend is money)."""

import datetime

from django.urls import reverse
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from pasarmurah.reports import selectors
from pasarmurah.reports.bounds import bucketed, grain_kind
from pasarmurah.reports.customers import COHORT_FOLLOWING, CustomerReport, TopCustomer, customer_reports
from pasarmurah.reports.frame import (
    MONEY_PERMISSION,
    Chart,
    Column,
    Figure,
    Kind,
    Report,
    ReportPage,
    ReportRequest,
    Table,
    ratio,
    register,
)


def _figures(now: CustomerReport, before: CustomerReport | None, request: ReportRequest) -> list[Figure]:
    def previous(name):
        return getattr(before, name) if before else None

    sales_now = selectors.sales_totals(request.period)
    sales_before = selectors.sales_totals(request.previous) if before else None
    return [
        Figure("members_new", _("New members"), now.members_new, Kind.INT, previous("members_new")),
        Figure("members_total", _("Members at the end of the period"), now.members_total, Kind.INT),
        Figure("buyers", _("Members who bought"), now.buyers, Kind.INT, previous("buyers")),
        Figure("first_time", _("First-time buyers"), now.first_time, Kind.INT, previous("first_time")),
        Figure("returning", _("Returning buyers"), now.returning, Kind.INT, previous("returning")),
        Figure(
            "repeat_buyers",
            _("Buyers with two or more purchases"),
            now.repeat_rate,
            Kind.PERCENT,
            previous("repeat_rate"),
        ),
        # The dashboard's figure, from the same summary: the share of member orders that are repeat orders.
        Figure(
            "repeat_rate",
            _("Repeat-purchase rate"),
            sales_now.repeat_rate,
            Kind.PERCENT,
            sales_before.repeat_rate if sales_before else None,
        ),
        Figure(
            "interval",
            _("Days between two purchases (average)"),
            now.interval_mean_days,
            Kind.DECIMAL,
            previous("interval_mean_days"),
            higher_is_better=False,
        ),
        Figure("opt_in", _("Opt-in rate (promotional e-mail)"), now.opt_in_rate, Kind.PERCENT),
    ]


def _customer_rows(customers: list[TopCustomer]) -> list[dict]:
    return [
        {
            "name": customer.name or customer.email,
            "email": customer.email,
            "url": reverse("backoffice:members:detail", args=[customer.member_id]),
            "orders": customer.orders,
            "spent": customer.spent,
        }
        for customer in customers
    ]


def build(request: ReportRequest) -> ReportPage:
    period = request.period
    periods = [(period.start, period.end)]
    if request.compare:
        periods.append((request.previous.start, request.previous.end))
    now, *others = customer_reports(periods, grain=grain_kind(request.grain))
    before = others[0] if others else None
    buckets = bucketed(period, request.grain, [(day, {"n": n}) for day, n in now.new_by_period])
    customer_columns = [
        Column("name", _("Customer"), link="url"),
        Column("email", _("E-mail")),
        Column("orders", _("Orders"), Kind.INT),
        Column("spent", _("Spent"), Kind.RUPIAH, money=True),
    ]
    activity = [
        {"name": _("Bought in the period"), "members": now.active},
        {"name": _("Did not buy in the period"), "members": now.inactive},
        {"name": _("Of those: never bought"), "members": now.never_bought},
    ]
    for row in activity:
        row["share"] = ratio(row["members"], now.members_total)
    buyer_rows = [
        {
            "name": _("First-time buyers"),
            "buyers": now.first_time,
            "share": ratio(now.first_time, now.buyers),
        },
        {"name": _("Returning buyers"), "buyers": now.returning, "share": ratio(now.returning, now.buyers)},
    ]
    month_names = [""] + [date_format(datetime.date(2000, month, 1), "F") for month in range(1, 13)]
    tables = [
        Table(
            "new",
            _("New members"),
            [Column("bucket", _("Period")), Column("members", _("New members"), Kind.INT)],
            [{"bucket": bucket.label, "members": sums.get("n", 0)} for bucket, sums in buckets],
            {"bucket": _("Total"), "members": now.members_new},
        ),
        Table(
            "provinces",
            _("New members by province"),
            [Column("province", _("Province")), Column("members", _("New members"), Kind.INT)],
            [
                {"province": label or _("(no default address)"), "members": n}
                for _code, label, n in now.new_by_province
            ],
            {"province": _("Total"), "members": now.members_new},
            note=_("The province of the member's default address."),
        ),
        Table(
            "activity",
            _("Active and inactive members"),
            [
                Column("name", _("Members")),
                Column("members", _("Members"), Kind.INT),
                Column("share", _("Share"), Kind.PERCENT),
            ],
            activity,
            {"name": _("Members at the end of the period"), "members": now.members_total, "share": 1.0},
        ),
        Table(
            "buyers",
            _("First-time and returning buyers"),
            [
                Column("name", _("Buyers")),
                Column("buyers", _("Members"), Kind.INT),
                Column("share", _("Share"), Kind.PERCENT),
            ],
            buyer_rows,
            {"name": _("Members who bought"), "buyers": now.buyers, "share": ratio(now.buyers, now.buyers)},
            note=_(
                "Returning: bought before the period too. Average days between two purchases: %(mean)s; "
                "median per buyer: %(median)s."
            )
            % {
                "mean": _days(now.interval_mean_days),
                "median": _days(now.interval_median_days),
            },
        ),
        Table("top_spend", _("Top customers by spend"), customer_columns, _customer_rows(now.top_by_spend)),
        Table(
            "top_orders", _("Top customers by orders"), customer_columns, _customer_rows(now.top_by_orders)
        ),
        Table(
            "cohorts",
            _("Cohort retention by month of first purchase"),
            [
                Column("month", _("First purchase")),
                Column("buyers", _("Buyers"), Kind.INT),
                *[
                    Column(f"m{k}", _("Month +%(k)d") % {"k": k}, Kind.PERCENT)
                    for k in range(1, COHORT_FOLLOWING + 1)
                ],
            ],
            [
                {
                    "month": f"{cohort.month:%m/%Y}",
                    "buyers": cohort.buyers,
                    **{f"m{k + 1}": share for k, share in enumerate(cohort.retention)},
                }
                for cohort in now.cohorts
            ],
            note=_("The share of each month's new buyers who bought again in each following month."),
        ),
        Table(
            "birthdays",
            _("Birthdays by month"),
            [Column("month", _("Month")), Column("members", _("Members"), Kind.INT)],
            [{"month": month_names[month], "members": n} for month, n in now.birthdays_by_month],
            {"month": _("Without a birth date"), "members": now.without_birth_date},
            note=_("All members, whatever the period."),
        ),
    ]
    charts = [
        Chart(
            "new",
            _("New members"),
            "line",
            [bucket.label for bucket, _sums in buckets],
            [{"label": _("New members"), "data": [sums.get("n", 0) for _bucket, sums in buckets]}],
        ),
        Chart(
            "buyers",
            _("First-time and returning buyers"),
            "doughnut",
            [row["name"] for row in buyer_rows],
            [{"label": _("Buyers"), "data": [row["buyers"] for row in buyer_rows]}],
        ),
        Chart(
            "birthdays",
            _("Birthdays by month"),
            "bar",
            month_names[1:],
            [{"label": _("Members"), "data": [n for _month_number, n in now.birthdays_by_month]}],
        ),
    ]
    notes = [
        _(
            "A purchase is an order paid (or later) in the period, on its payment day, as in the sales "
            "report; walk-in counter sales have no member and are not counted here."
        )
    ]
    return ReportPage(figures=_figures(now, before, request), charts=charts, tables=tables, notes=notes)


def _days(value: float | None) -> str:
    return "–" if value is None else _("%(days)s days") % {"days": f"{value:.1f}".replace(".", ",")}


CUSTOMER_REPORT = register(
    Report(
        key="pelanggan",
        title=gettext_lazy("Customers"),
        description=gettext_lazy(
            "New members by period and province, active and inactive, top customers, first-time and "
            "returning buyers, repeat rate and purchase interval, cohort retention, birthdays, opt-in rate."
        ),
        build=build,
        permission=MONEY_PERMISSION,
        order=30,
        icon="bi-people",
    )
)
