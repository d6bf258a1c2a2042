"""Laporan pelanggan: who joins, who buys, who comes back (issue 13 item 4).

Pure reads of a period (Asia/Jakarta calendar days, both ends included). Every figure is aggregated by the
database; Python reads a few dozen rows (the buyer figures, the top lists, the grouped member counts).

A sale is an order whose status is paid or later (orders.models.PAID_OR_LATER), on the WIB day it was paid,
the rule of the sales report and its summary table (reports.summaries.order_day). Members are the customer
accounts (not staff), the dashboard's "new members" included: an account erased later still joined.

The buyers are counted from the MemberPurchase summary (one row per purchase, with the member's purchase
number, first purchase and next purchase), kept in the order change's transaction like the other summaries:
a period's buyers are the rows of their last purchase by its end, with no grouping of orders by member.
"""

import datetime
import statistics
from dataclasses import dataclass
from typing import NamedTuple

from django.db import connections, router
from django.db.models import Count, ExpressionWrapper, F, FloatField, Max, Q, Sum
from django.utils import timezone

from pasarmurah.accounts.models import User
from pasarmurah.core.provinces import Province
from pasarmurah.reports.bounds import (
    add_months,
    as_date,
    day_bounds,
    local_trunc,
    month_starts,
)
from pasarmurah.reports.frame import ratio
from pasarmurah.reports.models import CohortMonth, MemberPurchase

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


# The members by the month of their birthday: the members grouped by birth date in the order of the
# accounts_user_birth index (no sorting), those groups added up by month by the database (a dozen rows back).
_BIRTH_MONTH = {
    "sqlite": "CAST(substr(d, 6, 2) AS INTEGER)",  # SQLite keeps a date as its ISO text
    "postgresql": "CAST(EXTRACT(MONTH FROM d) AS INTEGER)",
    "mysql": "MONTH(d)",
}
_BIRTHDAYS = """SELECT {month} AS m, SUM(n) FROM (SELECT {birth} AS d, COUNT(*) AS n FROM {users}
    WHERE {staff} IN (%s) AND {birth} IS NOT NULL GROUP BY {birth}) dates GROUP BY m"""


def _birthdays_by_month() -> list[tuple[int, int]]:
    """Every member by the month of their birthday, January first, all twelve months."""
    connection = connections[router.db_for_read(User)]
    quote = connection.ops.quote_name
    sql = _BIRTHDAYS.format(
        month=_BIRTH_MONTH[connection.vendor],
        birth=quote(User._meta.get_field("birth_date").column),
        users=quote(User._meta.db_table),
        staff=quote(User._meta.get_field("is_staff").column),
    )
    months = dict.fromkeys(range(1, 13), 0)
    with connection.cursor() as cursor:
        cursor.execute(sql, [False])  # see members()
        for month, n in cursor.fetchall():
            months[int(month)] += int(n)
    return list(months.items())


def _members(bounds: list[tuple[datetime.datetime, datetime.datetime]]) -> tuple[list[dict], list[tuple]]:
    """For each period (first, after): members by its end, new ones, without a birth date, opted in; and every
    member by the month of their birthday. The members by the end are all accounts less the staff and those
    who joined later: SQLite counts a whole table without reading its rows, while a range of the 200,000
    members' index is a step per member. The other counts are ranges of covering indexes of the members
    (accounts_user_report, _birth, _optin), which SQLite counts without reading a row."""
    accounts = User.objects.order_by()
    everyone = accounts.count() - accounts.filter(is_staff__in=[True]).count()  # see members()
    customers = accounts.filter(members())
    counts = []
    for first, after in bounds:
        by_end = customers.filter(date_joined__lt=after)
        counts.append(
            {
                "total": everyone - customers.filter(date_joined__gte=after).count(),
                "new": by_end.filter(date_joined__gte=first).count(),
                "without_birth_date": by_end.filter(birth_date__isnull=True).count(),
                "opted_in": by_end.filter(accepts_marketing__in=[True]).count(),  # see members()
            }
        )
    return counts, _birthdays_by_month()


def _staff_ids() -> set[int]:
    return set(User.objects.filter(is_staff__in=[True]).values_list("pk", flat=True))  # see members()


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


