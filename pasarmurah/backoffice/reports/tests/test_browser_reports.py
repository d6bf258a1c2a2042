"""Browser journey (item 10): the Owner opens the reports' landing page and each report on a desktop and on a
phone, changes the date range, sees the charts drawn (no console error: the CSP holds), sorts a table and
downloads the XLSX."""

import pytest
from django.contrib.auth.models import Group
from django.test import Client

from pasarmurah.accounts.roles import OWNER
from pasarmurah.accounts.tests.factories import StaffFactory
from pasarmurah.reports import frame
from pasarmurah.reports.tests.scenario import Shop, wib

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _journey(page, live_server, cookie):
    page.context.add_cookies([cookie])
    page.goto(live_server.url + "/staf/laporan/")
    page.locator("#headline canvas[data-drawn='1']").first.wait_for()
    for report in frame.reports_all():
        page.goto(live_server.url + f"/staf/laporan/{report.key}/")
        page.locator("canvas[data-drawn='1']").first.wait_for()
        assert page.locator("canvas[data-chart]").count() == page.locator("canvas[data-drawn='1']").count()
        # a custom range: the date fields appear, the filter lands in the URL
        page.select_option("#id_periode", "kustom")
        page.fill("#id_dari", "2026-06-01")
        page.fill("#id_sampai", "2026-06-30")
        page.get_by_role("button", name="Tampilkan").click()
        page.wait_for_url("**dari=2026-06-01**")
        assert "01/06/2026 – 30/06/2026" in page.locator("#report-period").inner_text()
        page.locator("canvas[data-drawn='1']").first.wait_for()
        page.locator(".sort-button").first.click()
        assert page.locator("th[aria-sort]").count() == 1
        with page.expect_download() as download:
            page.locator("#download-xlsx").click()
        assert download.value.suggested_filename == f"laporan-{report.key}-20260601-20260630.xlsx"
        page.go_back()
    assert page.console_errors == []


def test_owner_reports_on_desktop_and_phone(live_server, desktop_page, phone_page):
    shop = Shop()
    order = shop.place(wib(2026, 6, 3, 9, 0), items={0: 2})
    shop.pay(order, wib(2026, 6, 3, 10, 0))
    shop.counter(wib(2026, 6, 4, 12, 0))
    owner = StaffFactory(full_name="Bu Pemilik")
    owner.groups.add(Group.objects.get(name=OWNER))
    client = Client()
    client.force_login(owner)
    cookie = {"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}
    for page in (desktop_page, phone_page):
        _journey(page, live_server, cookie)
