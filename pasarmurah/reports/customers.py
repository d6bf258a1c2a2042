"""Laporan pelanggan: who joins, who buys, who comes back (issue 13 item 4).

Pure reads of a period (Asia/Jakarta calendar days, both ends included). Every figure is aggregated by the
database; Python only walks the period's buyers (one row each) and a handful of grouped rows.

A sale is an order whose status is paid or later (orders.models.PAID_OR_LATER), on the WIB day it was paid,
the rule of the sales report and its summary table (reports.summaries.order_day). Members are the customer
accounts (not staff), the dashboard's "new members" included: an account erased later still joined.
"""

import datetime
import heapq
import statistics
from dataclasses import dataclass
from typing import NamedTuple

from django.db import connections
from django.db.models import Count, FloatField, Func, Max, Min, OuterRef, Q, Subquery, Sum
from django.utils import timezone

from pasarmurah.accounts.models import Address, User
from pasarmurah.core.provinces import Province
from pasarmurah.orders.models import PAID_OR_LATER, Order
from pasarmurah.reports.bounds import (
    MonthOf,
    add_months,
    as_date,
    day_bounds,
    local_trunc,
    month_starts,
)
from pasarmurah.reports.frame import ratio
from pasarmurah.reports.models import CohortMonth

TOP_CUSTOMERS = 20
COHORT_MONTHS = 12  # cohorts shown: the last twelve months of first purchases in the period
COHORT_FOLLOWING = 6  # retention measured in each of the six months after the first
GRAINS = ("day", "week", "month")


def members() -> "Q":
    """The customer accounts, as a filter of User."""
    return Q(is_staff=False)


def _member_orders(prefix: str = "member__") -> Q:
    """Sales of members (walk-in counter sales have no member and are nobody's purchase)."""
    return Q(status__in=PAID_OR_LATER, member__isnull=False, **{f"{prefix}is_staff": False})


def grain_for(start: datetime.date, end: datetime.date) -> str:
    """Days for up to two months, weeks up to half a year, months beyond."""
    days = (end - start).days + 1
    return "day" if days <= 62 else "week" if days <= 183 else "month"


@dataclass(frozen=True)
class TopCustomer:
    member_id: int
    name: str
    email: str
    orders: int
    spent: int


@dataclass(frozen=True)
class Cohort:
    month: datetime.date
    buyers: int
    # The share of the cohort that bought again in each following month; None where that month has not ended.
    retention: list[float | None]


@dataclass(frozen=True)
class CustomerReport:
    start: datetime.date
    end: datetime.date
    grain: str
    members_total: int  # members who had joined by the end of the period
    members_new: int
    new_by_period: list[tuple[datetime.date, int]]
    new_by_province: list[tuple[str, str, int]]  # (code, label, members); code "" = no default address
    active: int  # members who bought in the period
    inactive: int
    never_bought: int  # members who had bought nothing by the end of the period
    buyers: int  # = active
    first_time: int  # buyers whose first purchase ever is in the period
    returning: int  # buyers who had bought before the period
    repeat_buyers: int  # buyers with two or more purchases by the end of the period
    repeat_rate: float | None  # repeat_buyers / buyers, a fraction
    interval_mean_days: float | None  # days between two purchases of the same buyer
    interval_median_days: float | None
    top_by_spend: list[TopCustomer]
    top_by_orders: list[TopCustomer]
    cohorts: list[Cohort]
    birthdays_by_month: list[tuple[int, int]]  # (month 1-12, members)
    without_birth_date: int
    opted_in: int
    opt_in_rate: float | None


def _member_counts(first: datetime.datetime, after: datetime.datetime) -> dict:
    """Members by the end of the period, new ones, without a birth date, opted in: one scan of the members."""
    return User.objects.filter(members(), date_joined__lt=after).aggregate(
        total=Count("pk"),
        new=Count("pk", filter=Q(date_joined__gte=first)),
        without_birth_date=Count("pk", filter=Q(birth_date__isnull=True)),
        opted_in=Count("pk", filter=Q(accepts_marketing=True)),
    )


def _staff_ids() -> set[int]:
    return set(User.objects.filter(is_staff=True).values_list("pk", flat=True))


