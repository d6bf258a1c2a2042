import factory

from pasarmurah.catalog.tests.factories import ProductFactory
from pasarmurah.purchasing.models import Supplier, SupplierProduct


class SupplierFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Supplier

    name = factory.Sequence(lambda n: f"CV Pemasok {n}")
    contact_person = "Pak Budi"
    phone = "+6281234567890"
    email = factory.Sequence(lambda n: f"pemasok{n}@contoh.test")
    address = "Jl. Slamet Riyadi 1, Solo"
    payment_terms_days = 30


class SupplierProductFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SupplierProduct

    supplier = factory.SubFactory(SupplierFactory)
    product = factory.SubFactory(ProductFactory)
    last_price = 45_000
    lead_time_days = 5