def _last_purchases(in_period, after: datetime.datetime, latest):
    """Each buyer's last purchase by the period's end (`in_period`: the period's purchases): the one whose
    next purchase is at the end or later, or that has none. When the period ends after the latest purchase of
    all (`latest`; a period up to today), no next purchase can be that late: the rows are the members' latest
    purchases in the period, a range of the reports_purchase_latest index without their earlier ones."""
    if latest is None or after > latest:
        return in_period.filter(next_paid_at__isnull=True)
    return in_period.filter(Q(next_paid_at__isnull=True) | Q(next_paid_at__gte=after))


def _buyers(
    purchases,
    first: datetime.datetime,
    after: datetime.datetime,
    *,
    top: int,
    median: bool,
    latest: datetime.datetime | None,
    purchased_before: int,
) -> _Buyers:
    """One period's buyer figures from MemberPurchase: each buyer's last purchase by the period's end (see
    _last_purchases) says how many purchases it had by then and since when. The median gap is worked out
    when `median` asks for it, the top lists when `top` does. The caller gives the latest purchase of all and
    the members who had bought before the period."""
    in_period = purchases.filter(paid_at__gte=first, paid_at__lt=after)
    last = _last_purchases(in_period, after, latest)
    repeat = Q(number__gte=2)
    figures = last.aggregate(  # counting a column of the covering index: SQLite then reads the index alone
        buyers=Count("number"),
        first_time=Count("number", filter=Q(first_paid_at__gte=first)),
        repeat=Count("number", filter=repeat),
        span=Sum("span_seconds", filter=repeat),
        gaps=Sum(F("number") - 1, filter=repeat),
    )
    middle = None
    if median and (repeat_buyers := figures["repeat"]):  # the middle one or two of the buyers' mean gaps
        gap = ExpressionWrapper(F("span_seconds") / (F("number") - 1), output_field=FloatField())
        gaps = last.filter(repeat).annotate(gap=gap).order_by("gap").values_list("gap", flat=True)
        middle = float(statistics.mean(gaps[(repeat_buyers - 1) // 2 : repeat_buyers // 2 + 1]))
    tops = {"top_by_spend": [], "top_by_orders": []}
    if top:
        tops = {name: _top_buyers(last, in_period, top, by) for name, by in _TOP_LISTS.items()}
    return _Buyers(
        purchasers=purchased_before + figures["first_time"],
        buyers=figures["buyers"],
        first_time=figures["first_time"],
        repeat_buyers=figures["repeat"],
        interval_mean_days=round(float(figures["span"]) / 86400 / figures["gaps"], 1)
        if figures["repeat"]
        else None,
        interval_median_days=None if middle is None else round(middle / 86400, 1),
        **tops,
    )


class _Ranking(NamedTuple):
    bound: str  # the MemberPurchase column that bounds the figure from above at a buyer's last purchase
    figure: int  # the ranked figure's place in (member id, orders, spent); the other figure breaks ties

    def key(self, row: tuple[int, int, int]) -> tuple[int, int, int]:
        return (-row[self.figure], -row[3 - self.figure], row[0])


_TOP_LISTS = {"top_by_spend": _Ranking("spent", 2), "top_by_orders": _Ranking("number", 1)}
# Buyers looked at first for each place of a top list (four times as many while the list is unsettled).
TOP_CANDIDATES = 5
TOP_CANDIDATES_MAX = 5_000  # beyond these, the period's purchases are grouped by member instead


def _top_buyers(last, in_period, top: int, ranking: _Ranking) -> list[tuple[int, int, int]]:
    """The period's `top` buyers by spend or by purchases, as (member id, purchases, spent) in the list's
    order. A buyer's last purchase by the period's end carries its spend and purchases since its first
    purchase, which are at least those of the period. So the buyers with the highest of these are counted
    exactly (their purchases in the period), and the list is settled once its last place beats what the
    buyers not counted could reach at most; until then four times as many are counted. When that would
    count more than TOP_CANDIDATES_MAX buyers (many who had bought much before the period and little in it),
    the grouped pass over the period's purchases ranks them all."""
    size = top * TOP_CANDIDATES
    while size <= TOP_CANDIDATES_MAX:
        candidates = list(last.order_by(f"-{ranking.bound}").values_list("member_id", ranking.bound)[:size])
        counted = (
            in_period.filter(member_id__in=[member for member, _most in candidates])
            .values("member_id")
            .annotate(n=Count("pk"), s=Sum("total"))
            .values_list("member_id", "n", "s")
        )
        ranked = sorted(((member, int(n), int(s)) for member, n, s in counted), key=ranking.key)[:top]
        settled = len(ranked) == top and ranked[-1][ranking.figure] > candidates[-1][1]
        if len(candidates) < size or settled:
            return ranked
        size *= 4
    by_spend, by_orders = _grouped_top(in_period, top)
    return by_spend if ranking.figure == 2 else by_orders


# Both top lists of a period from one grouped pass over its purchases. SQLite is told to read the purchases
# in member order from the (member, paid at, total) index, so the groups stream out of it: left to choose,
# it reads the period's range and sorts every purchase into a temporary tree first (four times slower).
_TOP = """WITH g AS (SELECT member_id, COUNT(*) AS n, SUM(total) AS s FROM {table} {hint}
    WHERE {where} GROUP BY member_id)
SELECT * FROM (SELECT 0 AS k, member_id, n, s FROM g ORDER BY s DESC, n DESC, member_id LIMIT %s) by_spend
UNION ALL
SELECT * FROM (SELECT 1 AS k, member_id, n, s FROM g ORDER BY n DESC, s DESC, member_id LIMIT %s) by_orders"""


def _grouped_top(in_period, top: int) -> tuple[list, list]:
    """The period's `top` buyers by spend and by purchases, as (member id, purchases, spent), from every one
    of the period's purchases (`in_period`, a filtered MemberPurchase queryset) grouped by member."""
    connection = connections[in_period.db]
    quote = connection.ops.quote_name
    where, params = in_period.query.get_compiler(connection=connection).compile(in_period.query.where)
    sql = _TOP.format(
        table=quote(MemberPurchase._meta.db_table),
        hint=f"INDEXED BY {quote('reports_purchase_member')}" if connection.vendor == "sqlite" else "",
        where=where,
    )
    tops: tuple[list, list] = ([], [])
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, top, top])
        for kind, member, orders, spent in cursor.fetchall():
            tops[kind].append((int(member), int(orders), int(spent)))
    return tops


def _buyer_figures(periods: list[tuple[datetime.datetime, datetime.datetime]], top: int = 0) -> list[_Buyers]:
    """First-time, returning and repeat buyers of each period (first, after) and their purchase intervals
    (the median of the first period only), and for the first period its `top` customers by spend and by
    orders. The mean gap between consecutive purchases of one member is (last - first) / (purchases - 1).
    The members who had bought by a period's end are those who had by its start and its first-time buyers:
    a comparison period that ends where the period starts gives the period its count."""
    purchases = MemberPurchase.objects.exclude(member_id__in=_staff_ids()).order_by()
    latest = MemberPurchase.objects.aggregate(latest=Max("paid_at"))["latest"]
    purchased_by: dict[datetime.datetime, int] = {}
    found: dict[int, _Buyers] = {}
    for i in sorted(range(len(periods)), key=lambda i: periods[i]):  # the earliest first
        first, after = periods[i]
        before = purchased_by.get(first)
        if before is None:
            before = purchases.filter(number=1, paid_at__lt=first).count()
        found[i] = _buyers(
            purchases, first, after, top=0 if i else top, median=not i, latest=latest, purchased_before=before
        )
        purchased_by[after] = found[i].purchasers
    return [found[i] for i in range(len(periods))]


def new_members(
    *, start: datetime.date, end: datetime.date, grain: str
) -> tuple[list[tuple[datetime.date, int]], list[tuple[str, str, int]]]:
    """New members by `grain` bucket of their WIB join day, and by the province of their default address
    (most first; "" for those without one). Two grouped passes over one range of the members' index: the
    province is the one kept on the member's row (User.default_province, the latest default address's)."""
    first, after = day_bounds(start, end)
    joined = User.objects.filter(members(), date_joined__gte=first, date_joined__lt=after).order_by()
    buckets = (
        joined.annotate(bucket=local_trunc(grain, "date_joined"))
        .values("bucket")
        .annotate(n=Count("pk"))
        .values_list("bucket", "n")
    )
    by_bucket: dict[datetime.date, int] = {}
    for bucket, n in buckets:
        day = as_date(bucket)
        by_bucket[day] = by_bucket.get(day, 0) + n
    by_province = dict(
        joined.values("default_province").annotate(n=Count("pk")).values_list("default_province", "n")
    )
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