class SecondsBetween(Func):
    """The seconds from one moment to a later one, computed by the database (on SQLite from julianday(), not
    Django's per-row Python function for subtracting moments)."""

    output_field = FloatField()
    TEMPLATES = {
        "sqlite": "((julianday({later}) - julianday({earlier})) * 86400.0)",
        "postgresql": "EXTRACT(EPOCH FROM ({later} - {earlier}))",
        "mysql": "(TIMESTAMPDIFF(MICROSECOND, {earlier}, {later}) / 1000000.0)",
    }

    def __init__(self, earlier, later, **extra):
        super().__init__(earlier, later, **extra)

    def as_sql(self, compiler, connection, **extra_context):
        (earlier, earlier_params), (later, later_params) = map(compiler.compile, self.source_expressions)
        template = self.TEMPLATES[connection.vendor]
        params = (*earlier_params, *later_params)
        if template.index("{later}") < template.index("{earlier}"):
            params = (*later_params, *earlier_params)
        return template.format(earlier=earlier, later=later), params


class _Purchases(NamedTuple):
    """One customer's purchases by the end of the period: how many, how many and how much in the period, and
    the time from the first to the last."""

    member_id: int
    count: int
    in_period: int
    spent: int
    span: float  # seconds


def _purchases(first: datetime.datetime, after: datetime.datetime) -> list[_Purchases]:
    """Every customer who had bought by the end of the period, one grouped query read from the order index
    (member, status, paid_at, total) alone; staff accounts left out in Python (a handful of ids)."""
    in_period = Q(paid_at__gte=first)
    rows = (
        Order.objects.filter(status__in=PAID_OR_LATER, member__isnull=False, paid_at__lt=after)
        .order_by()
        .values("member_id")
        .annotate(
            n=Count("pk"),
            n_in=Count("pk", filter=in_period),
            spent=Sum("total", filter=in_period, default=0),
            span=SecondsBetween(Min("paid_at"), Max("paid_at")),
        )
        .values_list("member_id", "n", "n_in", "spent", "span")
    )
    staff = _staff_ids()
    sql, params = rows.query.sql_with_params()
    with connections[rows.db].cursor() as cursor:  # plain integers: no per-value converters for 80,000 rows
        cursor.execute(sql, params)
        return [
            _Purchases(member, count, in_period, int(spent), float(span))
            for member, count, in_period, spent, span in cursor.fetchall()
            if member not in staff
        ]


def new_members_by_period(*, start: datetime.date, end: datetime.date, grain: str) -> list[tuple]:
    first, after = day_bounds(start, end)
    rows = (
        User.objects.filter(members(), date_joined__gte=first, date_joined__lt=after)
        .annotate(bucket=local_trunc(grain, "date_joined"))
        .values("bucket")
        .annotate(n=Count("pk"))
        .order_by("bucket")
    )
    return [(as_date(row["bucket"]), row["n"]) for row in rows]


def new_members_by_province(*, start: datetime.date, end: datetime.date) -> list[tuple[str, str, int]]:
    """New members by the province of their default address, most first; "" for those without one."""
    first, after = day_bounds(start, end)
    default_province = Address.objects.filter(user=OuterRef("pk"), is_default=True).values("province")[:1]
    rows = (
        User.objects.filter(members(), date_joined__gte=first, date_joined__lt=after)
        .annotate(province=Subquery(default_province))
        .values("province")
        .annotate(n=Count("pk"))
        .order_by()
    )
    labels = dict(Province.choices)
    result = [(row["province"] or "", str(labels.get(row["province"], "")), row["n"]) for row in rows]
    return sorted(result, key=lambda row: (-row[2], row[0]))


def _buyers(purchases: list[_Purchases]) -> dict:
    """First-time, returning and repeat buyers of the period and their purchase intervals. The mean gap
    between consecutive purchases of one member is (last - first) / (purchases - 1)."""
    buyers = first_time = repeat = 0
    gap_days = gap_count = 0.0
    member_means = []
    for member in purchases:
        if not member.in_period:
            continue
        buyers += 1
        if member.in_period == member.count:  # every purchase so far is in the period: the first one too
            first_time += 1
        if member.count >= 2:
            repeat += 1
            span = member.span / 86400
            gap_days += span
            gap_count += member.count - 1
            member_means.append(span / (member.count - 1))
    return {
        "buyers": buyers,
        "first_time": first_time,
        "returning": buyers - first_time,
        "repeat_buyers": repeat,
        "interval_mean_days": round(gap_days / gap_count, 1) if gap_count else None,
        "interval_median_days": round(statistics.median(member_means), 1) if member_means else None,
    }


