"""The campaign report: campaigns whose sending started in the period with the campaign page's own results,
the automations since they began, its CSV equal to the page, and the Owner's only."""

import datetime
import io

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from pasarmurah.campaigns.models import CampaignKind, CampaignRecipient, CampaignStatus
from pasarmurah.campaigns.selectors import campaign_results
from pasarmurah.campaigns.services import recipients_add
from pasarmurah.campaigns.tests.factories import CampaignFactory, OptedInMemberFactory

pytestmark = pytest.mark.django_db

MAY = "?periode=kustom&dari=2026-05-01&sampai=2026-05-31"
URL = reverse("backoffice:reports:report", args=["kampanye"])


def _moment(month: int, day: int) -> datetime.datetime:
    return datetime.datetime(2026, month, day, 23, 30, tzinfo=timezone.get_current_timezone())


@pytest.fixture
def campaigns():
    members = OptedInMemberFactory.create_batch(3)
    may = CampaignFactory(name="Promo Lensa Mei", status=CampaignStatus.SENT, started_at=_moment(5, 31))
    recipients_add(campaign=may, member_ids=[m.pk for m in members])
    CampaignRecipient.objects.filter(campaign=may, member=members[0]).update(clicks=2)
    june = CampaignFactory(name="Promo Juni", status=CampaignStatus.SENT, started_at=_moment(6, 1))
    recipients_add(campaign=june, member_ids=[members[1].pk])
    rule = CampaignFactory(name="Win-back", kind=CampaignKind.AUTOMATION, status=CampaignStatus.SENDING)
    recipients_add(campaign=rule, member_ids=[members[2].pk], occasion="x")
    return may, june, rule


def test_the_campaigns_of_the_period_with_the_campaign_pages_own_results(owner_client, campaigns):
    may, june, rule = campaigns
    body = owner_client.get(URL + MAY).content.decode()
    # 23:30 WIB on 31 May is in May (16:30 UTC); 1 June is not
    assert "Promo Lensa Mei" in body and "Promo Juni" not in body and "Win-back" in body
    csv = owner_client.get(
        reverse("backoffice:reports:download", args=["kampanye", "csv"]) + MAY + "&tabel=campaigns"
    )
    lines = csv.content.decode().splitlines()
    header, row = lines[0].split(","), lines[1].split(",")
    results = campaign_results(campaign=may)
    assert row[0] == "Promo Lensa Mei"
    assert row[header.index("Penerima")] == str(results.total) == "3"
    assert row[header.index("Klik")] == str(results.clicks) == "2"
    workbook = load_workbook(
        io.BytesIO(
            owner_client.get(reverse("backoffice:reports:download", args=["kampanye", "xlsx"]) + MAY).content
        )
    )
    assert any(
        "Promo Lensa Mei" in str(cell.value) for sheet in workbook for r in sheet.iter_rows() for cell in r
    )


def test_customer_service_may_not_open_the_campaign_report(cs_client, campaigns):
    assert cs_client.get(URL).status_code == 403
    assert cs_client.get(reverse("backoffice:reports:download", args=["kampanye", "xlsx"])).status_code == 403
