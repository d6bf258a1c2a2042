"""Numbers agree (issue 13, item 11): the live summaries equal a rebuild, daily rows add up to the month, the
report equals the order rows, through status changes, cancellations after payment, expiry, counter sales,
midnight WIB and month ends."""

import datetime
import importlib
from types import SimpleNamespace

import pytest
from django.apps import apps
from django.db import connection
from django.db.models import Sum
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pasarmurah.crm import services as crm
from pasarmurah.orders.models import PAID_OR_LATER, Order, OrderLine
from pasarmurah.reports import selectors
from pasarmurah.reports.models import CohortMonth, MemberPurchase, ProductDay, SalesDay, StockDay, TicketDay
from pasarmurah.reports.period import Grain, ReportPeriod
from pasarmurah.reports.summaries import summaries_rebuild, summary_snapshot
from pasarmurah.reports.tests.scenario import Shop, at, wib

pytestmark = pytest.mark.django_db


def assert_rebuild_equals_live():
    live = summary_snapshot()
    summaries_rebuild()
    assert summary_snapshot() == live


def sold_orders_between(start: datetime.date, end: datetime.date):
    """Paid (or later) orders whose WIB payment day is in [start, end], straight from the order rows."""
    return [
        order
        for order in Order.objects.filter(status__in=PAID_OR_LATER)
        if start <= timezone.localdate(order.paid_at) <= end
    ]


@pytest.fixture
def shop():
    return Shop()


def test_an_order_paid_just_before_midnight_wib_counts_on_that_day_and_month(shop):
    # given an order placed on 31 January and paid at 23:59 WIB (16:59 UTC), another paid at 00:01 WIB
    late = shop.place(wib(2026, 1, 31, 20, 0))
    shop.pay(late, wib(2026, 1, 31, 23, 59))
    early = shop.place(wib(2026, 1, 31, 23, 30), member=1)
    shop.pay(early, wib(2026, 2, 1, 0, 1))
    # then the first is January's revenue, the second February's
    january = selectors.sales_totals(ReportPeriod.month(2026, 1))
    february = selectors.sales_totals(ReportPeriod.month(2026, 2))
    assert (january.orders, january.total) == (1, late.total)
    assert (february.orders, february.total) == (1, early.total)
    assert set(SalesDay.objects.values_list("day", flat=True)) == {
        datetime.date(2026, 1, 31),
        datetime.date(2026, 2, 1),
    }
    assert_rebuild_equals_live()


def test_cancelled_after_payment_leaves_the_revenue_and_counts_as_cancelled_on_its_day(shop):
    order = shop.place(wib(2026, 3, 30, 10, 0), items={0: 2, 1: 1})
    shop.pay(order, wib(2026, 3, 30, 11, 0))
    march = ReportPeriod.month(2026, 3)
    assert selectors.sales_totals(march).total == order.total
    assert ProductDay.objects.aggregate(units=Sum("units"))["units"] == 3
    # when the owner cancels it on 2 April
    shop.cancel(order, wib(2026, 4, 2, 9, 0), reason="Pembeli minta batal")
    # then March has no sale left, April shows one order cancelled after payment, with its reason
    assert selectors.sales_totals(march).orders == 0
    assert not ProductDay.objects.exists()
    april = ReportPeriod.month(2026, 4)
    assert selectors.outcomes(april) == [
        {"status": "cancelled", "was_paid": True, "orders": 1, "total": order.total}
    ]
    reasons = selectors.cancellation_reasons(april)
    assert [(row["note"], row["orders"]) for row in reasons] == [("Pembeli minta batal", 1)]
    # the stock went out and came back on its days
    returns = StockDay.objects.filter(reason="return")
    assert returns.aggregate(units=Sum("units_in"))["units"] == 3
    assert set(returns.values_list("day", flat=True)) == {datetime.date(2026, 4, 2)}
    assert_rebuild_equals_live()


