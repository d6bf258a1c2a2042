"""Reads of the automations: who is due for each rule now (the facts; automations.rules decides), and what
each automation sent and brought."""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Exists, Max, OuterRef, Q, QuerySet, Sum, Value
from django.db.models.functions import Concat
from django.utils import timezone
from django.utils.translation import gettext as _

from pasarmurah.accounts.models import User
from pasarmurah.automations import rules
from pasarmurah.automations.models import PROMOTIONAL, AutomationDelivery, AutomationSettings, Rule
from pasarmurah.campaigns.models import Campaign, CampaignKind, CampaignRecipient
from pasarmurah.campaigns.selectors import CampaignResults, campaign_results, mailable_members
from pasarmurah.catalog.models import Product
from pasarmurah.catalog.pricing import PromoBook, attach_prices, priced_lines
from pasarmurah.checkout.models import Cart, CartLine
from pasarmurah.core.privacy import export_section
from pasarmurah.crm import rfm
from pasarmurah.crm.models import SegmentRun, SegmentSnapshot, WishlistItem
from pasarmurah.mail.models import OutboundEmail
from pasarmurah.orders.models import PAID_OR_LATER, Order, OrderLine, OrderStatus

CHUNK = 500
# A cart left longer than this is not reminded when the rule is switched on: the moment has passed.
CART_LOOKBACK = datetime.timedelta(days=7)
DIGEST_MAX_PRODUCTS = 12


@dataclass
class Due:
    """One mail an automation owes now: to whom, for which occasion, with what in it."""

    member: User
    occasion: str
    context: dict = field(default_factory=dict)
    order: Order | None = None


def automation_settings() -> AutomationSettings:
    return AutomationSettings.load()


def _recipients(*, promotional: bool) -> QuerySet[User]:
    """Members an automation may mail: active, not erased, not staff; for promotions opted in and verified
    (campaigns.selectors.mailable_members, checked again when the mail is handed to the outbox)."""
    if promotional:
        return mailable_members()
    return User.objects.filter(is_active=True, is_staff=False, anonymised_at__isnull=True)


def automation_campaign(rule: str) -> Campaign | None:
    """The campaign an automation's promotional mails are recorded on (kind automation, source = rule)."""
    return Campaign.objects.filter(kind=CampaignKind.AUTOMATION, source=rule).order_by("pk").first()


def _reached(rule: str):
    """The rule's recipients so far (on its campaign): the once-only record of its promotional mails."""
    return CampaignRecipient.objects.filter(campaign__kind=CampaignKind.AUTOMATION, campaign__source=rule)


def _chunks(ids: list[int]):
    for start in range(0, len(ids), CHUNK):
        yield ids[start : start + CHUNK]


# --- Who is due ---------------------------------------------------------------------------------------------


def winback_due(*, now: datetime.datetime, every_days: int) -> list[Due]:
    """Members of the latest RFM run who entered Berisiko or Tertidur and had no win-back since (nor within
    `every_days`)."""
    run = SegmentRun.objects.order_by("-date").first()
    if run is None:
        return []
    current = {
        snapshot.member_id: snapshot
        for snapshot in SegmentSnapshot.objects.filter(
            run=run,
            group__in=rules.WINBACK_GROUPS,
            member__in=_recipients(promotional=True),
        ).select_related("member")
    }
    today = timezone.localdate(now)
    due = []
    for ids in _chunks(sorted(current)):
        history = defaultdict(list)
        for member_id, day, group in (
            SegmentSnapshot.objects.filter(member_id__in=ids, run__date__lte=run.date)
            .order_by("member_id", "run__date")
            .values_list("member_id", "run__date", "group")
        ):
            history[member_id].append((day, group))
        sent = defaultdict(list)
        for member_id, at in (
            _reached(Rule.WINBACK).filter(member_id__in=ids).values_list("member_id", "created_at")
        ):
            sent[member_id].append(timezone.localdate(at))
        for member_id in ids:
            occasion = rules.winback_occasion(
                snapshots=history[member_id], sent_on=sent[member_id], today=today, every_days=every_days
            )
            if occasion:
                due.append(Due(current[member_id].member, occasion))
    return due


