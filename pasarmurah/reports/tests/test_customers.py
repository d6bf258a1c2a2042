import datetime
import random
import statistics

import pytest

from pasarmurah.accounts.tests.factories import AddressFactory, StaffFactory
from pasarmurah.orders.models import PAID_OR_LATER, Order
from pasarmurah.orders.services import order_cancel
from pasarmurah.reports import customers
from pasarmurah.reports.customers import (
    TOP_CUSTOMERS,
    customer_report,
    customer_reports,
    new_members_by_period,
    top_customers,
)
from pasarmurah.reports.tests.helpers import member_joined, sale, wib

pytestmark = pytest.mark.django_db

MARCH = {"start": datetime.date(2026, 3, 1), "end": datetime.date(2026, 3, 31)}


def test_new_members_count_by_wib_day_and_province_and_add_up():
    # given: members joining at the edges of March in WIB (00:00 WIB on 1 March is 17:00 UTC on 28 February)
    member_joined(wib(2026, 2, 28, 23, 59))  # February
    member_joined(wib(2026, 3, 1, 0, 0), province="jawa-tengah")
    member_joined(wib(2026, 3, 15), province="jawa-tengah")
    member_joined(wib(2026, 3, 31, 23, 59), province="bali")
    member_joined(wib(2026, 3, 20))  # no address
    moved = member_joined(wib(2026, 3, 21), province="jawa-barat")  # two default addresses: the latest counts
    AddressFactory(user=moved, province="jawa-tengah", is_default=True)
    AddressFactory(user=member_joined(wib(2026, 3, 22)), province="bali", is_default=False)  # not a default
    member_joined(wib(2026, 4, 1, 0, 0))  # April
    StaffFactory(date_joined=wib(2026, 3, 10))  # staff are not members

    # when
    report = customer_report(**MARCH, today=datetime.date(2026, 4, 2))

    # then
    assert report.members_new == 6
    assert report.members_total == 7  # joined by the end of March
    assert report.grain == "day"
    assert sum(n for _day, n in report.new_by_period) == report.members_new
    assert dict(report.new_by_period)[datetime.date(2026, 3, 1)] == 1
    assert dict(report.new_by_period)[datetime.date(2026, 3, 31)] == 1
    assert [(code, n) for code, _label, n in report.new_by_province] == [
        ("jawa-tengah", 3),
        ("", 2),
        ("bali", 1),
    ]
    assert sum(n for _c, _l, n in report.new_by_province) == report.members_new


def test_daily_rows_add_up_to_the_monthly_row():
    for day in (1, 2, 2, 28, 31):
        member_joined(wib(2026, 1, day, 23, 30))
    member_joined(wib(2026, 2, 1, 0, 30))

    daily = new_members_by_period(
        start=datetime.date(2026, 1, 1), end=datetime.date(2026, 2, 28), grain="day"
    )
    monthly = new_members_by_period(
        start=datetime.date(2026, 1, 1), end=datetime.date(2026, 2, 28), grain="month"
    )

    assert monthly == [(datetime.date(2026, 1, 1), 5), (datetime.date(2026, 2, 1), 1)]
    for month, count in monthly:
        assert sum(n for day, n in daily if day.month == month.month) == count


