"""Rows with chosen moments for the report tests (they read what the rows say; the lifecycle that writes them
is tested in its own app)."""

import datetime
import itertools

from django.db import transaction
from django.utils import timezone

from pasarmurah.accounts.tests.factories import AddressFactory, UserFactory
from pasarmurah.crm.models import Ticket
from pasarmurah.orders.models import PAID_OR_LATER, Order
from pasarmurah.reports import summaries
from pasarmurah.shipping.tests.factories import CourierFactory

_keys = itertools.count()


def wib(year, month, day, hour=12, minute=0) -> datetime.datetime:
    """An aware moment in Asia/Jakarta."""
    return datetime.datetime(year, month, day, hour, minute, tzinfo=timezone.get_current_timezone())


def member_joined(at: datetime.datetime, *, province: str | None = None, **fields):
    member = UserFactory(date_joined=at, **fields)
    if province:
        AddressFactory(user=member, province=province, is_default=True)
    return member


def sale(
    member, at: datetime.datetime, *, total=100_000, status="completed", courier=None, paid_at=None, **fields
):
    """An order of `member` placed (and, if its status says so, paid) at `at`, with a total of `total` (no
    lines: these reports read totals). The customers' cohort summary is kept as the live path keeps it; the
    other summaries come from a rebuild where a test needs them."""
    courier = courier or CourierFactory()
    order = Order.objects.create(
        member=member,
        channel="online" if member else "counter",
        status=status,
        checkout_key=f"rep-{next(_keys)}",
        recipient_name="Uji",
        phone="+6281234567890",
        street="Jl. Uji 1",
        city="Surakarta",
        province="jawa-tengah",
        postal_code="57111",
        courier=courier,
        courier_name=courier.name,
        weight_grams=500,
        subtotal=total,
        total=total,
        payment_deadline=at,
        **fields,
    )
    paid_at = paid_at or (at if status in PAID_OR_LATER else None)
    Order.objects.filter(pk=order.pk).update(created_at=at, paid_at=paid_at)
    order.created_at, order.paid_at = at, paid_at
    with transaction.atomic():  # as the order services do (browser tests run without a test transaction)
        summaries.rows_apply(summaries.purchases_change(order, None))
    return order


def ticket(at: datetime.datetime, *, kind="complaint", subject="Barang rusak", member=None, **fields):
    return Ticket.objects.create(
        member=member or UserFactory(), kind=kind, subject=subject, created_at=at, **fields
    )
