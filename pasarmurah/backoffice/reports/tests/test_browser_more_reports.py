"""Browser journey: the Owner opens the customer, birthday, purchase and care reports on a desktop and on a
phone, changes the date range, sees every chart drawn (Chart.js under the strict CSP), sorts a table and
downloads the XLSX; no console error."""

import datetime

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from django.utils import timezone

from pasarmurah.accounts.roles import OWNER
from pasarmurah.accounts.tests.factories import StaffFactory
from pasarmurah.catalog.tests.factories import ProductFactory
from pasarmurah.promotions.models import BirthdayGreeting, BirthdayRedemption
from pasarmurah.purchasing.tests.factories import SupplierFactory
from pasarmurah.reports.tests.helpers import member_joined, sale, ticket
from pasarmurah.reports.tests.test_purchases_and_care import _receive

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

REPORTS = ["pelanggan", "ulang-tahun", "pembelian", "keluhan"]


def _shop_with_a_month_of_data():
    """Some of everything in this month and last month, so every chart has something to draw."""
    today = timezone.localdate()
    zone = timezone.get_current_timezone()
    for days_ago in (1, 3, 35):
        day = today - datetime.timedelta(days=days_ago)
        at = datetime.datetime.combine(day, datetime.time(10), tzinfo=zone)
        buyer = member_joined(at - datetime.timedelta(days=400), birth_date=day.replace(year=1990))
        order = sale(buyer, at, total=250_000)
        BirthdayGreeting.objects.create(member=buyer, year=day.year, window_ends=day)
        BirthdayRedemption.objects.create(member=buyer, year=day.year, order=order, amount=25_000)
        ticket(at, member=buyer, rating=4, first_response_at=at + datetime.timedelta(hours=3))
        _receive(
            SupplierFactory(),
            sent=at - datetime.timedelta(days=5),
            nota_date=day,
            lines=[(ProductFactory(), 3, 40_000 + days_ago)],
        )


def _log_in_owner(page, live_server):
    owner = StaffFactory()
    owner.groups.add(Group.objects.get(name=OWNER))
    client = Client()
    client.force_login(owner)
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )


def _journey(page, live_server):
    _shop_with_a_month_of_data()
    _log_in_owner(page, live_server)
    for key in REPORTS:
        page.goto(f"{live_server.url}/staf/laporan/{key}/")
        page.wait_for_selector("#period-form")
        # when: the owner picks "last 7 days"... then "this year"
        page.select_option("#period-form [name=periode]", "7-hari")
        page.locator("#period-form button[type=submit]").click()
        page.wait_for_url("**periode=7-hari**")
        page.select_option("#period-form [name=periode]", "tahun-ini")
        page.locator("#period-form button[type=submit]").click()
        page.wait_for_url("**periode=tahun-ini**")
        # then: every chart is drawn
        charts = page.locator("canvas[data-chart]").count()
        assert charts >= 2, key
        page.wait_for_function(
            "n => document.querySelectorAll(\"canvas[data-drawn='1']\").length === n", arg=charts
        )
        sortable = page.locator(".sort-button")
        if sortable.count():
            sortable.first.click()
        with page.expect_download() as download:
            page.locator("#download-xlsx").click()
        assert download.value.suggested_filename.endswith(".xlsx"), key
        page.go_back()
        page.wait_for_url("**periode=7-hari**")
    assert page.console_errors == []


def test_owner_reads_the_customer_birthday_purchase_and_care_reports_on_a_desktop(live_server, desktop_page):
    _journey(desktop_page, live_server)


def test_owner_reads_the_customer_birthday_purchase_and_care_reports_on_a_phone(live_server, phone_page):
    _journey(phone_page, live_server)
