import datetime

import pytest
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from pasarmurah.catalog.models import Promo, PromoKind
from pasarmurah.catalog.pricing import PromoBook, attach_prices, best_quote, price_quote, priced_lines
from pasarmurah.catalog.tests.factories import CategoryFactory, ProductFactory, PromoFactory


def _promo(kind, value, *, ends_in_days=5, pk=1):
    now = timezone.now()
    return Promo(
        pk=pk,
        kind=kind,
        value=value,
        starts_at=now - datetime.timedelta(days=1),
        ends_at=now + datetime.timedelta(days=ends_in_days),
    )


def test_no_promo_means_the_normal_price():
    quote = best_quote(250_000, [])
    assert (quote.price, quote.discount, quote.has_promo) == (250_000, 0, False)


def test_percent_discount_rounds_down_to_the_rupiah():
    # 15% of 99.999 is 14.999,85: the discount is 14.999 and the price 85.000
    quote = best_quote(99_999, [_promo(PromoKind.PERCENT, 15)])
    assert (quote.discount, quote.price) == (14_999, 85_000)


def test_fixed_discount_never_goes_below_zero():
    quote = best_quote(20_000, [_promo(PromoKind.FIXED, 50_000)])
    assert quote.price == 0


def test_the_best_promo_wins_and_promos_do_not_stack():
    percent, fixed = _promo(PromoKind.PERCENT, 10, pk=1), _promo(PromoKind.FIXED, 30_000, pk=2)
    assert best_quote(200_000, [percent, fixed]).promo is fixed  # 30.000 > 20.000
    assert best_quote(500_000, [percent, fixed]).promo is percent  # 50.000 > 30.000
    assert best_quote(500_000, [percent, fixed]).price == 450_000


@given(
    price=st.integers(min_value=1, max_value=10**9),
    promos=st.lists(
        st.one_of(
            st.tuples(st.just(PromoKind.PERCENT), st.integers(min_value=1, max_value=90)),
            st.tuples(st.just(PromoKind.FIXED), st.integers(min_value=1, max_value=10**9)),
        ),
        max_size=4,
    ),
)
def test_effective_price_is_never_negative_nor_above_the_normal_price(price, promos):
    quote = best_quote(price, [_promo(kind, value, pk=i) for i, (kind, value) in enumerate(promos)])
    assert 0 <= quote.price <= price
    assert quote.discount == price - quote.price


@pytest.mark.django_db
def test_product_category_and_parent_category_promos_apply():
    parent = CategoryFactory()
    child = CategoryFactory(parent=parent)
    product = ProductFactory(category=child, price=100_000)
    PromoFactory(categories=[parent], value=10)
    assert price_quote(product).price == 90_000
    PromoFactory(products=[product], value=25)
    assert price_quote(product).price == 75_000


@pytest.mark.django_db
def test_promos_outside_their_dates_or_switched_off_never_apply():
    product = ProductFactory(price=100_000)
    now = timezone.now()
    PromoFactory(
        products=[product],
        value=50,
        starts_at=now + datetime.timedelta(hours=1),
        ends_at=now + datetime.timedelta(days=2),
    )
    PromoFactory(
        products=[product],
        value=50,
        starts_at=now - datetime.timedelta(days=3),
        ends_at=now - datetime.timedelta(seconds=1),
    )
    PromoFactory(products=[product], value=50, is_active=False)
    assert price_quote(product).price == 100_000


@pytest.mark.django_db
def test_promo_ends_exactly_at_its_end_time():
    product = ProductFactory(price=100_000)
    promo = PromoFactory(products=[product], value=20)
    assert price_quote(product, at=promo.ends_at - datetime.timedelta(seconds=1)).price == 80_000
    assert price_quote(product, at=promo.ends_at).price == 100_000


@pytest.mark.django_db
def test_attach_prices_uses_a_fixed_number_of_queries(django_assert_num_queries):
    category = CategoryFactory()
    products = ProductFactory.create_batch(20, category=category)
    PromoFactory(categories=[category], value=10)
    with django_assert_num_queries(3):
        priced = attach_prices(products)
    assert all(p.quote.price == p.price - p.price // 10 for p in priced)


@pytest.mark.django_db
def test_promo_book_lists_only_running_promos():
    running = PromoFactory()
    PromoFactory(is_active=False)
    assert PromoBook.load().promos == [running]


@pytest.mark.django_db
def test_database_refuses_negative_stock_and_a_percent_over_90():
    from django.db import IntegrityError, transaction

    product = ProductFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        type(product).objects.filter(pk=product.pk).update(stock=-1)
    with pytest.raises(IntegrityError), transaction.atomic():
        PromoFactory(kind=PromoKind.PERCENT, value=95)


@pytest.mark.django_db
def test_priced_lines_read_the_active_products_and_their_parent_categorys_promo_in_one_query(
    django_assert_num_queries,
):
    # given a product under a child category whose parent is on promo, one more product, an inactive one
    parent = CategoryFactory()
    child = CategoryFactory(parent=parent)
    on_promo = ProductFactory(category=child, price=100_000, stock=4, weight_grams=300, sku="TRP-1")
    plain = ProductFactory(price=50_000, stock=0)
    hidden = ProductFactory(price=70_000, is_active=False)
    PromoFactory(categories=[parent], value=10)
    book = PromoBook.load()
    # when the three are priced
    with django_assert_num_queries(1):
        lines = priced_lines({plain.pk: 1, hidden.pk: 1, on_promo.pk: 2}, book=book, with_images=False)
        seen = [
            (
                line.product.pk,
                line.product.sku,
                line.product.category.parent_id,
                line.unit_price,
                line.available,
            )
            for line in lines.lines
        ]
    # then the inactive one drops out, the lines are in product-id order and priced with the parent's promo
    assert seen == sorted(
        [(on_promo.pk, "TRP-1", parent.pk, 90_000, True), (plain.pk, plain.sku, None, 50_000, False)]
    )
    assert lines.weight_grams == 600 + plain.weight_grams
    # and a field the lines do not load still reads right (with a query of its own)
    line = next(line for line in lines.lines if line.product.pk == on_promo.pk)
    assert line.product.description == on_promo.description
    assert line.product.category.name == child.name
