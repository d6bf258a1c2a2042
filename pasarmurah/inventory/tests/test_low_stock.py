import random

import pytest

from pasarmurah.catalog.models import Product
from pasarmurah.catalog.tests.factories import CategoryFactory, ProductFactory
from pasarmurah.inventory.selectors import low_stock_count, low_stock_products

pytestmark = pytest.mark.django_db


def expected_low() -> set[int]:
    """The rule in Python: active, and stock at or under its own minimum, else its category's default."""
    return {
        product.pk
        for product in Product.objects.select_related("category")
        if product.is_active
        and product.stock
        <= (product.min_stock if product.min_stock is not None else product.category.min_stock_default)
    }


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_low_stock_is_every_active_product_at_or_under_its_minimum(seed):
    # given: categories with their defaults, products with and without a minimum of their own, some above
    # every category default and some inactive (the list reads only stock up to the highest minimum of all)
    rng = random.Random(seed)
    categories = [CategoryFactory(min_stock_default=rng.choice([0, 2, 5])) for _ in range(3)]
    for _ in range(40):
        ProductFactory(
            category=rng.choice(categories),
            stock=rng.randint(0, 30),
            min_stock=rng.choice([None, None, 0, 3, 12, 25]),
            is_active=rng.random() > 0.1,
        )

    # when / then
    assert {product.pk for product in low_stock_products()} == expected_low()
    assert low_stock_count() == len(expected_low())


def test_low_stock_without_any_minimum_of_their_own_reads_the_category_defaults():
    low = ProductFactory(category=CategoryFactory(min_stock_default=4), stock=4)
    ProductFactory(category=low.category, stock=5)
    ProductFactory(category=CategoryFactory(min_stock_default=0), stock=1)

    assert list(low_stock_products()) == [low]
