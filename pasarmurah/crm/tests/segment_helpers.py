"""Orders with a chosen age, total and status, for the segment and behaviour tests (no stock or lifecycle:
these tests read what the orders say, the lifecycle is tested in orders)."""

import datetime
import itertools

from django.utils import timezone

from pasarmurah.orders.models import Order, OrderLine
from pasarmurah.shipping.tests.factories import CourierFactory

_keys = itertools.count()


def order_for(member, *, days_ago=0, total=100_000, status="completed", at=None, products=()):
    """An order of `member` placed `days_ago` days before today (noon WIB), or at `at`."""
    courier = CourierFactory()
    order = Order.objects.create(
        member=member,
        status=status,
        checkout_key=f"seg-{next(_keys)}",
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
        payment_deadline=timezone.now(),
    )
    when = at or timezone.make_aware(
        datetime.datetime.combine(timezone.localdate() - datetime.timedelta(days=days_ago), datetime.time(12))
    )
    Order.objects.filter(pk=order.pk).update(created_at=when)
    for product in products:
        OrderLine.objects.create(
            order=order,
            product=product,
            product_name=product.name,
            sku=product.sku,
            base_unit_price=total,
            unit_price=total,
            quantity=1,
            weight_grams=500,
        )
    return order
