import datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pasarmurah.promotions.birthday import birthday_in, percent_discount, window_containing, window_for

D = datetime.date
DAYS = {"mode": "days", "days_before": 3, "days_after": 7}
MONTH = {"mode": "month", "days_before": 0, "days_after": 0}


def test_29_february_is_28_february_in_other_years():
    assert birthday_in(2027, D(2000, 2, 29)) == D(2027, 2, 28)
    assert birthday_in(2028, D(2000, 2, 29)) == D(2028, 2, 29)


@pytest.mark.parametrize(
    ("today", "birth", "rules", "year"),
    [
        (D(2026, 6, 12), D(1990, 6, 15), DAYS, 2026),  # 3 days before
        (D(2026, 6, 22), D(1990, 6, 15), DAYS, 2026),  # 7 days after
        (D(2026, 12, 30), D(1990, 1, 2), DAYS, 2027),  # window crosses into the new year (early)
        (D(2027, 1, 5), D(1990, 12, 30), DAYS, 2026),  # window crosses into the new year (late)
        (D(2026, 3, 1), D(1990, 2, 27), DAYS, 2026),  # across the end of a short February
        (D(2027, 3, 7), D(2000, 2, 29), DAYS, 2027),  # 29 Feb born: 28 Feb + 7 days in a common year
        (D(2026, 11, 30), D(1990, 11, 2), MONTH, 2026),  # whole birthday month
    ],
)
def test_days_inside_the_window(today, birth, rules, year):
    window = window_containing(today, birth, **rules)
    assert window is not None and window.year == year


@pytest.mark.parametrize(
    ("today", "birth", "rules"),
    [
        (D(2026, 6, 11), D(1990, 6, 15), DAYS),
        (D(2026, 6, 23), D(1990, 6, 15), DAYS),
        (D(2027, 3, 8), D(2000, 2, 29), DAYS),
        (D(2026, 12, 1), D(1990, 11, 30), MONTH),
    ],
)
def test_days_outside_the_window(today, birth, rules):
    assert window_containing(today, birth, **rules) is None


def test_month_window_of_a_leap_day_birthday():
    window = window_for(2027, D(2000, 2, 29), **MONTH)
    assert (window.starts, window.ends) == (D(2027, 2, 1), D(2027, 2, 28))


@given(
    amount=st.integers(min_value=0, max_value=10**10),
    percent=st.integers(min_value=1, max_value=90),
    cap=st.one_of(st.none(), st.integers(min_value=0, max_value=10**9)),
)
def test_discount_never_exceeds_cap_amount_or_percent(amount, percent, cap):
    discount = percent_discount(amount, percent=percent, cap=cap)
    assert 0 <= discount <= amount
    assert discount <= amount * percent / 100
    if cap is not None:
        assert discount <= cap


@given(birth=st.dates(min_value=D(1920, 1, 1), max_value=D(2015, 12, 31)), year=st.integers(2020, 2040))
def test_every_year_has_exactly_one_birthday_window_containing_the_birthday(birth, year):
    birthday = birthday_in(year, birth)
    window = window_containing(birthday, birth, **DAYS)
    assert window is not None and window.year == year and window.birthday == birthday
