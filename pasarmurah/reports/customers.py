"""Laporan pelanggan: who joins, who buys, who comes back (issue 13 item 4).

Pure reads of a period (Asia/Jakarta calendar days, both ends included). Every figure is aggregated by the
database; Python reads a few dozen rows (the buyer figures, the top lists, the grouped member counts).

A sale is an order whose status is paid or later (orders.models.PAID_OR_LATER), on the WIB day it was paid,
the rule of the sales report and its summary table (reports.summaries.order_day). Members are the customer
accounts (not staff), the dashboard's "new members" included: an account erased later still joined.
"""

import datetime
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
    """The customer accounts, as a filter of User. Written as a list so that SQLite compares `is_staff = 0`
    and seeks the indexes that start with it (a bare boolean test, `NOT is_staff`, makes it scan)."""
    return Q(is_staff__in=[False])


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


def _members(bounds: list[tuple[datetime.datetime, datetime.datetime]]) -> tuple[list[dict], list[tuple]]:
    """For each period (first, after): members by its end, new ones, without a birth date, opted in; and every
    member by the month of their birthday (January first, all twelve months). One grouped scan of the members,
    read from a covering index, for all of it."""
    aggregates = {"everyone": Count("pk")}
    for i, (first, after) in enumerate(bounds):
        by_end = Q(date_joined__lt=after)
        aggregates |= {
            f"total{i}": Count("pk", filter=by_end),
            f"new{i}": Count("pk", filter=by_end & Q(date_joined__gte=first)),
            f"opted_in{i}": Count("pk", filter=by_end & Q(accepts_marketing=True)),
        }
    rows = {
        row.pop("month"): row
        for row in User.objects.filter(members())
        .annotate(month=MonthOf("birth_date"))
        .values("month")
        .annotate(**aggregates)
        .order_by()
    }
    counts = []
    for i in range(len(bounds)):
        counts.append(
            {
                "total": sum(row[f"total{i}"] for row in rows.values()),
                "new": sum(row[f"new{i}"] for row in rows.values()),
                "without_birth_date": rows.get(None, {}).get(f"total{i}", 0),
                "opted_in": sum(row[f"opted_in{i}"] for row in rows.values()),
            }
        )
    birthdays = [(month, rows[month]["everyone"] if month in rows else 0) for month in range(1, 13)]
    return counts, birthdays


def _staff_ids() -> set[int]:
    return set(User.objects.filter(is_staff__in=[True]).values_list("pk", flat=True))  # see members()