def test_buyers_first_time_returning_repeat_and_interval():
    # given
    old = member_joined(wib(2025, 1, 1))
    sale(old, wib(2026, 1, 10))
    sale(old, wib(2026, 3, 10))  # returning; 59 days after the first
    new = member_joined(wib(2026, 3, 1))
    sale(new, wib(2026, 3, 2))
    sale(new, wib(2026, 3, 12))  # first time in March and repeat within it: 10 days
    once = member_joined(wib(2026, 3, 1))
    sale(once, wib(2026, 3, 31, 23, 59))  # first time, once; the last minute of March WIB
    cancelled = member_joined(wib(2026, 2, 1))
    sale(cancelled, wib(2026, 3, 5), status="cancelled")  # cancelled after payment: no sale
    waiting = member_joined(wib(2026, 2, 1))
    sale(waiting, wib(2026, 3, 5), status="awaiting_payment")
    late = member_joined(wib(2026, 2, 1))
    sale(late, wib(2026, 4, 1, 0, 0))  # April in WIB
    sale(None, wib(2026, 3, 5))  # a walk-in counter sale: nobody's purchase

    # when
    report = customer_report(**MARCH, today=datetime.date(2026, 4, 2))

    # then
    assert report.buyers == report.active == 3
    assert report.first_time == 2
    assert report.returning == 1
    assert report.first_time + report.returning == report.buyers
    assert report.repeat_buyers == 2
    assert report.repeat_rate == pytest.approx(2 / 3)
    assert report.active + report.inactive == report.members_total == 6
    assert report.never_bought == 3  # cancelled, waiting, late (April)
    assert report.interval_mean_days == round((59 + 10) / 2, 1)
    assert report.interval_median_days == round((59 + 10) / 2, 1)


def test_an_order_cancelled_after_payment_leaves_the_report():
    buyer = member_joined(wib(2025, 1, 1))
    order = sale(buyer, wib(2026, 3, 5), status="paid", total=300_000)
    assert customer_report(**MARCH).buyers == 1

    order_cancel(order=order, by=StaffFactory(), reason="Stok tidak ada")  # after payment, as staff may

    report = customer_report(**MARCH)
    assert report.buyers == 0
    assert report.top_by_spend == []


def test_top_customers_by_spend_and_by_orders_agree_with_the_order_rows():
    a, b, c = (member_joined(wib(2025, 1, 1)) for _ in range(3))
    sale(a, wib(2026, 3, 1), total=900_000)
    for day in (2, 3, 4):
        sale(b, wib(2026, 3, day), total=100_000)
    sale(c, wib(2026, 3, 9), total=50_000)
    sale(c, wib(2026, 3, 10), total=60_000)
    sale(c, wib(2026, 2, 10), total=999_999)  # before the period

    by_spend = top_customers(**MARCH, by="spent")
    by_orders = top_customers(**MARCH, by="orders")

    assert [(t.member_id, t.orders, t.spent) for t in by_spend] == [
        (a.pk, 1, 900_000),
        (b.pk, 3, 300_000),
        (c.pk, 2, 110_000),
    ]
    assert [t.member_id for t in by_orders] == [b.pk, c.pk, a.pk]
    first, after = wib(2026, 3, 1, 0), wib(2026, 4, 1, 0)
    in_period = Order.objects.filter(created_at__gte=first, created_at__lt=after, status="completed")
    assert sum(t.spent for t in by_spend) == sum(in_period.values_list("total", flat=True))


def test_cohort_retention_by_month_of_first_purchase():
    # given: two buyers start in January, one in February
    a, b, c = (member_joined(wib(2025, 12, 1)) for _ in range(3))
    sale(a, wib(2026, 1, 5))
    sale(a, wib(2026, 2, 5))  # +1
    sale(a, wib(2026, 3, 5))  # +2
    sale(b, wib(2026, 1, 31, 23, 59))
    sale(b, wib(2026, 3, 1, 0, 0))  # +2
    sale(c, wib(2026, 2, 10))

    # when
    report = customer_report(
        start=datetime.date(2026, 1, 1), end=datetime.date(2026, 2, 28), today=datetime.date(2026, 4, 15)
    )

    # then: the months after March have not ended on 15 April
    january, february = report.cohorts
    assert (january.month, january.buyers) == (datetime.date(2026, 1, 1), 2)
    assert january.retention == [0.5, 1.0, None, None, None, None]
    assert (february.month, february.buyers) == (datetime.date(2026, 2, 1), 1)
    assert february.retention == [0.0, None, None, None, None, None]


