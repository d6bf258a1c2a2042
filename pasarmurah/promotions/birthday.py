"""Birthday window arithmetic: pure functions of dates, so every edge (month and year ends, 29 February,
time zones) is easy to test. Dates are Asia/Jakarta calendar dates (timezone.localdate())."""

import calendar
import datetime
from dataclasses import dataclass

from pasarmurah.promotions.models import WindowMode


@dataclass(frozen=True)
class Window:
    year: int  # the year of the birthday this window belongs to (the key of "once a year")
    birthday: datetime.date
    starts: datetime.date
    ends: datetime.date  # inclusive

    def __contains__(self, day: datetime.date) -> bool:
        return self.starts <= day <= self.ends


def birthday_in(year: int, birth_date: datetime.date) -> datetime.date:
    """The birthday in `year`; 29 February counts as 28 February in other years."""
    if birth_date.month == 2 and birth_date.day == 29 and not calendar.isleap(year):
        return datetime.date(year, 2, 28)
    return birth_date.replace(year=year)


def window_for(
    year: int, birth_date: datetime.date, *, mode: str, days_before: int, days_after: int
) -> Window:
    birthday = birthday_in(year, birth_date)
    if mode == WindowMode.MONTH:
        last_day = calendar.monthrange(year, birthday.month)[1]
        return Window(year, birthday, birthday.replace(day=1), birthday.replace(day=last_day))
    return Window(
        year,
        birthday,
        birthday - datetime.timedelta(days=days_before),
        birthday + datetime.timedelta(days=days_after),
    )


def window_containing(day: datetime.date, birth_date: datetime.date, **rules) -> Window | None:
    """The birthday window that `day` falls in, if any (windows may cross the new year either way)."""
    for year in (day.year, day.year - 1, day.year + 1):
        window = window_for(year, birth_date, **rules)
        if day in window:
            return window
    return None


def percent_discount(amount: int, *, percent: int, cap: int | None) -> int:
    """Percent of `amount`, rounded down to the rupiah, at most `cap` and never more than `amount`."""
    discount = amount * percent // 100
    if cap is not None:
        discount = min(discount, cap)
    return max(0, min(discount, amount))


def week_of(day: datetime.date) -> tuple[datetime.date, datetime.date]:
    """Monday and Sunday of the week `day` is in."""
    monday = day - datetime.timedelta(days=day.weekday())
    return monday, monday + datetime.timedelta(days=6)


def birthdays_with_window_opening(
    first: datetime.date, last: datetime.date, *, mode: str, days_before: int, days_after: int
) -> set[tuple[int, int | None]]:
    """The (month, day) birthdays whose window opens on a day from `first` to `last` (inclusive); a day of
    None means the whole month (the window is the birthday month, opening on its 1st). 29 February opens with
    the 28th in other years, as `birthday_in` has it."""
    found: set[tuple[int, int | None]] = set()
    day = first
    while day <= last:
        if mode == WindowMode.MONTH:
            if day.day == 1:
                found.add((day.month, None))
        else:
            birthday = day + datetime.timedelta(days=days_before)
            found.add((birthday.month, birthday.day))
            if (birthday.month, birthday.day) == (2, 28) and not calendar.isleap(birthday.year):
                found.add((2, 29))
        day += datetime.timedelta(days=1)
    return found