class SecondsBetween(Func):
    """The seconds from one moment to a later one, computed by the database (on SQLite from julianday(), not
    Django's per-row Python function for subtracting moments)."""

    output_field = FloatField()
    TEMPLATES = {
        "sqlite": "((julianday({later}) - julianday({earlier})) * 86400.0)",
        "postgresql": "CAST(EXTRACT(EPOCH FROM ({later} - {earlier})) AS double precision)",
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


class _Buyers(NamedTuple):
    """What one period's buyers come to, worked out by the database (see _buyer_figures)."""

    purchasers: int  # members who had bought by the end of the period
    buyers: int
    first_time: int
    repeat_buyers: int
    interval_mean_days: float | None
    interval_median_days: float | None
    top_by_spend: list[tuple[int, int, int]]  # (member id, orders in the period, spent in the period)
    top_by_orders: list[tuple[int, int, int]]

    def figures(self) -> dict:
        return {
            "buyers": self.buyers,
            "first_time": self.first_time,
            "returning": self.buyers - self.first_time,
            "repeat_buyers": self.repeat_buyers,
            "interval_mean_days": self.interval_mean_days,
            "interval_median_days": self.interval_median_days,
        }


def _derived(periods: list[tuple[datetime.datetime, datetime.datetime]]) -> dict[int, str]:
    """The periods whose purchases by their end need no count of their own: a period that ends where the
    first one starts (the usual comparison period) has the first period's purchases before its start."""
    return {i: "n0 - in0" for i, (_first, after) in enumerate(periods) if i and after == periods[0][0]}


def _per_member(periods: list[tuple[datetime.datetime, datetime.datetime]]):
    """One row per member who had bought by the end of the last period, read from the order index (member,
    status, paid_at, total) alone: for each period i, `n{i}` purchases by its end (see _derived), `in{i}` of
    them in it, and `span{i}` seconds from the member's first purchase to the last by its end; `spent0` in
    the first period. Each aggregate costs a step per order row, so there are no more than these."""
    last = max(after for _first, after in periods)
    derived = _derived(periods)
    annotations = {}
    for i, (first, after) in enumerate(periods):
        by_end = None if after == last else Q(paid_at__lt=after)
        inside = Q(paid_at__gte=first, paid_at__lt=after)
        if i not in derived:
            annotations[f"n{i}"] = Count("pk", filter=by_end)
        annotations[f"in{i}"] = Count("pk", filter=inside)
        if not i:
            annotations["spent0"] = Sum("total", filter=inside, default=0)
        annotations[f"span{i}"] = SecondsBetween(Min("paid_at"), Max("paid_at", filter=by_end))
    return (
        Order.objects.filter(status__in=PAID_OR_LATER, member__isnull=False, paid_at__lt=last)
        .exclude(member_id__in=_staff_ids())  # a handful of ids: cheaper than joining every order's member
        .order_by()
        .values("member_id")
        .annotate(**annotations)
    )


# What the database answers about the per-member rows `p` (the derived counts added), as rows of (kind, i,
# v1..v6), in one statement so that the grouped pass runs once (SQLite and PostgreSQL materialise a CTE named
# more than once). The median of the repeat buyers' mean gaps takes the one or two middle rows of the ordered
# gaps. Unused places hold 0 (a bare NULL in a derived table is text to PostgreSQL, which then cannot match
# the other rows' numbers).
_FIGURES = """SELECT 0 AS kind, {i} AS i, COUNT(CASE WHEN n{i} > 0 THEN 1 END) AS v1,
    SUM(CASE WHEN in{i} > 0 THEN 1 ELSE 0 END) AS v2,
    SUM(CASE WHEN in{i} > 0 AND in{i} = n{i} THEN 1 ELSE 0 END) AS v3,
    SUM(CASE WHEN in{i} > 0 AND n{i} >= 2 THEN 1 ELSE 0 END) AS v4,
    SUM(CASE WHEN in{i} > 0 AND n{i} >= 2 THEN span{i} ELSE 0 END) AS v5,
    SUM(CASE WHEN in{i} > 0 AND n{i} >= 2 THEN n{i} - 1 ELSE 0 END) AS v6
FROM p"""
_MEDIAN = """SELECT 1 AS kind, {i} AS i, AVG(gap) AS v1, 0 AS v2, 0 AS v3, 0 AS v4, 0 AS v5,
    0 AS v6
FROM (SELECT gap, ROW_NUMBER() OVER (ORDER BY gap) AS rn, COUNT(*) OVER () AS c
      FROM (SELECT span{i} / (n{i} - 1) AS gap FROM p WHERE in{i} > 0 AND n{i} >= 2) gaps) ranked
WHERE 2 * rn BETWEEN c AND c + 2"""
_TOP = """SELECT * FROM (SELECT {kind} AS kind, 0 AS i, member_id AS v1, in0 AS v2, spent0 AS v3, 0 AS v4,
    0 AS v5, 0 AS v6 FROM p WHERE in0 > 0 ORDER BY {order} LIMIT %s) top{kind}"""
_WITH = "WITH g AS ({inner}), p AS (SELECT g.*{derived} FROM g) {parts}"
_BY_SPEND, _BY_ORDERS = "spent0 DESC, in0 DESC, member_id", "in0 DESC, spent0 DESC, member_id"


def _buyer_figures(periods: list[tuple[datetime.datetime, datetime.datetime]], top: int = 0) -> list[_Buyers]:
    """First-time, returning and repeat buyers of each period (first, after) and their purchase intervals,
    and for the first period its `top` customers by spend and by orders. The mean gap between consecutive
    purchases of one member is (last - first) / (purchases - 1). Only a few dozen rows leave the database."""
    rows = _per_member(periods)
    inner, params = rows.query.get_compiler(rows.db).as_sql()
    parts = [template.format(i=i) for i in range(len(periods)) for template in (_FIGURES, _MEDIAN)]
    if top:
        parts += [_TOP.format(kind=2, order=_BY_SPEND), _TOP.format(kind=3, order=_BY_ORDERS)]
        params = (*params, top, top)
    derived = "".join(f", {expression} AS n{i}" for i, expression in _derived(periods).items())
    sql = _WITH.format(inner=inner, derived=derived, parts=" UNION ALL ".join(parts))
    with connections[rows.db].cursor() as cursor:
        cursor.execute(sql, params)
        answers = cursor.fetchall()
    figures = {(kind, i): values for kind, i, *values in answers if kind < 2}
    tops = {2: [], 3: []}
    for kind, _i, member, orders, spent, *_rest in answers:
        if kind >= 2:
            tops[kind].append((int(member), int(orders), int(spent)))
    tops[2].sort(key=lambda row: (-row[2], -row[1], row[0]))
    tops[3].sort(key=lambda row: (-row[1], -row[2], row[0]))
    result = []
    for i in range(len(periods)):
        purchasers, buyers, first_time, repeat, gap_seconds, gap_count = (
            0 if value is None else value for value in figures[(0, i)]
        )
        median = figures[(1, i)][0]
        result.append(
            _Buyers(
                purchasers=int(purchasers),
                buyers=int(buyers),
                first_time=int(first_time),
                repeat_buyers=int(repeat),
                interval_mean_days=round(float(gap_seconds) / 86400 / int(gap_count), 1)
                if gap_count
                else None,
                interval_median_days=None if median is None else round(float(median) / 86400, 1),
                top_by_spend=tops[2] if i == 0 else [],
                top_by_orders=tops[3] if i == 0 else [],
            )
        )
    return result


def new_members(
    *, start: datetime.date, end: datetime.date, grain: str
) -> tuple[list[tuple[datetime.date, int]], list[tuple[str, str, int]]]:
    """New members by `grain` bucket of their WIB join day, and by the province of their default address
    (most first; "" for those without one): one grouped pass over the period's new members."""
    first, after = day_bounds(start, end)
    default_province = (
        Address.objects.filter(user=OuterRef("pk"), is_default=True)
        .order_by("-is_default", "-created_at")  # the accounts_addr_default index read backwards
        .values("province")[:1]
    )
    rows = (
        User.objects.filter(members(), date_joined__gte=first, date_joined__lt=after)
        .annotate(bucket=local_trunc(grain, "date_joined"), province=Subquery(default_province))
        .values("bucket", "province")
        .annotate(n=Count("pk"))
        .order_by()
        .values_list("bucket", "province", "n")
    )
    by_bucket: dict[datetime.date, int] = {}
    by_province: dict[str, int] = {}
    for bucket, province, n in rows:
        day = as_date(bucket)
        by_bucket[day] = by_bucket.get(day, 0) + n
        by_province[province or ""] = by_province.get(province or "", 0) + n
    labels = dict(Province.choices)
    provinces = [(code, str(labels.get(code, "")), n) for code, n in by_province.items()]
    return sorted(by_bucket.items()), sorted(provinces, key=lambda row: (-row[2], row[0]))


def new_members_by_period(*, start: datetime.date, end: datetime.date, grain: str) -> list[tuple]:
    return new_members(start=start, end=end, grain=grain)[0]


def _customers(rows: list[tuple[int, int, int]]) -> list[TopCustomer]:
    names = User.objects.in_bulk([member for member, _orders, _spent in rows])
    return [
        TopCustomer(member, names[member].full_name, names[member].email, orders, spent)
        for member, orders, spent in rows
    ]


def top_customers(*, start: datetime.date, end: datetime.date, by: str = "spent", limit: int = TOP_CUSTOMERS):
    """The members who spent most (by="spent") or ordered most often (by="orders") in the period."""
    (figures,) = _buyer_figures([day_bounds(start, end)], top=limit)
    return _customers(figures.top_by_spend if by == "spent" else figures.top_by_orders)


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
    (report,) = customer_reports([(start, end)], grain=grain, today=today, figures_only=figures_only)
    return report


def customer_reports(
    periods: list[tuple[datetime.date, datetime.date]],
    *,
    grain: str | None = None,
    today: datetime.date | None = None,
    figures_only: bool = False,
) -> list[CustomerReport]:
    """The customer report of the first period (start, end), and the headline counts alone of the others
    (comparison periods): their buyers are counted in the same pass over the orders."""
    bounds = [day_bounds(start, end) for start, end in periods]
    buyers = _buyer_figures(bounds, top=0 if figures_only else TOP_CUSTOMERS)
    counts, birthdays = _members(bounds)
    reports = []
    for i, (start, end) in enumerate(periods):
        period_grain = grain if grain in GRAINS else grain_for(start, end)
        lists = {"new_by_period": [], "new_by_province": [], "top_by_spend": [], "top_by_orders": []}
        lists |= {"cohorts": [], "birthdays_by_month": []}
        if i == 0 and not figures_only:
            by_period, by_province = new_members(start=start, end=end, grain=period_grain)
            lists = {
                "new_by_period": by_period,
                "new_by_province": by_province,
                "top_by_spend": _customers(buyers[i].top_by_spend),
                "top_by_orders": _customers(buyers[i].top_by_orders),
                "cohorts": cohort_retention(start=start, end=end, today=today),
                "birthdays_by_month": birthdays,
            }
        members = counts[i]
        figures = buyers[i].figures()
        reports.append(
            CustomerReport(
                start=start,
                end=end,
                grain=period_grain,
                members_total=members["total"],
                members_new=members["new"],
                active=figures["buyers"],
                inactive=members["total"] - figures["buyers"],
                never_bought=members["total"] - buyers[i].purchasers,
                repeat_rate=ratio(figures["repeat_buyers"], figures["buyers"]),
                without_birth_date=members["without_birth_date"],
                opted_in=members["opted_in"],
                opt_in_rate=ratio(members["opted_in"], members["total"]),
                **figures,
                **lists,
            )
        )
    return reports