def test_a_full_month_adds_up_and_matches_the_order_rows(shop):
    # given orders through every path over a month end
    a = shop.place(wib(2026, 5, 31, 22, 0), items={0: 1, 2: 3})
    shop.pay(a, wib(2026, 5, 31, 23, 0))
    shop.ship(a, wib(2026, 6, 1, 10, 0))
    shop.complete(a, wib(2026, 6, 3, 10, 0))
    b = shop.place(wib(2026, 6, 2, 8, 0), member=1)
    shop.pay(b, wib(2026, 6, 2, 9, 0))
    c = shop.place(wib(2026, 6, 3, 8, 0), member=2, items={1: 2})
    shop.expire(wib(2026, 6, 5, 8, 0))
    d = shop.counter(wib(2026, 6, 10, 12, 0))
    shop.counter(wib(2026, 6, 10, 13, 0), method="qris")
    e = shop.place(wib(2026, 6, 11, 8, 0))  # the first member again: a repeat purchase
    shop.pay(e, wib(2026, 6, 11, 9, 0))
    june = ReportPeriod.month(2026, 6)
    c.refresh_from_db()
    assert c.status == "expired"
    # then the sum of June's days is June's total, and both equal the order rows
    totals = selectors.sales_totals(june)
    days = selectors.sales_by_bucket(june, Grain.DAY)
    assert len(days) == 30
    assert sum(figures.total for _bucket, figures in days) == totals.total
    assert sum(figures.cogs for _bucket, figures in days) == totals.cogs
    sold = sold_orders_between(june.start, june.end)
    assert {o.pk for o in sold} == {b.pk, d.pk, e.pk, d.pk + 1}
    assert totals.orders == len(sold)
    assert totals.total == sum(o.total for o in sold)
    lines = OrderLine.objects.filter(order__in=sold)
    assert totals.items == sum(line.quantity for line in lines)
    assert totals.cogs == sum(line.unit_cost * line.quantity for line in lines)
    assert totals.repeat_orders == 1 and totals.member_orders == 2
    # product rows add up to the sales rows
    products = selectors.products_sold(june)
    assert sum(row["revenue"] for row in products.values()) == totals.subtotal
    # by payment method and channel add up too
    assert sum(f.total for _v, f in selectors.sales_by("payment_method", june)) == totals.total
    assert sum(f.total for _v, f in selectors.sales_by("channel", june)) == totals.total
    # weekly and monthly buckets over a longer range give the same sums
    quarter = ReportPeriod(datetime.date(2026, 5, 1), datetime.date(2026, 7, 31))
    for grain in (Grain.DAY, Grain.WEEK, Grain.MONTH):
        assert sum(f.total for _b, f in selectors.sales_by_bucket(quarter, grain)) == (
            selectors.sales_totals(quarter).total
        )
    # a range with partial months reads whole months from ProductMonth and its ends from ProductDay
    for start, end in (quarter.start, quarter.end), (datetime.date(2026, 5, 31), datetime.date(2026, 6, 10)):
        by_days = ProductDay.objects.filter(day__range=(start, end)).aggregate(revenue=Sum("revenue"))
        merged = selectors.products_sold(ReportPeriod(start, end))
        assert sum(row["revenue"] for row in merged.values()) == (by_days["revenue"] or 0)
        for by in ("category_id", "brand_id"):
            sliced = selectors.products_sold(ReportPeriod(start, end), by=by)
            assert sum(row["revenue"] for row in sliced.values()) == (by_days["revenue"] or 0)
    assert_rebuild_equals_live()


def test_a_counter_sale_cancelled_by_the_owner_leaves_no_sale(shop):
    from pasarmurah.orders.services import counter_sale_cancel

    sale = shop.counter(wib(2026, 7, 1, 10, 0), items={0: 1})
    with at(wib(2026, 7, 1, 11, 0)):
        counter_sale_cancel(order=sale, by=shop.owner, reason="Salah input")
    day = ReportPeriod(datetime.date(2026, 7, 1), datetime.date(2026, 7, 1))
    assert selectors.sales_totals(day).orders == 0
    assert selectors.outcomes(day) == [
        {"status": "cancelled", "was_paid": True, "orders": 1, "total": sale.total}
    ]
    assert_rebuild_equals_live()


def test_tickets_count_on_the_days_they_open_get_answered_close_and_are_rated(shop):
    member = shop.members[0]
    with at(wib(2026, 8, 1, 23, 50)):
        ticket = crm.ticket_open(member=member, kind="complaint", subject="Lensa", message="Rusak")
    with at(wib(2026, 8, 2, 0, 20)):
        crm.ticket_staff_reply(ticket=ticket, by=shop.owner, message="Maaf")
    with at(wib(2026, 8, 2, 9, 0)):
        crm.ticket_close(ticket=ticket, by=shop.owner)
    with at(wib(2026, 8, 2, 10, 0)):
        crm.ticket_rate(ticket=ticket, member=member, rating=4)
    rows = {row.day: row for row in TicketDay.objects.all()}
    assert rows[datetime.date(2026, 8, 1)].opened == 1
    second = rows[datetime.date(2026, 8, 2)]
    assert (second.answered, second.answer_seconds, second.closed, second.rated, second.rating_sum) == (
        1,
        1800,
        1,
        1,
        4,
    )
    with at(wib(2026, 8, 3, 9, 0)):
        crm.ticket_reopen(ticket=ticket, by=shop.owner)
    assert TicketDay.objects.get(day=datetime.date(2026, 8, 2)).closed == 0
    assert_rebuild_equals_live()


