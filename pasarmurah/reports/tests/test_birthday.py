import datetime
import random

import pytest
from django.utils import timezone

from pasarmurah.orders.models import Order
from pasarmurah.promotions.birthday import window_for
from pasarmurah.promotions.models import (
    BirthdayGreeting,
    BirthdayProgramme,
    BirthdayRedemption,
    VoucherRedemption,
)
from pasarmurah.promotions.tests.factories import VoucherFactory
from pasarmurah.reports.birthday import birthday_report, eligible_count, eligible_counts
from pasarmurah.reports.tests.helpers import member_joined, sale, wib

pytestmark = pytest.mark.django_db

MAY = {"start": datetime.date(2026, 5, 1), "end": datetime.date(2026, 5, 31)}


def _greet(member, at):
    greeting = BirthdayGreeting.objects.create(member=member, year=at.year, window_ends=at.date())
    BirthdayGreeting.objects.filter(pk=greeting.pk).update(created_at=at)


def _redeem(member, at, *, amount=20_000, total=180_000, status="completed"):
    order = sale(member, at, total=total, status=status)
    BirthdayRedemption.objects.create(member=member, year=at.year, order=order, amount=amount)
    return order


def test_eligible_members_have_a_birthday_in_the_period_and_an_old_enough_account():
    programme = BirthdayProgramme.load()  # 3 days before, 14 days of membership
    member_joined(wib(2020, 1, 1), birth_date=datetime.date(1990, 5, 1))
    member_joined(wib(2020, 1, 1), birth_date=datetime.date(1990, 5, 31))
    member_joined(wib(2020, 1, 1), birth_date=datetime.date(1990, 6, 1))  # June
    member_joined(wib(2020, 1, 1), birth_date=datetime.date(1990, 4, 30))  # April
    # The window of 20 May opens on 17 May: an account must be from 3 May or earlier.
    member_joined(wib(2026, 5, 3, 23, 0), birth_date=datetime.date(1990, 5, 20))
    member_joined(wib(2026, 5, 4, 0, 30), birth_date=datetime.date(1990, 5, 20))  # too young
    member_joined(wib(2020, 1, 1), birth_date=datetime.date(1990, 5, 10), is_active=False)

    assert eligible_count(**MAY, programme=programme) == 3


def test_29_february_counts_on_the_28th_in_a_common_year():
    programme = BirthdayProgramme.load()
    member_joined(wib(2020, 1, 1), birth_date=datetime.date(2000, 2, 29))

    assert (
        eligible_count(start=datetime.date(2027, 2, 28), end=datetime.date(2027, 2, 28), programme=programme)
        == 1
    )
    assert (
        eligible_count(start=datetime.date(2028, 2, 28), end=datetime.date(2028, 2, 28), programme=programme)
        == 0
    )
    assert (
        eligible_count(start=datetime.date(2028, 2, 29), end=datetime.date(2028, 3, 1), programme=programme)
        == 1
    )


def test_greeted_redeemed_given_revenue_and_bought_again(monkeypatch):
    monkeypatch.setattr(timezone, "localdate", lambda *args: datetime.date(2026, 12, 1))
    a, b, c, d, e = (member_joined(wib(2020, 1, 1), birth_date=datetime.date(1990, 5, 15)) for _ in range(5))
    for member in (a, b, c, d):
        _greet(member, wib(2026, 5, 12))
    _greet(e, wib(2026, 4, 30, 23, 59))  # April in WIB
    _redeem(a, wib(2026, 5, 13), amount=20_000, total=180_000)
    sale(a, wib(2026, 8, 11))  # within 90 days of 13 May
    _redeem(b, wib(2026, 5, 14), amount=30_000, total=270_000)
    sale(b, wib(2026, 8, 20))  # 98 days later: not "again within 90 days"
    _redeem(c, wib(2026, 5, 31, 23, 59), amount=10_000, total=90_000, status="awaiting_payment")
    cancelled = _redeem(d, wib(2026, 5, 16), amount=15_000)
    Order.objects.filter(pk=cancelled.pk).update(status="cancelled")  # cancelled after payment

    report = birthday_report(**MAY)
    figures = report.figures

    assert figures.eligible == 5
    assert figures.greeted == 4
    assert figures.redeemed == 2
    assert figures.waiting_payment == 1
    assert figures.discount_given == 50_000
    assert figures.revenue == 450_000
    assert figures.bought_again == 1
    assert figures.too_early == 0
    assert figures.redemption_rate == 0.5
    assert figures.bought_again_rate == 0.5
    assert report.previous is None  # no programme data in May 2025
    may = next(row for row in report.months if row["month"] == datetime.date(2026, 5, 1))
    assert (may["greeted"], may["redeemed"], may["discount_given"], may["revenue"]) == (4, 2, 50_000, 450_000)
    assert sum(row["discount_given"] for row in report.months) == figures.discount_given


