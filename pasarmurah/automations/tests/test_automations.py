"""Each automation's trigger against the database, once-only under a job run twice, consent checked when the
mail is handed to the outbox, results as campaign results (what it sent and brought), export and erasure."""

import datetime

import pytest
from django.core import mail
from django.utils import timezone

from pasarmurah.accounts.models import User
from pasarmurah.accounts.services import member_delete
from pasarmurah.accounts.tests.factories import UserFactory
from pasarmurah.automations.models import AutomationDelivery, Rule
from pasarmurah.automations.selectors import (
    automation_campaign,
    automation_results,
    member_export_automation_data,
)
from pasarmurah.automations.services import automation_run, automation_settings_update
from pasarmurah.campaigns.models import CampaignClick, CampaignRecipient, CampaignStatus, RecipientStatus
from pasarmurah.campaigns.services import campaigns_dispatch
from pasarmurah.catalog.tests.factories import CategoryFactory, ProductFactory
from pasarmurah.checkout.cart import MemberCart
from pasarmurah.checkout.models import Cart, CartLine
from pasarmurah.crm.models import SegmentRun, SegmentSnapshot
from pasarmurah.crm.tests.factories import WishlistItemFactory
from pasarmurah.orders.models import Order, OrderStatus
from pasarmurah.promotions.tests.factories import VoucherFactory

pytestmark = pytest.mark.django_db


def switch_on(**values):
    return automation_settings_update(values=values, by=None)


def run_twice(committed, rule, **kwargs):
    with committed():
        first = automation_run(rule=rule, **kwargs)
    with committed():
        second = automation_run(rule=rule, **kwargs)
    return first, second


@pytest.fixture
def fan():
    """A verified member who agreed to promotions."""
    return UserFactory(accepts_marketing=True, full_name="Budi Santoso")


def snapshot(member, day, group):
    run, _ = SegmentRun.objects.get_or_create(date=day, defaults={"method": "fixed"})
    return SegmentSnapshot.objects.create(run=run, member=member, group=group)


# --- Off means off ------------------------------------------------------------------------------------------


def test_an_automation_that_is_off_sends_nothing(committed, fan):
    snapshot(fan, timezone.localdate(), "at_risk")
    with committed():
        assert automation_run(rule=Rule.WINBACK) == 0
    assert not mail.outbox and not AutomationDelivery.objects.exists()


# --- Win-back -----------------------------------------------------------------------------------------------


def test_winback_mails_a_member_entering_at_risk_once_with_the_voucher(committed, fan):
    voucher = VoucherFactory(code="KANGEN10")
    switch_on(winback_enabled=True, winback_voucher=voucher)
    today = timezone.localdate()
    snapshot(fan, today - datetime.timedelta(days=1), "loyal")
    snapshot(fan, today, "at_risk")
    other = UserFactory(accepts_marketing=True)
    snapshot(other, today, "champions")
    # when the job runs twice
    assert run_twice(committed, Rule.WINBACK) == (1, 0)
    # then one mail, to the member entering at risk, with the voucher and the unsubscribe link
    assert [m.to for m in mail.outbox] == [[fan.email]]
    message = mail.outbox[0]
    assert "KANGEN10" in message.body and "/k/berhenti/" in message.body
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert message.alternatives and "KANGEN10" in message.alternatives[0][0]
    # recorded as a recipient of the win-back automation's campaign
    recipient = CampaignRecipient.objects.get()
    assert recipient.campaign == automation_campaign(Rule.WINBACK)
    assert (recipient.member, recipient.occasion, recipient.status) == (fan, f"at_risk:{today}", "queued")


def test_winback_skips_members_who_did_not_opt_in_and_erased_ones(committed, fan):
    switch_on(winback_enabled=True)
    today = timezone.localdate()
    quiet = UserFactory(accepts_marketing=False)
    snapshot(quiet, today, "hibernating")
    snapshot(fan, today, "hibernating")
    member_delete(user=fan)
    with committed():
        assert automation_run(rule=Rule.WINBACK) == 0
    assert not mail.outbox


# --- Abandoned cart -----------------------------------------------------------------------------------------


def idle_cart(member, items, *, hours=11):
    cart = Cart.objects.create(member=member)
    for product, quantity in items:
        CartLine.objects.create(cart=cart, product=product, quantity=quantity)
    past = timezone.now() - datetime.timedelta(hours=hours)
    CartLine.objects.filter(cart=cart).update(added_at=past)
    Cart.objects.filter(pk=cart.pk).update(updated_at=past)
    return cart


