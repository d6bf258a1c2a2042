"""Browser journey: Customer Service at the counter on a tablet opens the staff workspace, sees the waiting
work, opens the menu and goes to the order desk; no console error (the strict CSP holds)."""

import pytest
from django.contrib.auth.models import Group
from django.test import Client

from pasarmurah.accounts.roles import CUSTOMER_SERVICE
from pasarmurah.accounts.tests.factories import AddressFactory, StaffFactory, UserFactory
from pasarmurah.catalog.tests.factories import ProductFactory
from pasarmurah.crm import services as crm
from pasarmurah.orders.models import Order, OrderStatus
from pasarmurah.orders.services import order_place
from pasarmurah.shipping.tests.factories import ShippingRateFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def tablet_page(browser):
    context = browser.new_context(viewport={"width": 820, "height": 1180}, locale="id-ID", has_touch=True)
    page = context.new_page()
    page.console_errors = []
    page.on("console", lambda msg: msg.type == "error" and page.console_errors.append(msg.text))
    page.on("pageerror", lambda exc: page.console_errors.append(str(exc)))
    page.on("response", lambda r: r.status >= 400 and page.console_errors.append(f"HTTP {r.status} {r.url}"))
    yield page
    context.close()


def test_counter_tablet_workspace(live_server, tablet_page, desktop_page):
    member = UserFactory()
    address = AddressFactory(user=member)
    courier = ShippingRateFactory(province=address.province).courier
    order = order_place(
        member=member,
        items={ProductFactory(stock=3).pk: 1},
        checkout_key="tablet",
        address=address,
        courier_code=courier.code,
    )
    Order.objects.filter(pk=order.pk).update(status=OrderStatus.PAYMENT_REVIEW)
    crm.ticket_open(member=member, kind="complaint", subject="Lensa", message="m")
    cs = StaffFactory(full_name="Sari CS")
    cs.groups.add(Group.objects.get(name=CUSTOMER_SERVICE))
    client = Client()
    client.force_login(cs)
    cookie = {"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}
    page = tablet_page
    page.context.add_cookies([cookie])

    page.goto(live_server.url + "/staf/")
    assert page.locator("#area-orders").get_by_text("1 bukti perlu diverifikasi").is_visible()
    assert page.locator("#area-tickets").get_by_text("1 pesan menunggu").is_visible()
    # on a tablet the area navigation sits behind the menu button, which says how much work waits
    assert not page.locator("#nav-area-orders").is_visible()
    menu = page.get_by_role("button", name="Area staf")
    assert "2 menunggu" in menu.inner_text()
    menu.click()
    page.locator("#nav-area-orders").wait_for(state="visible")
    page.locator("#nav-area-orders").click()
    page.wait_for_url("**/staf/pesanan/")
    assert page.get_by_role("link", name=order.number).is_visible()
    assert page.locator("#search-input").count() == 0  # no storefront search box in the workspace

    desktop_page.context.add_cookies([cookie])
    desktop_page.goto(live_server.url + "/staf/")
    assert desktop_page.locator("#nav-area-tickets").is_visible()  # a side navigation on a wide screen
    desktop_page.locator("#nav-area-tickets").click()
    desktop_page.wait_for_url("**/staf/tiket/")
    assert page.console_errors == [] and desktop_page.console_errors == []
