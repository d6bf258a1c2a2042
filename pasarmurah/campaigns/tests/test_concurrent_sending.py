"""Two workers sending one campaign at the same time (real threads, real commits) mail each member once."""

import threading

import pytest
from django.db import connection
from django.utils import timezone
from django.utils.translation import override

from pasarmurah.campaigns import services
from pasarmurah.campaigns.models import CampaignRecipient, CampaignStatus, RecipientStatus
from pasarmurah.campaigns.tests.factories import CampaignFactory, OptedInMemberFactory
from pasarmurah.mail.models import OutboundEmail


@pytest.mark.django_db(transaction=True)
def test_two_workers_at_once_mail_each_member_once(settings):
    settings.SITE_URL = "http://testserver"
    members = OptedInMemberFactory.create_batch(8)
    campaign = CampaignFactory(status=CampaignStatus.SCHEDULED, scheduled_at=timezone.now())
    errors = []

    def worker():
        try:
            with override("id"):
                services.campaign_start(campaign=campaign)
                for _ in range(3):
                    services.campaign_send_batch(campaign=campaign, limit=3)
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert CampaignRecipient.objects.filter(campaign=campaign).count() == 8
    assert CampaignRecipient.objects.filter(campaign=campaign, status=RecipientStatus.QUEUED).count() == 8
    mailed = list(OutboundEmail.objects.filter(kind="campaign").values_list("user_id", flat=True))
    assert sorted(mailed) == sorted(member.pk for member in members)


@pytest.mark.django_db
def test_each_mail_is_in_the_member_s_language(committed, settings):
    settings.SITE_URL = "http://testserver"
    settings.CAMPAIGN_MAILS_PER_HOUR = 60_000
    english = OptedInMemberFactory(language="en")
    indonesian = OptedInMemberFactory(language="id")
    CampaignFactory(status=CampaignStatus.SCHEDULED, scheduled_at=timezone.now())
    with committed():
        services.campaigns_dispatch()
    bodies = {e.user_id: e.body_text for e in OutboundEmail.objects.filter(kind="campaign")}
    assert "Stop them with one click" in bodies[english.pk]
    assert "Berhenti dengan satu klik" in bodies[indonesian.pk]
