import datetime

import factory
from django.utils import timezone

from pasarmurah.catalog.models import Brand, Category, Product, Promo, PromoKind


class CategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Category

    name = factory.Sequence(lambda n: f"Kategori {n}")
    slug = factory.Sequence(lambda n: f"kategori-{n}")


class BrandFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Brand

    name = factory.Sequence(lambda n: f"Merek {n}")
    slug = factory.Sequence(lambda n: f"merek-{n}")


class ProductFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Product

    sku = factory.Sequence(lambda n: f"SKU-{n:05d}")
    name = factory.Sequence(lambda n: f"Tripod Uji {n}")
    slug = factory.Sequence(lambda n: f"tripod-uji-{n}")
    category = factory.SubFactory(CategoryFactory)
    brand = factory.SubFactory(BrandFactory)
    price = 250_000
    weight_grams = 1200
    stock = 10


class PromoFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Promo
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Promo {n}")
    slug = factory.Sequence(lambda n: f"promo-{n}")
    kind = PromoKind.PERCENT
    value = 10
    starts_at = factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(days=1))
    ends_at = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=7))

    @factory.post_generation
    def products(self, create, extracted, **kwargs):
        if create and extracted:
            self.products.set(extracted)

    @factory.post_generation
    def categories(self, create, extracted, **kwargs):
        if create and extracted:
            self.categories.set(extracted)


def promo_soon(product, now: datetime.datetime) -> Promo:
    """A 10% promo on `product` from 20 to 40 seconds after `now`: the tests that freeze the clock at its
    edges check that a price changes on the second."""
    return PromoFactory(
        products=[product],
        value=10,
        starts_at=now + datetime.timedelta(seconds=20),
        ends_at=now + datetime.timedelta(seconds=40),
    )
