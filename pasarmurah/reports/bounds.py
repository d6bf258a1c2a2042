"""Report periods as the database sees them: Asia/Jakarta calendar days turned into aware moments."""

import calendar
import datetime

from django.db.models import DateField, DateTimeField, ExpressionWrapper, F, Func, IntegerField
from django.db.models.functions import ExtractDay, ExtractMonth, ExtractYear, TruncDate, TruncMonth, TruncWeek
from django.utils import timezone

from pasarmurah.reports.period import Bucket, Grain, ReportPeriod


def day_start(day: datetime.date) -> datetime.datetime:
    """The first moment of a calendar day in Asia/Jakarta (the current time zone)."""
    return datetime.datetime.combine(day, datetime.time.min, tzinfo=timezone.get_current_timezone())


def day_bounds(start: datetime.date, end: datetime.date) -> tuple[datetime.datetime, datetime.datetime]:
    """From the first moment of `start` to the first moment after `end` (WIB), end excluded."""
    return day_start(start), day_start(end + datetime.timedelta(days=1))


def shift_year(day: datetime.date, years: int = -1) -> datetime.date:
    """The same calendar day `years` later (29 February becomes the 28th)."""
    year = day.year + years
    if day.month == 2 and day.day == 29 and not calendar.isleap(year):
        return datetime.date(year, 2, 28)
    return day.replace(year=year)


def month_starts(start: datetime.date, end: datetime.date) -> list[datetime.date]:
    """The first day of every month the period touches, oldest first."""
    months, month = [], start.replace(day=1)
    while month <= end:
        months.append(month)
        month = (month + datetime.timedelta(days=32)).replace(day=1)
    return months


def as_date(value) -> datetime.date | None:
    """A truncated date from the database as a date (a truncated moment is the midnight of its day)."""
    return value.date() if isinstance(value, datetime.datetime) else value


class LocalTrunc(Func):
    """The WIB day, week (its Monday) or month (its 1st) of a moment, as a date, worked out by the database:
    the moment is shifted by the shop's UTC offset and truncated in UTC. So a MariaDB server needs no time
    zone tables, and SQLite uses its own C date functions instead of Django's per-row Python ones (seconds
    over 200,000 rows). Right for every Indonesian zone (WIB, WITA, WIT), which keep one offset all year."""

    output_field = DateField()
    SQLITE = {
        "day": "date({sql}, '{shift} seconds')",
        "week": "date({sql}, '{shift} seconds', '-6 days', 'weekday 1')",
        "month": "date({sql}, '{shift} seconds', 'start of month')",
    }
    TRUNC = {"day": TruncDate, "week": TruncWeek, "month": TruncMonth}

    def __init__(self, kind: str, expression, **extra):
        if kind not in self.SQLITE:
            raise ValueError(kind)
        self.kind = kind
        super().__init__(F(expression) if isinstance(expression, str) else expression, **extra)

    @staticmethod
    def offset() -> datetime.timedelta:
        return timezone.localtime().utcoffset() or datetime.timedelta(0)

    def as_sql(self, compiler, connection, **extra_context):
        shifted = ExpressionWrapper(self.source_expressions[0] + self.offset(), output_field=DateTimeField())
        if self.kind == "day":
            trunc = TruncDate(shifted, tzinfo=datetime.UTC)
        else:
            trunc = self.TRUNC[self.kind](shifted, tzinfo=datetime.UTC, output_field=DateField())
        return compiler.compile(trunc.resolve_expression(compiler.query))

    def as_sqlite(self, compiler, connection, **extra_context):
        sql, params = compiler.compile(self.source_expressions[0])
        shift = f"{int(self.offset().total_seconds()):+d}"
        return self.SQLITE[self.kind].format(sql=sql, shift=shift), params


def local_trunc(kind: str, expression) -> LocalTrunc:
    """See LocalTrunc."""
    return LocalTrunc(kind, expression)


