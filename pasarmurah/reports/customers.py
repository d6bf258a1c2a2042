"""Laporan pelanggan: who joins, who buys, who comes back (issue 13 item 4).

Pure reads of a period (Asia/Jakarta calendar days, both ends included). Every figure is aggregated by the
database; Python only walks the period's buyers (one row each) and a handful of grouped rows.

A sale is an order whose status is paid or later (orders.models.PAID_OR_LATER), on the WIB day it was paid,
the rule of the sales report and its summary table (reports.summaries.order_day). Members are the customer
accounts (not staff), the dashboard's "new members" included: an account erased later still joined.
"""

import datetime
import statistics
from dataclasses import dataclass

from django.db.models import Count, Max, Min, OuterRef, Q, Subquery, Sum
from django.utils import timezone

from pasarmurah.accounts.models import Address, User
from pasarmurah.core.provinces import Province
from pasarmurah.orders.models import PAID_OR_LATER, Order
from pasarmurah.reports.bounds import (
    MonthOf,
    add_months,
    as_date,
    day_bounds,
    day_start,
    local_trunc,
    month_starts,
)
from pasarmurah.reports.frame import ratio

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
    """Members by the end of the period, new ones, with a birth date, opted in: one scan of the members."""
    return User.objects.filter(members(), date_joined__lt=after).aggregate(
        total=Count("pk"),
        new=Count("pk", filter=Q(date_joined__gte=first)),
        without_birth_date=Count("pk", filter=Q(birth_date__isnull=True)),
        opted_in=Count("pk", filter=Q(accepts_marketing=True)),
        ever_bought=Count(
            "pk",
            filter=Q(
                pk__in=Order.objects.filter(status__in=PAID_OR_LATER, paid_at__lt=after)
                .order_by()
                .values("member_id")
            ),
        ),
    )


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


def _buyers(first: datetime.datetime, after: datetime.datetime) -> dict:
    """First-time, returning and repeat buyers of the period and their purchase intervals.

    One grouped query: for every member who bought in the period, its first and last purchase up to the end
    of the period and how many it made. The mean gap between consecutive purchases of one member is
    (last - first) / (purchases - 1), so no purchase row is read in Python.
    """
    in_period = (
        Order.objects.filter(_member_orders(), paid_at__gte=first, paid_at__lt=after)
        .order_by()
        .values("member_id")
    )
    rows = (
        Order.objects.filter(status__in=PAID_OR_LATER, paid_at__lt=after, member_id__in=in_period)
        .order_by()
        .values("member_id")
        .annotate(first_at=Min("paid_at"), last_at=Max("paid_at"), n=Count("pk"))
        .values_list("first_at", "last_at", "n")
    )
    buyers = first_time = repeat = 0
    gap_days = gap_count = 0.0
    member_means = []
    for first_at, last_at, n in rows.iterator(chunk_size=5000):
        buyers += 1
        if first_at >= first:
            first_time += 1
        if n >= 2:
            repeat += 1
            span = (last_at - first_at).total_seconds() / 86400
            gap_days += span
            gap_count += n - 1
            member_means.append(span / (n - 1))
    return {
        "buyers": buyers,
        "first_time": first_time,
        "returning": buyers - first_time,
        "repeat_buyers": repeat,
        "interval_mean_days": round(gap_days / gap_count, 1) if gap_count else None,
        "interval_median_days": round(statistics.median(member_means), 1) if member_means else None,
    }


def top_customers(*, start: datetime.date, end: datetime.date, by: str = "spent", limit: int = TOP_CUSTOMERS):
    """The members who spent most (by="spent") or ordered most often (by="orders") in the period."""
    first, after = day_bounds(start, end)
    order = ("-spent", "-orders") if by == "spent" else ("-orders", "-spent")
    rows = (
        Order.objects.filter(_member_orders(), paid_at__gte=first, paid_at__lt=after)
        .values("member_id", "member__full_name", "member__email")
        .annotate(orders=Count("pk"), spent=Sum("total"))
        .order_by(*order, "member_id")[:limit]
    )
    return [
        TopCustomer(
            row["member_id"], row["member__full_name"], row["member__email"], row["orders"], row["spent"]
        )
        for row in rows
    ]


def cohort_retention(
    *, start: datetime.date, end: datetime.date, today: datetime.date | None = None
) -> list[Cohort]:
    """Buyers by the month of their first purchase (the period's last twelve months), and the share of them
    who bought again in each of the six months after. Two grouped queries read from the order index
    (member, status, paid_at): each member's first payment, kept for the cohorts' members; and the
    (member, month) pairs of the payments from the first cohort month to six months after the last."""
    today = today or timezone.localdate()
    months = month_starts(start, end)[-COHORT_MONTHS:]
    cohort_first, cohort_after = day_bounds(months[0], end)
    horizon = day_start(add_months(months[-1], COHORT_FOLLOWING + 1))
    firsts = (
        Order.objects.filter(_member_orders())
        .values("member_id")
        .annotate(first_at=Min("paid_at"))
        .filter(first_at__gte=cohort_first, first_at__lt=cohort_after)
        .annotate(cohort=local_trunc("month", Min("paid_at")))
        .values_list("member_id", "cohort")
        .order_by()
    )
    cohort_of = {member_id: _index(as_date(cohort)) for member_id, cohort in firsts.iterator(chunk_size=5000)}
    pairs = (
        Order.objects.filter(_member_orders(), paid_at__gte=cohort_first, paid_at__lt=horizon)
        .annotate(month=local_trunc("month", "paid_at"))
        .values_list("member_id", "month")
        .distinct()
        .order_by()
    )
    counts: dict[tuple[int, int], int] = {}
    for member_id, month in pairs.iterator(chunk_size=5000):
        cohort = cohort_of.get(member_id)
        if cohort is not None:
            key = (cohort, _index(as_date(month)) - cohort)
            counts[key] = counts.get(key, 0) + 1
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
    if figures_only:
        lists = {"new_by_period": [], "new_by_province": [], "top_by_spend": [], "top_by_orders": []}
        lists |= {"cohorts": [], "birthdays_by_month": []}
    else:
        lists = {
            "new_by_period": new_members_by_period(start=start, end=end, grain=grain),
            "new_by_province": new_members_by_province(start=start, end=end),
            "top_by_spend": top_customers(start=start, end=end, by="spent"),
            "top_by_orders": top_customers(start=start, end=end, by="orders"),
            "cohorts": cohort_retention(start=start, end=end, today=today),
            "birthdays_by_month": birthdays_by_month(),
        }
    first, after = day_bounds(start, end)
    counts = _member_counts(first, after)
    buyers = _buyers(first, after)
    return CustomerReport(
        start=start,
        end=end,
        grain=grain,
        members_total=counts["total"],
        members_new=counts["new"],
        active=buyers["buyers"],
        inactive=counts["total"] - buyers["buyers"],
        never_bought=counts["total"] - counts["ever_bought"],
        repeat_rate=ratio(buyers["repeat_buyers"], buyers["buyers"]),
        without_birth_date=counts["without_birth_date"],
        opted_in=counts["opted_in"],
        opt_in_rate=ratio(counts["opted_in"], counts["total"]),
        **buyers,
        **lists,
    )
