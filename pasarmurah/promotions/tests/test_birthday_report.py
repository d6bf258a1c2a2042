"""The birthday page's monthly results (promotions.selectors.birthday_report): months are WIB months, on every
database (no time zone conversion in SQL, so MariaDB needs no zone tables)."""

import datetime

import pytest
from django.utils import timezone

from pasarmurah.accounts.tests.factories import AddressFactory, UserFactory
from pasarmurah.catalog.tests.factories import ProductFactory
from pasarmurah.orders.services import order_place
from pasarmurah.promotions.models import BirthdayGreeting, BirthdayRedemption, VoucherRedemption
from pasarmurah.promotions.selectors import birthday_report
from pasarmurah.promotions.tests.factories import VoucherFactory
from pasarmurah.shipping.tests.factories import ShippingRateFactory

pytestmark = pytest.mark.django_db


def _wib(*args) -> datetime.datetime:
    return datetime.datetime(*args, tzinfo=timezone.get_current_timezone())


def _order(member, key: str):
    address = AddressFactory(user=member)
    courier = ShippingRateFactory(province=address.province).courier
    product = ProductFactory(price=100_000, stock=10)
    return order_place(
        member=member,
        items={product.pk: 1},
        checkout_key=key,
        address=address,
        courier_code=courier.code,
    )


def test_months_are_wib_months_newest_first_and_only_the_last_twelve(monkeypatch):
    monkeypatch.setattr(timezone, "localdate", lambda *args: datetime.date(2026, 7, 15))
    a, b, c, d = (UserFactory(birth_date=None) for _ in range(4))  # no birthday discount of their own
    moments = {
        a: _wib(2026, 5, 31, 23, 30),  # May in WIB (16:30 UTC)
        b: _wib(2026, 6, 1, 0, 30),  # June in WIB, still 31 May in UTC
        c: _wib(2025, 8, 1, 0, 5),  # the oldest of the twelve months
        d: _wib(2025, 7, 31, 23, 55),  # thirteen months back: left out
    }
    for member, at in moments.items():
        greeting = BirthdayGreeting.objects.create(member=member, year=at.year, window_ends=at.date())
        BirthdayGreeting.objects.filter(pk=greeting.pk).update(created_at=at)
    first, second = _order(a, "bd-a"), _order(b, "bd-b")
    redemption = BirthdayRedemption.objects.create(member=a, year=2026, order=first, amount=10_000)
    BirthdayRedemption.objects.filter(pk=redemption.pk).update(created_at=moments[a])
    voucher = VoucherRedemption.objects.create(voucher=VoucherFactory(), member=b, order=second, amount=5_000)
    VoucherRedemption.objects.filter(pk=voucher.pk).update(created_at=moments[b])

    rows = birthday_report()

    assert [row["month"] for row in rows] == [
        datetime.date(2026, 6, 1),
        datetime.date(2026, 5, 1),
        datetime.date(2025, 8, 1),
    ]
    june, may, august = rows
    assert (june["greetings"], june["birthday_used"], june["voucher_used"]) == (1, 0, 1)
    assert (june["voucher_given"], june["voucher_revenue"]) == (5_000, second.total)
    assert (may["greetings"], may["birthday_used"], may["voucher_used"]) == (1, 1, 0)
    assert (may["birthday_given"], may["birthday_revenue"]) == (10_000, first.total)
    assert (august["greetings"], august["birthday_used"], august["birthday_given"]) == (1, 0, 0)
