"""How the promotional automations fill their mails when the campaigns' sending job hands them to the outbox
(campaigns.services.source_mail_register): the content is built at that moment, so a reminder shows today's
prices and a member's consent is checked then by the campaigns' pipeline. Every link into the shop goes
through the campaign's click redirect, so what an automation brought counts like a campaign's."""

from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from pasarmurah.automations import selectors
from pasarmurah.automations.models import Rule
from pasarmurah.campaigns.services import source_mail_register, tracked


def _site(path: str) -> str:
    return settings.SITE_URL + path


def _common(*, rule: str, recipient) -> dict:
    return {"message": selectors.automation_settings().message_for(rule), "occasion": recipient.occasion}


def winback_context(*, recipient, member) -> dict:
    return _common(rule=Rule.WINBACK, recipient=recipient) | {"group": recipient.occasion.split(":", 1)[0]}


def abandoned_cart_context(*, recipient, member) -> dict:
    return (
        _common(rule=Rule.ABANDONED_CART, recipient=recipient)
        | selectors.cart_in_stock(member=member)
        | {"cart_url": tracked(_site(reverse("checkout:cart")), recipient.token)}
    )


def new_arrivals_context(*, recipient, member) -> dict:
    products = selectors.new_arrivals_for(member=member, now=timezone.now())
    for product in products:
        product.mail_url = tracked(_site(product.get_absolute_url()), recipient.token)
    return _common(rule=Rule.NEW_ARRIVALS, recipient=recipient) | {
        "products": products,
        "catalog_url": tracked(_site(reverse("catalog:catalog")), recipient.token),
    }


def after_delivery_context(*, recipient, member) -> dict:
    order = selectors.order_of_occasion(member=member, occasion=recipient.occasion)
    return _common(rule=Rule.AFTER_DELIVERY, recipient=recipient) | {
        "order": order,
        "order_url": tracked(_site(order.get_absolute_url()), recipient.token) if order else "",
        "guestbook_url": tracked(_site(reverse("care:guestbook")), recipient.token),
    }


BUILDERS = {
    Rule.WINBACK: winback_context,
    Rule.ABANDONED_CART: abandoned_cart_context,
    Rule.NEW_ARRIVALS: new_arrivals_context,
    Rule.AFTER_DELIVERY: after_delivery_context,
}


def source_mails_register() -> None:
    """Tell the campaigns' sending job how each promotional automation renders (AutomationsConfig.ready)."""
    for rule, builder in BUILDERS.items():
        source_mail_register(rule.value, template=f"automations/email/{rule.value}", context=builder)
