"""Two workers running the same automation at once still make one mail per member and occasion (real threads;
on PostgreSQL and MariaDB the unique keys decide, on SQLite the writes take turns)."""

import datetime
import threading

import pytest
from django.db import connection
from django.utils import timezone

from pasarmurah.accounts.tests.factories import UserFactory
from pasarmurah.automations.models import AutomationDelivery, Rule
from pasarmurah.automations.selectors import automation_campaign
from pasarmurah.automations.services import automation_run, automation_settings_update
from pasarmurah.campaigns.models import CampaignRecipient
from pasarmurah.catalog.tests.factories import ProductFactory
from pasarmurah.crm.models import SegmentRun, SegmentSnapshot
from pasarmurah.mail.models import OutboundEmail
from pasarmurah.orders.models import Order
from pasarmurah.orders.services import order_place

pytestmark = pytest.mark.django_db(transaction=True)
WORKERS = 4


def run_at_once(rule):
    results, barrier = [], threading.Barrier(WORKERS)

    def work():
        try:
            barrier.wait()
            results.append(automation_run(rule=rule))
        except Exception as error:  # noqa: BLE001 - recorded, so the assertion shows it
            results.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=work) for _ in range(WORKERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def test_concurrent_winback_runs_add_each_member_once():
    automation_settings_update(values={"winback_enabled": True}, by=None)
    run = SegmentRun.objects.create(date=timezone.localdate(), method="fixed")
    members = [UserFactory(accepts_marketing=True) for _ in range(5)]
    for member in members:
        SegmentSnapshot.objects.create(run=run, member=member, group="hibernating")
    results = run_at_once(Rule.WINBACK)
    assert all(isinstance(result, int) for result in results), results
    campaign = automation_campaign(Rule.WINBACK)
    assert CampaignRecipient.objects.filter(campaign=campaign).count() == 5
    assert OutboundEmail.objects.filter(kind="campaign_winback").count() == 5


def test_concurrent_payment_reminder_runs_remind_each_order_once():
    automation_settings_update(values={"payment_enabled": True}, by=None)
    from pasarmurah.accounts.tests.factories import AddressFactory
    from pasarmurah.shipping.tests.factories import ShippingRateFactory

    address = AddressFactory()
    courier = ShippingRateFactory(province=address.province)
    product = ProductFactory(stock=10)
    for key in ("a", "b"):
        order_place(
            member=address.user,
            items={product.pk: 1},
            checkout_key=key,
            address=address,
            courier_code=courier.courier.code,
        )
    Order.objects.update(payment_deadline=timezone.now() + datetime.timedelta(hours=1))
    results = run_at_once(Rule.PAYMENT_REMINDER)
    assert all(isinstance(result, int) for result in results), results
    assert sum(results) == 2
    assert AutomationDelivery.objects.count() == 2
    assert OutboundEmail.objects.filter(kind="automation_payment_reminder").count() == 2
