"""Browser journey: a member orders on a phone and pays; Customer Service verifies; the nota says LUNAS."""

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from PIL import Image

from pasarmurah.accounts.roles import CUSTOMER_SERVICE
from pasarmurah.accounts.tests.factories import AddressFactory, StaffFactory, UserFactory
from pasarmurah.catalog.tests.factories import ProductFactory
from pasarmurah.orders.models import Order, OrderStatus
from pasarmurah.shipping.tests.factories import CourierFactory, ShippingRateFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _log_in(page, live_server, user):
    client = Client()
    client.force_login(user)
    cookie = client.cookies["sessionid"]
    page.context.add_cookies([{"name": "sessionid", "value": cookie.value, "url": live_server.url}])


def test_member_orders_pays_and_gets_a_paid_invoice(live_server, phone_page, desktop_page, tmp_path):
    member = UserFactory(full_name="Dewi Anggraini")
    address = AddressFactory(user=member, recipient_name="Dewi Anggraini")
    CourierFactory(code="ambil-di-toko", name="Ambil di toko", is_pickup=True)
    ShippingRateFactory(
        courier__code="jne-reg", courier__name="JNE REG", province=address.province, price_per_kg=9_000
    )
    product = ProductFactory(name="Tripod Takara ECO-196A", price=285_000, weight_grams=1400, stock=3)
    page = phone_page

    # the member adds the tripod from its page; the header badge follows without a reload
    _log_in(page, live_server, member)
    page.goto(f"{live_server.url}{product.get_absolute_url()}")
    page.get_by_role("button", name="Tambah ke keranjang").click()
    page.wait_for_selector("#cart-badge:has-text('1')")
    page.locator("#nav-cart").click()
    assert "Rp 285.000" in page.locator("#cart-subtotal").inner_text()

    # checkout: the courier choice updates the total; placing leads to the payment instructions
    page.locator("#to-checkout").click()
    page.get_by_label("JNE REG").check()
    page.wait_for_selector("#checkout-total:has-text('303.000')")  # 285.000 + 2 kg × 9.000
    page.locator("#place-order").click()
    page.wait_for_selector("#order-status")
    order = Order.objects.get()
    assert page.locator("#order-status").inner_text() == "Belum Bayar"
    assert order.total == 303_000

    # upload a transfer proof
    proof = tmp_path / "bukti.jpg"
    Image.new("RGB", (320, 200), (200, 200, 200)).save(proof, "JPEG")
    page.locator("#id_image").set_input_files(str(proof))
    page.locator("#id_sender_name").fill("Dewi Anggraini")
    page.locator("#id_sender_bank").fill("BCA")
    page.locator("#proof-form button[type=submit]").click()
    page.wait_for_selector("#order-status:has-text('Menunggu Verifikasi')")

    # Customer Service verifies on the desk (desktop)
    cs = StaffFactory(full_name="Sari CS")
    cs.groups.add(Group.objects.get(name=CUSTOMER_SERVICE))
    _log_in(desktop_page, live_server, cs)
    desktop_page.goto(f"{live_server.url}/staf/pesanan/")
    desktop_page.get_by_role("link", name=order.number).click()
    assert desktop_page.locator("img.desk-proof").evaluate("img => img.naturalWidth") == 320
    desktop_page.locator("#verify-proof").click()
    desktop_page.wait_for_selector("#order-status:has-text('Dibayar')")
    assert Order.objects.get().status == OrderStatus.PAID

    # the member's nota now carries the LUNAS stamp
    page.goto(f"{live_server.url}/pesanan/{order.number}/nota/")
    assert page.locator(".lunas-stamp").inner_text() == "LUNAS"
    assert page.console_errors == []
    assert desktop_page.console_errors == []