def test_recent_birthday_buyers_are_too_early_to_judge(monkeypatch):
    monkeypatch.setattr(timezone, "localdate", lambda *args: datetime.date(2026, 6, 10))
    a = member_joined(wib(2020, 1, 1), birth_date=datetime.date(1990, 5, 15))
    _redeem(a, wib(2026, 5, 13))

    figures = birthday_report(**MAY).figures

    assert (figures.bought_again, figures.too_early, figures.bought_again_rate) == (0, 1, None)


def test_the_same_months_a_year_before_when_there_was_data():
    a = member_joined(wib(2020, 1, 1), birth_date=datetime.date(1990, 5, 15))
    _greet(a, wib(2025, 5, 12))
    _redeem(a, wib(2025, 5, 13), amount=25_000, total=225_000)

    report = birthday_report(**MAY)

    assert report.figures.redeemed == 0
    assert report.previous.greeted == 1
    assert report.previous.redeemed == 1
    assert report.previous.discount_given == 25_000


def test_vouchers_uses_discount_and_revenue_of_paid_orders():
    hemat, ramadan = VoucherFactory(code="HEMAT"), VoucherFactory(code="RAMADAN")
    buyer = member_joined(wib(2025, 1, 1))
    for at, voucher, status in (
        (wib(2026, 5, 1, 0, 0), hemat, "completed"),
        (wib(2026, 5, 20), hemat, "paid"),
        (wib(2026, 5, 21), ramadan, "shipped"),
        (wib(2026, 5, 22), ramadan, "awaiting_payment"),  # not paid yet
        (wib(2026, 4, 30, 23, 59), hemat, "completed"),  # April
        (wib(2025, 5, 10), hemat, "completed"),  # a year before
    ):
        order = sale(buyer, at, total=100_000, status=status)
        VoucherRedemption.objects.create(voucher=voucher, member=buyer, order=order, amount=10_000)

    report = birthday_report(**MAY)

    assert [(v.code, v.uses, v.discount_given, v.revenue) for v in report.vouchers] == [
        ("HEMAT", 2, 20_000, 200_000),
        ("RAMADAN", 1, 10_000, 100_000),
    ]
    assert (report.voucher_total.uses, report.voucher_total.discount_given) == (3, 30_000)
    assert (report.voucher_previous.uses, report.voucher_previous.revenue) == (1, 100_000)


def _eligible_one_by_one(members, *, start, end, programme):
    """The rule applied member by member in Python (promotions' window arithmetic), for comparison."""
    rules = {"mode": programme.window_mode, "days_before": programme.days_before, "days_after": 7}
    count = 0
    for member in members:
        for year in range(end.year - 1, end.year + 1):
            window = window_for(year, member.birth_date, **rules)
            if not max(start, end - datetime.timedelta(days=364)) <= window.birthday <= end:
                continue
            opened = window.starts - datetime.timedelta(days=programme.min_membership_days)
            count += timezone.localdate(member.date_joined) <= opened
    return count


