import pytest
from django.contrib.auth.models import Group

from pasarmurah.accounts.roles import CUSTOMER_SERVICE
from pasarmurah.accounts.tests.factories import StaffFactory
from pasarmurah.catalog.tests.factories import ProductFactory
from pasarmurah.orders.services import order_place


@pytest.fixture
def order(member, address, courier):
    product = ProductFactory(stock=5, price=100_000, weight_grams=900)
    return order_place(
        member=member, items={product.pk: 1}, checkout_key="v", address=address, courier_code=courier.code
    )


@pytest.fixture
def cs_client(client):
    cs = StaffFactory()
    cs.groups.add(Group.objects.get(name=CUSTOMER_SERVICE))
    client.force_login(cs)
    return client