def test_birthdays_by_month_and_opt_in_rate():
    member_joined(wib(2025, 1, 1), birth_date=datetime.date(1990, 1, 5), accepts_marketing=True)
    member_joined(wib(2025, 1, 1), birth_date=datetime.date(1991, 1, 25))
    member_joined(wib(2025, 1, 1), birth_date=datetime.date(1992, 12, 31), accepts_marketing=True)
    member_joined(wib(2025, 1, 1), birth_date=None)

    report = customer_report(**MARCH)

    assert dict(report.birthdays_by_month) == {1: 2, **{m: 0 for m in range(2, 12)}, 12: 1}
    assert report.without_birth_date == 1
    assert report.opted_in == 2
    assert report.opt_in_rate == 0.5
    assert sum(n for _m, n in report.birthdays_by_month) + report.without_birth_date == report.members_total


def test_the_comparison_period_counts_the_same_figures_without_the_lists():
    buyer = member_joined(wib(2025, 1, 1))
    sale(buyer, wib(2026, 2, 10))
    sale(buyer, wib(2026, 3, 10))
    member_joined(wib(2026, 3, 3))

    full, short = customer_report(**MARCH), customer_report(**MARCH, figures_only=True)

    for name in ("members_new", "members_total", "buyers", "first_time", "returning", "repeat_rate"):
        assert getattr(short, name) == getattr(full, name)
    assert full.top_by_spend and not short.top_by_spend and not short.cohorts


def _reference(start: datetime.date, end: datetime.date) -> dict:
    """The buyer figures worked out in Python from the order rows, the way the report defines them."""
    first, after = (
        wib(start.year, start.month, start.day),
        wib(end.year, end.month, end.day) + datetime.timedelta(days=1),
    )
    paid = {}
    for member, moment, total in Order.objects.filter(
        status__in=PAID_OR_LATER, member__isnull=False, member__is_staff=False, paid_at__lt=after
    ).values_list("member_id", "paid_at", "total"):
        paid.setdefault(member, []).append((moment, total))
    buyers = {m: rows for m, rows in paid.items() if any(moment >= first for moment, _t in rows)}
    repeat = {m: rows for m, rows in buyers.items() if len(rows) >= 2}
    gaps = [(max(r)[0] - min(r)[0]).total_seconds() / 86400 / (len(r) - 1) for r in repeat.values()]
    spans = sum((max(r)[0] - min(r)[0]).total_seconds() / 86400 for r in repeat.values())
    spent = {m: sum(t for moment, t in rows if moment >= first) for m, rows in buyers.items()}
    orders = {m: sum(1 for moment, _t in rows if moment >= first) for m, rows in buyers.items()}
    spend_order = sorted(buyers, key=lambda m: (-spent[m], -orders[m], m))[:TOP_CUSTOMERS]
    orders_order = sorted(buyers, key=lambda m: (-orders[m], -spent[m], m))[:TOP_CUSTOMERS]
    return {
        "never_bought_members": len(paid),
        "buyers": len(buyers),
        "first_time": sum(1 for rows in buyers.values() if min(rows)[0] >= first),
        "repeat_buyers": len(repeat),
        "interval_mean_days": round(spans / sum(len(r) - 1 for r in repeat.values()), 1) if repeat else None,
        "interval_median_days": round(statistics.median(gaps), 1) if gaps else None,
        "top_by_spend": spend_order,
        "top_by_orders": orders_order,
        "top_rows": {
            "top_by_spend": [(m, orders[m], spent[m]) for m in spend_order],
            "top_by_orders": [(m, orders[m], spent[m]) for m in orders_order],
        },
    }


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_buyer_figures_of_a_period_and_its_comparison_agree_with_the_order_rows(seed):
    # given: members buying at random moments over fifteen months, some orders not (or no longer) sales
    rng = random.Random(seed)
    staff = StaffFactory(date_joined=wib(2024, 1, 1))
    sale(staff, wib(2026, 3, 3))  # staff buying is nobody's purchase
    members = [member_joined(wib(2024, 6, 1)) for _ in range(rng.randint(25, 40))]
    for member in members:
        for _ in range(rng.choice([0, 1, 1, 2, 3, 5])):
            moment = wib(2025, 1, 1) + datetime.timedelta(minutes=rng.randint(0, 455 * 24 * 60))
            status = rng.choice(
                ["completed", "completed", "paid", "shipped", "cancelled", "awaiting_payment"]
            )
            sale(member, moment, status=status, total=rng.randint(1, 40) * 25_000)
    march, february = (MARCH["start"], MARCH["end"]), (datetime.date(2026, 2, 1), datetime.date(2026, 2, 28))
    last_year = (datetime.date(2025, 3, 1), datetime.date(2025, 3, 31))  # not next to March: counted apart
    periods = (march, february, last_year)

    # when: the period with its comparison periods in one pass, and each alone
    both = customer_reports(list(periods), today=datetime.date(2026, 4, 2))
    alone = [customer_report(start=s, end=e, today=datetime.date(2026, 4, 2)) for s, e in periods]

    # then
    for i, ((start, end), report, single) in enumerate(zip(periods, both, alone, strict=True)):
        expected = _reference(start, end)
        assert report.members_total - report.never_bought == expected["never_bought_members"]
        for name in ("buyers", "first_time", "repeat_buyers", "interval_mean_days"):
            assert getattr(report, name) == getattr(single, name) == expected[name], name
        assert single.interval_median_days == expected["interval_median_days"]
        assert report.interval_median_days == (None if i else expected["interval_median_days"])  # not shown
        assert report.returning == report.buyers - report.first_time
    assert [c.member_id for c in both[0].top_by_spend] == expected_top(march, "top_by_spend")
    assert [c.member_id for c in both[0].top_by_orders] == expected_top(march, "top_by_orders")
    assert both[1].top_by_spend == both[2].top_by_spend == [] and both[1].cohorts == []
    assert alone[1].top_by_spend and [c.member_id for c in alone[1].top_by_spend] == expected_top(
        february, "top_by_spend"
    )


