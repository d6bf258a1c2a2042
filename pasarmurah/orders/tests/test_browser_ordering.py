"""Browser journey: a visitor adds to cart, registers, checks out and pays by transfer on a phone; Customer
Service verifies and ships with a resi; the member sees the resi and a LUNAS invoice."""

import re

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.test import Client
from PIL import Image

from pasarmurah.accounts.roles import CUSTOMER_SERVICE
from pasarmurah.accounts.tests.factories import StaffFactory
from pasarmurah.catalog.tests.factories import ProductFactory
from pasarmurah.core.tests.browser import loaded_image_width
from pasarmurah.orders.models import Order, OrderStatus
from pasarmurah.shipping.tests.factories import CourierFactory, ShippingRateFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "FotoKeren#2026"


def _staff_session(page, live_server, user):
    client = Client()
    client.force_login(user)
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )


def test_visitor_to_paid_and_shipped_order(live_server, phone_page, desktop_page, tmp_path):
    CourierFactory(code="ambil-di-toko", name="Ambil di toko", is_pickup=True)
    ShippingRateFactory(
        courier__code="jne-reg", courier__name="JNE REG", province="jawa-timur", price_per_kg=12_000
    )
    product = ProductFactory(name="Tripod Takara ECO-196A", price=285_000, weight_grams=1400, stock=3)
    page, base = phone_page, live_server.url

    # a visitor adds the tripod from its page; the header badge follows without a reload
    page.goto(base + product.get_absolute_url())
    page.get_by_role("button", name="Tambah ke keranjang").click()
    page.wait_for_selector("#cart-badge:has-text('1')")
    page.locator("#nav-cart").click()
    assert "Rp\u00a0285.000" in page.locator("#cart-subtotal").inner_text()
    page.locator("#to-checkout").click()
    page.wait_for_url(re.compile(r"/akun/masuk/\?next=/checkout/"))

    # ... registers with a delivery address, confirms the e-mail and logs in, and comes back to checkout
    page.goto(base + "/akun/daftar/?next=/checkout/")
    page.fill("#id_full_name", "Rina Marlina")
    page.fill("#id_email", "rina@contoh.test")
    page.fill("#id_phone", "0813-2222-3333")
    page.fill("#id_birth_date", "1996-04-02")
    page.fill("#id_password1", PASSWORD)
    page.fill("#id_password2", PASSWORD)
    page.check("#id_add_address")
    page.fill("#id_recipient_name", "Rina Marlina")
    page.fill("#id_address_phone", "0813-2222-3333")
    page.fill("#id_street", "Jl. Darmo No. 12")
    page.fill("#id_city", "Surabaya")
    page.select_option("#id_province", "jawa-timur")
    page.fill("#id_postal_code", "60241")
    page.locator("#register-form button[type=submit]").click()
    page.wait_for_url(re.compile(r"/akun/daftar/cek-email/"))
    message = next(
        m for m in reversed(mail.outbox) if m.to == ["rina@contoh.test"] and "/akun/verifikasi/" in m.body
    )
    page.goto(base + re.search(r"https?://[^/\s]+(/akun/verifikasi/\S+)", message.body).group(1))
    page.wait_for_url(re.compile(r"/akun/masuk/"))
    page.fill("#id_email", "rina@contoh.test")
    page.fill("#id_password", PASSWORD)
    page.locator("#login-form button[type=submit]").click()
    page.wait_for_url(re.compile(r"/checkout/$"))

    # checkout: the visitor's cart came along; the courier choice updates the total
    page.get_by_label("JNE REG").check()
    page.wait_for_selector("#checkout-total:has-text('309.000')")  # 285.000 + 2 kg × 12.000
    page.locator("#place-order").click()
    page.wait_for_selector("#order-status")
    order = Order.objects.get()
    assert page.locator("#order-status").inner_text() == "Belum Bayar"
    assert order.total == 309_000 and order.city == "Surabaya"

    # upload the transfer proof
    proof = tmp_path / "bukti.jpg"
    Image.new("RGB", (320, 200), (200, 200, 200)).save(proof, "JPEG")
    page.locator("#id_image").set_input_files(str(proof))
    page.locator("#id_sender_name").fill("Rina Marlina")
    page.locator("#id_sender_bank").fill("BCA")
    page.locator("#proof-form button[type=submit]").click()
    page.wait_for_selector("#order-status:has-text('Menunggu Verifikasi')")

    # Customer Service verifies the proof, packs and ships with a resi (desktop)
    cs = StaffFactory(full_name="Sari CS")
    cs.groups.add(Group.objects.get(name=CUSTOMER_SERVICE))
    _staff_session(desktop_page, live_server, cs)
    desktop_page.goto(base + "/staf/pesanan/")
    desktop_page.get_by_role("link", name=order.number).click()
    assert loaded_image_width(desktop_page.locator("img.desk-proof")) == 320
    desktop_page.locator("#verify-proof").click()
    desktop_page.wait_for_selector("#order-status:has-text('Dibayar')")
    desktop_page.locator("#mark-processing").click()
    desktop_page.wait_for_selector("#order-status:has-text('Diproses')")
    desktop_page.fill("#tracking", "JNE0123456789")
    desktop_page.locator("#ship-order").click()
    desktop_page.wait_for_selector("#order-status:has-text('Dikirim')")
    assert Order.objects.get().status == OrderStatus.SHIPPED

    # the member sees the resi and a LUNAS invoice
    page.goto(base + order.get_absolute_url())
    assert page.locator("#tracking-number").inner_text() == "JNE0123456789"
    page.get_by_role("link", name="Nota").click()
    assert page.locator(".lunas-stamp").inner_text() == "LUNAS"
    assert page.console_errors == []
    assert desktop_page.console_errors == []
