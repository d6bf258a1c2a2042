"""Reads of the campaigns domain: the audience of rules, a campaign's results, what reached a member."""

import datetime
from dataclasses import asdict, dataclass, field

from django.db.models import Count, Exists, F, OuterRef, Q, QuerySet, Subquery, Sum
from django.utils import timezone

from pasarmurah.accounts.models import Address, User
from pasarmurah.campaigns.models import (
    Campaign,
    CampaignClick,
    CampaignRecipient,
    MarketingConsent,
    RecipientStatus,
    VoucherMode,
)
from pasarmurah.core.privacy import export_section
from pasarmurah.crm.models import CustomerTagLink, SegmentRun, SegmentSnapshot, WishlistItem
from pasarmurah.mail.models import OutboundEmail
from pasarmurah.orders.models import PAID_OR_LATER, Order, OrderLine

ATTRIBUTION_WINDOW = datetime.timedelta(days=7)


@dataclass
class AudienceRules:
    """Who a campaign is for. Every rule given must hold (AND); inside one rule any listed value will do (OR).

    No rule at all reaches nobody unless `everyone` is set, so an empty form never mails the whole list.
    Whatever the rules, only verified, opted-in, active, not erased members (never staff) are reached.
    """

    everyone: bool = False
    segments: list[str] = field(default_factory=list)  # RFM groups (crm.rfm.Group) of the latest run
    tags: list[int] = field(default_factory=list)  # crm.CustomerTag ids
    bought_categories: list[int] = field(default_factory=list)  # a category or its subcategories
    bought_brands: list[int] = field(default_factory=list)
    bought_within_days: int | None = None  # None: ever
    wished_products: list[int] = field(default_factory=list)
    wished_categories: list[int] = field(default_factory=list)
    provinces: list[str] = field(default_factory=list)
    birth_months: list[int] = field(default_factory=list)
    never_bought: bool = False

    @classmethod
    def from_dict(cls, data: dict | None) -> "AudienceRules":
        names = set(cls.__dataclass_fields__)
        return cls(**{key: value for key, value in (data or {}).items() if key in names})

    def as_dict(self) -> dict:
        return asdict(self)

    @property
    def has_rules(self) -> bool:
        return any(
            (
                self.segments,
                self.tags,
                self.bought_categories,
                self.bought_brands,
                self.wished_products,
                self.wished_categories,
                self.provinces,
                self.birth_months,
                self.never_bought,
            )
        )


def mailable_members() -> QuerySet[User]:
    """Members promotional mail may reach now: verified, opted in, active, not erased, not staff."""
    return User.objects.filter(
        is_staff=False,
        is_active=True,
        anonymised_at__isnull=True,
        email_verified_at__isnull=False,
        accepts_marketing=True,
    )


def may_mail(user: User) -> str:
    """Why this member may not get promotional mail now ("" when it may): checked again at send time."""
    if user.anonymised_at is not None:
        return "erased"
    if not user.is_active or user.is_staff:
        return "inactive"
    if user.email_verified_at is None:
        return "unverified"
    if not user.accepts_marketing:
        return "no_consent"
    return ""


def audience_members(*, rules: AudienceRules, now: datetime.datetime | None = None) -> QuerySet[User]:
    """The members a set of rules reaches (a queryset: count it, or stream its ids)."""
    if not (rules.everyone or rules.has_rules):
        return User.objects.none()
    members = mailable_members()
    now = now or timezone.now()
    if rules.segments:
        latest_run = SegmentRun.objects.order_by("-date").values("pk")[:1]
        members = members.filter(
            Exists(
                SegmentSnapshot.objects.filter(
                    member=OuterRef("pk"), run=Subquery(latest_run), group__in=rules.segments
                )
            )
        )
    if rules.tags:
        members = members.filter(
            Exists(CustomerTagLink.objects.filter(member=OuterRef("pk"), tag_id__in=rules.tags))
        )
    if rules.bought_categories or rules.bought_brands:
        lines = OrderLine.objects.filter(order__member=OuterRef("pk"), order__status__in=PAID_OR_LATER)
        if rules.bought_within_days is not None:
            lines = lines.filter(
                order__created_at__gte=now - datetime.timedelta(days=rules.bought_within_days)
            )
        if rules.bought_categories:
            members = members.filter(
                Exists(
                    lines.filter(
                        Q(product__category_id__in=rules.bought_categories)
                        | Q(product__category__parent_id__in=rules.bought_categories)
                    )
                )
            )
        if rules.bought_brands:
            members = members.filter(Exists(lines.filter(product__brand_id__in=rules.bought_brands)))
    if rules.wished_products:
        members = members.filter(
            Exists(WishlistItem.objects.filter(user=OuterRef("pk"), product_id__in=rules.wished_products))
        )
    if rules.wished_categories:
        members = members.filter(
            Exists(
                WishlistItem.objects.filter(user=OuterRef("pk")).filter(
                    Q(product__category_id__in=rules.wished_categories)
                    | Q(product__category__parent_id__in=rules.wished_categories)
                )
            )
        )
    if rules.provinces:
        members = members.filter(
            Exists(Address.objects.filter(user=OuterRef("pk"), province__in=rules.provinces))
        )
    if rules.birth_months:
        members = members.filter(birth_date__month__in=rules.birth_months)
    if rules.never_bought:
        members = members.filter(
            ~Exists(Order.objects.filter(member=OuterRef("pk"), status__in=PAID_OR_LATER))
        )
    return members


