"""Browser journey across purchasing and the counter.

The Owner orders from a supplier on a desktop, Customer Service receives part of the delivery on a phone, the
product's stock and cost price (HPP) move, and the new stock is sold at the counter to a birthday member with
the thermal receipt printed; the CSP holds throughout."""

import pytest
from django.test import Client
from playwright.sync_api import expect

from pasarmurah.catalog.models import Product
from pasarmurah.catalog.tests.factories import ProductFactory
from pasarmurah.inventory.models import MovementReason, StockMovement
from pasarmurah.orders.models import Order, OrderChannel
from pasarmurah.purchasing.models import POStatus, PurchaseOrder
from pasarmurah.purchasing.tests.factories import SupplierFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _log_in(page, live_server, user) -> None:
    client = Client()
    client.force_login(user)
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )


def test_purchase_order_partial_receipt_then_a_counter_sale_with_the_thermal_receipt(
    live_server, desktop_page, phone_page, owner, cs, birthday_member
):
    SupplierFactory(name="CV Optik Jaya")
    lens = ProductFactory(sku="LNS-50", name="Lensa 50mm f/1.8", price=1_200_000, stock=4, cost_price=100_000)

    # the Owner drafts a purchase order of 10 lenses at Rp 130.000 and sends it
    owner_page = desktop_page
    _log_in(owner_page, live_server, owner)
    owner_page.goto(live_server.url + "/staf/pembelian/")
    owner_page.select_option("#po-create-form select[name=supplier]", label="CV Optik Jaya")
    owner_page.click("#po-create-form button[type=submit]")
    owner_page.locator("#po-line-form").wait_for()
    owner_page.fill("#po-line-form [name=product]", "LNS-50")
    owner_page.fill("#po-line-form [name=quantity]", "10")
    owner_page.fill("#po-line-form [name=unit_cost]", "130000")
    owner_page.click("#po-line-form button[type=submit]")
    assert owner_page.locator("#po-total").inner_text().strip() == "Rp\xa01.300.000"
    owner_page.click("#po-send-form button[type=submit]")
    owner_page.locator("#receive-goods").wait_for()
    order = PurchaseOrder.objects.get()
    assert order.status == POStatus.SENT

    # Customer Service receives 6 of the 10 on a phone, with the supplier's nota number
    page = phone_page
    _log_in(page, live_server, cs)
    page.goto(live_server.url + f"/staf/pembelian/po/{order.pk}/terima/")
    line = order.lines.get()
    page.fill("[name=nota_number]", "NT-5501")
    page.fill("[name=nota_date]", "2026-12-01")
    page.fill(f"[name=qty_{line.pk}]", "6")
    page.click("#receipt-form button[type=submit]")
    page.locator("#po-status").wait_for()
    order.refresh_from_db()
    assert order.status == POStatus.PARTIALLY_RECEIVED

    # the Owner sees the stock and the moving-average cost: (4 × 100.000 + 6 × 130.000) / 10 = 118.000
    owner_page.goto(live_server.url + f"/staf/stok/produk/{lens.pk}/")
    assert owner_page.locator("#current-stock").inner_text().strip() == "10"
    assert owner_page.locator("#cost-price").inner_text().strip() == "Rp\xa0118.000"
    assert order.number in owner_page.locator("#ledger-table").inner_text()

    # at the counter the scanner reads the lens and the birthday member is found by phone
    page.goto(live_server.url + "/staf/kasir/")
    expect(page.locator("#id_cari")).to_be_focused()  # a scan typed before the focus loses its first keys
    page.keyboard.type("LNS-50")
    page.keyboard.press("Enter")
    page.locator(".basket-line").get_by_text("Lensa 50mm f/1.8").wait_for()
    page.fill("#id_member", "0812 3456 7890")
    page.click("#find-member")
    assert "Rina Ulang Tahun" in page.locator("#counter-member-name").inner_text()
    assert page.locator("#counter-total").inner_text() == "Rp\xa01.100.000"
    page.fill("#id_amount_received", "1100000")
    page.click("#counter-pay")
    page.locator("#sale-change").wait_for()
    page.click("#print-receipt")
    receipt = page.locator("#receipt")
    receipt.wait_for()
    text = receipt.inner_text()
    assert "LUNAS" in text and "Lensa 50mm f/1.8" in text and "Rina Ulang Tahun" in text

    # the ledger holds both moves, and the sale kept the cost of its moment for the margin
    sale = Order.objects.get(channel=OrderChannel.COUNTER)
    assert sale.member == birthday_member and sale.lines.get().unit_cost == 118_000
    assert Product.objects.get(pk=lens.pk).stock == 9
    moves = StockMovement.objects.filter(product=lens).order_by("pk")
    reasons = list(moves.values_list("reason", "quantity"))
    assert reasons[-2:] == [(MovementReason.RECEIPT, 6), (MovementReason.COUNTER_SALE, -1)]
    assert owner_page.console_errors == [] and page.console_errors == []
