"""Writes of the campaigns domain: editing, scheduling, queueing recipients, sending in batches, clicks,
unsubscribes, the consent record and the member's erasure step.

Sending has two steps. `campaign_start` writes one `CampaignRecipient` per member of the audience in one
transaction (unique per campaign, member and occasion: running it twice adds nobody). `campaign_send_batch`
then claims some waiting recipients with a conditional UPDATE under a claim key of its own, checks each
member again (consent, erasure, verification: the state at send time counts) and hands each mail to the outbox
with a dedupe key, marking the recipient queued in the same transaction. A worker that dies leaves its claimed
rows; their claim expires and the next batch takes them, and the outbox's dedupe key keeps a mail that did
get queued from being queued twice. The outbox then delivers with retries: a mail server that is down delays.
"""

import datetime
import logging
import re
import secrets
import uuid
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.core import signing
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, connection, transaction
from django.db.models import F, Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from pasarmurah.accounts.models import User
from pasarmurah.accounts.services import unsubscribe, unsubscribe_token
from pasarmurah.campaigns.models import (
    Campaign,
    CampaignClick,
    CampaignEvent,
    CampaignKind,
    CampaignProduct,
    CampaignRecipient,
    CampaignStatus,
    MarketingConsent,
    RecipientStatus,
    VoucherMode,
)
from pasarmurah.campaigns.selectors import AudienceRules, audience_members, may_mail
from pasarmurah.catalog.models import Product
from pasarmurah.catalog.pricing import PromoBook
from pasarmurah.core.text import render_markdown
from pasarmurah.mail.outbox import deliveries_together, email_queue, unsubscribe_headers
from pasarmurah.promotions.models import Voucher
from pasarmurah.store.selectors import email_context

logger = logging.getLogger(__name__)

CLICK_SALT = "campaigns.click"
CLAIM_LEASE = datetime.timedelta(minutes=10)
INSERT_BATCH = 2000
MAX_PRODUCTS = 6
HREF = re.compile(r'href="([^"]+)"')


@dataclass(frozen=True)
class SourceMail:
    """How an automation rule (a campaign's `source`) fills its mail: a template of its own (`<template>.txt`,
    `_subject.txt`, `.html`) and a builder called with recipient= and member= returning extra context."""

    template: str
    context: Callable[..., dict] | None = None


SOURCE_MAILS: dict[str, SourceMail] = {}


def source_mail_register(source: str, *, template: str, context: Callable[..., dict] | None = None) -> None:
    """Let an automation rule render its mails its own way (called once, from its module)."""
    SOURCE_MAILS[source] = SourceMail(template=template, context=context)


class CampaignError(Exception):
    """A refused campaign action; the message is for the person acting."""


def _event(campaign: Campaign, kind: str, by: User | None, note: str = "") -> None:
    CampaignEvent.objects.create(campaign=campaign, kind=kind, actor=by, note=note[:300])


def _require_sender(by: User) -> None:
    if not by.has_perm("campaigns.send_campaign"):
        raise PermissionDenied


# --- Editing ------------------------------------------------------------------------------------------------


def campaign_products_check(products: list[Product]) -> None:
    """Product blocks show what members can buy: inactive products are refused."""
    inactive = [product.name for product in products if not product.is_active]
    if inactive:
        raise CampaignError(
            _("These products are not shown in the shop and cannot be in a campaign: %(names)s")
            % {"names": ", ".join(inactive)}
        )
    if len(products) > MAX_PRODUCTS:
        raise CampaignError(_("A campaign shows at most %(n)d products.") % {"n": MAX_PRODUCTS})


@transaction.atomic
def campaign_save(
    *,
    by: User,
    campaign: Campaign | None = None,
    name: str,
    subject: str,
    preheader: str = "",
    body: str = "",
    products: list[Product] | None = None,
    audience: AudienceRules,
    voucher_mode: str = VoucherMode.NONE,
    voucher: Voucher | None = None,
) -> Campaign:
    """Create or edit a draft campaign (Customer Service and the Owner)."""
    products = list(products or [])
    campaign_products_check(products)
    if voucher_mode != VoucherMode.NONE and voucher is None:
        raise CampaignError(_("Choose the voucher the campaign gives."))
    if voucher_mode == VoucherMode.NONE:
        voucher = None
    created = campaign is None
    if created:
        campaign = Campaign(kind=CampaignKind.CAMPAIGN, created_by=by)
    else:
        campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
        if not campaign.is_editable:
            raise CampaignError(_("Only a draft can be changed."))
    campaign.name = name.strip()
    campaign.subject = subject.strip()
    campaign.preheader = preheader.strip()
    campaign.body = body
    campaign.audience = audience.as_dict()
    campaign.voucher_mode = voucher_mode
    campaign.voucher = voucher
    campaign.save()
    CampaignProduct.objects.filter(campaign=campaign).delete()
    CampaignProduct.objects.bulk_create(
        CampaignProduct(campaign=campaign, product=product, position=index)
        for index, product in enumerate(products)
    )
    _event(campaign, CampaignEvent.Kind.CREATED if created else CampaignEvent.Kind.EDITED, by)
    return campaign