def audience_count(*, rules: AudienceRules) -> int:
    return audience_members(rules=rules).count()


# --- Results ------------------------------------------------------------------------------------------------


@dataclass
class CampaignResults:
    total: int = 0
    waiting: int = 0  # not yet handed to the outbox
    queued: int = 0  # in the outbox, not yet sent
    sent: int = 0
    failed: int = 0  # failed at least once and retrying, or given up
    skipped: int = 0  # no longer opted in, erased or unverified at send time
    clicks: int = 0
    clickers: int = 0
    orders: int = 0
    revenue: int = 0
    unsubscribes: int = 0

    @property
    def done(self) -> int:
        return self.sent + self.failed + self.skipped

    @property
    def percent(self) -> int:
        return int(100 * self.done / self.total) if self.total else 0


def _attributed(campaigns: list[Campaign]) -> dict[int, dict[int, int]]:
    """{campaign id: {order id: total}} of the orders each campaign brought: paid (or later) by a recipient
    within 7 days after a click on the campaign's mail, or using its voucher (the shared code, or a
    recipient's own code). An order found both ways counts once. Three queries for any number of campaigns."""
    ids = [campaign.pk for campaign in campaigns]
    found: dict[int, dict[int, int]] = {pk: {} for pk in ids}
    orders = "recipient__member__orders__"
    clicked = (
        CampaignClick.objects.filter(
            recipient__campaign_id__in=ids,
            **{
                f"{orders}status__in": PAID_OR_LATER,
                f"{orders}paid_at__gte": F("at"),
                f"{orders}paid_at__lte": F("at") + ATTRIBUTION_WINDOW,
            },
        )
        .values_list("recipient__campaign_id", f"{orders}id", f"{orders}total")
        .distinct()
    )
    for campaign_id, order_id, total in clicked:
        found[campaign_id][order_id] = total
    shared = {c.voucher_id: c.pk for c in campaigns if c.voucher_mode == VoucherMode.SHARED and c.voucher_id}
    if shared:
        paid = Order.objects.filter(status__in=PAID_OR_LATER, voucher_redemption__voucher_id__in=list(shared))
        for voucher_id, order_id, total in paid.values_list("voucher_redemption__voucher_id", "pk", "total"):
            found[shared[voucher_id]][order_id] = total
    if any(c.voucher_mode == VoucherMode.UNIQUE for c in campaigns):
        own = "voucher__redemptions__order__"
        redeemed = CampaignRecipient.objects.filter(
            campaign_id__in=ids, voucher__isnull=False, **{f"{own}status__in": PAID_OR_LATER}
        ).values_list("campaign_id", f"{own}id", f"{own}total")
        for campaign_id, order_id, total in redeemed:
            found[campaign_id][order_id] = total
    return found


