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

from django.db.models import Case, Count, Exists, F, IntegerField, OuterRef, Q, Sum, Value, When
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
        counts[f"checked_{index}"] = Count(
            "pk",
            filter=birthday
            & Q(date_joined__gte=old_enough, date_joined__lt=too_young)
            & Q(joined_plus__lte=F(f"opens_{index}")),
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


def _redemptions(first: datetime.datetime, after: datetime.datetime, *, paid_only: bool = False):
    """Birthday discounts of orders paid in the period, or (unless `paid_only`) placed in it and not paid."""
    condition = _paid_in(first, after)
    if not paid_only:
        condition |= Q(status__in=WAITING, created_at__gte=first, created_at__lt=after)
    return BirthdayRedemption.objects.filter(_order_is(condition))


def birthday_figures(
    *, start: datetime.date, end: datetime.date, programme: BirthdayProgramme, eligible: int | None = None
) -> BirthdayFigures:
    """The programme's figures of the period (`eligible`: its eligible_count when the caller has it)."""
    first, after = day_bounds(start, end)
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
    paid = Q(order__status__in=PAID_OR_LATER)
    recent = Q(order__paid_at__gt=today_start - datetime.timedelta(days=BOUGHT_AGAIN_DAYS))
    # `again` last in each filter (not an annotation): the later order is looked for only where it counts.
    figures = _redemptions(first, after).aggregate(
        redeemed=Count("pk", filter=paid),
        waiting=Count("pk", filter=Q(order__status__in=WAITING)),
        given=Sum("amount", filter=paid),
        revenue=Sum("order__total", filter=paid),
        bought_again=Count("pk", filter=paid & again),
        recent=Count("pk", filter=paid & recent),
        recent_again=Count("pk", filter=paid & recent & again),
    )
    greeted = BirthdayGreeting.objects.filter(created_at__gte=first, created_at__lt=after).count()
    redeemed = figures["redeemed"]
    too_early = figures["recent"] - figures["recent_again"]
    return BirthdayFigures(
        eligible=eligible_count(start=start, end=end, programme=programme) if eligible is None else eligible,
        greeted=greeted,
        redeemed=redeemed,
        waiting_payment=figures["waiting"],
        discount_given=figures["given"] or 0,
        revenue=figures["revenue"] or 0,
        bought_again=figures["bought_again"],
        too_early=too_early,
        redemption_rate=ratio(redeemed, greeted),
        bought_again_rate=ratio(figures["bought_again"], redeemed - too_early),
    )


def birthday_months(*, start: datetime.date, end: datetime.date) -> list[dict]:
    """Per month of the period: greetings, paid birthday discounts, rupiah given, revenue of those orders."""
    first, after = day_bounds(start, end)
    greeted = dict(
        BirthdayGreeting.objects.filter(created_at__gte=first, created_at__lt=after)
        .annotate(month=local_trunc("month", "created_at"))
        .values("month")
        .annotate(n=Count("pk"))
        .values_list("month", "n")
    )
    redeemed = {
        row["month"]: row
        for row in _redemptions(first, after, paid_only=True)
        .annotate(month=local_trunc("month", "order__paid_at"))
        .values("month")
        .annotate(n=Count("pk"), given=Sum("amount"), revenue=Sum("order__total"))
    }
    greeted = {as_date(month): n for month, n in greeted.items()}
    redeemed = {as_date(month): row for month, row in redeemed.items()}
    rows = []
    for month in month_starts(start, end):
        row = redeemed.get(month, {})
        rows.append(
            {
                "month": month,
                "greeted": greeted.get(month, 0),
                "redeemed": row.get("n", 0),
                "discount_given": row.get("given") or 0,
                "revenue": row.get("revenue") or 0,
            }
        )
    return rows


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


def _had_data(first: datetime.datetime, after: datetime.datetime) -> bool:
    return (
        BirthdayGreeting.objects.filter(created_at__gte=first, created_at__lt=after).exists()
        or _redemptions(first, after).exists()
    )


def birthday_report(*, start: datetime.date, end: datetime.date) -> BirthdayReport:
    """The birthday programme's and the vouchers' results in the period, against a year earlier."""
    programme = BirthdayProgramme.load()
    before_start, before_end = shift_year(start), shift_year(end)
    compare = _had_data(*day_bounds(before_start, before_end))
    periods = [(start, end), (before_start, before_end)] if compare else [(start, end)]
    eligible = eligible_counts(periods, programme=programme)
    previous = None
    if compare:
        previous = birthday_figures(
            start=before_start, end=before_end, programme=programme, eligible=eligible[1]
        )
    vouchers = voucher_rows(start=start, end=end)
    before_vouchers = voucher_rows(start=before_start, end=before_end)
    return BirthdayReport(
        start=start,
        end=end,
        figures=birthday_figures(start=start, end=end, programme=programme, eligible=eligible[0]),
        previous=previous,
        months=birthday_months(start=start, end=end),
        vouchers=vouchers,
        voucher_total=_voucher_total(vouchers),
        voucher_previous=_voucher_total(before_vouchers) if before_vouchers else None,
    )