@transaction.atomic
def campaign_schedule(*, campaign: Campaign, by: User, at: datetime.datetime | None = None) -> Campaign:
    """Schedule a draft (the Owner): at `at`, or now when None. An audience of nobody is refused."""
    _require_sender(by)
    campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
    if campaign.status != CampaignStatus.DRAFT:
        raise CampaignError(_("This campaign was already scheduled or sent."))
    campaign_products_check([block.product for block in campaign.product_blocks.select_related("product")])
    count = audience_members(rules=AudienceRules.from_dict(campaign.audience)).count()
    if count == 0:
        raise CampaignError(_("No member matches this audience (verified, opted in): nothing to send."))
    now = timezone.now()
    if at is not None and at <= now:
        raise CampaignError(_("Choose a time in the future, or send now."))
    campaign.status = CampaignStatus.SCHEDULED
    campaign.scheduled_at = at or now
    campaign.save(update_fields=["status", "scheduled_at", "updated_at"])
    if at is None:
        _event(campaign, CampaignEvent.Kind.SENT_NOW, by, note=str(count))
        transaction.on_commit(_dispatch_soon)
    else:
        _event(campaign, CampaignEvent.Kind.SCHEDULED, by, note=at.isoformat())
    return campaign


def _dispatch_soon() -> None:
    from pasarmurah.campaigns.tasks import campaigns_dispatch_now

    try:
        campaigns_dispatch_now()
    except Exception:  # the periodic dispatch picks it up within a minute
        logger.exception("Could not schedule the campaign dispatch")


@transaction.atomic
def campaign_cancel(*, campaign: Campaign, by: User) -> Campaign:
    """Cancel a scheduled campaign, or stop one that is sending (what is in the outbox already still goes)."""
    _require_sender(by)
    campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
    if campaign.status not in (CampaignStatus.SCHEDULED, CampaignStatus.SENDING):
        raise CampaignError(_("Only a scheduled or sending campaign can be cancelled."))
    stopped = CampaignRecipient.objects.filter(
        campaign=campaign, status__in=[RecipientStatus.PENDING, RecipientStatus.CLAIMED]
    ).update(status=RecipientStatus.SKIPPED, skip_reason="cancelled")
    campaign.status = CampaignStatus.CANCELLED
    campaign.finished_at = timezone.now()
    campaign.save(update_fields=["status", "finished_at", "updated_at"])
    _event(campaign, CampaignEvent.Kind.CANCELLED, by, note=str(stopped) if stopped else "")
    return campaign


# --- Rendering ----------------------------------------------------------------------------------------------


@dataclass
class ProductCard:
    name: str
    url: str
    base_price: int
    price: int
    has_promo: bool
    image_url: str = ""


def _absolute(path: str) -> str:
    return f"{settings.SITE_URL}{path}"


def product_cards(*, campaign: Campaign, book: PromoBook | None = None) -> list[ProductCard]:
    """The product blocks at their current price (promo included); products gone inactive drop out."""
    book = book or PromoBook.load()
    cards = []
    for block in campaign.product_blocks.select_related("product__category").order_by("position", "pk"):
        product = block.product
        if not product.is_active:
            continue
        quote = book.quote(product)
        cards.append(
            ProductCard(
                name=product.name,
                url=_absolute(product.get_absolute_url()),
                base_price=quote.base_price,
                price=quote.price,
                has_promo=quote.has_promo,
            )
        )
    return cards


def own_site_url(url: str) -> bool:
    """Whether a link points into the shop itself (the only links the click redirect follows)."""
    host = settings.SITE_URL.split("://", 1)[-1].split("/", 1)[0]
    return url.startswith(settings.SITE_URL + "/") and url_has_allowed_host_and_scheme(
        url, allowed_hosts={host}, require_https=settings.SITE_URL.startswith("https://")
    )