ACTIONS = st.lists(
    st.tuples(
        st.sampled_from(["place", "pay", "ship", "complete", "cancel", "expire", "counter"]),
        st.integers(min_value=0, max_value=50),  # hours after the previous step (crosses midnights)
        st.integers(min_value=0, max_value=5),  # which order / member / product
    ),
    min_size=1,
    max_size=12,
)


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(actions=ACTIONS)
def test_any_sequence_of_order_changes_keeps_live_equal_to_rebuild(shop, actions):
    # The examples share the shop (a function-scoped fixture) and its orders, so each one goes on from where
    # the one before stopped: payments come in the order of time, as a shop's clock gives them. (Starting
    # every example at the same moment paid a member's orders out of time order, which no shop does, and the
    # live repeat-buyer flags then disagreed with a rebuild's.)
    moment = getattr(shop, "clock", wib(2026, 9, 30, 20, 0))
    orders: list[Order] = []
    for action, hours, pick in actions:
        moment += datetime.timedelta(hours=hours, minutes=7)
        shop.clock = moment
        target = orders[pick % len(orders)] if orders else None
        if target is not None:
            target.refresh_from_db()
        try:
            if action == "place":
                orders.append(shop.place(moment, member=pick % 3, items={pick % 3: 1 + pick % 2}))
            elif action == "counter":
                orders.append(
                    shop.counter(moment, items={pick % 3: 1}, method=["cash", "card", "qris"][pick % 3])
                )
            elif target is None:
                continue
            elif action == "pay" and target.status == "awaiting_payment" and target.payment_deadline > moment:
                shop.pay(target, moment)
            elif action == "ship" and target.status == "paid":
                shop.ship(target, moment)
            elif action == "complete" and target.status == "shipped":
                shop.complete(target, moment)
            elif action == "cancel" and target.status in ("awaiting_payment", "paid", "processing"):
                shop.cancel(target, moment)
            elif action == "expire":
                shop.expire(moment)
        except Exception as error:  # a refused move (e.g. out of stock) changes nothing
            if "stock" not in str(error).lower():
                raise
    # then the live summaries equal a rebuild, and the report equals the order rows
    everything = ReportPeriod(datetime.date(2026, 9, 1), datetime.date(2026, 12, 31))
    sold = sold_orders_between(everything.start, everything.end)
    totals = selectors.sales_totals(everything)
    assert totals.orders == len(sold)
    assert totals.total == sum(order.total for order in sold)
    months = selectors.sales_by_bucket(everything, Grain.MONTH)
    assert sum(f.total for _b, f in months) == totals.total
    assert_rebuild_equals_live()


def test_the_cohort_summary_follows_payments_and_cancellations_and_equals_a_rebuild(shop):
    # given a member who first buys in January and again in March, and one who buys in February
    january = shop.pay(shop.place(wib(2026, 1, 31, 10, 0)), wib(2026, 1, 31, 23, 30))  # WIB: still January
    shop.pay(shop.place(wib(2026, 3, 2, 10, 0)), wib(2026, 3, 2, 11, 0))
    shop.pay(shop.place(wib(2026, 2, 3, 10, 0), member=1), wib(2026, 2, 3, 11, 0))
    unpaid = shop.place(wib(2026, 2, 4, 10, 0), member=2)  # placed, never paid: no purchase
    rows = lambda: set(CohortMonth.objects.values_list("cohort", "month", "buyers"))  # noqa: E731
    jan, feb, mar = (datetime.date(2026, month, 1) for month in (1, 2, 3))
    assert unpaid.member_id and rows() == {(jan, jan, 1), (jan, mar, 1), (feb, feb, 1)}
    assert_rebuild_equals_live()
    # when the January order is cancelled after its payment, the first member's first purchase is March's
    shop.cancel(january, wib(2026, 4, 1, 9, 0))
    assert rows() == {(mar, mar, 1), (feb, feb, 1)}
    assert_rebuild_equals_live()


def test_the_member_purchase_rows_follow_payments_and_cancellations_and_the_migration_fills_them(shop):
    # given a member who buys in January, March and May, and another who buys once
    paid = [
        shop.pay(shop.place(wib(2026, month, 2, 10, 0)), wib(2026, month, 2, 11, 0)) for month in (1, 3, 5)
    ]
    other = shop.pay(shop.place(wib(2026, 2, 3, 10, 0), member=1), wib(2026, 2, 3, 11, 0))
    shop.place(wib(2026, 2, 4, 10, 0), member=2)  # never paid: no purchase
    rows = lambda: {  # noqa: E731
        order_id: (number, first, following, spent)
        for order_id, number, first, following, spent in MemberPurchase.objects.values_list(
            "order_id", "number", "first_paid_at", "next_paid_at", "spent"
        )
    }
    jan, mar, may, feb = (order.paid_at for order in (*paid, other))
    a, b, c = (order.total for order in paid)
    assert a and b and c
    assert rows() == {
        paid[0].pk: (1, jan, mar, a),
        paid[1].pk: (2, jan, may, a + b),
        paid[2].pk: (3, jan, None, a + b + c),
        other.pk: (1, feb, None, other.total),
    }
    assert_rebuild_equals_live()
    # when the January order is cancelled after its payment, March's is the first member's first purchase
    shop.cancel(paid[0], wib(2026, 6, 1, 9, 0))
    assert rows() == {
        paid[1].pk: (1, mar, may, b),
        paid[2].pk: (2, mar, None, b + c),
        other.pk: (1, feb, None, other.total),
    }
    assert_rebuild_equals_live()
    # and the migration that brought the running spend writes the rows anew, as the rebuild does
    live = summary_snapshot([MemberPurchase])
    MemberPurchase.objects.filter(order_id=paid[1].pk).update(spent=0)
    importlib.import_module("pasarmurah.reports.migrations.0005_purchase_spent").fill(
        apps, SimpleNamespace(connection=connection)
    )
    assert summary_snapshot([MemberPurchase]) == live