def cart_due(*, now: datetime.datetime, idle_hours: int) -> list[Due]:
    """Members whose stored cart has been idle `idle_hours`, holds something in stock and saw no order since;
    the mail shows the items in stock at their current price."""
    cutoff = now - datetime.timedelta(hours=idle_hours)
    carts = list(
        Cart.objects.filter(member__in=_recipients(promotional=True))
        .annotate(last_line=Max("lines__added_at"))
        .filter(last_line__isnull=False, last_line__lte=cutoff, updated_at__lte=cutoff)
        .filter(Q(last_line__gte=now - CART_LOOKBACK) | Q(updated_at__gte=now - CART_LOOKBACK))
        .select_related("member")
    )
    if not carts:
        return []
    book = PromoBook.load()
    due = []
    for chunk in _chunks([cart.pk for cart in carts]):
        items = defaultdict(dict)
        for cart_id, product_id, quantity in CartLine.objects.filter(cart_id__in=chunk).values_list(
            "cart_id", "product_id", "quantity"
        ):
            items[cart_id][product_id] = quantity
        in_chunk = set(chunk)
        by_pk = {cart.pk: cart for cart in carts if cart.pk in in_chunk}
        last_orders = dict(
            Order.objects.filter(member_id__in=[cart.member_id for cart in by_pk.values()])
            .values("member_id")
            .annotate(last=Max("created_at"))
            .values_list("member_id", "last")
        )
        for cart_id, cart in by_pk.items():
            last_change = max(cart.updated_at, cart.last_line)
            last_order = last_orders.get(cart.member_id)
            lines = priced_lines(items[cart_id], book=book, with_images=False)
            in_stock = [line for line in lines.lines if line.available]
            occasion = rules.cart_occasion(
                items=items[cart_id],
                last_change=last_change,
                now=now,
                idle_hours=idle_hours,
                ordered_since=last_order is not None and last_order >= last_change,
                in_stock=bool(in_stock),
            )
            if occasion:
                due.append(Due(cart.member, occasion))
    return due


def cart_in_stock(*, member: User) -> dict:
    """The member's cart lines that are in stock, at their current price (the reminder's content)."""
    items = dict(CartLine.objects.filter(cart__member=member).values_list("product_id", "quantity"))
    lines = [line for line in priced_lines(items, with_images=False).lines if line.available]
    return {"lines": lines, "subtotal": sum(line.line_total for line in lines)}


def member_interest_categories(*, member_ids: list[int]) -> dict[int, set[int]]:
    """Per member, the categories of the products it bought (paid or later) or wished."""
    interests = defaultdict(set)
    bought = (
        OrderLine.objects.filter(
            order__member_id__in=member_ids, order__status__in=PAID_OR_LATER, product__isnull=False
        )
        .values_list("order__member_id", "product__category_id")
        .distinct()
    )
    wished = (
        WishlistItem.objects.filter(user_id__in=member_ids)
        .values_list("user_id", "product__category_id")
        .distinct()
    )
    for member_id, category_id in [*bought, *wished]:
        if category_id:
            interests[member_id].add(category_id)
    return interests


def new_products(*, now: datetime.datetime) -> list[Product]:
    """Products added in the last week, on sale and in stock, newest first, priced now."""
    products = list(
        Product.objects.filter(
            is_active=True,
            stock__gt=0,
            created_at__gte=now - datetime.timedelta(days=rules.NEW_ARRIVALS_DAYS),
        )
        .select_related("category", "brand")
        .order_by("-created_at", "pk")
    )
    return attach_prices(products)


def _picked(products: list[Product], categories: set[int]) -> list[Product]:
    return [
        product
        for product in products
        if product.category_id in categories or product.category.parent_id in categories
    ][:DIGEST_MAX_PRODUCTS]


def new_arrivals_for(*, member: User, now: datetime.datetime) -> list[Product]:
    """The new products of one member's categories (the digest's content when it is sent)."""
    categories = member_interest_categories(member_ids=[member.pk]).get(member.pk, set())
    return _picked(new_products(now=now), categories) if categories else []


def new_arrivals_due(*, now: datetime.datetime) -> list[Due]:
    """This week's digest: products added in the last 7 days, on sale and in stock, in a category each member
    bought or wished (or under it); members with nothing new get nothing."""
    products = new_products(now=now)
    if not products:
        return []
    occasion = rules.week_occasion(timezone.localdate(now))
    members = _recipients(promotional=True).exclude(
        Exists(_reached(Rule.NEW_ARRIVALS).filter(member=OuterRef("pk"), occasion=occasion))
    )
    due = []
    for ids in _chunks(list(members.values_list("pk", flat=True))):
        interests = member_interest_categories(member_ids=ids)
        by_pk = User.objects.in_bulk([pk for pk, categories in interests.items() if categories])
        for member_id, categories in interests.items():
            if _picked(products, categories):
                due.append(Due(by_pk[member_id], occasion))
    return due


def _orders_not_yet_mailed(rule: str) -> QuerySet[Order]:
    if rule in PROMOTIONAL:
        mailed = _reached(rule).filter(
            member=OuterRef("member"), occasion=Concat(Value("order:"), OuterRef("number"))
        )
    else:
        mailed = AutomationDelivery.objects.filter(rule=rule, order=OuterRef("pk"))
    return Order.objects.exclude(Exists(mailed)).select_related("member")


def after_delivery_due(*, now: datetime.datetime, days: int) -> list[Due]:
    """Orders completed `days` ago (or up to a week before): a thank-you asking for a rating."""
    start, end = rules.after_delivery_window(now=now, days=days)
    orders = _orders_not_yet_mailed(Rule.AFTER_DELIVERY).filter(
        status=OrderStatus.COMPLETED,
        closed_at__gte=start,
        closed_at__lte=end,
        member__in=_recipients(promotional=True),
    )
    return [Due(order.member, rules.order_occasion(order.number)) for order in orders]