def click_url(*, recipient_token: str, url: str) -> str:
    signed = signing.dumps({"r": recipient_token, "u": url}, salt=CLICK_SALT, compress=True)
    return _absolute(reverse("campaigns:click", kwargs={"signed": signed}))


def tracked(url: str, recipient_token: str | None) -> str:
    """The link as mailed: the shop's own links go through the signed click redirect; others stay."""
    if recipient_token is None or not own_site_url(url):
        return url
    return click_url(recipient_token=recipient_token, url=url)


@dataclass
class RenderedCampaign:
    """What is the same for every recipient of one language: rendered once per batch."""

    body_html: str
    cards: list[ProductCard]


def campaign_render_parts(*, campaign: Campaign, book: PromoBook | None = None) -> RenderedCampaign:
    return RenderedCampaign(
        body_html=render_markdown(campaign.body), cards=product_cards(campaign=campaign, book=book)
    )


def _mail_context(
    *,
    campaign: Campaign,
    parts: RenderedCampaign,
    user: User,
    token: str | None,
    voucher_code: str,
    unsub: str,
) -> dict:
    body_html = HREF.sub(
        lambda m: f'href="{tracked(m.group(1).replace("&amp;", "&"), token)}"', parts.body_html
    )
    cards = [ProductCard(**{**card.__dict__, "url": tracked(card.url, token)}) for card in parts.cards]
    return {
        **email_context(),
        "site_url": settings.SITE_URL,
        "campaign": campaign,
        "user": user,
        "body_html": body_html,
        "cards": cards,
        "voucher_code": voucher_code,
        "voucher": campaign.voucher,
        "shop_url": tracked(settings.SITE_URL + "/", token),
        "unsubscribe_url": unsub,
    }


CAMPAIGN_TEMPLATE = "campaigns/email/campaign"


def campaign_render_html(*, context: dict, language: str, template: str = CAMPAIGN_TEMPLATE) -> str:
    with translation.override(language):
        return render_to_string(f"{template}.html", context)


def campaign_preview(*, campaign: Campaign, user: User) -> dict:
    """The mail as `user` would get it, links untracked: for the phone-width preview and the test send."""
    parts = campaign_render_parts(campaign=campaign)
    code = campaign.voucher.code if campaign.voucher else ""
    if campaign.voucher_mode == VoucherMode.UNIQUE and campaign.voucher:
        code = f"{campaign.voucher.code}-XXXXXX"
    return _mail_context(
        campaign=campaign,
        parts=parts,
        user=user,
        token=None,
        voucher_code=code,
        unsub=settings.SITE_URL + "/",
    )


def campaign_test_send(*, campaign: Campaign, by: User):
    """Mail the campaign to the person acting (links not tracked, counted nowhere); an event records it."""
    context = campaign_preview(campaign=campaign, user=by)
    language = by.mail_language
    email = email_queue(
        to=by.email,
        user=by,
        kind="campaign_test",
        template=CAMPAIGN_TEMPLATE,
        context={**context, "is_test": True},
        language=language,
        html_body=campaign_render_html(context={**context, "is_test": True}, language=language),
    )
    _event(campaign, CampaignEvent.Kind.TEST_SENT, by, note=by.email)
    return email


# --- Sending ------------------------------------------------------------------------------------------------


def campaign_start(*, campaign: Campaign, now: datetime.datetime | None = None) -> int:
    """Write the recipients of a due scheduled campaign and mark it sending; returns how many were written.

    One transaction: either every recipient is written and the campaign is sending, or nothing changed and it
    is still scheduled (a worker that dies here is simply retried). Running it twice adds nobody.
    """
    now = now or timezone.now()
    with transaction.atomic(durable=True):
        taken = Campaign.objects.filter(
            pk=campaign.pk, status=CampaignStatus.SCHEDULED, scheduled_at__lte=now
        ).update(status=CampaignStatus.SENDING, started_at=now)
        if not taken:
            return 0
        campaign.refresh_from_db()
        members = audience_members(rules=AudienceRules.from_dict(campaign.audience), now=now)
        written = _recipients_insert_select(campaign=campaign, members=members, now=now)
        total = CampaignRecipient.objects.filter(campaign=campaign).count()
        Campaign.objects.filter(pk=campaign.pk).update(recipients_total=total)
        if total == 0:
            Campaign.objects.filter(pk=campaign.pk).update(status=CampaignStatus.CANCELLED, finished_at=now)
            _event(campaign, CampaignEvent.Kind.CANCELLED, None, note="no member matched at send time")
    return written


