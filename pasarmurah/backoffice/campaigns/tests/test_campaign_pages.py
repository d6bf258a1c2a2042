"""The campaigns area: who may draft and who may send, the editor's refusals, the count, preview, progress."""

import datetime

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from pasarmurah.accounts.roles import CUSTOMER_SERVICE, OWNER
from pasarmurah.accounts.tests.factories import StaffFactory, UserFactory
from pasarmurah.campaigns.models import Campaign, CampaignEvent, CampaignStatus
from pasarmurah.campaigns.services import recipients_add
from pasarmurah.campaigns.tests.factories import CampaignFactory, OptedInMemberFactory
from pasarmurah.catalog.tests.factories import ProductFactory

pytestmark = pytest.mark.django_db
LIST = reverse("backoffice:campaigns:list")
CREATE = reverse("backoffice:campaigns:create")
COUNT = reverse("backoffice:campaigns:count")


def _staff(role):
    staff = StaffFactory()
    staff.groups.add(Group.objects.get(name=role))
    return staff


@pytest.fixture
def owner_client(client):
    client.force_login(_staff(OWNER))
    return client


def _form(**overrides):
    data = {
        "name": "Promo Desember",
        "subject": "Diskon tripod akhir tahun",
        "preheader": "Hanya minggu ini",
        "body": "Halo **kamu**!",
        "voucher_mode": "none",
        "everyone": "on",
    }
    return data | overrides


def test_customer_service_drafts_but_cannot_send_or_cancel(cs_client):
    # given
    OptedInMemberFactory()
    response = cs_client.post(CREATE, _form())
    campaign = Campaign.objects.get()
    assert response.status_code == 302
    # when
    sent = cs_client.post(reverse("backoffice:campaigns:send", args=[campaign.pk]), {"when": "now"})
    # then
    assert sent.status_code == 403
    campaign.refresh_from_db()
    assert campaign.status == CampaignStatus.DRAFT
    detail = cs_client.get(campaign.get_absolute_url())
    assert "campaign-send-now" not in detail.content.decode()
    campaign.status = CampaignStatus.SCHEDULED
    campaign.save()
    assert cs_client.post(reverse("backoffice:campaigns:cancel", args=[campaign.pk])).status_code == 403
    assert Campaign.objects.get().status == CampaignStatus.SCHEDULED
    event = CampaignEvent.objects.get(campaign=campaign)
    assert (
        event.kind == CampaignEvent.Kind.CREATED and event.actor.groups.filter(name=CUSTOMER_SERVICE).exists()
    )


def test_members_and_visitors_are_kept_out(client):
    assert client.get(LIST).status_code == 302
    client.force_login(UserFactory())
    assert client.get(LIST).status_code == 403


def test_owner_sends_now_and_each_member_gets_the_mail(owner_client, settings, committed):
    settings.SITE_URL = "http://testserver"
    members = OptedInMemberFactory.create_batch(2)
    owner_client.post(CREATE, _form())
    campaign = Campaign.objects.get()
    with_count = owner_client.get(campaign.get_absolute_url()).content.decode()
    assert "2 members will get it" in with_count or "2 member akan menerimanya" in with_count
    with committed():
        response = owner_client.post(
            reverse("backoffice:campaigns:send", args=[campaign.pk]), {"when": "now"}
        )
    assert response.status_code == 302
    campaign.refresh_from_db()
    assert campaign.status == CampaignStatus.SENT
    assert sorted(m.to[0] for m in mail.outbox) == sorted(m.email for m in members)
    assert set(campaign.events.values_list("kind", flat=True)) == {"created", "sent_now", "finished"}
    progress = owner_client.get(reverse("backoffice:campaigns:progress", args=[campaign.pk])).content.decode()
    assert "hx-trigger" not in progress  # finished: the block stops polling


def test_an_audience_of_nobody_is_refused_with_a_message(owner_client):
    UserFactory()  # did not opt in
    owner_client.post(CREATE, _form())
    campaign = Campaign.objects.get()
    response = owner_client.post(
        reverse("backoffice:campaigns:send", args=[campaign.pk]), {"when": "now"}, follow=True
    )
    page = response.content.decode()
    assert "audience-empty" in page
    assert Campaign.objects.get().status == CampaignStatus.DRAFT
    assert len(mail.outbox) == 0


def test_inactive_products_are_refused(owner_client):
    hidden = ProductFactory(is_active=False, name="Lensa Lama")
    response = owner_client.post(CREATE, _form(products=[hidden.pk]))
    assert response.status_code == 400
    assert "Lensa Lama" in response.content.decode()
    assert not Campaign.objects.exists()


