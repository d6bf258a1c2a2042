import pytest
from hypothesis import given
from hypothesis import strategies as st

from pasarmurah.core.provinces import Province
from pasarmurah.shipping.selectors import billable_kg, shipping_cost, shipping_option, shipping_options
from pasarmurah.shipping.tests.factories import CourierFactory, ShippingRateFactory


@pytest.mark.parametrize(("grams", "kg"), [(0, 1), (1, 1), (1000, 1), (1001, 2), (2500, 3), (10_000, 10)])
def test_weight_rounds_up_to_the_next_kilogram(grams, kg):
    assert billable_kg(grams) == kg


@given(st.integers(min_value=0, max_value=200_000), st.integers(min_value=0, max_value=500_000))
def test_cost_is_rate_times_started_kilograms(grams, rate):
    cost = shipping_cost(price_per_kg=rate, weight_grams=grams)
    assert cost >= 0
    assert cost == rate * billable_kg(grams)
    assert cost >= rate * grams / 1000


@pytest.mark.django_db
def test_options_for_a_province_include_pickup_and_priced_couriers():
    pickup = CourierFactory(code="ambil-di-toko", name="Ambil di toko", is_pickup=True)
    jne = ShippingRateFactory(province=Province.JAWA_TIMUR, price_per_kg=12_000).courier
    ShippingRateFactory(province=Province.BALI, price_per_kg=30_000)
    options = shipping_options(province=Province.JAWA_TIMUR, weight_grams=1500)
    assert [(o.courier, o.cost) for o in options] == [(pickup, 0), (jne, 24_000)]


@pytest.mark.django_db
def test_an_unknown_or_inactive_courier_is_no_option():
    rate = ShippingRateFactory(courier__is_active=False)
    assert shipping_option(courier_code=rate.courier.code, province=rate.province, weight_grams=100) is None
    assert shipping_option(courier_code="tidak-ada", province=rate.province, weight_grams=100) is None


def test_tracking_link_quotes_the_number():
    courier = CourierFactory.build(tracking_url_template="https://kurir.example/lacak?resi={resi}")
    assert courier.tracking_url("JP 123&x") == "https://kurir.example/lacak?resi=JP%20123%26x"
