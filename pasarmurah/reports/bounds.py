"""Report periods as the database sees them: Asia/Jakarta calendar days turned into aware moments."""

import calendar
import datetime

from django.utils import timezone


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
    """A truncated date from the database as a date (TruncMonth gives datetimes on some backends)."""
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    return value


def add_months(month: datetime.date, count: int) -> datetime.date:
    """The first day of the month `count` months after the month of `month` (negative: before)."""
    index = month.year * 12 + month.month - 1 + count
    return datetime.date(index // 12, index % 12 + 1, 1)