def expected_top(period, key):
    return _reference(*period)[key]


# The top lists count the buyers with the highest spend (or purchases) since their first purchase, and more of
# them until the list is settled, or group every purchase of the period: each way gives the order rows' lists.
@pytest.mark.parametrize(
    "candidates",
    [
        pytest.param({}, id="as-configured"),
        pytest.param({"TOP_CANDIDATES": 1, "TOP_CANDIDATES_MAX": 100}, id="counted-again"),
        pytest.param({"TOP_CANDIDATES": 1, "TOP_CANDIDATES_MAX": 10}, id="grouped"),
    ],
)
@pytest.mark.parametrize("seed", [4, 5])
def test_top_lists_of_past_and_current_periods_agree_with_the_order_rows(seed, candidates, monkeypatch):
    # given: loyal members buying often over fifteen months, and members buying once or twice
    for name, value in candidates.items():
        monkeypatch.setattr(customers, name, value)
    rng = random.Random(seed)
    for k in range(rng.randint(30, 45)):
        member = member_joined(wib(2024, 6, 1))
        for _ in range(rng.choice([1, 1, 2, 8, 15]) if k % 3 else rng.choice([0, 1, 2])):
            moment = wib(2025, 1, 1) + datetime.timedelta(minutes=rng.randint(0, 455 * 24 * 60))
            status = rng.choice(["completed", "completed", "paid", "cancelled"])
            sale(member, moment, status=status, total=rng.choice([25_000, 50_000, 2_500_000]))
    periods = [
        (datetime.date(2026, 3, 1), datetime.date(2026, 3, 31)),  # the latest sales come after it
        (datetime.date(2025, 1, 1), datetime.date(2025, 12, 31)),
        (datetime.date(2026, 1, 1), datetime.date(2026, 6, 30)),  # ends after every sale: latest purchases
    ]

    for start, end in periods:
        # when
        report = customer_report(start=start, end=end, today=datetime.date(2026, 7, 2))

        # then
        expected = _reference(start, end)
        for name in ("top_by_spend", "top_by_orders"):
            rows = [(c.member_id, c.orders, c.spent) for c in getattr(report, name)]
            assert rows == expected["top_rows"][name], (start, name)
        for name in ("buyers", "first_time", "repeat_buyers", "interval_mean_days", "interval_median_days"):
            assert getattr(report, name) == expected[name], (start, name)
        assert report.members_total - report.never_bought == expected["never_bought_members"]
