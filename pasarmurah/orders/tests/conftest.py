import pytest

from pasarmurah.accounts.tests.factories import AddressFactory, UserFactory
from pasarmurah.shipping.tests.factories import ShippingRateFactory


@pytest.fixture
def member():
    return UserFactory()


@pytest.fixture
def address(member):
    return AddressFactory(user=member)


@pytest.fixture
def courier(address):
    """A courier delivering to the member's province at Rp 10.000 per started kilogram."""
    return ShippingRateFactory(province=address.province, price_per_kg=10_000).courier
