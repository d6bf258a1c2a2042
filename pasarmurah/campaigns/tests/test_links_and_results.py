"""Clicks (signed, no open redirect), attribution, unsubscribes, sanitising, consent, export, erasure."""

import datetime
import importlib
import json

import pytest
from django.apps import apps
from django.core import mail, signing
from django.urls import reverse
from django.utils import timezone

from pasarmurah.accounts.models import User
from pasarmurah.accounts.selectors import member_data_export
from pasarmurah.accounts.services import member_delete, member_preferences_update
from pasarmurah.campaigns import services
from pasarmurah.campaigns.models import (
    CampaignClick,
    CampaignRecipient,
    CampaignStatus,
    MarketingConsent,
    VoucherMode,
)
from pasarmurah.campaigns.selectors import campaign_results
from pasarmurah.campaigns.tests.factories import CampaignFactory, OptedInMemberFactory
from pasarmurah.crm.tests.segment_helpers import order_for
from pasarmurah.promotions.models import Voucher, VoucherRedemption
from pasarmurah.promotions.tests.factories import VoucherFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _site(settings):
    settings.SITE_URL = "http://testserver"
    settings.CAMPAIGN_MAILS_PER_HOUR = 60_000


def _sent(committed, **kwargs):
    campaign = CampaignFactory(status=CampaignStatus.SCHEDULED, scheduled_at=timezone.now(), **kwargs)
    with committed():
        services.campaigns_dispatch()
    campaign.refresh_from_db()
    return campaign


def _links(message) -> list[str]:
    import re

    return re.findall(r'href="(http://testserver/k/[^"]+)"', message.alternatives[0][0])


def test_a_click_is_recorded_and_goes_on_to_the_shop(client, committed):
    member = OptedInMemberFactory()
    campaign = _sent(committed)
    link = next(url for url in _links(mail.outbox[0]) if "/berhenti/" not in url)
    response = client.get(link)
    assert response.status_code == 302
    assert response["Location"] == "http://testserver/katalog/"
    recipient = CampaignRecipient.objects.get(campaign=campaign, member=member)
    assert recipient.clicks == 1 and recipient.first_click_at is not None
    assert campaign_results(campaign=campaign).clickers == 1


@pytest.mark.parametrize(
    "target",
    ["https://evil.example/", "//evil.example/", "http://testserver.evil.example/", "javascript:alert(1)"],
)
def test_the_redirect_refuses_foreign_urls_even_when_signed(client, committed, target):
    OptedInMemberFactory()
    _sent(committed)
    token = CampaignRecipient.objects.get().token
    signed = signing.dumps({"r": token, "u": target}, salt=services.CLICK_SALT, compress=True)
    response = client.get(reverse("campaigns:click", kwargs={"signed": signed}))
    assert response.status_code == 400
    assert not CampaignClick.objects.exists()


def test_a_forged_or_broken_link_is_refused(client):
    assert client.get("/k/not-a-signed-value/").status_code == 400
    assert client.get("/k/berhenti/nobody/").status_code == 400


def test_orders_are_attributed_within_seven_days_of_a_click_or_with_the_voucher(committed):
    # given
    clicker, late, early, voucher_user = OptedInMemberFactory.create_batch(4)
    voucher = VoucherFactory()
    campaign = _sent(committed, voucher_mode=VoucherMode.SHARED, voucher=voucher)
    now = timezone.now()
    for member in (clicker, late, early):
        recipient = CampaignRecipient.objects.get(campaign=campaign, member=member)
        CampaignClick.objects.create(
            recipient=recipient, url="http://testserver/", at=now - datetime.timedelta(days=8)
        )

    def paid(member, at, total):
        order = order_for(member, total=total, status="paid")
        type(order).objects.filter(pk=order.pk).update(paid_at=at)
        return order

    paid(clicker, now - datetime.timedelta(days=2), 100_000)  # 6 days after the click: counts
    paid(late, now, 200_000)  # 8 days after: does not
    paid(early, now - datetime.timedelta(days=9), 300_000)  # before the click: does not
    unpaid = order_for(clicker, total=400_000, status="awaiting_payment")  # never paid: never counts
    assert unpaid.paid_at is None
    with_voucher = paid(voucher_user, now, 50_000)
    VoucherRedemption.objects.create(voucher=voucher, member=voucher_user, order=with_voucher, amount=5_000)
    # when
    results = campaign_results(campaign=campaign)
    # then
    assert (results.orders, results.revenue) == (2, 150_000)


