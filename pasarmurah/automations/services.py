"""Writes of the automations: the Owner's settings (with an event row) and each rule's run.

A promotional rule (win-back, abandoned cart, new arrivals, after delivery) has one campaign of kind
"automation" whose source is the rule; a run adds the members due now as its recipients, once per member
and occasion (the campaigns' unique key), and the campaigns' sending job hands them to the outbox at its
hourly rate, checking each member's consent at that moment. So their mails and results are campaign
results. The payment reminder is transactional (it goes whatever the promotions choice), so it is queued
here straight into the outbox, once per order (AutomationDelivery).
"""

import datetime
import logging
from collections import defaultdict

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from pasarmurah.accounts.models import User
from pasarmurah.automations import selectors
from pasarmurah.automations.models import (
    PROMOTIONAL,
    AutomationDelivery,
    AutomationEvent,
    AutomationSettings,
    Rule,
)
from pasarmurah.campaigns.models import Campaign, CampaignKind, CampaignStatus, VoucherMode
from pasarmurah.campaigns.services import recipients_add
from pasarmurah.mail.outbox import email_queue

logger = logging.getLogger(__name__)

SETTINGS_FIELDS = [
    field.name for field in AutomationSettings._meta.get_fields() if field.concrete and field.name != "id"
]


def _plain(value):
    return getattr(value, "pk", value)


def automation_campaign_sync(*, rule: str, current: AutomationSettings) -> Campaign:
    """The rule's campaign, made on first use; "sending" while the rule is on (the sending job then takes its
    recipients), cancelled while it is off; the win-back voucher is the campaign's shared voucher.

    The caller holds the settings row locked, so two workers never make a rule's campaign twice.
    """
    campaign = selectors.automation_campaign(rule)
    if campaign is None:
        with translation.override(settings.LANGUAGE_CODE):  # stored text: the shop's language
            name = _("Automation: %(name)s") % {"name": Rule(rule).label}
        campaign = Campaign.objects.create(kind=CampaignKind.AUTOMATION, source=rule, name=name, subject=name)
    voucher = current.winback_voucher if rule == Rule.WINBACK else None
    values = {
        "status": CampaignStatus.SENDING if current.is_enabled(rule) else CampaignStatus.CANCELLED,
        "voucher": voucher,
        "voucher_mode": VoucherMode.SHARED if voucher else VoucherMode.NONE,
    }
    changed = [name for name, value in values.items() if getattr(campaign, name) != value]
    if changed:
        for name in changed:
            setattr(campaign, name, values[name])
        if campaign.status == CampaignStatus.SENDING and campaign.started_at is None:
            campaign.started_at = timezone.now()
            changed.append("started_at")
        campaign.save(update_fields=[*changed, "updated_at"])
    return campaign


@transaction.atomic
def automation_settings_update(*, values: dict, by: User) -> AutomationSettings:
    """Save the Owner's changes to the automations and record who changed what."""
    current = AutomationSettings.objects.select_for_update().get(pk=AutomationSettings.load().pk)
    changes = {}
    for name, value in values.items():
        if name not in SETTINGS_FIELDS:
            raise ValueError(f"not an automation setting: {name}")
        old = getattr(current, name)
        if old != value:
            changes[name] = [_plain(old), _plain(value)]
            setattr(current, name, value)
    if changes:
        current.save()
        AutomationEvent.objects.create(actor=by, changes=changes)
        for rule in PROMOTIONAL:
            automation_campaign_sync(rule=rule, current=current)
    return current


def _due(rule: str, current: AutomationSettings, now: datetime.datetime) -> list[selectors.Due]:
    if rule == Rule.WINBACK:
        return selectors.winback_due(now=now, every_days=current.winback_every_days)
    if rule == Rule.ABANDONED_CART:
        return selectors.cart_due(now=now, idle_hours=current.cart_idle_hours)
    if rule == Rule.NEW_ARRIVALS:
        return selectors.new_arrivals_due(now=now)
    if rule == Rule.AFTER_DELIVERY:
        return selectors.after_delivery_due(now=now, days=current.delivery_days)
    return selectors.payment_reminder_due(now=now, hours_before=current.payment_hours_before)


def _dispatch_soon() -> None:
    from pasarmurah.campaigns.tasks import campaigns_dispatch_now

    try:
        campaigns_dispatch_now()
    except Exception:  # the queue is down: the every-minute dispatch sends them
        logger.exception("Could not start the campaign dispatch; the periodic one will send the mails")


def _recipients_add(*, rule: str, due: list[selectors.Due], now: datetime.datetime) -> int:
    """Add the due members to the rule's campaign (once per member and occasion); returns how many are new."""
    with transaction.atomic():
        # Concurrent runs take turns on the settings row: the first makes the rule's campaign once, and their
        # inserts of the same keys would otherwise deadlock on MariaDB's unique index gap locks (the second
        # run then finds every key there).
        current = AutomationSettings.objects.select_for_update().get(pk=AutomationSettings.load().pk)
        campaign = automation_campaign_sync(rule=rule, current=current)
        by_occasion = defaultdict(list)
        for item in due:
            by_occasion[item.occasion].append(item.member.pk)
        before = campaign.recipients.count()
        for occasion, member_ids in by_occasion.items():
            recipients_add(campaign=campaign, member_ids=member_ids, occasion=occasion, now=now)
        added = campaign.recipients.count() - before
        Campaign.objects.filter(pk=campaign.pk).update(recipients_total=before + added)
        if added:
            transaction.on_commit(_dispatch_soon)
    return added


def _payment_reminder_send(*, due: selectors.Due, message: str) -> bool:
    """Record the reminder (unique per rule, member and order) and queue its mail, in one transaction."""
    with transaction.atomic(durable=True):
        member = User.objects.filter(pk=due.member.pk, is_active=True, anonymised_at__isnull=True).first()
        if member is None:
            return False
        try:
            with transaction.atomic():
                delivery = AutomationDelivery.objects.create(
                    rule=Rule.PAYMENT_REMINDER, member=member, occasion=due.occasion, order=due.order
                )
        except IntegrityError:
            return False  # this order was reminded already (a second run, or a concurrent one)
        delivery.email = email_queue(
            to=member.email,
            user=member,
            kind=f"automation_{Rule.PAYMENT_REMINDER}",
            template=f"automations/email/{Rule.PAYMENT_REMINDER}",
            context={"user": member, "message": message, **due.context},
            dedupe_key=f"automation:{Rule.PAYMENT_REMINDER}:{member.pk}:{due.occasion}",
        )
        delivery.save(update_fields=["email"])
    return True


def automation_run(*, rule: str, now: datetime.datetime | None = None) -> int:
    """Mail (or hand to the campaigns' sending job) everyone due for one automation now, when it is on; safe
    to run twice or concurrently. Returns how many new mails it made."""
    now = now or timezone.now()
    current = AutomationSettings.load()
    if not current.is_enabled(rule):
        return 0
    due = _due(rule, current, now)
    if rule in PROMOTIONAL:
        made = _recipients_add(rule=rule, due=due, now=now) if due else 0
    else:
        message = current.message_for(rule)
        made = sum(_payment_reminder_send(due=item, message=message) for item in due)
    if made:
        logger.info("Automation %s: %s new mails", rule, made)
    return made


def member_erase_automation_data(*, user: User) -> None:
    """Privacy erasure step: the record of the member's payment reminders goes (the outbox has its own step;
    the promotional automations' recipients go with the campaigns' step)."""
    AutomationDelivery.objects.filter(member=user).delete()
