"""One quote for the checkout page and for placing: the total a member sees is the total of its order."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from pasarmurah.accounts.tests.factories import AddressFactory, UserFactory
from pasarmurah.catalog.tests.factories import ProductFactory, PromoFactory
from pasarmurah.checkout.cart import MemberCart
from pasarmurah.orders.models import Order
from pasarmurah.orders.selectors import order_quote
from pasarmurah.promotions.models import BirthdayProgramme
from pasarmurah.promotions.selectors import birthday_programme_forget
from pasarmurah.promotions.tests.factories import VoucherFactory
from pasarmurah.shipping.tests.factories import CourierFactory, ShippingRateFactory

pytestmark = pytest.mark.django_db


def _birthday_today() -> datetime.date:
    today = timezone.localdate()
    return datetime.date(1996, 2, 29) if (today.month, today.day) == (2, 29) else today.replace(year=1995)


def _half_a_year_away() -> datetime.date:
    day = timezone.localdate() - datetime.timedelta(days=180)
    return day.replace(year=1990, day=min(day.day, 28))


def _member(*, birthday: bool):
    return UserFactory(
        birth_date=_birthday_today() if birthday else _half_a_year_away(),
        date_joined=timezone.now() - datetime.timedelta(days=400),
    )


CASES = {
    # name: (birthday today, voucher code typed, birthday and voucher may combine)
    "shipping only": (False, "", False),
    "voucher": (False, "HEMAT", False),
    "birthday": (True, "", False),
    "birthday beats a smaller voucher": (True, "HEMAT", False),
    "birthday and voucher together": (True, "HEMAT", True),
    "an unknown voucher is left out": (True, "SALAH", False),
}


@pytest.mark.parametrize(("birthday", "voucher_code", "combine"), CASES.values(), ids=CASES.keys())
def test_the_checkout_page_total_is_the_placed_order_total(client, birthday, voucher_code, combine):
    # given a member with a cart of a promo product and a plain one, a courier, a voucher and the programme
    if combine:
        BirthdayProgramme.objects.filter(pk=1).update(combine_with_voucher=True)
        birthday_programme_forget()
    VoucherFactory(code="HEMAT", kind="fixed", value=20_000)
    member = _member(birthday=birthday)
    address = AddressFactory(user=member)
    courier = ShippingRateFactory(province=address.province, price_per_kg=12_000).courier
    tripod = ProductFactory(price=300_000, weight_grams=1300, stock=5)
    cap = ProductFactory(price=40_000, weight_grams=200, stock=5)
    PromoFactory(products=[tripod], value=5)
    client.force_login(member)
    for product, quantity in ((tripod, 2), (cap, 1)):
        client.post(reverse("checkout:cart_add", args=[product.pk]), {"quantity": quantity})
    # when the page is shown with the voucher and the courier, then the order placed from it
    page = client.get(reverse("checkout:checkout"), {"voucher": voucher_code, "courier": courier.code})
    shown = page.context["total"]
    response = client.post(
        reverse("checkout:checkout"),
        {
            "address": address.pk,
            "courier": courier.code,
            "reviewed": page.context["form"]["reviewed"].value(),
            "checkout_key": MemberCart(member).checkout_key,
            "voucher": "" if voucher_code == "SALAH" else voucher_code,
            "place": "1",
        },
    )
    # then the order costs exactly what the page said, discount lines and all
    order = Order.objects.get()
    assert response["Location"] == order.get_absolute_url()
    subtotal = 2 * 285_000 + 40_000
    discounts = [(d.kind, d.amount) for d in page.context["discounts"]]
    expected_discounts = {
        "shipping only": [],
        "voucher": [("voucher", 20_000)],
        "birthday": [("birthday", 61_000)],
        "birthday beats a smaller voucher": [("birthday", 61_000)],
        "birthday and voucher together": [("birthday", 61_000), ("voucher", 20_000)],
        "an unknown voucher is left out": [("birthday", 61_000)],
    }[next(name for name, case in CASES.items() if case == (birthday, voucher_code, combine))]
    assert discounts == expected_discounts
    assert shown == subtotal - sum(amount for _, amount in discounts) + 3 * 12_000
    assert order.total == shown
    assert (order.subtotal, order.shipping_cost) == (subtotal, 3 * 12_000)
    assert [(d.kind, d.amount) for d in order.discounts.order_by("pk")] == discounts
    assert order.discount_total == sum(amount for _, amount in discounts)


def test_the_cart_page_total_is_the_quote_without_delivery(client):
    member = _member(birthday=True)
    product = ProductFactory(price=200_000, stock=3)
    client.force_login(member)
    client.post(reverse("checkout:cart_add", args=[product.pk]), {"quantity": 1})
    page = client.get(reverse("checkout:cart"))
    quote = order_quote(member=member, items={product.pk: 1})
    assert page.context["total"] == quote.total == 200_000 - 20_000
    assert quote.shipping is None and quote.shipping_cost == 0


def test_the_quote_names_a_refused_voucher_and_prices_the_chosen_delivery():
    member = _member(birthday=False)
    address = AddressFactory(user=member)
    rate = ShippingRateFactory(province=address.province, price_per_kg=9_000)
    pickup = CourierFactory(code="ambil", is_pickup=True)
    product = ProductFactory(price=100_000, weight_grams=2100)
    items = {product.pk: 1}
    quote = order_quote(
        member=member, items=items, province=address.province, courier_code="nope", voucher_code="X"
    )
    assert quote.voucher_error == "Kode voucher X tidak dikenal."
    assert quote.discounts == [] and quote.shipping is None
    assert {o.code for o in quote.shipping_options} == {rate.courier.code, pickup.code}
    fallback = order_quote(member=member, items=items, province=address.province, default_courier=True)
    assert fallback.shipping.code == rate.courier.code  # a courier, not pick-up, by default
    assert fallback.total == 100_000 + 3 * 9_000
    visitor = order_quote(member=None, items=items)
    assert (visitor.discounts, visitor.total) == ([], 100_000)
