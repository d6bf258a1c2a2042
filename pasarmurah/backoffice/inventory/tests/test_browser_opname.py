"""Browser journey: Customer Service starts a stock opname on a phone, counts two products by scanning their
SKU (a keyboard-wedge scanner types the SKU and Enter), submits; the Owner approves and the stock moves."""

import pytest
from django.contrib.auth.models import Group
from django.test import Client

from pasarmurah.accounts.roles import CUSTOMER_SERVICE, OWNER
from pasarmurah.accounts.tests.factories import StaffFactory
from pasarmurah.catalog.models import Product
from pasarmurah.inventory.models import CountStatus, StockCount, StockMovement
from pasarmurah.inventory.tests.factories import stocked_product

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _log_in(page, live_server, role):
    user = StaffFactory()
    user.groups.add(Group.objects.get(name=role))
    client = Client()
    client.force_login(user)
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )
    return user


def test_opname_on_a_phone_then_owner_approval(live_server, phone_page, desktop_page):
    filter_uv = stocked_product(stock=6, sku="OPN-UV52", name="Filter UV 52mm")
    strap = stocked_product(stock=4, sku="OPN-STRAP", name="Strap Kamera")
    _log_in(phone_page, live_server, CUSTOMER_SERVICE)
    page = phone_page

    page.goto(live_server.url + "/staf/stok/opname/")
    page.get_by_label("Yang dihitung").select_option("selection")
    page.get_by_label("SKU produk yang dipilih").fill("OPN-UV52\nOPN-STRAP")
    page.get_by_role("button", name="Mulai opname").click()
    page.wait_for_url("**/staf/stok/opname/*/")
    count = StockCount.objects.get()

    for sku, counted in (("OPN-UV52", "5"), ("OPN-STRAP", "4")):
        search = page.locator("#count-search-input")
        search.fill(sku)  # what the scanner types...
        search.press("Enter")  # ...and its Enter
        page.wait_for_url(f"**cari={sku}")
        quantity = page.locator("#count-lines input[name=counted]")
        assert quantity.count() == 1
        assert quantity.evaluate("el => el === document.activeElement")  # ready to type the number
        page.keyboard.type(counted)
        page.keyboard.press("Enter")
        page.wait_for_load_state()
        page.locator(".alert").filter(has_text="terhitung").wait_for()
    assert "2 dari 2 produk sudah dihitung, 1 berselisih" in page.locator("#count-summary").inner_text()
    page.get_by_role("button", name="Kirim untuk disetujui").click()
    page.locator("#count-status").filter(has_text="Menunggu persetujuan").wait_for()
    assert page.locator("#count-approve").count() == 0  # Customer Service cannot approve
    assert page.console_errors == []

    _log_in(desktop_page, live_server, OWNER)
    desktop_page.goto(live_server.url + count.get_absolute_url())
    desktop_page.get_by_role("button", name="Setujui dan bukukan selisihnya").click()
    desktop_page.locator("#count-status").filter(has_text="Disetujui dan dibukukan").wait_for()
    assert desktop_page.console_errors == []

    count.refresh_from_db()
    assert count.status == CountStatus.POSTED
    assert Product.objects.get(pk=filter_uv.pk).stock == 5
    assert Product.objects.get(pk=strap.pk).stock == 4
    posted = StockMovement.objects.get(ref_kind="opname", ref_id=count.pk)
    assert (posted.product_id, posted.quantity) == (filter_uv.pk, -1)
