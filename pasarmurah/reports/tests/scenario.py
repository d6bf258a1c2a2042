"""Helpers that drive real orders, stock moves and tickets through the services at chosen moments."""

import contextlib
import datetime
import itertools
from unittest import mock
from zoneinfo import ZoneInfo

from django.contrib.auth.models import Group

from pasarmurah.accounts.roles import OWNER
from pasarmurah.accounts.tests.factories import AddressFactory, StaffFactory, UserFactory
from pasarmurah.catalog.tests.factories import ProductFactory
from pasarmurah.orders import services
from pasarmurah.orders.models import Order, PaymentProof
from pasarmurah.orders.tests.factories import clean_image
from pasarmurah.shipping.tests.factories import ShippingRateFactory

WIB = ZoneInfo("Asia/Jakarta")
_keys = itertools.count()


def wib(*args) -> datetime.datetime:
    return datetime.datetime(*args, tzinfo=WIB)


@contextlib.contextmanager
def at(moment: datetime.datetime):
    """Run the services as if it were `moment` (the clock is outside the machine)."""
    with mock.patch("django.utils.timezone.now", return_value=moment):
        yield


class Shop:
    """A small shop: an owner (staff), products with a cost price, members with addresses and a courier."""

    def __init__(self, *, products: int = 3, members: int = 3):
        self.owner = StaffFactory(full_name="Pemilik")
        self.owner.groups.add(Group.objects.get(name=OWNER))
        self.products = [
            ProductFactory(stock=500, price=100_000 + 25_000 * n, cost_price=60_000 + 10_000 * n)
            for n in range(products)
        ]
        self.members = [UserFactory() for _ in range(members)]
        self.addresses = [AddressFactory(user=member) for member in self.members]
        self.courier = ShippingRateFactory(province=self.addresses[0].province, price_per_kg=10_000).courier
        for province in {address.province for address in self.addresses} - {self.addresses[0].province}:
            ShippingRateFactory(province=province, courier=self.courier, price_per_kg=12_000)

    def place(self, when, *, member: int = 0, items: dict[int, int] | None = None) -> Order:
        with at(when):
            return services.order_place(
                member=self.members[member],
                items={self.products[i].pk: q for i, q in (items or {0: 1}).items()},
                checkout_key=f"k{next(_keys)}",
                address=self.addresses[member],
                courier_code=self.courier.code,
            )

    def pay(self, order: Order, when) -> Order:
        with at(when):
            services.payment_proof_submit(
                order=order,
                member=order.member,
                image=clean_image(),
                sender_name="Budi",
                sender_bank="BCA",
                amount=order.total,
            )
            proof = PaymentProof.objects.filter(order=order).latest("pk")
            return services.payment_proof_verify(proof=proof, by=self.owner)

    def ship(self, order: Order, when) -> Order:
        with at(when):
            order = services.order_mark_processing(order=order, by=self.owner)
            return services.order_ship(order=order, by=self.owner, tracking_number="RESI1")

    def complete(self, order: Order, when) -> Order:
        with at(when):
            return services.order_confirm_received(order=order, member=order.member)

    def cancel(self, order: Order, when, reason: str = "Stok rusak") -> Order:
        with at(when):
            return services.order_cancel(order=order, by=self.owner, reason=reason)

    def expire(self, when) -> list[int]:
        with at(when):
            return services.orders_expire_unpaid(now=when)

    def counter(self, when, *, items: dict[int, int] | None = None, method: str = "cash") -> Order:
        with at(when):
            return services.counter_sale_place(
                items={self.products[i].pk: q for i, q in (items or {1: 2}).items()},
                sale_key=f"c{next(_keys)}",
                payment_method=method,
                amount_received=10_000_000 if method == "cash" else None,
                reference="REF1",
                by=self.owner,
            )
