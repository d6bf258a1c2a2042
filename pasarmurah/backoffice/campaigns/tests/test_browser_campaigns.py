"""Browser journey: the Owner builds a campaign, counts its audience, previews it at phone width and sends
it; the member's mail is in the outbox and its link, opened, is counted and leads into the shop. No console
error."""

import re

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.test import Client

from pasarmurah.accounts.roles import OWNER
from pasarmurah.accounts.tests.factories import StaffFactory
from pasarmurah.campaigns.models import Campaign, CampaignRecipient
from pasarmurah.campaigns.tests.factories import OptedInMemberFactory
from pasarmurah.catalog.tests.factories import ProductFactory
from pasarmurah.mail.models import OutboundEmail

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_owner_builds_previews_and_sends_a_campaign(live_server, desktop_page, settings):
    settings.SITE_URL = live_server.url
    member = OptedInMemberFactory(full_name="Rina Fotografer")
    product = ProductFactory(name="Tripod Karbon Uji", price=450_000)
    owner = StaffFactory()
    owner.groups.add(Group.objects.get(name=OWNER))
    client = Client()
    client.force_login(owner)
    page = desktop_page
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )

    page.goto(live_server.url + "/staf/kampanye/")
    page.locator("#campaign-new").click()
    page.locator("#id_name").fill("Promo akhir tahun")
    page.locator("#id_subject").fill("Tripod karbon, harga spesial")
    page.locator("#id_body").fill(f"Halo! Lihat [katalog kami]({live_server.url}/katalog/).")
    page.locator("#id_products").select_option(str(product.pk))
    page.locator("#id_everyone").check()
    page.locator("#audience-count-button").click()
    page.wait_for_selector("#audience-count:has-text('1')")
    page.locator("#campaign-save").click()
    page.locator("#campaign-send-card").wait_for()
    assert "1" in page.locator("#audience-count").inner_text()

    page.locator("#campaign-preview").click()
    phone = page.locator("#campaign-phone")
    assert phone.bounding_box()["width"] <= 400
    assert "Tripod Karbon Uji" in phone.inner_text() and "Rp\u00a0450.000" in phone.inner_text()
    page.go_back()

    page.locator("#campaign-send-now").click()
    page.wait_for_selector("#campaign-progress")
    page.wait_for_selector("#progress-text:has-text('1')")
    campaign = Campaign.objects.get()
    email = OutboundEmail.objects.get(kind="campaign", user=member)
    assert email.status == "sent" and email.headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    [message] = [m for m in mail.outbox if m.to == [member.email]]
    link = re.search(re.escape(live_server.url) + r"/k/[^\s]+/(?=\n)", message.body).group(0)

    page.goto(link)
    assert page.url.startswith(live_server.url + "/produk/") or page.url.startswith(
        live_server.url + "/katalog/"
    )
    assert CampaignRecipient.objects.get(campaign=campaign, member=member).clicks == 1
    assert page.console_errors == []