def test_an_idle_cart_gets_one_reminder_with_the_items_in_stock_at_the_current_price(committed, fan):
    switch_on(cart_enabled=True)
    lens = ProductFactory(name="Lensa 50mm", price=1_500_000, stock=3)
    gone = ProductFactory(name="Tas Habis", stock=0)
    cart = idle_cart(fan, [(lens, 1), (gone, 1)])
    lens.price = 1_400_000
    lens.save(update_fields=["price"])
    assert run_twice(committed, Rule.ABANDONED_CART) == (1, 0)
    body = mail.outbox[0].body
    assert "Lensa 50mm × 1: Rp\u00a01.400.000" in body
    assert "Tas Habis" not in body
    # a changed cart is a new occasion
    CartLine.objects.create(cart=cart, product=ProductFactory(name="Tripod"), quantity=2)
    CartLine.objects.filter(cart=cart).update(added_at=timezone.now() - datetime.timedelta(hours=11))
    assert run_twice(committed, Rule.ABANDONED_CART) == (1, 0)
    assert len(mail.outbox) == 2 and "Tripod × 2" in mail.outbox[1].body


def test_a_cart_not_idle_long_enough_or_followed_by_an_order_is_not_reminded(committed, fan, order):
    switch_on(cart_enabled=True, cart_idle_hours=10)
    idle_cart(fan, [(ProductFactory(), 1)], hours=9)
    # the `order` fixture's member placed an order after its cart changed
    idle_cart(order.member, [(ProductFactory(), 1)], hours=11)
    Order.objects.filter(pk=order.pk).update(created_at=timezone.now() - datetime.timedelta(hours=1))
    order.member.accepts_marketing = True
    order.member.save(update_fields=["accepts_marketing"])
    with committed():
        assert automation_run(rule=Rule.ABANDONED_CART) == 0


def test_a_cart_whose_quantity_changed_or_line_went_lately_is_not_idle(committed, fan):
    switch_on(cart_enabled=True, cart_idle_hours=10)
    lens, bag = ProductFactory(stock=5), ProductFactory(stock=5)
    idle_cart(fan, [(lens, 1), (bag, 1)], hours=11)
    cart = MemberCart(fan)
    # when the member changes a quantity now, its cart is not idle, whenever its lines were added
    cart.set(lens.pk, 2)
    with committed():
        assert automation_run(rule=Rule.ABANDONED_CART) == 0
    # and taking a line out is a change too
    eleven_hours_ago = timezone.now() - datetime.timedelta(hours=11)
    Cart.objects.filter(member=fan).update(updated_at=eleven_hours_ago)
    cart.set(bag.pk, 0)
    with committed():
        assert automation_run(rule=Rule.ABANDONED_CART) == 0
    # once it has been idle long enough, the reminder shows what the cart holds now
    Cart.objects.filter(member=fan).update(updated_at=eleven_hours_ago)
    assert run_twice(committed, Rule.ABANDONED_CART) == (1, 0)
    assert f"{lens.name} × 2" in mail.outbox[0].body and bag.name not in mail.outbox[0].body


# --- New arrivals -------------------------------------------------------------------------------------------


def test_new_arrivals_digest_lists_new_products_of_the_members_categories_once_a_week(committed, fan):
    switch_on(arrivals_enabled=True)
    lenses, bags = CategoryFactory(name="Lensa"), CategoryFactory(name="Tas")
    WishlistItemFactory(user=fan, product=ProductFactory(category=lenses))
    from pasarmurah.catalog.models import Product

    Product.objects.update(created_at=timezone.now() - datetime.timedelta(days=30))
    ProductFactory(name="Lensa Baru 85mm", category=lenses)
    ProductFactory(name="Tas Baru", category=bags)
    UserFactory(accepts_marketing=True)  # no interests: nothing to send
    assert run_twice(committed, Rule.NEW_ARRIVALS) == (1, 0)
    body = mail.outbox[0].body
    assert "Lensa Baru 85mm" in body and "Tas Baru" not in body


def test_new_arrivals_sends_nothing_when_nothing_is_new(committed, fan):
    switch_on(arrivals_enabled=True)
    WishlistItemFactory(user=fan)
    from pasarmurah.catalog.models import Product

    Product.objects.update(created_at=timezone.now() - datetime.timedelta(days=8))
    with committed():
        assert automation_run(rule=Rule.NEW_ARRIVALS) == 0


# --- After delivery and payment reminder --------------------------------------------------------------------


def test_after_delivery_thanks_n_days_after_completion_once(committed, order):
    switch_on(delivery_enabled=True, delivery_days=3)
    User.objects.filter(pk=order.member_id).update(accepts_marketing=True)
    Order.objects.filter(pk=order.pk).update(
        status=OrderStatus.COMPLETED, closed_at=timezone.now() - datetime.timedelta(days=2)
    )
    with committed():
        assert automation_run(rule=Rule.AFTER_DELIVERY) == 0  # not yet
    Order.objects.filter(pk=order.pk).update(closed_at=timezone.now() - datetime.timedelta(days=3, hours=1))
    assert run_twice(committed, Rule.AFTER_DELIVERY) == (1, 0)
    message = mail.outbox[-1]
    assert order.number in message.subject and "/k/" in message.body  # the guestbook, through the redirect
    assert CampaignRecipient.objects.get().occasion == f"order:{order.number}"