@pytest.mark.parametrize("mode", ["days", "month"])
@pytest.mark.parametrize(
    ("start", "end"),
    [
        (datetime.date(2026, 5, 1), datetime.date(2026, 5, 31)),
        (datetime.date(2025, 12, 20), datetime.date(2026, 1, 10)),  # across the new year
        (datetime.date(2027, 2, 1), datetime.date(2027, 3, 31)),  # 29 February in a common year
        (datetime.date(2026, 1, 1), datetime.date(2026, 12, 31)),
        (datetime.date(2025, 12, 2), datetime.date(2026, 12, 1)),  # twelve months to a day: every birthday
        (datetime.date(2027, 3, 1), datetime.date(2028, 2, 28)),  # twelve months but for 29 February 2028
        (datetime.date(2026, 3, 1), datetime.date(2027, 2, 28)),  # ends on the 28th of a common year
        (datetime.date(2026, 3, 2), datetime.date(2027, 3, 1)),  # every birthday again, 29 Feb on the 28th
        (datetime.date(2026, 11, 15), datetime.date(2027, 11, 14)),
        (datetime.date(2027, 12, 31), datetime.date(2028, 1, 1)),
        (datetime.date(2028, 2, 29), datetime.date(2028, 3, 1)),
    ],
)
def test_eligible_count_agrees_with_the_window_rule_member_by_member(mode, start, end):
    programme = BirthdayProgramme.load()
    programme.window_mode = mode
    rng = random.Random(13)
    members = []
    for _ in range(60):
        birth = datetime.date(1990, 1, 1) + datetime.timedelta(days=rng.randrange(366 * 4))
        joined = wib(2025, 11, 1) + datetime.timedelta(hours=rng.randrange(24 * 500))
        members.append(member_joined(joined, birth_date=birth))
    members.append(member_joined(wib(2020, 1, 1), birth_date=datetime.date(2000, 2, 29)))

    assert eligible_count(start=start, end=end, programme=programme) == _eligible_one_by_one(
        members, start=start, end=end, programme=programme
    )


def test_eligible_counts_of_two_periods_in_one_scan_equal_each_alone():
    programme = BirthdayProgramme.load()
    rng = random.Random(7)
    for _ in range(40):
        birth = datetime.date(1990, 1, 1) + datetime.timedelta(days=rng.randrange(366 * 4))
        member_joined(wib(2024, 6, 1) + datetime.timedelta(hours=rng.randrange(24 * 900)), birth_date=birth)
    periods = [
        (datetime.date(2025, 12, 2), datetime.date(2026, 12, 1)),
        (datetime.date(2024, 12, 2), datetime.date(2025, 12, 1)),
        (datetime.date(2026, 5, 1), datetime.date(2026, 5, 31)),
    ]

    counts = eligible_counts(periods, programme=programme)

    assert counts == [eligible_count(start=start, end=end, programme=programme) for start, end in periods]
    assert counts[0] > 0 and counts[0] != counts[1]


def test_bought_again_within_90_days_to_the_second(monkeypatch):
    monkeypatch.setattr(timezone, "localdate", lambda *args: datetime.date(2026, 12, 1))
    a, b = (member_joined(wib(2020, 1, 1), birth_date=datetime.date(1990, 5, 15)) for _ in range(2))
    first_a, first_b = _redeem(a, wib(2026, 5, 13, 10, 0)), _redeem(b, wib(2026, 5, 13, 10, 0))
    ninety = datetime.timedelta(days=90)
    sale(a, first_a.paid_at + ninety)  # exactly 90 days later: again
    sale(b, first_b.paid_at + ninety + datetime.timedelta(seconds=1))  # a second too late

    figures = birthday_report(**MAY).figures

    assert (figures.redeemed, figures.bought_again, figures.too_early) == (2, 1, 0)


@pytest.mark.parametrize("mode", ["days", "month"])
@pytest.mark.parametrize(
    ("start", "end"),
    [
        (datetime.date(2025, 12, 2), datetime.date(2026, 12, 1)),
        (datetime.date(2025, 12, 20), datetime.date(2026, 1, 10)),
        (datetime.date(2026, 5, 1), datetime.date(2026, 5, 31)),
    ],
)
def test_eligible_count_at_the_edges_of_the_period_and_of_the_membership_age(mode, start, end):
    """Birthdays on and next to the first and last day, accounts a day either side of old enough."""
    programme = BirthdayProgramme.load()
    programme.window_mode = mode
    members = []
    for birthday in (start - datetime.timedelta(days=1), start, end, end + datetime.timedelta(days=1)):
        opens = (
            birthday.replace(day=1)
            if mode == "month"
            else birthday - datetime.timedelta(programme.days_before)
        )
        old_enough = opens - datetime.timedelta(days=programme.min_membership_days)
        for days in (-1, 0, 1):
            joined = old_enough + datetime.timedelta(days=days)
            for hour in (0, 23):
                members.append(
                    member_joined(
                        wib(joined.year, joined.month, joined.day, hour, 30),
                        birth_date=birthday.replace(year=1990),
                    )
                )

    expected = _eligible_one_by_one(members, start=start, end=end, programme=programme)
    assert 0 < expected < len(members)
    assert eligible_count(start=start, end=end, programme=programme) == expected