# A random link token made by the database for each row (24 hex characters from 96 random bits).
RANDOM_TOKEN_SQL = {
    "sqlite": "lower(hex(randomblob(12)))",
    "postgresql": "substr(replace(gen_random_uuid()::text, '-', ''), 1, 24)",
    "mysql": "lower(hex(random_bytes(12)))",  # MariaDB 10.10+, MySQL 5.6+
}
INSERT_IGNORE = {
    "sqlite": ("INSERT OR IGNORE INTO", ""),
    "postgresql": ("INSERT INTO", " ON CONFLICT DO NOTHING"),
    "mysql": ("INSERT IGNORE INTO", ""),
}


def _recipients_insert_select(*, campaign: Campaign, members, now) -> int:
    """Every member of the audience as a waiting recipient, in one INSERT ... SELECT: the rows never pass
    through Python, so 100,000 recipients take seconds (a database without a token expression here falls
    back to bulk inserts)."""
    vendor = connection.vendor
    if vendor not in RANDOM_TOKEN_SQL:
        ids = members.values_list("pk", flat=True).iterator(chunk_size=INSERT_BATCH)
        return recipients_add(campaign=campaign, member_ids=ids, now=now)
    audience = members.order_by().annotate(member_ref=F("pk")).values("member_ref")
    select_sql, select_params = audience.query.sql_with_params()
    table = CampaignRecipient._meta.db_table
    quote = connection.ops.quote_name
    columns = ", ".join(
        quote(name)
        for name in (
            "campaign_id", "member_id", "occasion", "status", "skip_reason", "claim_key", "token",
            "created_at", "clicks",
        )
    )  # fmt: skip
    insert, conflict = INSERT_IGNORE[vendor]
    sql = (
        f"{insert} {quote(table)} ({columns}) "  # noqa: S608 - names from the model, values as parameters
        f"SELECT %s, audience.member_ref, '', %s, '', '', {RANDOM_TOKEN_SQL[vendor]}, %s, 0 "
        f"FROM ({select_sql}) audience{conflict}"
    )
    created_at = connection.ops.adapt_datetimefield_value(now)
    with connection.cursor() as cursor:
        cursor.execute(sql, [campaign.pk, str(RecipientStatus.PENDING), created_at, *select_params])
        return cursor.rowcount


def recipients_add(*, campaign: Campaign, member_ids, occasion: str = "", now=None) -> int:
    """Add recipients (bulk, in chunks); members already there for this occasion are left as they are."""
    now = now or timezone.now()
    written = 0
    chunk: list[CampaignRecipient] = []
    for member_id in member_ids:
        chunk.append(
            CampaignRecipient(
                campaign_id=campaign.pk,
                member_id=member_id,
                occasion=occasion,
                token=secrets.token_urlsafe(12),
                created_at=now,
            )
        )
        if len(chunk) >= INSERT_BATCH:
            CampaignRecipient.objects.bulk_create(chunk, ignore_conflicts=True)
            written += len(chunk)
            chunk = []
    if chunk:
        CampaignRecipient.objects.bulk_create(chunk, ignore_conflicts=True)
        written += len(chunk)
    return written


def recipients_claim(*, campaign: Campaign, limit: int, now=None) -> tuple[str, int]:
    """Take up to `limit` waiting recipients (or ones whose claim expired: their worker died)."""
    now = now or timezone.now()
    key = uuid.uuid4().hex
    stale = Q(status=RecipientStatus.CLAIMED, claimed_at__lt=now - CLAIM_LEASE)
    waiting = Q(status=RecipientStatus.PENDING) | stale
    ids = list(
        CampaignRecipient.objects.filter(waiting, campaign=campaign)
        .order_by("pk")
        .values_list("pk", flat=True)[:limit]
    )
    if not ids:
        return key, 0
    with transaction.atomic(durable=True):
        claimed = CampaignRecipient.objects.filter(waiting, pk__in=ids).update(
            status=RecipientStatus.CLAIMED, claimed_at=now, claim_key=key
        )
    return key, claimed


