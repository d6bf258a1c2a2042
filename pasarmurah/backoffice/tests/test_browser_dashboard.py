"""Browser journey: the Owner opens the staff dashboard on a desktop and Customer Service on a phone; the work
queues show with their counts, the chart is drawn, a queue's link opens its filtered list, amounts and counts
never overflow the phone's width, and no console error shows (the strict CSP holds)."""

import pytest
from django.contrib.auth.models import Group
from django.test import Client

from pasarmurah.accounts.roles import CUSTOMER_SERVICE, OWNER
from pasarmurah.accounts.tests.factories import StaffFactory
from pasarmurah.backoffice.tests.test_dashboard import generate_work

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def signed_in(page, live_server, role):
    user = StaffFactory(full_name=f"Staf {role}")
    user.groups.add(Group.objects.get(name=role))
    client = Client()
    client.force_login(user)
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )
    return page


def test_owner_desktop_and_cs_phone_dashboard(live_server, desktop_page, phone_page):
    generate_work()

    page = signed_in(desktop_page, live_server, OWNER)
    page.goto(live_server.url + "/staf/")
    orders = page.locator("#panel-orders")
    assert orders.get_by_text("3 bukti perlu diverifikasi").is_visible()
    assert page.locator("#panel-tickets").get_by_text("2 menunggu lebih dari 24 jam").is_visible()
    page.wait_for_selector("canvas[data-chart='chart-orders-chart'][data-drawn='1']")
    # the cards sit side by side on a wide screen
    first = page.locator("#panel-orders").bounding_box()
    second = page.locator("#panel-tickets").bounding_box()
    assert first["y"] == second["y"] and second["x"] > first["x"]
    orders.get_by_text("3 pesanan belum dibayar kedaluwarsa dalam 6 jam").click()
    page.wait_for_url("**/staf/pesanan/?queue=expiring")
    assert page.locator("#queue-expiring.active").is_visible()
    assert page.locator(".desk-table tbody tr").count() == 3

    page = signed_in(phone_page, live_server, CUSTOMER_SERVICE)
    page.goto(live_server.url + "/staf/")
    page.wait_for_selector("canvas[data-chart='chart-orders-chart'][data-drawn='1']")
    width = page.evaluate("document.documentElement.clientWidth")
    assert page.evaluate("document.documentElement.scrollWidth") <= width  # nothing sticks out sideways
    stacked = [page.locator(f"#panel-{key}").bounding_box() for key in ("orders", "tickets", "stock")]
    assert stacked[0]["y"] < stacked[1]["y"] < stacked[2]["y"]  # one column on a phone
    for box in stacked:
        assert box["x"] >= 0 and box["x"] + box["width"] <= width
    page.locator("#panel-deliveries").get_by_text("1 pesanan pembelian terlambat datang").click()
    page.wait_for_url("**/staf/pembelian/?datang=terlambat")
    assert page.locator("#po-table tbody tr").count() == 1
    page.go_back()
    page.locator("#panel-birthdays").get_by_role("link").click()
    page.wait_for_url("**/staf/member/?ultah=minggu_ini")
    assert page.locator("#member-count").inner_text().startswith("2 ")
    assert desktop_page.console_errors == [] and phone_page.console_errors == []
