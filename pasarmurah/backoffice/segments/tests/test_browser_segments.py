"""Browser journey: the Owner opens the segments page, recomputes, sees the charts drawn (Chart.js under the
strict CSP, fed by json_script), opens a group's members and the behaviour page; no console error."""

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from playwright.sync_api import expect

from pasarmurah.accounts.roles import OWNER
from pasarmurah.accounts.tests.factories import StaffFactory, UserFactory
from pasarmurah.catalog.tests.factories import ProductFactory
from pasarmurah.crm.tests.segment_helpers import order_for

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_owner_reads_the_segments_with_charts(live_server, desktop_page):
    product = ProductFactory()
    buyer = UserFactory(full_name="Rina Fotografer")
    for days in (2, 20, 40):
        order_for(buyer, days_ago=days, total=1_000_000, products=[product])
    UserFactory()
    owner = StaffFactory()
    owner.groups.add(Group.objects.get(name=OWNER))
    client = Client()
    client.force_login(owner)
    page = desktop_page
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )

    page.goto(live_server.url + "/staf/segmen/")
    assert page.locator("#no-run").is_visible()
    page.locator("#recompute").click()
    page.locator("#segment-table").wait_for()
    # (expect retries until its timeout: the charts draw one after another, under load too)
    expect(page.locator("canvas[data-drawn='1']")).to_have_count(2)
    page.get_by_role("link", name="Juara").click()
    expect(page.get_by_text("Rina Fotografer")).to_be_visible()
    page.goto(live_server.url + "/staf/segmen/perilaku/")
    expect(page.locator("canvas[data-drawn='1']")).to_have_count(4)
    assert page.console_errors == []
