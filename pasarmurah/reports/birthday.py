"""Birthday programme and voucher results (issue 13 item 5): what the discounts cost and what they brought.

Pure reads of a period (Asia/Jakarta calendar days, both ends included):

- eligible: members whose birthday falls in the period and whose account was old enough when its window
  opened (the programme's current rules, as promotions.services.birthday_window applies them);
- greeted: birthday greetings queued in the period;
- redeemed: birthday discounts of orders paid in the period (paid or later, on the WIB day of payment, as the
  sales report counts them); a discount of an order placed in the period and still waiting for payment is
  counted apart, and one of a cancelled or expired order is given back (promotions deletes its row);
- discount given and revenue (the orders' totals) of those paid orders; bought again: birthday buyers with
  another order paid within 90 days after the birthday order was (those whose 90 days have not passed are
  counted apart);
- the same figures for the same days of the year before, when the programme had any data then.

Vouchers likewise, per voucher: uses, discount given and revenue of the orders paid in the period.
"""

import calendar
import datetime
from dataclasses import dataclass

from django.db.models import (
    BooleanField,
    Case,
    Count,
    Exists,
    F,
    Func,
    IntegerField,
    OuterRef,
    Q,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce
from django.db.models.lookups import LessThanOrEqual
from django.utils import timezone

from pasarmurah.accounts.models import User
from pasarmurah.orders.models import PAID_OR_LATER, Order, OrderStatus
from pasarmurah.promotions.models import (
    BirthdayGreeting,
    BirthdayProgramme,
    BirthdayRedemption,
    VoucherRedemption,
    WindowMode,
)
from pasarmurah.reports.bounds import (
    DayCode,
    LocalTrunc,
    MomentPlus,
    MonthOf,
    as_date,
    day_bounds,
    day_start,
    local_trunc,
    month_starts,
    shift_year,
)
from pasarmurah.reports.frame import ratio

BOUGHT_AGAIN_DAYS = 90
WAITING = (OrderStatus.AWAITING_PAYMENT, OrderStatus.PAYMENT_REVIEW)


@dataclass(frozen=True)
class BirthdayFigures:
    eligible: int
    greeted: int
    redeemed: int
    waiting_payment: int  # birthday discounts on orders not paid yet
    discount_given: int
    revenue: int
    bought_again: int  # redeemed buyers with another paid order within 90 days
    too_early: int  # redeemed buyers whose 90 days have not passed yet and who have not bought again
    redemption_rate: float | None  # redeemed / greeted, a fraction
    bought_again_rate: float | None  # bought_again / (redeemed - too_early)


@dataclass(frozen=True)
class VoucherRow:
    code: str
    uses: int
    discount_given: int
    revenue: int


@dataclass(frozen=True)
class BirthdayReport:
    start: datetime.date
    end: datetime.date
    figures: BirthdayFigures
    previous: BirthdayFigures | None  # the same days a year earlier, when there was programme data then
    months: list[dict]  # per month: greeted, redeemed, discount_given, revenue (this period)
    vouchers: list[VoucherRow]
    voucher_total: VoucherRow
    voucher_previous: VoucherRow | None


def _birthday_days(start: datetime.date, end: datetime.date) -> Q:
    """Birth dates whose birthday falls in the period (29 February counts as the 28th in other years), on the
    `md` annotation (the birth date's MMDD): one range, or all but one range when the period runs over a new
    year; no condition on `md` when the period holds every birthday."""
    first, last = start.month * 100 + start.day, end.month * 100 + end.day
    if last == 228 and not calendar.isleap(end.year):
        last = 229
    after_last = datetime.date(2000, last // 100, last % 100) + datetime.timedelta(
        days=1
    )  # 2000: a leap year
    if (end - start).days >= 365 or (first > last and after_last.month * 100 + after_last.day == first):
        return Q(birth_date__isnull=False)
    if first <= last:
        return Q(md__range=(first, last))
    return ~Q(md__range=(last + 1, first - 1)) & Q(birth_date__isnull=False)


class JoinedInTime(Func):
    """Whether a member's WIB joining day plus `lag` days is not after the opening of its birthday B (B in
    `first_year` from `first_day`'s month and day on, in the next year before them; with `month_mode` the
    opening is the 1st of B's month). Elsewhere the YYYYMMDD integer comparison given as `generic`; on SQLite
    the same comparison on 'YYYY-MM-DD' texts, which needs no casts (a 29 February of a common year compares
    as its own text, as its integer does: no day lies between it and the 28th)."""

    output_field = BooleanField()

    def __init__(self, generic, *, lag: int, first_year: int, first_day: datetime.date, month_mode: bool):
        self.lag, self.first_year, self.first_day, self.month_mode = lag, first_year, first_day, month_mode
        super().__init__(F("date_joined"), F("birth_date"), generic)

    def as_sql(self, compiler, connection, **extra_context):
        return compiler.compile(self.source_expressions[2])

    def as_sqlite(self, compiler, connection, **extra_context):
        joined, joined_params = compiler.compile(self.source_expressions[0])
        born, born_params = compiler.compile(self.source_expressions[1])
        seconds = int((LocalTrunc.offset() + datetime.timedelta(days=self.lag)).total_seconds())
        opens = f"substr({born}, 6, 3) || '01'" if self.month_mode else f"substr({born}, 6)"
        sql = f"date({joined}, %s) <= (CASE WHEN substr({born}, 6) < %s THEN %s ELSE %s END || {opens})"
        params = [
            *joined_params,
            f"{seconds:+d} seconds",
            *born_params,
            f"{self.first_day:%m-%d}",
            f"{self.first_year + 1}-",
            f"{self.first_year}-",
            *born_params,
        ]
        return sql, params


def eligible_count(*, start: datetime.date, end: datetime.date, programme: BirthdayProgramme) -> int:
    """Members with a birthday in the period whose account was old enough when that birthday's window opened
    (promotions.services.birthday_window's rule); see eligible_counts."""
    return eligible_counts([(start, end)], programme=programme)[0]


def eligible_counts(
    periods: list[tuple[datetime.date, datetime.date]], *, programme: BirthdayProgramme
) -> list[int]:
    """eligible_count of each (start, end) period, counted by the database in one scan of the members.

    The birthday B of a member in a period is its month and day in the year that puts it in the (last 365
    days of the) period; the account qualifies when its WIB joining day plus the membership age (plus the days
    before the birthday, or up to the 1st of the month for a month-long window) is not after B. Both sides are
    YYYYMMDD integers, so the comparison is plain SQL on every database. Only the accounts that joined near
    the period need it: one older than the earliest possible opening minus the membership age always
    qualifies, one younger than the latest never does (simple comparisons for most rows).
    """
    month_mode = programme.window_mode == WindowMode.MONTH
    lag = programme.min_membership_days + (0 if month_mode else programme.days_before)
    opens = MonthOf("birth_date") * 100 + 1 if month_mode else F("md")
    annotations = {
        "md": DayCode("birth_date", of_date=True, month_day=True),
        "joined_plus": DayCode("date_joined", shift=datetime.timedelta(days=lag)),
    }
    counts = {}
    for index, (start, end) in enumerate(periods):
        last_start = max(start, end - datetime.timedelta(days=364))
        first_year, first_md = last_start.year, last_start.month * 100 + last_start.day
        # B's year: the first one from the first day of the period on, the next before it. (A 29 February
        # in a common year is YYYY0229 here, not YYYY0228: the same comparison, no day lies between them.)
        year = Case(
            When(md__lt=first_md, then=Value((first_year + 1) * 10000)),
            default=Value(first_year * 10000),
            output_field=IntegerField(),
        )
        annotations[f"opens_{index}"] = year + opens
        # The openings lie between these days (a day of margin for 29 February counted on the 28th).
        earliest = (last_start.replace(day=1) if month_mode else last_start) - datetime.timedelta(days=1)
        old_enough = day_start(earliest - datetime.timedelta(days=lag))
        too_young = day_start(end + datetime.timedelta(days=1 - lag))
        birthday = _birthday_days(start, end)
        counts[f"old_{index}"] = Count("pk", filter=birthday & Q(date_joined__lt=old_enough))
        in_time = JoinedInTime(
            LessThanOrEqual(F("joined_plus"), F(f"opens_{index}")),
            lag=lag,
            first_year=first_year,
            first_day=last_start,
            month_mode=month_mode,
        )
        counts[f"checked_{index}"] = Count(
            "pk", filter=birthday & Q(date_joined__gte=old_enough, date_joined__lt=too_young) & Q(in_time)
        )
    row = (
        User.objects.filter(is_active=True, is_staff=False, anonymised_at__isnull=True)
        .annotate(**annotations)
        .aggregate(**counts)
    )
    return [row[f"old_{index}"] + row[f"checked_{index}"] for index in range(len(periods))]


def _paid_in(first: datetime.datetime, after: datetime.datetime) -> Q:
    """Orders paid (or later) in the period."""
    return Q(status__in=PAID_OR_LATER, paid_at__gte=first, paid_at__lt=after)


def _order_is(condition: Q) -> Exists:
    """Whether a redemption's order meets `condition`. A correlated EXISTS rather than a filter on the joined
    order: a database without table statistics (SQLite) then reads the few redemptions and looks each order up
    by its key, instead of reading every order of the period to find the redemptions among them."""
    return Exists(Order.objects.filter(condition, pk=OuterRef("order_id")))


def _which(
    periods: list[tuple[datetime.date, datetime.date]], field: str, condition: Q | None = None, base=0
):
    """The index (plus `base`) of the period a moment column falls in, where `condition` holds; else NULL."""
    whens = [
        When((condition or Q()) & Q(**{f"{field}__gte": first, f"{field}__lt": after}), then=Value(base + n))
        for n, (first, after) in enumerate(day_bounds(start, end) for start, end in periods)
    ]
    return Case(*whens, output_field=IntegerField())


WAITING_BASE = 100  # the bucket of a period's unpaid orders: WAITING_BASE + the period's index


def _greetings(periods) -> tuple[dict[int, int], dict[datetime.date, int]]:
    """Greetings queued per period ({index: n}) and per month of the first period, in one grouped query."""
    rows = (
        BirthdayGreeting.objects.annotate(period=_which(periods, "created_at"))
        .filter(period__isnull=False)
        .annotate(month=local_trunc("month", "created_at"))
        .values("period", "month")
        .annotate(n=Count("pk"))
        .order_by()
    )
    per_period, per_month = dict.fromkeys(range(len(periods)), 0), {}
    for row in rows:
        per_period[row["period"]] += row["n"]
        if row["period"] == 0:
            per_month[as_date(row["month"])] = row["n"]
    return per_period, per_month


def _redemption_sums(periods) -> list[dict]:
    """The birthday discounts of orders paid in one of the periods, or placed in it and not paid yet, summed
    per bucket (the period's index for paid orders, WAITING_BASE + it for unpaid ones) and WIB month of
    payment, in one grouped query. The EXISTS keeps a database without statistics reading the redemptions and
    looking their orders up, not reading every order of the periods."""
    today_start = day_start(timezone.localdate())
    again = Q(
        Exists(
            Order.objects.filter(
                member_id=OuterRef("member_id"),
                status__in=PAID_OR_LATER,
                paid_at__gt=OuterRef("order__paid_at"),
                paid_at__lte=MomentPlus(OuterRef("order__paid_at"), datetime.timedelta(BOUGHT_AGAIN_DAYS)),
            )
        )
    )
    recent = Q(order__paid_at__gt=today_start - datetime.timedelta(days=BOUGHT_AGAIN_DAYS))
    any_period = Q(pk__in=[])
    for first, after in (day_bounds(start, end) for start, end in periods):
        any_period |= _paid_in(first, after) | Q(
            status__in=WAITING, created_at__gte=first, created_at__lt=after
        )
    paid = _which(periods, "order__paid_at", Q(order__status__in=PAID_OR_LATER))
    waiting = _which(periods, "order__created_at", Q(order__status__in=WAITING), base=WAITING_BASE)
    return list(
        BirthdayRedemption.objects.filter(_order_is(any_period))
        .annotate(bucket=Coalesce(paid, waiting), month=local_trunc("month", "order__paid_at"))
        .values("bucket", "month")
        .annotate(
            n=Count("pk"),
            given=Sum("amount"),
            revenue=Sum("order__total"),
            # `again` last in each filter (not an annotation): a later order is looked for where it counts.
            again=Count("pk", filter=again),
            recent=Count("pk", filter=recent),
            recent_again=Count("pk", filter=recent & again),
        )
        .order_by()
    )


def _figures(rows: list[dict], greeted: int, n: int, eligible: int) -> BirthdayFigures:
    """The figures of the period of index `n` from _redemption_sums's rows."""
    paid = [row for row in rows if row["bucket"] == n]
    redeemed, again = sum(row["n"] for row in paid), sum(row["again"] for row in paid)
    too_early = sum(row["recent"] - row["recent_again"] for row in paid)
    return BirthdayFigures(
        eligible=eligible,
        greeted=greeted,
        redeemed=redeemed,
        waiting_payment=sum(row["n"] for row in rows if row["bucket"] == WAITING_BASE + n),
        discount_given=sum(row["given"] or 0 for row in paid),
        revenue=sum(row["revenue"] or 0 for row in paid),
        bought_again=again,
        too_early=too_early,
        redemption_rate=ratio(redeemed, greeted),
        bought_again_rate=ratio(again, redeemed - too_early),
    )


def birthday_figures(
    *, start: datetime.date, end: datetime.date, programme: BirthdayProgramme
) -> BirthdayFigures:
    """The programme's figures of one period (birthday_report works out two periods and months at once)."""
    greeted, _months = _greetings([(start, end)])
    eligible = eligible_count(start=start, end=end, programme=programme)
    return _figures(_redemption_sums([(start, end)]), greeted[0], 0, eligible)


def voucher_rows(*, start: datetime.date, end: datetime.date) -> list[VoucherRow]:
    """Per voucher used in the period: uses, rupiah given and revenue of the paid orders, most used first."""
    first, after = day_bounds(start, end)
    rows = (
        VoucherRedemption.objects.filter(_order_is(_paid_in(first, after)))
        .values("voucher__code")
        .annotate(uses=Count("pk"), given=Sum("amount"), revenue=Sum("order__total"))
        .order_by("-uses", "voucher__code")
    )
    return [VoucherRow(row["voucher__code"], row["uses"], row["given"], row["revenue"]) for row in rows]


def _voucher_total(rows: list[VoucherRow]) -> VoucherRow:
    return VoucherRow(
        "",
        sum(row.uses for row in rows),
        sum(row.discount_given for row in rows),
        sum(row.revenue for row in rows),
    )


def birthday_report(*, start: datetime.date, end: datetime.date) -> BirthdayReport:
    """The birthday programme's and the vouchers' results in the period, against a year earlier."""
    programme = BirthdayProgramme.load()
    before_start, before_end = shift_year(start), shift_year(end)
    periods = [(start, end), (before_start, before_end)]
    greeted, greeted_months = _greetings(periods)
    sums = _redemption_sums(periods)
    compare = bool(
        greeted[1] or any(row["bucket"] in (1, WAITING_BASE + 1) for row in sums)
    )  # a year earlier
    eligible = eligible_counts(periods if compare else periods[:1], programme=programme)
    previous = _figures(sums, greeted[1], 1, eligible[1]) if compare else None
    redeemed_months = {as_date(row["month"]): row for row in sums if row["bucket"] == 0}
    month_rows = []
    for month in month_starts(start, end):
        row = redeemed_months.get(month, {})
        month_rows.append(
            {
                "month": month,
                "greeted": greeted_months.get(month, 0),
                "redeemed": row.get("n", 0),
                "discount_given": row.get("given") or 0,
                "revenue": row.get("revenue") or 0,
            }
        )
    vouchers = voucher_rows(start=start, end=end)
    before_vouchers = voucher_rows(start=before_start, end=before_end)
    return BirthdayReport(
        start=start,
        end=end,
        figures=_figures(sums, greeted[0], 0, eligible[0]),
        previous=previous,
        months=month_rows,
        vouchers=vouchers,
        voucher_total=_voucher_total(vouchers),
        voucher_previous=_voucher_total(before_vouchers) if before_vouchers else None,
    )
