"""Writes of the automations: the Owner's settings (with an event row) and each rule's run, which queues its
mails through the outbox once per rule, member and occasion."""

import datetime
import logging

from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from pasarmurah.accounts.models import User
from pasarmurah.accounts.services import unsubscribe_url
from pasarmurah.automations import selectors
from pasarmurah.automations.models import (
    PROMOTIONAL,
    AutomationDelivery,
    AutomationEvent,
    AutomationSettings,
    Rule,
)
from pasarmurah.mail.links import SecretLink, SecretLinkUnavailable, secret_link_register
from pasarmurah.mail.outbox import email_queue, unsubscribe_headers

logger = logging.getLogger(__name__)

CONSENT_LINK = "automations.promotional_unsubscribe"
SETTINGS_FIELDS = [
    field.name for field in AutomationSettings._meta.get_fields() if field.concrete and field.name != "id"
]


def promotional_unsubscribe_link(*, user_id: int) -> str:
    """Built when the mail leaves: a member who withdrew its consent (or is gone) meanwhile is not mailed."""
    user = User.objects.filter(
        pk=user_id, is_active=True, accepts_marketing=True, email_verified_at__isnull=False
    ).first()
    if user is None:
        raise SecretLinkUnavailable("the member no longer accepts promotional e-mail")
    return unsubscribe_url(user=user)


def secret_links_register() -> None:
    secret_link_register(CONSENT_LINK, promotional_unsubscribe_link)


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
    return current


def _plain(value):
    return getattr(value, "pk", value)


def _site(path: str) -> str:
    return settings.SITE_URL + path


def _deliver(*, rule: str, due: selectors.Due, message: str, extra: dict) -> AutomationDelivery | None:
    """Record the delivery (the unique key makes it once-only) and queue its mail, in one transaction."""
    with transaction.atomic(durable=True):
        member = User.objects.filter(pk=due.member.pk).first()
        allowed = member is not None and member.is_active and member.anonymised_at is None
        if allowed and rule in PROMOTIONAL:
            allowed = member.accepts_marketing and member.email_verified  # the consent as it is now
        if not allowed:
            return None
        try:
            with transaction.atomic():
                delivery = AutomationDelivery.objects.create(
                    rule=rule, member=member, occasion=due.occasion, order=due.order
                )
        except IntegrityError:
            return None  # this occasion is already mailed (a second run, or a concurrent one)
        context = {
            "user": member,
            "message": message,
            "shop_url": _site(reverse("storefront:home")),
            **extra,
            **due.context,
        }
        links, headers = {}, {}
        if rule in PROMOTIONAL:
            links = {"unsubscribe_url": SecretLink(CONSENT_LINK, {"user_id": member.pk})}
            headers = unsubscribe_headers(unsubscribe_url(user=member))
        delivery.email = email_queue(
            to=member.email,
            user=member,
            kind=f"automation_{rule}",
            template=f"automations/email/{rule}",
            context=context,
            headers=headers,
            secret_links=links,
            dedupe_key=f"automation:{rule}:{member.pk}:{due.occasion}",
        )
        delivery.save(update_fields=["email"])
    return delivery


def _due_and_extra(rule: str, current: AutomationSettings, now: datetime.datetime):
    if rule == Rule.WINBACK:
        return selectors.winback_due(now=now, every_days=current.winback_every_days), {
            "voucher": current.winback_voucher
            if current.winback_voucher and current.winback_voucher.is_active
            else None
        }
    if rule == Rule.ABANDONED_CART:
        return selectors.cart_due(now=now, idle_hours=current.cart_idle_hours), {
            "cart_url": _site(reverse("checkout:cart"))
        }
    if rule == Rule.NEW_ARRIVALS:
        return selectors.new_arrivals_due(now=now), {"catalog_url": _site(reverse("catalog:catalog"))}
    if rule == Rule.AFTER_DELIVERY:
        return selectors.after_delivery_due(now=now, days=current.delivery_days), {
            "guestbook_url": _site(reverse("care:guestbook"))
        }
    if rule == Rule.PAYMENT_REMINDER:
        return selectors.payment_reminder_due(now=now, hours_before=current.payment_hours_before), {}
    raise ValueError(rule)


def automation_run(*, rule: str, now: datetime.datetime | None = None) -> int:
    """Mail everyone due for one automation now (when it is on); safe to run twice or concurrently.

    Returns how many mails were queued.
    """
    now = now or timezone.now()
    current = AutomationSettings.load()
    if not current.is_enabled(rule):
        return 0
    due, extra = _due_and_extra(rule, current, now)
    message = current.message_for(rule)
    sent = 0
    for item in due:
        if _deliver(rule=rule, due=item, message=message, extra=extra) is not None:
            sent += 1
    if sent:
        logger.info("Automation %s queued %s mails", rule, sent)
    return sent


def member_erase_automation_data(*, user: User) -> None:
    """Privacy erasure step: the record of the member's automatic mails goes (the outbox has its own step)."""
    AutomationDelivery.objects.filter(member=user).delete()