def test_unique_codes_give_each_recipient_its_own_single_use_voucher(committed):
    OptedInMemberFactory.create_batch(2)
    template = VoucherFactory(code="AKHIRTAHUN")
    campaign = _sent(committed, voucher_mode=VoucherMode.UNIQUE, voucher=template)
    codes = list(CampaignRecipient.objects.filter(campaign=campaign).values_list("voucher__code", flat=True))
    assert len(set(codes)) == 2 and all(code.startswith("AKHIRTAHUN-") for code in codes)
    assert all(any(code in m.body for code in codes) for m in mail.outbox)
    # each code is its recipient's alone (Voucher.member: voucher_offer refuses it to anyone else)
    recipients = CampaignRecipient.objects.filter(campaign=campaign).select_related("voucher")
    assert all(r.voucher.member_id == r.member_id for r in recipients)
    # and the codes sent before codes were bound are bound by the migration
    Voucher.objects.filter(pk__in=[r.voucher_id for r in recipients]).update(member=None)
    importlib.import_module("pasarmurah.campaigns.migrations.0002_personal_vouchers_bound").bind(apps, None)
    assert all(r.voucher.member_id == r.member_id for r in recipients.all())
    # an order paid with a recipient's own code is the campaign's
    recipient = (
        CampaignRecipient.objects.filter(campaign=campaign).select_related("voucher", "member").first()
    )
    order = order_for(recipient.member, total=80_000, status="paid")
    VoucherRedemption.objects.create(
        voucher=recipient.voucher, member=recipient.member, order=order, amount=8_000
    )
    assert (campaign_results(campaign=campaign).orders, campaign_results(campaign=campaign).revenue) == (
        1,
        80_000,
    )


def test_the_markdown_body_is_sanitised_in_the_mail(committed):
    OptedInMemberFactory()
    _sent(
        committed, body='Hi <script>alert(1)</script><img src=x onerror="alert(2)"> [x](javascript:alert(3))'
    )
    html = mail.outbox[0].alternatives[0][0]
    assert "<script>alert" not in html and "onerror" not in html and "javascript:" not in html


def test_the_unsubscribe_link_is_counted_and_recorded_as_consent(client, committed):
    # given
    member = OptedInMemberFactory()
    campaign = _sent(committed)
    url = mail.outbox[0].extra_headers["List-Unsubscribe"].strip("<>")
    # when: the mail provider's one-click POST
    response = client.post(url, {"List-Unsubscribe": "One-Click"})
    # then
    assert response.status_code == 200
    member.refresh_from_db()
    assert member.accepts_marketing is False
    assert campaign_results(campaign=campaign).unsubscribes == 1
    consent = MarketingConsent.objects.get(member=member)
    assert (consent.given, consent.source) == (False, f"campaign {campaign.pk} unsubscribe link")
    # a GET of the body's link afterwards shows the account's page and changes nothing more
    assert client.get(url).status_code == 302
    assert MarketingConsent.objects.filter(member=member).count() == 1


def test_consent_changes_are_recorded_with_time_and_source_and_exported(committed):
    member = User.objects.create_user(email="a@contoh.test", password="x", full_name="A")
    member_preferences_update(user=member, accepts_marketing=True, wishlist_alerts=True)
    _sent(committed)
    export = json.loads(json.dumps(member_data_export(user=member), default=str))
    text = json.dumps(export)
    assert "account preferences" in text
    assert "promotional_mail_consent" in text and "campaign_mails" in text
    assert "Promo lensa minggu ini" in text


def test_erasure_removes_consent_and_clicks_and_mails_not_yet_queued(committed):
    member = OptedInMemberFactory()
    campaign = CampaignFactory(status=CampaignStatus.SCHEDULED, scheduled_at=timezone.now())
    services.campaign_start(campaign=campaign)
    services.consent_record(user=member, given=True, source="registration")
    member_delete(user=member)
    assert not MarketingConsent.objects.filter(member=member).exists()
    assert not CampaignRecipient.objects.filter(member=member).exists()