def _top(purchases: list[_Purchases], by: str, limit: int) -> list[TopCustomer]:
    def rank(member):
        if by == "spent":
            return (-member.spent, -member.in_period, member.member_id)
        return (-member.in_period, -member.spent, member.member_id)

    chosen = heapq.nsmallest(limit, (member for member in purchases if member.in_period), key=rank)
    names = User.objects.in_bulk([member.member_id for member in chosen])
    return [
        TopCustomer(
            member.member_id,
            names[member.member_id].full_name,
            names[member.member_id].email,
            member.in_period,
            member.spent,
        )
        for member in chosen
    ]


def top_customers(*, start: datetime.date, end: datetime.date, by: str = "spent", limit: int = TOP_CUSTOMERS):
    """The members who spent most (by="spent") or ordered most often (by="orders") in the period."""
    return _top(_purchases(*day_bounds(start, end)), by, limit)


def cohort_retention(
    *, start: datetime.date, end: datetime.date, today: datetime.date | None = None
) -> list[Cohort]:
    """Buyers by the month of their first purchase (the period's last twelve months), and the share of them
    who bought again in each of the six months after: read from the CohortMonth summary."""
    today = today or timezone.localdate()
    months = month_starts(start, end)[-COHORT_MONTHS:]
    counts = {
        (_index(cohort), _index(month) - _index(cohort)): buyers
        for cohort, month, buyers in CohortMonth.objects.filter(
            cohort__gte=months[0],
            cohort__lte=months[-1],
            month__lte=add_months(months[-1], COHORT_FOLLOWING),
        ).values_list("cohort", "month", "buyers")
    }
    current = _index(today)
    cohorts = []
    for month in months:
        index = _index(month)
        buyers = counts.get((index, 0), 0)
        retention = []
        for k in range(1, COHORT_FOLLOWING + 1):
            if not buyers or index + k >= current:  # the month has not ended yet
                retention.append(None)
            else:
                retention.append(counts.get((index, k), 0) / buyers)
        cohorts.append(Cohort(month, buyers, retention))
    return cohorts


def _index(day: datetime.date) -> int:
    return day.year * 12 + day.month - 1


def birthdays_by_month() -> list[tuple[int, int]]:
    """Members by the month of their birthday, January first (all twelve months, zeros included)."""
    rows = dict(
        User.objects.filter(members(), birth_date__isnull=False)
        .annotate(month=MonthOf("birth_date"))
        .values("month")
        .annotate(n=Count("pk"))
        .values_list("month", "n")
    )
    return [(month, rows.get(month, 0)) for month in range(1, 13)]


def customer_report(
    *,
    start: datetime.date,
    end: datetime.date,
    grain: str | None = None,
    today: datetime.date | None = None,
    figures_only: bool = False,
) -> CustomerReport:
    """Everything the customer report shows for the period; with `figures_only`, only the headline counts
    (the lists, cohorts and birthdays are left empty: the comparison period needs no more)."""
    grain = grain if grain in GRAINS else grain_for(start, end)
    first, after = day_bounds(start, end)
    purchases = _purchases(first, after)
    if figures_only:
        lists = {"new_by_period": [], "new_by_province": [], "top_by_spend": [], "top_by_orders": []}
        lists |= {"cohorts": [], "birthdays_by_month": []}
    else:
        lists = {
            "new_by_period": new_members_by_period(start=start, end=end, grain=grain),
            "new_by_province": new_members_by_province(start=start, end=end),
            "top_by_spend": _top(purchases, "spent", TOP_CUSTOMERS),
            "top_by_orders": _top(purchases, "orders", TOP_CUSTOMERS),
            "cohorts": cohort_retention(start=start, end=end, today=today),
            "birthdays_by_month": birthdays_by_month(),
        }
    counts = _member_counts(first, after)
    buyers = _buyers(purchases)
    return CustomerReport(
        start=start,
        end=end,
        grain=grain,
        members_total=counts["total"],
        members_new=counts["new"],
        active=buyers["buyers"],
        inactive=counts["total"] - buyers["buyers"],
        never_bought=counts["total"] - len(purchases),
        repeat_rate=ratio(buyers["repeat_buyers"], buyers["buyers"]),
        without_birth_date=counts["without_birth_date"],
        opted_in=counts["opted_in"],
        opt_in_rate=ratio(counts["opted_in"], counts["total"]),
        **buyers,
        **lists,
    )
