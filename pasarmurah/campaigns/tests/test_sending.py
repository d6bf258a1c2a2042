"""The send pipeline: recipients written once, claimed by one batch, mailed once through the outbox."""

import datetime

import pytest
from django.core import mail
from django.utils import timezone

from pasarmurah.accounts.tests.factories import UserFactory
from pasarmurah.campaigns import services
from pasarmurah.campaigns.models import CampaignRecipient, CampaignStatus, RecipientStatus
from pasarmurah.campaigns.tests.factories import CampaignFactory, OptedInMemberFactory
from pasarmurah.mail.models import OutboundEmail
from pasarmurah.mail.tests.fakes import FakeSMTPServer, smtp_to

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _site(settings):
    settings.SITE_URL = "http://testserver"
    settings.CAMPAIGN_MAILS_PER_HOUR = 60_000


def _scheduled(**kwargs):
    return CampaignFactory(status=CampaignStatus.SCHEDULED, scheduled_at=timezone.now(), **kwargs)


def test_dispatch_mails_each_opted_in_member_once(committed):
    # given
    members = OptedInMemberFactory.create_batch(3)
    UserFactory()  # not opted in
    UserFactory(accepts_marketing=True, email_verified_at=None)  # unverified
    campaign = _scheduled()
    # when
    with committed():
        services.campaigns_dispatch()
    with committed():
        services.campaigns_dispatch()
    # then
    campaign.refresh_from_db()
    assert campaign.status == CampaignStatus.SENT
    assert campaign.recipients_total == 3
    assert sorted(m.to[0] for m in mail.outbox) == sorted(m.email for m in members)
    message = mail.outbox[0]
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert message.extra_headers["List-Unsubscribe"].startswith("<http://testserver/k/berhenti/")
    assert "http://testserver/k/" in message.alternatives[0][0]
    assert "https://instagram.com/x" in message.alternatives[0][0]  # foreign links are not rewritten


@pytest.mark.django_db(transaction=True)
def test_a_batchs_mails_go_out_in_one_job_over_one_smtp_connection(settings):
    # given three opted-in members and a mail server
    members = OptedInMemberFactory.create_batch(3)
    _scheduled()
    with FakeSMTPServer() as server:
        smtp_to(settings, server.port)
        # when the sending job runs (each recipient's mail queued and committed on its own)
        services.campaigns_dispatch()
    # then each got its mail, all three over one connection
    assert sorted(message["to"][0] for message in server.messages) == sorted(m.email for m in members)
    assert server.connections == 1
    assert set(OutboundEmail.objects.values_list("status", flat=True)) == {OutboundEmail.Status.SENT}


def test_a_job_run_twice_or_a_worker_dying_mid_batch_mails_nobody_twice(committed, monkeypatch):
    # given
    OptedInMemberFactory.create_batch(4)
    campaign = _scheduled()
    services.campaign_start(campaign=campaign)
    services.campaign_start(campaign=campaign)  # a second worker starting it adds nobody
    assert CampaignRecipient.objects.filter(campaign=campaign).count() == 4
    real = services._recipient_mail
    calls = {"n": 0}

    def dying(**kwargs):
        calls["n"] += 1
        if calls["n"] == 3:
            raise RuntimeError("worker killed")
        return real(**kwargs)

    monkeypatch.setattr(services, "_recipient_mail", dying)
    # when: the worker dies on the third mail of its batch
    with pytest.raises(RuntimeError), committed():
        services.campaign_send_batch(campaign=campaign, limit=10)
    assert OutboundEmail.objects.filter(kind="campaign").count() == 2
    monkeypatch.setattr(services, "_recipient_mail", real)
    # a rerun before the claim expires leaves the dead worker's rows alone
    with committed():
        services.campaign_send_batch(campaign=campaign, limit=10)
    assert OutboundEmail.objects.filter(kind="campaign").count() == 2
    # once the claim has expired, the rest goes, and twice-running changes nothing
    later = timezone.now() + services.CLAIM_LEASE + datetime.timedelta(seconds=1)
    with committed():
        services.campaign_send_batch(campaign=campaign, limit=10, now=later)
        services.campaign_send_batch(campaign=campaign, limit=10, now=later)
    # then
    assert OutboundEmail.objects.filter(kind="campaign").count() == 4
    assert len({m.to[0] for m in mail.outbox}) == len(mail.outbox) == 4
    assert services.campaign_finish_if_done(campaign=campaign)


def test_consent_and_erasure_are_checked_at_send_time(committed):
    # given
    stays, leaves, erased = OptedInMemberFactory.create_batch(3)
    campaign = _scheduled()
    services.campaign_start(campaign=campaign)
    # when: after queueing, one unsubscribes and one is erased
    from pasarmurah.accounts.services import member_delete

    type(leaves).objects.filter(pk=leaves.pk).update(accepts_marketing=False)
    member_delete(user=erased)
    with committed():
        services.campaigns_dispatch()
    # then
    assert [m.to[0] for m in mail.outbox] == [stays.email]
    skipped = CampaignRecipient.objects.get(campaign=campaign, member=leaves)
    assert (skipped.status, skipped.skip_reason) == (RecipientStatus.SKIPPED, "no_consent")
    assert not CampaignRecipient.objects.filter(campaign=campaign, member=erased).exists()


def test_hourly_rate_spreads_the_mails(settings, committed):
    settings.CAMPAIGN_MAILS_PER_HOUR = 120  # two a minute
    OptedInMemberFactory.create_batch(5)
    campaign = _scheduled()
    with committed():
        services.campaigns_dispatch()
    assert len(mail.outbox) == 2
    campaign.refresh_from_db()
    assert campaign.status == CampaignStatus.SENDING


def test_a_mail_server_outage_delays_and_never_loses(committed, monkeypatch):
    OptedInMemberFactory.create_batch(2)
    campaign = _scheduled()

    def down(self, *args, **kwargs):
        raise ConnectionRefusedError("smtp down")

    monkeypatch.setattr("django.core.mail.EmailMultiAlternatives.send", down)
    with committed():
        services.campaigns_dispatch()
    assert set(OutboundEmail.objects.filter(kind="campaign").values_list("status", flat=True)) == {"failed"}
    monkeypatch.undo()
    from pasarmurah.mail.outbox import outbox_retry_due

    OutboundEmail.objects.update(next_attempt_at=timezone.now())
    outbox_retry_due()
    assert len(mail.outbox) == 2
    from pasarmurah.campaigns.selectors import campaign_results

    results = campaign_results(campaign=campaign)
    assert (results.total, results.sent, results.failed) == (2, 2, 0)
