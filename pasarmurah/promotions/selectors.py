"""Reads of the promotions domain."""

import datetime

from django.core.cache import cache
from django.db.models import CharField, Count, Func, Q, Sum
from django.db.models.functions import Substr
from django.db.models.lookups import In
from django.utils import timezone

from pasarmurah.accounts.models import User
from pasarmurah.core.privacy import export_section
from pasarmurah.promotions.birthday import birthdays_with_window_opening
from pasarmurah.promotions.models import (
    BirthdayGreeting,
    BirthdayProgramme,
    BirthdayRedemption,
    Voucher,
    VoucherRedemption,
    WindowMode,
)

PROGRAMME_CACHE_KEY = "promotions:birthday-programme:v1"


def birthday_programme() -> BirthdayProgramme:
    """The owner's birthday rules, cached: every page asks whether to show the birthday banner."""
    programme = cache.get(PROGRAMME_CACHE_KEY)
    if programme is None:
        programme = BirthdayProgramme.load()
        cache.set(PROGRAMME_CACHE_KEY, programme, 300)
    return programme


def birthday_programme_forget() -> None:
    cache.delete(PROGRAMME_CACHE_KEY)


class MonthDay(Func):
    """A date's "MM-DD" text, with each database's native functions (an index-free scan stays cheap: SQLite's
    `__month`/`__day` lookups call a Python function per row)."""

    output_field = CharField()
    template = "substr(%(expressions)s, 6, 5)"  # SQLite keeps dates as "YYYY-MM-DD" text

    def as_postgresql(self, compiler, connection, **extra):
        return self.as_sql(compiler, connection, template="to_char(%(expressions)s, 'MM-DD')", **extra)

    def as_mysql(self, compiler, connection, **extra):
        template = "SUBSTRING(CAST(%(expressions)s AS CHAR(10)), 6, 5)"
        return self.as_sql(compiler, connection, template=template, **extra)


def birthday_window_opening(*, first: datetime.date, last: datetime.date) -> Q:
    """A filter of User rows: whose birthday window opens from `first` to `last` (inclusive), under the
    programme's current rules; matches nobody while the programme is off. One comparison per row."""
    programme = birthday_programme()
    if not programme.is_active:
        return Q(pk__in=[])
    birthdays = birthdays_with_window_opening(
        first,
        last,
        mode=programme.window_mode,
        days_before=programme.days_before,
        days_after=programme.days_after,
    )
    if not birthdays:
        return Q(pk__in=[])
    month_day = MonthDay("birth_date")
    if programme.window_mode == WindowMode.MONTH:  # whole months: compare the month part
        months = sorted(f"{month:02d}" for month, _day in birthdays)
        return Q(In(Substr(month_day, 1, 2), months))
    return Q(In(month_day, sorted(f"{month:02d}-{day:02d}" for month, day in birthdays)))


def members_with_birthday_in(month: int) -> list[User]:
    return list(
        User.objects.filter(is_staff=False, is_active=True, birth_date__month=month)
        .order_by("birth_date__day", "full_name")
        .only("full_name", "email", "phone", "birth_date", "date_joined")
    )


def _month_starts(months: int) -> list[datetime.date]:
    """The first days of the current month (WIB) and of the `months - 1` before it, oldest first, and the
    first day of the next month (where the last one ends)."""
    month = timezone.localdate().replace(day=1)
    starts = [month, (month + datetime.timedelta(days=32)).replace(day=1)]
    for _ in range(months - 1):
        month = (month - datetime.timedelta(days=1)).replace(day=1)
        starts.insert(0, month)
    return starts


