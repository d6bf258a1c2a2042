"""Phone numbers are shown in one national format everywhere (0812-3456-7890); E.164 stays in storage and in
tel: and WhatsApp links."""

import pytest
from django.template import Context, Template
from django.urls import reverse

from pasarmurah.accounts.tests.factories import AddressFactory, UserFactory
from pasarmurah.catalog.tests.factories import ProductFactory
from pasarmurah.core.phones import format_phone_national
from pasarmurah.orders.services import order_place
from pasarmurah.shipping.tests.factories import ShippingRateFactory
from pasarmurah.store.models import StoreProfile
from pasarmurah.store.selectors import store_profile_forget


@pytest.mark.parametrize(
    ("stored", "shown"),
    [
        ("+6281234567890", "0812-3456-7890"),
        ("+6285712345678", "0857-1234-5678"),
        ("", ""),
        (None, ""),
        ("not a number", "not a number"),
    ],
)
def test_the_phone_filter_shows_the_national_format(stored, shown):
    assert format_phone_national(stored or "") == shown
    assert Template("{% load shop %}{{ value|phone }}").render(Context({"value": stored})) == shown


@pytest.mark.django_db
def test_storefront_pages_show_phones_nationally_and_link_in_e164(client):
    store = StoreProfile.load()
    store.phone, store.whatsapp = "+62271123456", "+6281234567890"
    store.save()
    store_profile_forget()
    member = UserFactory()
    address = AddressFactory(user=member, phone="+6285712345678")
    courier = ShippingRateFactory(province=address.province).courier
    order = order_place(
        member=member,
        items={ProductFactory(stock=3).pk: 1},
        checkout_key="phones",
        address=address,
        courier_code=courier.code,
    )
    client.force_login(member)
    pages = {
        "order": client.get(reverse("orders:detail", args=[order.number])).content.decode(),
        "invoice": client.get(reverse("orders:invoice", args=[order.number])).content.decode(),
        "addresses": client.get(reverse("accounts:addresses")).content.decode(),
    }
    for name in ("order", "invoice", "addresses"):
        assert "0857-1234-5678" in pages[name], name
        assert "+6285712345678" not in pages[name], name
    footer = pages["order"].split('class="shop-footer')[1]
    assert "0812-3456-7890" in footer and "(0271) 123456" in footer
    assert 'href="tel:+62271123456"' in footer and "https://wa.me/6281234567890" in footer
