"""A counter sale and an online checkout racing for the last unit: exactly one succeeds, the other is told."""

import threading

import pytest
from django.contrib.auth.models import Group
from django.db import close_old_connections, connection

from pasarmurah.accounts.roles import CUSTOMER_SERVICE
from pasarmurah.accounts.tests.factories import AddressFactory, StaffFactory, UserFactory
from pasarmurah.catalog.models import Product
from pasarmurah.catalog.tests.factories import ProductFactory
from pasarmurah.inventory.models import StockMovement
from pasarmurah.orders.models import Order
from pasarmurah.orders.services import CartChanged, CounterSaleError, counter_sale_place, order_place
from pasarmurah.shipping.tests.factories import ShippingRateFactory
from pasarmurah.store.models import StoreProfile


@pytest.mark.only_db("postgresql", "mysql")
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("rounds", [8])
def test_a_counter_sale_and_an_online_checkout_race_for_the_last_unit(rounds):
    StoreProfile.load()  # the shop's profile exists, as in any running shop
    cashier = StaffFactory()
    cashier.groups.add(Group.objects.get(name=CUSTOMER_SERVICE))
    member = UserFactory()
    address = AddressFactory(user=member)
    courier = ShippingRateFactory(province=address.province).courier
    for round_ in range(rounds):
        product = ProductFactory(stock=1, price=75_000)
        results, barrier = {}, threading.Barrier(2)

        def online(product=product, round_=round_, results=results, barrier=barrier):
            try:
                barrier.wait()
                results["online"] = order_place(
                    member=member,
                    items={product.pk: 1},
                    checkout_key=f"race-{round_}",
                    address=address,
                    courier_code=courier.code,
                )
            except Exception as error:  # noqa: BLE001 - recorded for the assertion
                results["online"] = error
            finally:
                close_old_connections()
                connection.close()

        def counter(product=product, round_=round_, results=results, barrier=barrier):
            try:
                barrier.wait()
                results["counter"] = counter_sale_place(
                    items={product.pk: 1}, sale_key=f"race-{round_}", payment_method="transfer", by=cashier
                )
            except Exception as error:  # noqa: BLE001 - recorded for the assertion
                results["counter"] = error
            finally:
                close_old_connections()
                connection.close()

        threads = [threading.Thread(target=online), threading.Thread(target=counter)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        won = [r for r in results.values() if isinstance(r, Order)]
        refused = [r for r in results.values() if isinstance(r, CartChanged | CounterSaleError)]
        assert (len(won), len(refused)) == (1, 1), results
        assert "tidak lagi cukup untuk 1" in str(refused[0])
        assert Product.objects.get(pk=product.pk).stock == 0
        assert Order.objects.filter(lines__product=product).count() == 1
        taken = StockMovement.objects.filter(product=product, quantity__lt=0).values_list(
            "quantity", flat=True
        )
        assert list(taken) == [-1]  # one movement: the winner's