def order_of_occasion(*, member: User, occasion: str) -> Order | None:
    """The member's order an "order:<number>" occasion names."""
    return Order.objects.filter(member=member, number=occasion.removeprefix("order:")).first()


def payment_reminder_due(*, now: datetime.datetime, hours_before: int) -> list[Due]:
    """Unpaid orders whose payment deadline is within `hours_before` hours (transactional: no opt-in)."""
    start, end = rules.payment_reminder_window(now=now, hours_before=hours_before)
    orders = _orders_not_yet_mailed(Rule.PAYMENT_REMINDER).filter(
        status=OrderStatus.AWAITING_PAYMENT,
        payment_deadline__gt=start,
        payment_deadline__lte=end,
        member__in=_recipients(promotional=False),
    )
    return [
        Due(order.member, rules.order_occasion(order.number), {"order": order}, order) for order in orders
    ]


# --- What each automation sent and brought ------------------------------------------------------------------


def _payment_attributed_orders() -> QuerySet[Order]:
    """Orders paid (or later) within ATTRIBUTION_DAYS after their payment reminder."""
    window = datetime.timedelta(days=rules.ATTRIBUTION_DAYS)
    return Order.objects.filter(status__in=PAID_OR_LATER, paid_at__isnull=False).filter(
        Exists(
            AutomationDelivery.objects.filter(
                rule=Rule.PAYMENT_REMINDER,
                order=OuterRef("pk"),
                created_at__lte=OuterRef("paid_at"),
                created_at__gte=OuterRef("paid_at") - window,
            )
        )
    )


def _payment_reminder_results() -> CampaignResults:
    """The payment reminders' counts in the shape of a campaign's results (they have no campaign: they are
    transactional and go to members whatever their promotions choice)."""
    results = CampaignResults()
    S = OutboundEmail.Status
    for status, n in (
        AutomationDelivery.objects.filter(rule=Rule.PAYMENT_REMINDER)
        .values("email__status")
        .annotate(n=Count("pk"))
        .values_list("email__status", "n")
    ):
        results.total += n
        if status == S.SENT:
            results.sent += n
        elif status in (S.FAILED, S.GAVE_UP):
            results.failed += n
        else:
            results.queued += n
    brought = _payment_attributed_orders().aggregate(orders=Count("pk"), revenue=Sum("total"))
    results.orders, results.revenue = brought["orders"] or 0, brought["revenue"] or 0
    return results


def automation_results(*, rule: str) -> CampaignResults:
    """What one automation sent and brought: its campaign's results (sent, failed, skipped, clicks, orders
    and revenue, unsubscribes), or the payment reminders' own."""
    if rule == Rule.PAYMENT_REMINDER:
        return _payment_reminder_results()
    campaign = automation_campaign(rule)
    return campaign_results(campaign=campaign) if campaign else CampaignResults()


def automations_overview() -> list[dict]:
    """Every automation with its switch and results, in the order of the staff page."""
    current = automation_settings()
    return [
        {
            "rule": rule,
            "label": rule.label,
            "enabled": current.is_enabled(rule),
            "results": automation_results(rule=rule),
        }
        for rule in Rule
    ]


@dataclass(frozen=True)
class SentMail:
    """One row of an automation's latest mails."""

    at: datetime.datetime
    member: User
    occasion: str
    status: str

    @property
    def occasion_label(self) -> str:
        """The occasion as staff read it: "Berisiko · 2026-12-01", "PM-2612-000001", "2026-W49"."""
        kind, _sep, value = self.occasion.partition(":")
        if kind in rfm.Group.values:
            return f"{rfm.Group(kind).label} · {value}"
        if kind == "cart":
            return _("cart %(code)s") % {"code": value[:6]}
        return value or self.occasion


def automation_mails(*, rule: str, limit: int = 50) -> list[SentMail]:
    """The rule's latest mails with their member and where each one is (waiting, skipped, sent...)."""
    if rule == Rule.PAYMENT_REMINDER:
        rows = (
            AutomationDelivery.objects.filter(rule=rule)
            .select_related("member", "email")
            .order_by("-created_at", "-pk")[:limit]
        )
        return [
            SentMail(
                row.created_at, row.member, row.occasion, row.email.get_status_display() if row.email else ""
            )
            for row in rows
        ]
    rows = _reached(rule).select_related("member", "email").order_by("-created_at", "-pk")[:limit]
    return [
        SentMail(
            row.created_at,
            row.member,
            row.occasion,
            row.email.get_status_display() if row.email else row.get_status_display(),
        )
        for row in rows
    ]


@export_section(
    covers=["automations.AutomationDelivery"],
    excludes={"automations.AutomationEvent": "the staff member who changed the automation settings"},
)
def member_export_automation_data(*, user) -> dict:
    """The payment reminders the member got (the promotional automations' mails are campaign recipients,
    in the campaigns' section)."""
    return {
        "automatic_emails": [
            {"automation": rule, "occasion": occasion, "at": at.isoformat()}
            for rule, occasion, at in AutomationDelivery.objects.filter(member=user)
            .order_by("created_at", "pk")
            .values_list("rule", "occasion", "created_at")
        ]
    }
