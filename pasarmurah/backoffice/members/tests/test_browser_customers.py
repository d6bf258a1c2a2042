"""Browser journey: Customer Service on a phone opens a customer's 360, tags it and writes a note through htmx
(the page is not reloaded), is told when a tag is already there, removes the tag; no console error (CSP)."""

import pytest
from django.contrib.auth.models import Group
from django.test import Client

from pasarmurah.accounts.roles import CUSTOMER_SERVICE
from pasarmurah.accounts.tests.factories import StaffFactory, UserFactory
from pasarmurah.crm.models import CustomerNote, CustomerTagLink

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_cs_tags_and_notes_a_customer_on_a_phone(live_server, phone_page):
    member = UserFactory(full_name="Sri Rahayu", phone="+6285712345678")
    cs = StaffFactory(full_name="Sari CS")
    cs.groups.add(Group.objects.get(name=CUSTOMER_SERVICE))
    client = Client()
    client.force_login(cs)
    page = phone_page
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )

    page.goto(f"{live_server.url}/staf/member/{member.pk}/")
    assert (
        page.locator("#whatsapp-button").get_attribute("href").startswith("https://wa.me/6285712345678?text=")
    )
    page.evaluate("window.notReloaded = true")

    page.locator("#tag-form input[name=name]").fill("Fotografer Wedding")
    page.locator("#tag-form button").click()
    page.locator("#member-tags").get_by_text("Fotografer Wedding").wait_for()
    page.locator("#tag-form input[name=name]").fill("fotografer wedding")
    page.locator("#tag-form button").click()
    page.get_by_text("Member ini sudah memiliki tag “Fotografer Wedding”.").wait_for()

    page.locator("#note-form textarea").fill("Mau tripod untuk acara bulan depan")
    page.locator("#note-form button").click()
    page.locator("#member-timeline").get_by_text("Mau tripod untuk acara bulan depan").wait_for()

    page.get_by_role("button", name="Hapus tag Fotografer Wedding").click()
    page.locator("#member-tags").get_by_text("Belum ada tag.").wait_for()
    assert page.evaluate("window.notReloaded") is True
    assert not CustomerTagLink.objects.exists()
    assert list(CustomerNote.objects.order_by("pk").values_list("kind", flat=True)) == [
        "tag_added",
        "note",
        "tag_removed",
    ]
    assert page.console_errors == []