def _per_month(queryset, starts: list[datetime.date], **aggregates) -> dict:
    """{month: {name: value}} of the rows created in each month of `starts` (see _month_starts) that had
    any, in one query. A month is bounded by its first moments in the current time zone (WIB), worked out
    here: no time zone conversion in SQL (MariaDB without its zone tables turns a named zone into NULL).
    `aggregates`: name -> (aggregate class, field)."""
    zone = timezone.get_current_timezone()
    moments = [datetime.datetime.combine(day, datetime.time.min, tzinfo=zone) for day in starts]
    columns = {}
    for index, (first, after) in enumerate(zip(moments, moments[1:], strict=False)):
        within = Q(created_at__gte=first, created_at__lt=after)
        columns[f"rows_{index}"] = Count("pk", filter=within)
        for name, (aggregate, field) in aggregates.items():
            columns[f"{name}_{index}"] = aggregate(field, filter=within)
    row = queryset.filter(created_at__gte=moments[0], created_at__lt=moments[-1]).aggregate(**columns)
    return {
        month: {name: row[f"{name}_{index}"] for name in aggregates}
        for index, month in enumerate(starts[:-1])
        if row[f"rows_{index}"]
    }


def birthday_report(*, months: int = 12) -> list[dict]:
    """Per month of the last `months` (the current one included, WIB) that had any: greetings sent, birthday
    discounts redeemed, rupiah given, revenue of those orders, and the same for vouchers; newest first. Only
    orders that were not cancelled or expired count (their use was given back). Three queries."""
    starts = _month_starts(months)
    greetings = _per_month(BirthdayGreeting.objects.all(), starts, sent=(Count, "pk"))
    used = {"used": (Count, "pk"), "given": (Sum, "amount"), "revenue": (Sum, "order__total")}
    birthday = _per_month(BirthdayRedemption.objects.all(), starts, **used)
    vouchers = _per_month(VoucherRedemption.objects.all(), starts, **used)
    report = []
    for month in sorted(set(greetings) | set(birthday) | set(vouchers), reverse=True):
        b, v = birthday.get(month, {}), vouchers.get(month, {})
        report.append(
            {
                "month": month,
                "greetings": greetings.get(month, {}).get("sent", 0),
                "birthday_used": b.get("used", 0),
                "birthday_given": b.get("given") or 0,
                "birthday_revenue": b.get("revenue") or 0,
                "voucher_used": v.get("used", 0),
                "voucher_given": v.get("given") or 0,
                "voucher_revenue": v.get("revenue") or 0,
            }
        )
    return report


def voucher_usage():
    """Every voucher with its uses and the rupiah it gave."""
    from pasarmurah.promotions.models import Voucher

    return Voucher.objects.annotate(
        given=Sum("redemptions__amount", filter=Q(redemptions__isnull=False))
    ).order_by("-created_at")


@export_section(
    covers=[
        "promotions.BirthdayRedemption",
        "promotions.BirthdayGreeting",
        "promotions.VoucherRedemption",
        "promotions.Voucher",
    ]
)
def member_export_promotions_data(*, user: User) -> dict:
    """The promotions part of a member's data export: birthday discounts used, birthday greetings sent, and
    vouchers redeemed (each with its order), and the personal voucher codes sent to the member."""
    return {
        "birthday_redemptions": [
            {"year": year, "order": number, "amount": amount, "at": created.isoformat()}
            for year, number, amount, created in BirthdayRedemption.objects.filter(member=user)
            .order_by("pk")
            .values_list("year", "order__number", "amount", "created_at")
        ],
        "birthday_greetings": [
            {"year": year, "window_ends": window_ends.isoformat(), "at": created.isoformat()}
            for year, window_ends, created in BirthdayGreeting.objects.filter(member=user)
            .order_by("pk")
            .values_list("year", "window_ends", "created_at")
        ],
        "voucher_redemptions": [
            {"voucher": code, "order": number, "amount": amount, "at": created.isoformat()}
            for code, number, amount, created in VoucherRedemption.objects.filter(member=user)
            .order_by("pk")
            .values_list("voucher__code", "order__number", "amount", "created_at")
        ],
        "personal_vouchers": [
            {
                "code": voucher.code,
                "description": voucher.description,
                "kind": voucher.kind,
                "value": voucher.value,
                "valid_from": voucher.starts_at.isoformat(),
                "valid_until": voucher.ends_at.isoformat(),
                "used": voucher.used_count,
            }
            for voucher in Voucher.objects.filter(member=user).order_by("pk")
        ],
    }
