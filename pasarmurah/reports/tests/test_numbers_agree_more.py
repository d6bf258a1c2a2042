"""The same figure in two places is equal (issue 13 item 11): the customer, birthday, voucher and care reports
against the daily summary tables the sales report and the dashboard read, after a rebuild from the source
rows; with orders paid across midnight WIB and a month end, cancelled after payment, and not paid yet."""

import datetime

import pytest
from django.db.models import Sum

from pasarmurah.orders.models import PAID_OR_LATER, Order, OrderDiscount
from pasarmurah.promotions.models import BirthdayRedemption, VoucherRedemption
from pasarmurah.promotions.tests.factories import VoucherFactory
from pasarmurah.reports.birthday import birthday_report
from pasarmurah.reports.care import care_report
from pasarmurah.reports.customers import customer_report, top_customers
from pasarmurah.reports.models import SalesDay, TicketDay
from pasarmurah.reports.summaries import summaries_rebuild
from pasarmurah.reports.tests.helpers import member_joined, sale, ticket, wib

pytestmark = pytest.mark.django_db

MAY = {"start": datetime.date(2026, 5, 1), "end": datetime.date(2026, 5, 31)}


def _discounted(member, at, *, kind, amount, voucher=None, **fields):
    order = sale(member, at, total=200_000 - amount, **fields)
    Order.objects.filter(pk=order.pk).update(subtotal=200_000, discount_total=amount)
    OrderDiscount.objects.create(order=order, kind=kind, label=kind, amount=amount)
    if kind == "birthday":
        BirthdayRedemption.objects.create(member=member, year=at.year, order=order, amount=amount)
    else:
        VoucherRedemption.objects.create(voucher=voucher, member=member, order=order, amount=amount)
    return order


@pytest.fixture
def shop():
    voucher = VoucherFactory(code="HEMAT")
    members = [member_joined(wib(2026, 1, 1), birth_date=datetime.date(1990, 5, 20)) for _ in range(4)]
    a, b, c, d = members
    sale(a, wib(2026, 4, 30, 23, 50), paid_at=wib(2026, 5, 1, 0, 5))  # placed in April, paid in May
    sale(a, wib(2026, 5, 31, 23, 50), paid_at=wib(2026, 6, 1, 0, 5))  # placed in May, paid in June
    sale(b, wib(2026, 5, 31, 23, 59), total=150_000)
    sale(b, wib(2026, 5, 10), status="cancelled", paid_at=wib(2026, 5, 10, 13), closed_at=wib(2026, 5, 12))
    sale(c, wib(2026, 5, 11), status="awaiting_payment")
    sale(None, wib(2026, 5, 12), total=75_000)  # a walk-in counter sale
    _discounted(a, wib(2026, 5, 18), kind="birthday", amount=20_000)
    _discounted(b, wib(2026, 5, 19), kind="birthday", amount=20_000, status="shipped")
    _discounted(c, wib(2026, 5, 20), kind="voucher", amount=15_000, voucher=voucher)
    _discounted(d, wib(2026, 5, 21), kind="voucher", amount=15_000, voucher=voucher, status="paid")
    _discounted(d, wib(2026, 4, 21), kind="birthday", amount=20_000)  # April
    ticket(wib(2026, 5, 1, 0, 0))
    ticket(wib(2026, 5, 31, 23, 59), kind="suggestion")
    ticket(wib(2026, 4, 30, 23, 59))
    summaries_rebuild()
    return members


def _sold_in_may():
    rows = SalesDay.objects.filter(day__range=(MAY["start"], MAY["end"]), status__in=PAID_OR_LATER)
    return rows.aggregate(
        orders=Sum("orders"),
        member_orders=Sum("member_orders"),
        total=Sum("total"),
        birthday=Sum("discount_birthday"),
        voucher=Sum("discount_voucher"),
    )


def test_member_purchases_agree_with_the_sales_summary(shop):
    sold = _sold_in_may()
    everyone = top_customers(**MAY, limit=10**6)

    assert sum(customer.orders for customer in everyone) == sold["member_orders"] == 6
    assert sum(customer.spent for customer in everyone) + 75_000 == sold["total"]
    report = customer_report(**MAY)
    assert report.buyers == len(everyone) == 4


def test_birthday_and_voucher_discounts_agree_with_the_sales_summary(shop):
    sold = _sold_in_may()
    report = birthday_report(**MAY)

    assert report.figures.discount_given == sold["birthday"] == 40_000
    assert report.voucher_total.discount_given == sold["voucher"] == 30_000
    assert sum(row["discount_given"] for row in report.months) == report.figures.discount_given


def test_tickets_opened_agree_with_the_ticket_summary(shop):
    opened = TicketDay.objects.filter(day__range=(MAY["start"], MAY["end"])).aggregate(n=Sum("opened"))["n"]

    assert care_report(**MAY).opened == opened == 2
