import factory

from pasarmurah.accounts.tests.factories import UserFactory
from pasarmurah.catalog.tests.factories import ProductFactory
from pasarmurah.crm.models import WishlistItem


class WishlistItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = WishlistItem

    user = factory.SubFactory(UserFactory)
    product = factory.SubFactory(ProductFactory)