def results_for(campaigns: list[Campaign]) -> dict[int, CampaignResults]:
    """The results of many campaigns at once (five queries whatever their number and size)."""
    ids = [campaign.pk for campaign in campaigns]
    results = {pk: CampaignResults() for pk in ids}
    if not ids:
        return results
    rows = (
        CampaignRecipient.objects.filter(campaign_id__in=ids)
        .values("campaign_id", "status", "email__status")
        .annotate(n=Count("pk"))
        .order_by()
    )
    for row in rows:
        result, n = results[row["campaign_id"]], row["n"]
        result.total += n
        if row["status"] in (RecipientStatus.PENDING, RecipientStatus.CLAIMED):
            result.waiting += n
        elif row["status"] == RecipientStatus.SKIPPED:
            result.skipped += n
        elif row["email__status"] == OutboundEmail.Status.SENT:
            result.sent += n
        elif row["email__status"] in (OutboundEmail.Status.FAILED, OutboundEmail.Status.GAVE_UP):
            result.failed += n
        else:
            result.queued += n
    engagement = (
        CampaignRecipient.objects.filter(campaign_id__in=ids)
        .values("campaign_id")
        .annotate(
            total_clicks=Sum("clicks"),
            clicked=Count("pk", filter=Q(clicks__gt=0)),
            unsubscribed=Count("pk", filter=Q(unsubscribed_at__isnull=False)),
        )
        .order_by()
    )
    for row in engagement:
        result = results[row["campaign_id"]]
        result.clicks = row["total_clicks"] or 0
        result.clickers = row["clicked"]
        result.unsubscribes = row["unsubscribed"]
    for campaign_id, orders in _attributed(campaigns).items():
        results[campaign_id].orders = len(orders)
        results[campaign_id].revenue = sum(orders.values())
    return results


def campaign_results(*, campaign: Campaign) -> CampaignResults:
    """Counts of one campaign: queued, sent, failed, skipped, clicks, unsubscribes, orders and revenue."""
    return results_for([campaign])[campaign.pk]


def campaigns_with_results(*, kind: str | None = None, since: datetime.datetime | None = None) -> list:
    """Campaigns (newest 200), each with `.results`: for the campaign list and the reports."""
    campaigns = Campaign.objects.select_related("created_by").order_by("-created_at", "-pk")
    if kind:
        campaigns = campaigns.filter(kind=kind)
    if since:
        campaigns = campaigns.filter(created_at__gte=since)
    campaigns = list(campaigns[:200])
    results = results_for(campaigns)
    for campaign in campaigns:
        campaign.results = results[campaign.pk]
    return campaigns


def campaign_events(*, campaign: Campaign):
    return campaign.events.select_related("actor")


def campaign_for_staff(*, pk: int) -> Campaign:
    return Campaign.objects.select_related("voucher", "created_by").get(pk=pk)


def recipient_by_token(*, token: str) -> CampaignRecipient | None:
    return CampaignRecipient.objects.select_related("campaign", "member").filter(token=token).first()


# --- The member: customer 360 and the export ----------------------------------------------------------------

MEMBER_CAMPAIGNS_SHOWN = 30


def campaigns_for_member(*, member: User) -> list[CampaignRecipient]:
    """The campaigns and automation mails that reached (or are about to reach) a member, newest first."""
    return list(
        CampaignRecipient.objects.filter(member=member)
        .select_related("campaign", "email")
        .order_by("-created_at", "-pk")[:MEMBER_CAMPAIGNS_SHOWN]
    )


def member_consent_history(*, member: User) -> list[MarketingConsent]:
    return list(MarketingConsent.objects.filter(member=member))


@export_section(
    covers=["campaigns.CampaignRecipient", "campaigns.MarketingConsent"],
    excludes={
        "campaigns.Campaign": "its author is a member of staff (a staff-side record)",
        "campaigns.CampaignEvent": "actions of staff on a campaign (the staff-side audit trail)",
    },
    withholds={"campaigns.CampaignRecipient": "the link token (it names the recipient in its mail's links)"},
)
def member_export_campaign_data(*, user: User) -> dict:
    """The member's promotional-mail consent history and the campaign mails it got, with its clicks."""
    recipients = (
        CampaignRecipient.objects.filter(member=user)
        .select_related("campaign", "email", "voucher")
        .prefetch_related("click_rows")
        .order_by("created_at", "pk")
    )
    return {
        "promotional_mail_consent": [
            {"given": row.given, "source": row.source, "at": row.at.isoformat()}
            for row in MarketingConsent.objects.filter(member=user).order_by("at", "pk")
        ],
        "campaign_mails": [
            {
                "campaign": row.campaign.name,
                "subject": row.campaign.subject,
                "kind": row.campaign.kind,
                "occasion": row.occasion,
                "status": row.email.status if row.email else row.status,
                "queued_at": row.queued_at.isoformat() if row.queued_at else None,
                "voucher": row.voucher.code if row.voucher else None,
                "clicks": [{"url": click.url, "at": click.at.isoformat()} for click in row.click_rows.all()],
                "unsubscribed_at": row.unsubscribed_at.isoformat() if row.unsubscribed_at else None,
            }
            for row in recipients
        ],
    }
