"""Browser journey: the demo member whose birthday is today sees the banner and pays the discounted total."""

import re

import pytest

from pasarmurah.catalog.models import Product
from pasarmurah.demo.demo import MEMBER_PASSWORD, birthday_member_email, load_demo
from pasarmurah.orders.models import Order

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_birthday_member_sees_the_banner_and_pays_less(live_server, phone_page):
    load_demo(with_images=False)
    product = (
        Product.objects.filter(stock__gt=2, price__gte=300_000, promos__isnull=True).order_by("price").first()
    )
    page, base = phone_page, live_server.url
    page.goto(base + "/akun/masuk/")
    page.fill("#id_email", birthday_member_email())
    page.fill("#id_password", MEMBER_PASSWORD)
    page.locator("#login-form button[type=submit]").click()
    page.wait_for_selector("#birthday-banner")
    assert "Selamat ulang tahun" in page.locator("#birthday-banner").inner_text()

    page.goto(base + product.get_absolute_url())
    page.locator("#product-actions").get_by_role("button", name="Tambah ke keranjang").click()
    page.wait_for_selector("#cart-badge:has-text('1')")
    page.goto(base + "/checkout/")
    assert "Diskon ulang tahun 10%" in page.locator("#checkout-totals").inner_text()
    page.get_by_label(re.compile("JNE REG")).check()
    page.locator("#place-order").click()
    page.wait_for_selector("#order-status")
    order = Order.objects.get()
    expected_discount = min(product.price // 10, 100_000)
    assert order.discount_total == expected_discount
    assert order.total == product.price - expected_discount + order.shipping_cost
    assert "Diskon ulang tahun" in page.locator(".order-detail").inner_text()
    page.goto(base + "/")
    assert page.locator("#birthday-banner").count() == 0  # used for this year
    assert page.console_errors == []