def _voucher_for(*, campaign: Campaign, member: User) -> Voucher | None:
    """A recipient's own single-use code, copying the campaign voucher's terms."""
    template = campaign.voucher
    for _attempt in range(5):
        code = f"{template.code[:20]}-{secrets.token_hex(3).upper()}"
        try:
            with transaction.atomic():
                voucher = Voucher.objects.create(
                    code=code,
                    description=f"{campaign.name} — {member.pk}"[:200],
                    kind=template.kind,
                    value=template.value,
                    max_discount=template.max_discount,
                    min_purchase=template.min_purchase,
                    starts_at=template.starts_at,
                    ends_at=template.ends_at,
                    total_limit=1,
                    per_member_limit=1,
                    is_active=template.is_active,
                    member=member,  # the recipient's own: nobody else may use it
                )
        except IntegrityError:
            continue
        voucher.categories.set(template.categories.all())
        return voucher
    raise CampaignError("Could not make a unique voucher code")


def _recipient_mail(*, recipient: CampaignRecipient, parts: RenderedCampaign) -> None:
    """Hand one claimed recipient's mail to the outbox (or skip it when the member may no longer get it)."""
    campaign = recipient.campaign
    with transaction.atomic():
        member = User.objects.get(pk=recipient.member_id)  # the state at send time counts, not at queueing
        reason = may_mail(member)
        if reason:
            CampaignRecipient.objects.filter(pk=recipient.pk, claim_key=recipient.claim_key).update(
                status=RecipientStatus.SKIPPED, skip_reason=reason
            )
            return
        voucher = recipient.voucher
        if campaign.voucher_mode == VoucherMode.UNIQUE and voucher is None:
            voucher = _voucher_for(campaign=campaign, member=member)
        code = voucher.code if voucher else (campaign.voucher.code if campaign.voucher else "")
        unsub = _absolute(reverse("campaigns:unsubscribe", kwargs={"token": recipient.token}))
        context = _mail_context(
            campaign=campaign, parts=parts, user=member, token=recipient.token, voucher_code=code, unsub=unsub
        )
        template = CAMPAIGN_TEMPLATE
        source_mail = SOURCE_MAILS.get(campaign.source)
        if source_mail is not None:
            template = source_mail.template
            if source_mail.context is not None:
                context |= source_mail.context(recipient=recipient, member=member)
        language = member.mail_language
        email = email_queue(
            to=member.email,
            user=member,
            kind=f"campaign_{campaign.source}" if campaign.source else "campaign",
            template=template,
            context=context,
            language=language,
            html_body=campaign_render_html(context=context, language=language, template=template),
            headers=unsubscribe_headers(unsub),
            dedupe_key=f"campaign:{campaign.pk}:{member.pk}:{recipient.occasion}"[:200],
        )
        CampaignRecipient.objects.filter(pk=recipient.pk, claim_key=recipient.claim_key).update(
            status=RecipientStatus.QUEUED, email=email, voucher=voucher, queued_at=timezone.now()
        )


def campaign_send_batch(*, campaign: Campaign, limit: int, now=None) -> int:
    """Claim up to `limit` recipients and queue their mails; returns how many were handled."""
    campaign = Campaign.objects.select_related("voucher").get(pk=campaign.pk)
    if campaign.status != CampaignStatus.SENDING:
        return 0
    key, claimed = recipients_claim(campaign=campaign, limit=limit, now=now)
    if not claimed:
        return 0
    parts = campaign_render_parts(campaign=campaign)
    handled = 0
    claimed_now = CampaignRecipient.objects.filter(claim_key=key, status=RecipientStatus.CLAIMED).order_by(
        "pk"
    )
    with deliveries_together():  # the batch's mails go out in one job, over one connection
        for recipient in claimed_now:
            recipient.campaign = campaign
            _recipient_mail(recipient=recipient, parts=parts)
            handled += 1
    return handled


def campaign_finish_if_done(*, campaign: Campaign) -> bool:
    """A sending campaign with nobody left waiting is sent."""
    waiting = CampaignRecipient.objects.filter(
        campaign=campaign, status__in=[RecipientStatus.PENDING, RecipientStatus.CLAIMED]
    ).exists()
    if waiting:
        return False
    with transaction.atomic():
        done = Campaign.objects.filter(
            pk=campaign.pk, status=CampaignStatus.SENDING, kind=CampaignKind.CAMPAIGN
        ).update(status=CampaignStatus.SENT, finished_at=timezone.now())
        if done:
            _event(campaign, CampaignEvent.Kind.FINISHED, None)
    return bool(done)


