"""The automations area: who may open it, the Owner's settings with their event row, refusals that change
nothing, what each automation sent and brought, and the query budget."""

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone

from pasarmurah.accounts.roles import CUSTOMER_SERVICE, OWNER
from pasarmurah.accounts.tests.factories import StaffFactory, UserFactory
from pasarmurah.automations.models import AutomationEvent, AutomationSettings, Rule
from pasarmurah.automations.selectors import automation_campaign
from pasarmurah.automations.services import automation_run, automation_settings_update
from pasarmurah.campaigns.models import CampaignStatus
from pasarmurah.crm.models import SegmentRun, SegmentSnapshot
from pasarmurah.promotions.tests.factories import VoucherFactory

pytestmark = pytest.mark.django_db
OVERVIEW = reverse("backoffice:automations:overview")


def detail(rule):
    return reverse("backoffice:automations:detail", kwargs={"rule": rule})


def _staff(role):
    staff = StaffFactory()
    staff.groups.add(Group.objects.get(name=role))
    return staff


@pytest.fixture
def owner_client(client):
    client.force_login(_staff(OWNER))
    return client


@pytest.fixture
def cs_staff_client(client):
    client.force_login(_staff(CUSTOMER_SERVICE))
    return client


def winback_mails(committed, count):
    automation_settings_update(values={"winback_enabled": True}, by=None)
    run = SegmentRun.objects.create(date=timezone.localdate(), method="fixed")
    for _ in range(count):
        SegmentSnapshot.objects.create(run=run, member=UserFactory(accepts_marketing=True), group="at_risk")
    with committed():
        automation_run(rule=Rule.WINBACK)


def test_visitors_and_members_cannot_open_the_area(client):
    assert client.get(OVERVIEW).status_code == 302
    client.force_login(UserFactory())
    assert client.get(OVERVIEW).status_code == 403


def test_customer_service_sees_the_results_but_cannot_change_anything(cs_staff_client, committed):
    winback_mails(committed, 2)
    automation_settings_update(values={"winback_voucher": VoucherFactory(code="KANGEN")}, by=None)
    events = AutomationEvent.objects.count()
    page = cs_staff_client.get(detail("winback"))
    assert page.status_code == 200
    html = page.content.decode()
    assert 'id="automation-form"' not in html and 'id="automation-settings"' in html
    assert "KANGEN" in html
    response = cs_staff_client.post(detail("winback"), {"winback_enabled": "", "winback_every_days": "30"})
    assert response.status_code == 403
    current = AutomationSettings.load()
    assert (current.winback_enabled, current.winback_every_days) == (True, 90)
    assert AutomationEvent.objects.count() == events


def test_the_owner_switches_on_and_tunes_an_automation_and_the_change_is_recorded(owner_client):
    voucher = VoucherFactory(code="KANGEN")
    response = owner_client.post(
        detail("winback"),
        {
            "winback_enabled": "on",
            "winback_every_days": "60",
            "winback_voucher": voucher.pk,
            "winback_message": "Kami kangen!\r\nMampir ya.",
        },
    )
    assert response.status_code == 302
    current = AutomationSettings.load()
    assert (current.winback_enabled, current.winback_every_days, current.winback_voucher) == (
        True,
        60,
        voucher,
    )
    assert current.winback_message == "Kami kangen!\nMampir ya."
    event = AutomationEvent.objects.get()
    assert event.actor.groups.filter(name=OWNER).exists()
    assert event.changes["winback_every_days"] == [90, 60]
    campaign = automation_campaign(Rule.WINBACK)
    assert (campaign.status, campaign.voucher, campaign.voucher_mode) == (
        CampaignStatus.SENDING,
        voucher,
        "shared",
    )
    page = owner_client.get(response["Location"])
    assert "Otomasi tersimpan" in page.content.decode()


@pytest.mark.parametrize(
    ("rule", "data", "message"),
    [
        ("winback", {"winback_every_days": "3"}, "lebih besar dari atau sama dengan 7"),
        ("winback", {"winback_every_days": "banyak"}, "Masukkan bilangan bulat"),
        ("abandoned_cart", {"cart_idle_hours": "0"}, "lebih besar dari atau sama dengan 1"),
        ("payment_reminder", {"payment_hours_before": "999"}, "lebih kecil dari atau sama dengan 72"),
        ("winback", {"winback_every_days": "90", "winback_voucher": "999999"}, "Masukkan pilihan yang valid"),
    ],
)
def test_bad_input_is_named_and_changes_nothing(owner_client, rule, data, message):
    response = owner_client.post(detail(rule), data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert AutomationSettings.load().winback_every_days == 90
    assert not AutomationEvent.objects.exists()


def test_an_unknown_automation_is_a_404(owner_client):
    assert owner_client.get(detail("spam")).status_code == 404


def test_the_pages_show_what_each_automation_sent(owner_client, committed):
    winback_mails(committed, 2)
    overview = owner_client.get(OVERVIEW).content.decode()
    assert 'data-rule="winback"' in overview and 'data-rule="payment_reminder"' in overview
    page = owner_client.get(detail("winback")).content.decode()
    assert page.count(f"Berisiko · {timezone.localdate()}") == 2


@pytest.mark.parametrize("mails", [1, 8])
def test_the_pages_stay_within_their_query_budget(
    owner_client, committed, django_assert_max_num_queries, mails
):
    winback_mails(committed, mails)
    with django_assert_max_num_queries(40):
        assert owner_client.get(OVERVIEW).status_code == 200
    with django_assert_max_num_queries(20):
        assert owner_client.get(detail("winback")).status_code == 200


def test_the_area_is_in_the_staff_navigation(owner_client):
    html = owner_client.get(reverse("backoffice:home")).content.decode()
    assert OVERVIEW in html