class MonthOf(Func):
    """The month (1-12) of a date column; on SQLite from its text, without a per-row Python function."""

    output_field = IntegerField()

    def __init__(self, expression, **extra):
        super().__init__(F(expression) if isinstance(expression, str) else expression, **extra)

    def as_sql(self, compiler, connection, **extra_context):
        return compiler.compile(ExtractMonth(self.source_expressions[0]).resolve_expression(compiler.query))

    def as_sqlite(self, compiler, connection, **extra_context):
        sql, params = compiler.compile(self.source_expressions[0])
        return f"CAST(substr({sql}, 6, 2) AS INTEGER)", params


def add_months(month: datetime.date, count: int) -> datetime.date:
    """The first day of the month `count` months after the month of `month` (negative: before)."""
    index = month.year * 12 + month.month - 1 + count
    return datetime.date(index // 12, index % 12 + 1, 1)


def grain_kind(grain: str) -> str:
    """The report frame's grain (hari, minggu, bulan) as local_trunc's kind."""
    return {Grain.WEEK: "week", Grain.MONTH: "month"}.get(grain, "day")


def bucketed(period: ReportPeriod, grain: str, rows) -> list[tuple[Bucket, dict]]:
    """Every bucket of the period (empty ones too) with the sums of the (day, {measure: n}) rows inside it."""
    sums: dict[datetime.date, dict] = {}
    for day, measures in rows:
        into = sums.setdefault(period.bucket_start(max(day, period.start), grain), {})
        for key, value in measures.items():
            into[key] = into.get(key, 0) + (value or 0)
    return [(bucket, sums.get(bucket.start, {})) for bucket in period.buckets(grain)]


class DayCode(Func):
    """A moment's WIB calendar day `shift` later, as the integer YYYYMMDD (comparable with `<=`), or with
    `of_date` a date column's own day (MMDD when `month_day` is set); SQLite from the text, without a per-row
    Python function."""

    output_field = IntegerField()

    def __init__(self, expression, *, shift=datetime.timedelta(0), of_date=False, month_day=False, **extra):
        self.shift, self.of_date, self.month_day = shift, of_date, month_day
        super().__init__(F(expression) if isinstance(expression, str) else expression, **extra)

    def _moved(self):
        if self.of_date:
            return self.source_expressions[0]
        offset = LocalTrunc.offset() + self.shift
        return ExpressionWrapper(self.source_expressions[0] + offset, output_field=DateTimeField())

    def as_sql(self, compiler, connection, **extra_context):
        moved, utc = self._moved(), {} if self.of_date else {"tzinfo": datetime.UTC}
        code = ExtractMonth(moved, **utc) * 100 + ExtractDay(moved, **utc)
        if not self.month_day:
            code = ExtractYear(moved, **utc) * 10000 + code
        return compiler.compile(ExpressionWrapper(code, IntegerField()).resolve_expression(compiler.query))

    def as_sqlite(self, compiler, connection, **extra_context):
        sql, params = compiler.compile(self.source_expressions[0])
        if not self.of_date:
            seconds = int((LocalTrunc.offset() + self.shift).total_seconds())
            sql = f"date({sql}, '{seconds:+d} seconds')"
        text = f"substr({sql}, 6, 2) || substr({sql}, 9, 2)" if self.month_day else f"replace({sql}, '-', '')"
        return f"CAST({text} AS INTEGER)", params * (2 if self.month_day else 1)


class MomentPlus(Func):
    """A moment column plus a fixed duration: on SQLite by its own C date function (to the millisecond), not
    by Django's per-row Python one; elsewhere by the database's own interval arithmetic."""

    output_field = DateTimeField()

    def __init__(self, expression, delta: datetime.timedelta, **extra):
        self.delta = delta
        super().__init__(F(expression) if isinstance(expression, str) else expression, **extra)

    def as_sql(self, compiler, connection, **extra_context):
        moved = ExpressionWrapper(self.source_expressions[0] + self.delta, output_field=DateTimeField())
        return compiler.compile(moved.resolve_expression(compiler.query))

    def as_sqlite(self, compiler, connection, **extra_context):
        sql, params = compiler.compile(self.source_expressions[0])
        seconds = int(self.delta.total_seconds())
        return f"strftime(%s, {sql}, %s)", ["%Y-%m-%d %H:%M:%f", *params, f"{seconds:+d} seconds"]