@pytest.mark.parametrize(
    "bad",
    [
        {"subject": ""},
        {"voucher_mode": "shared"},
        {"bought_within_days": "-3"},
        {"birth_months": ["13"]},
        {"provinces": ["mars"]},
        {"segments": ["nobody"]},
        {"products": ["999999"]},
        {"name": "x" * 500},
    ],
)
def test_bad_input_gets_a_message_and_changes_nothing(owner_client, bad):
    response = owner_client.post(CREATE, _form(**bad))
    assert response.status_code == 400
    assert not Campaign.objects.exists()


def test_the_count_follows_the_rules(owner_client):
    OptedInMemberFactory(birth_date=timezone.localdate().replace(month=3, day=1))
    OptedInMemberFactory(birth_date=timezone.localdate().replace(month=5, day=1))
    response = owner_client.post(COUNT, _form(everyone="", birth_months=["3"]))
    assert "1 member" in response.content.decode()
    refused = owner_client.post(COUNT, _form(birth_months=["15"])).content.decode()
    assert "member" not in refused.split(">", 1)[1]


def test_schedule_and_cancel(owner_client):
    OptedInMemberFactory()
    owner_client.post(CREATE, _form())
    campaign = Campaign.objects.get()
    past = owner_client.post(
        reverse("backoffice:campaigns:send", args=[campaign.pk]),
        {"when": "later", "send_at": "2001-01-01T10:00"},
    )
    assert past.status_code == 302 and Campaign.objects.get().status == CampaignStatus.DRAFT
    later = (timezone.localdate() + datetime.timedelta(days=30)).isoformat() + "T10:00"
    owner_client.post(
        reverse("backoffice:campaigns:send", args=[campaign.pk]), {"when": "later", "send_at": later}
    )
    too_late = owner_client.post(
        reverse("backoffice:campaigns:send", args=[campaign.pk]),
        {"when": "later", "send_at": "2099-01-01T10:00"},
    )
    assert too_late.status_code == 302
    campaign.refresh_from_db()
    assert campaign.status == CampaignStatus.SCHEDULED
    assert timezone.localtime(campaign.scheduled_at).hour == 10
    page = owner_client.get(campaign.get_absolute_url()).content.decode()
    assert 'hx-trigger="every 3s"' in page
    owner_client.post(reverse("backoffice:campaigns:cancel", args=[campaign.pk]))
    campaign.refresh_from_db()
    assert campaign.status == CampaignStatus.CANCELLED
    assert len(mail.outbox) == 0


def test_preview_and_test_send(owner_client, settings, committed):
    settings.SITE_URL = "http://testserver"
    product = ProductFactory(name="Tripod Karbon", price=450_000)
    owner_client.post(
        CREATE,
        _form(products=[product.pk], body="Cek <script>alert(1)</script> [ini](http://testserver/promo/)"),
    )
    campaign = Campaign.objects.get()
    preview = owner_client.get(reverse("backoffice:campaigns:preview", args=[campaign.pk])).content.decode()
    assert "Tripod Karbon" in preview and "Rp\u00a0450.000" in preview
    assert "<script>alert" not in preview
    with committed():
        owner_client.post(reverse("backoffice:campaigns:test_send", args=[campaign.pk]))
    assert len(mail.outbox) == 1 and mail.outbox[0].subject.startswith("[TEST]")
    assert campaign.events.filter(kind="test_sent").exists()


def test_member_360_lists_the_campaigns(cs_client):
    member = OptedInMemberFactory()
    campaign = CampaignFactory(name="Promo Lebaran")
    recipients_add(campaign=campaign, member_ids=[member.pk])
    url = reverse("backoffice:campaigns:member", args=[member.pk])
    fragment = cs_client.get(url, HTTP_HX_REQUEST="true").content.decode()
    assert "Promo Lebaran" in fragment
    page = cs_client.get(reverse("backoffice:members:detail", args=[member.pk])).content.decode()
    assert url in page


@pytest.mark.parametrize("campaigns", [1, 12])
def test_list_and_detail_keep_their_query_budget(owner_client, django_assert_max_num_queries, campaigns):
    members = OptedInMemberFactory.create_batch(3)
    for _ in range(campaigns):
        campaign = CampaignFactory(status=CampaignStatus.SENDING)
        recipients_add(campaign=campaign, member_ids=[m.pk for m in members])
    with django_assert_max_num_queries(16):
        assert owner_client.get(LIST).status_code == 200
    with django_assert_max_num_queries(16):
        assert owner_client.get(campaign.get_absolute_url()).status_code == 200
