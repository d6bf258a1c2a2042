import datetime

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse

from pasarmurah.accounts.roles import CUSTOMER_SERVICE, OWNER
from pasarmurah.accounts.tests.factories import AddressFactory, StaffFactory, UserFactory
from pasarmurah.catalog.models import Product
from pasarmurah.catalog.tests.factories import CategoryFactory
from pasarmurah.crm.services import wishlist_add
from pasarmurah.inventory.services import low_stock_digest_send
from pasarmurah.inventory.tests.factories import stocked_product
from pasarmurah.mail.models import OutboundEmail
from pasarmurah.orders.services import order_place
from pasarmurah.shipping.tests.factories import ShippingRateFactory

pytestmark = pytest.mark.django_db


def staff(role, **fields):
    user = StaffFactory(**fields)
    user.groups.add(Group.objects.get(name=role))
    return user


def test_the_low_stock_digest_goes_to_staff_once_a_day():
    staff(CUSTOMER_SERVICE, email="cs@toko.test")
    staff(OWNER, email="owner@toko.test")
    StaffFactory(email="norole@toko.test")
    category = CategoryFactory(min_stock_default=2)
    stocked_product(stock=1, category=category, name="Baterai Menipis", sku="BAT-1")
    stocked_product(stock=9, category=category, name="Baterai Banyak")
    day = datetime.date(2026, 12, 1)
    assert low_stock_digest_send(today=day) == 2
    low_stock_digest_send(today=day)  # a second run the same day
    mails = OutboundEmail.objects.filter(kind="staff_low_stock").order_by("to")
    assert [mail.to for mail in mails] == ["cs@toko.test", "owner@toko.test"]
    assert "Baterai Menipis (BAT-1)" in mails[0].body_text and "Baterai Banyak" not in mails[0].body_text
    assert "/staf/stok/" in mails[0].body_text
    low_stock_digest_send(today=day + datetime.timedelta(days=1))
    assert OutboundEmail.objects.filter(kind="staff_low_stock").count() == 4


def test_no_digest_when_nothing_is_low():
    staff(OWNER)
    stocked_product(stock=9, category=CategoryFactory(min_stock_default=2))
    assert low_stock_digest_send() == 0
    assert not OutboundEmail.objects.filter(kind="staff_low_stock").exists()


def test_no_member_page_shows_a_cost_price():
    """Members see prices, never the cost price (HPP): product, lists, cart, order, nota, export."""
    secret = 7_654_321
    product = stocked_product(stock=5, name="Lensa Rahasia", price=9_000_000)
    Product.objects.filter(pk=product.pk).update(cost_price=secret)
    member = UserFactory()
    address = AddressFactory(user=member)
    courier = ShippingRateFactory(province=address.province).courier
    order = order_place(
        member=member, items={product.pk: 1}, checkout_key="k", address=address, courier_code=courier.code
    )
    assert order.lines.get().unit_cost == secret
    wishlist_add(user=member, product=product)
    client = Client()
    client.force_login(member)
    client.post(reverse("checkout:cart_add", args=[product.pk]), {"quantity": 1})
    pages = [
        reverse("catalog:product", args=[product.slug]),
        reverse("catalog:catalog"),
        reverse("catalog:search") + "?q=Lensa",
        reverse("checkout:cart"),
        reverse("checkout:checkout"),
        reverse("orders:list"),
        reverse("orders:detail", args=[order.number]),
        reverse("orders:invoice", args=[order.number]),
        reverse("crm:wishlist"),
        reverse("accounts:data_export"),
    ]
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        body = response.content.decode()
        assert "Lensa Rahasia" in body or url in (reverse("orders:list"), reverse("accounts:data_export")), (
            url
        )
        for shown in ("7.654.321", "7654321", "7,654,321", "cost_price", "unit_cost", "HPP"):
            assert shown not in body, (url, shown)