def mails_allowed_now(*, now=None) -> int:
    """How many campaign mails may still go to the outbox this minute (settings.CAMPAIGN_MAILS_PER_HOUR)."""
    now = now or timezone.now()
    per_minute = max(1, settings.CAMPAIGN_MAILS_PER_HOUR // 60)
    recent = CampaignRecipient.objects.filter(
        status=RecipientStatus.QUEUED, queued_at__gte=now - datetime.timedelta(minutes=1)
    ).count()
    return max(0, per_minute - recent)


def campaigns_dispatch(*, now=None) -> dict[str, int]:
    """The sending job (every minute, and at once after "send now"): start due campaigns, send what the hourly
    rate allows this minute, mark finished ones sent. Safe to run twice, or in two workers at once."""
    now = now or timezone.now()
    counts = {"started": 0, "mailed": 0, "finished": 0}
    for campaign in Campaign.objects.filter(status=CampaignStatus.SCHEDULED, scheduled_at__lte=now):
        if campaign_start(campaign=campaign, now=now):
            counts["started"] += 1
    budget = mails_allowed_now(now=now)
    # An automation's campaign stays "sending" while its rule is on; its recipients arrive by occasion.
    for campaign in Campaign.objects.filter(status=CampaignStatus.SENDING).order_by("pk"):
        if budget > 0:
            handled = campaign_send_batch(campaign=campaign, limit=budget)
            budget -= handled
            counts["mailed"] += handled
        if campaign.kind == CampaignKind.CAMPAIGN and campaign_finish_if_done(campaign=campaign):
            counts["finished"] += 1
    return counts


# --- Clicks, unsubscribes, consent --------------------------------------------------------------------------


class BadLink(Exception):
    """A click link that is forged, broken, or points outside the shop."""


def click_record(*, signed: str) -> str:
    """Record a press on a mailed link and return where it goes: only the shop's pages (no open redirect)."""
    try:
        data = signing.loads(signed, salt=CLICK_SALT)
    except signing.BadSignature as exc:
        raise BadLink from exc
    url = data.get("u") if isinstance(data, dict) else None
    if not isinstance(url, str) or not own_site_url(url):
        raise BadLink
    recipient = CampaignRecipient.objects.filter(token=data.get("r")).first()
    if recipient is not None:
        now = timezone.now()
        with transaction.atomic():
            CampaignClick.objects.create(recipient=recipient, url=url[:500], at=now)
            CampaignRecipient.objects.filter(pk=recipient.pk).update(clicks=F("clicks") + 1)
            CampaignRecipient.objects.filter(pk=recipient.pk, first_click_at__isnull=True).update(
                first_click_at=now
            )
    return url


def recipient_unsubscribe(*, token: str) -> tuple[User, str] | None:
    """The unsubscribe link of a campaign mail (GET or RFC 8058 one-click POST): switch promotions off,
    recorded as caused by this campaign. Returns (member, accounts' unsubscribe token), or None if unknown."""
    recipient = CampaignRecipient.objects.select_related("campaign", "member").filter(token=token).first()
    if recipient is None or not recipient.member.is_active:
        return None
    member = recipient.member
    account_token = unsubscribe_token(user=member, topic="promotions")
    with transaction.atomic():
        if member.accepts_marketing:
            CampaignRecipient.objects.filter(pk=recipient.pk, unsubscribed_at__isnull=True).update(
                unsubscribed_at=timezone.now()
            )
        unsubscribe(token=account_token, source=f"campaign {recipient.campaign_id} unsubscribe link")
    return member, account_token


def consent_record(*, user: User, given: bool, source: str) -> MarketingConsent:
    """Keep when and through what a member gave or withdrew its promotional-mail consent (UU PDP)."""
    return MarketingConsent.objects.create(member=user, given=given, source=source[:80])


def consent_record_from_signal(sender, *, user, given, source, **kwargs) -> None:
    consent_record(user=user, given=given, source=source)


def member_erase_campaign_data(*, user: User) -> None:
    """Privacy erasure step: consent history, clicks and mails not yet handed to the outbox go; the rows of
    mails already sent stay (a campaign's counts), pointing only at the anonymised account."""
    MarketingConsent.objects.filter(member=user).delete()
    CampaignClick.objects.filter(recipient__member=user).delete()
    CampaignRecipient.objects.filter(
        member=user, status__in=[RecipientStatus.PENDING, RecipientStatus.CLAIMED]
    ).delete()