def test_payment_reminder_is_transactional_and_once_per_order(committed, order):
    switch_on(payment_enabled=True, payment_hours_before=3)
    assert order.member.accepts_marketing is False
    mail.outbox.clear()
    Order.objects.filter(pk=order.pk).update(payment_deadline=timezone.now() + datetime.timedelta(hours=5))
    with committed():
        assert automation_run(rule=Rule.PAYMENT_REMINDER) == 0  # too early
    Order.objects.filter(pk=order.pk).update(payment_deadline=timezone.now() + datetime.timedelta(hours=2))
    assert run_twice(committed, Rule.PAYMENT_REMINDER) == (1, 0)
    message = mail.outbox[0]
    assert order.number in message.subject and "Rp\u00a0110.000" in message.body
    assert "List-Unsubscribe" not in message.extra_headers


# --- Consent when the mail leaves ---------------------------------------------------------------------------


def test_a_member_who_opts_out_before_the_mail_leaves_is_not_mailed(fan, django_capture_on_commit_callbacks):
    switch_on(winback_enabled=True)
    snapshot(fan, timezone.localdate(), "at_risk")
    # the run records the recipient, but the sending job has not handed it to the outbox yet
    with django_capture_on_commit_callbacks(execute=False):
        assert automation_run(rule=Rule.WINBACK) == 1
    User.objects.filter(pk=fan.pk).update(accepts_marketing=False)
    # when the sending job runs
    with django_capture_on_commit_callbacks(execute=True):
        campaigns_dispatch()
    # then the member's current choice counts
    recipient = CampaignRecipient.objects.get()
    assert (recipient.status, recipient.skip_reason) == (RecipientStatus.SKIPPED, "no_consent")
    assert not mail.outbox


def test_switching_an_automation_off_stops_its_campaign(fan):
    switch_on(winback_enabled=True)
    assert automation_campaign(Rule.WINBACK).status == CampaignStatus.SENDING
    switch_on(winback_enabled=False)
    assert automation_campaign(Rule.WINBACK).status == CampaignStatus.CANCELLED


# --- Results ------------------------------------------------------------------------------------------------


def test_payment_reminder_results_count_the_order_paid_within_seven_days(committed, order):
    switch_on(payment_enabled=True)
    Order.objects.filter(pk=order.pk).update(payment_deadline=timezone.now() + datetime.timedelta(hours=1))
    with committed():
        automation_run(rule=Rule.PAYMENT_REMINDER)
    Order.objects.filter(pk=order.pk).update(
        status=OrderStatus.PAID, paid_at=timezone.now() + datetime.timedelta(minutes=30)
    )
    results = automation_results(rule=Rule.PAYMENT_REMINDER)
    assert (results.total, results.sent, results.failed, results.orders, results.revenue) == (
        1,
        1,
        0,
        1,
        110_000,
    )
    Order.objects.filter(pk=order.pk).update(paid_at=timezone.now() + datetime.timedelta(days=8))
    assert automation_results(rule=Rule.PAYMENT_REMINDER).orders == 0


def test_a_promotional_automation_results_are_its_campaign_results(committed, order):
    # given a thank-you mail that the member clicked, then an order paid two days later
    switch_on(delivery_enabled=True, delivery_days=3)
    User.objects.filter(pk=order.member_id).update(accepts_marketing=True)
    Order.objects.filter(pk=order.pk).update(
        status=OrderStatus.COMPLETED, closed_at=timezone.now() - datetime.timedelta(days=4)
    )
    with committed():
        automation_run(rule=Rule.AFTER_DELIVERY)
    assert "/k/" in mail.outbox[-1].body  # the shop's links go through the click redirect
    recipient = CampaignRecipient.objects.get()
    CampaignClick.objects.create(recipient=recipient, url="http://x/", at=timezone.now())
    CampaignRecipient.objects.filter(pk=recipient.pk).update(clicks=1)
    later = Order.objects.get(pk=order.pk)
    later.pk, later.number, later.checkout_key = None, "PM-LATER", "later"
    later.status, later.paid_at = OrderStatus.PAID, timezone.now() + datetime.timedelta(days=2)
    later.save()
    # then
    results = automation_results(rule=Rule.AFTER_DELIVERY)
    assert (results.total, results.sent, results.clicks, results.orders, results.revenue) == (
        1,
        1,
        1,
        1,
        110_000,
    )
    assert automation_results(rule=Rule.WINBACK).total == 0


# --- Privacy ------------------------------------------------------------------------------------------------


def test_the_payment_reminders_are_in_the_export_and_go_with_the_erasure(committed, order):
    switch_on(payment_enabled=True)
    Order.objects.filter(pk=order.pk).update(payment_deadline=timezone.now() + datetime.timedelta(hours=1))
    with committed():
        automation_run(rule=Rule.PAYMENT_REMINDER)
    exported = member_export_automation_data(user=order.member)["automatic_emails"]
    assert [(row["automation"], row["occasion"]) for row in exported] == [
        ("payment_reminder", f"order:{order.number}")
    ]
    member_delete(user=order.member)
    assert not AutomationDelivery.objects.exists()
