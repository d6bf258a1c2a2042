"""Reads of the CRM domain."""

import datetime
import itertools
import statistics
from dataclasses import dataclass, field
from urllib.parse import quote

from django.conf import settings
from django.db.models import (
    Avg,
    Case,
    CharField,
    Count,
    DateField,
    DateTimeField,
    Exists,
    F,
    IntegerField,
    Max,
    Min,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
    Window,
)
from django.db.models.functions import Cast, Coalesce
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _

from pasarmurah.accounts.models import Address, BirthDateCorrection, User
from pasarmurah.accounts.selectors import member_match
from pasarmurah.catalog.pricing import attach_prices
from pasarmurah.catalog.selectors import products_for_listing
from pasarmurah.core.privacy import export_section
from pasarmurah.core.private_files import private_file_export
from pasarmurah.crm import rfm
from pasarmurah.crm.models import (
    CrmSettings,
    CustomerNote,
    CustomerTag,
    CustomerTagLink,
    SegmentRun,
    SegmentSettings,
    SegmentSnapshot,
    Testimonial,
    Ticket,
    TicketEvent,
    TicketKind,
    TicketMessage,
    TicketStatus,
    WishlistItem,
    tag_key,
)
from pasarmurah.mail.models import OutboundEmail
from pasarmurah.orders.models import PAID_OR_LATER, Order, OrderLine
from pasarmurah.promotions.selectors import birthday_window_opening

PHOTO_FOLDER = "ticket-photos"  # in private storage; crm.services stores the photos there


def wished_product_ids(*, user) -> set[int]:
    """The ids of the products a member wishes for: one query, for the hearts of a whole page."""
    if not user.is_authenticated:
        return set()
    return set(WishlistItem.objects.filter(user=user).values_list("product_id", flat=True))


def wishlist_for_member(*, user) -> list[WishlistItem]:
    """The member's wished products still on sale, priced now (catalog.pricing), newest first.

    A fixed number of queries whatever the length: items, products with brand/category, images, promos.
    """
    items = list(WishlistItem.objects.filter(user=user).order_by("-created_at", "-pk"))
    products = products_for_listing().filter(pk__in=[item.product_id for item in items])
    by_id = {product.pk: product for product in attach_prices(products)}
    shown = []
    for item in items:
        if item.product_id in by_id:
            item.product = by_id[item.product_id]
            shown.append(item)
    return shown


@export_section(
    covers=[
        "crm.WishlistItem",
        "crm.Ticket",
        "crm.TicketMessage",
        "crm.Testimonial",
        "crm.CustomerNote",
        "crm.CustomerTagLink",
    ],
    excludes={
        "crm.CustomerListExport": "the log of the owner's downloads of the customer list: who (a staff "
        "member) downloaded it, when and with which filters; it names no member",
        "crm.TicketEvent": "staff actions on tickets (reply, note, close, reopen) with the staff member "
        "who did them: the shop's internal log; the member's messages, the answers and the ticket's "
        "status are exported",
    },
    withholds={
        "crm.TicketMessage": "internal staff notes (is_internal), which the member never sees, and the "
        "names of the staff members who answered (answers are marked as from Customer Service)",
        "crm.Testimonial": "which staff member reviewed it",
        "crm.CustomerNote": "which staff member wrote each note (the notes and the tag changes themselves "
        "are exported)",
        "crm.CustomerTagLink": "which staff member added the tag",
    },
)
def member_export_crm_data(*, user) -> dict:
    """The CRM part of a member's data export: wishlist, its tickets (messages and photos,
    without internal staff notes), its guestbook testimonials, and the staff's notes and tags on it."""
    public = Prefetch(
        "messages",
        queryset=TicketMessage.objects.filter(is_internal=False).order_by("created_at", "pk"),
        to_attr="public_messages",
    )
    tickets = (
        Ticket.objects.filter(member=user)
        .select_related("order", "product")
        .prefetch_related(public)
        .order_by("pk")
    )
    return {
        "wishlist": [
            {"product": name, "sku": sku, "added": added.isoformat()}
            for name, sku, added in WishlistItem.objects.filter(user=user)
            .order_by("pk")
            .values_list("product__name", "product__sku", "created_at")
        ],
        "tickets": [
            {
                "kind": ticket.kind,
                "subject": ticket.subject,
                "status": ticket.status,
                "order": ticket.order.number if ticket.order else None,
                "product": ticket.product.name if ticket.product else None,
                "created_at": ticket.created_at.isoformat(),
                "closed_at": ticket.closed_at.isoformat() if ticket.closed_at else None,
                "rating": ticket.rating,
                "messages": [
                    {
                        "from": "customer_service" if message.from_staff else "you",
                        "body": message.body,
                        "created_at": message.created_at.isoformat(),
                        "photo": private_file_export(folder=PHOTO_FOLDER, name=message.photo_name),
                    }
                    for message in ticket.public_messages
                ],
            }
            for ticket in tickets
        ],
        "testimonials": [
            {"text": text, "status": status, "created_at": created.isoformat()}
            for text, status, created in Testimonial.objects.filter(member=user)
            .order_by("pk")
            .values_list("text", "status", "created_at")
        ],
        "staff_notes": [
            {"kind": kind, "text": text, "created_at": created.isoformat()}
            for kind, text, created in CustomerNote.objects.filter(member=user)
            .order_by("pk")
            .values_list("kind", "text", "created_at")
        ],
        "tags": [
            {"tag": name, "added": added.isoformat()}
            for name, added in CustomerTagLink.objects.filter(member=user)
            .order_by("pk")
            .values_list("tag__name", "added_at")
        ],
    }


# --- Tickets and the guestbook ------------------------------------------------------------------------------

WAITING_TOO_LONG = datetime.timedelta(hours=24)


def ticket_message_refusal(*, member, ticket: Ticket | None = None, with_photo: bool = False) -> str | None:
    """Why the member may not send another ticket message now (a new ticket or a reply), or None.

    Counted from the message rows themselves (settings.MEMBER_LIMITS), so nothing can evict the count:
    messages and photos per member in the last hour, photos per ticket in all. The services ask again under
    the member's lock; the pages ask first, so a refused photo is not even decoded.
    """
    limits = settings.MEMBER_LIMITS
    since = timezone.now() - datetime.timedelta(hours=1)
    recent = TicketMessage.objects.filter(author=member, from_staff=False, created_at__gte=since)
    if recent.count() >= limits["ticket_messages_per_hour"]:
        return _(
            "You have sent %(count)d messages in the last hour. Please wait a while before you send another; "
            "Customer Service reads every one."
        ) % {"count": limits["ticket_messages_per_hour"]}
    if not with_photo:
        return None
    if recent.exclude(photo_name="").count() >= limits["ticket_photos_per_hour"]:
        return _(
            "You have sent %(count)d photos in the last hour. Please wait a while, or send your message "
            "without a photo."
        ) % {"count": limits["ticket_photos_per_hour"]}
    if (
        ticket is not None
        and TicketMessage.objects.filter(ticket=ticket).exclude(photo_name="").count()
        >= limits["photos_per_ticket"]
    ):
        return _(
            "This conversation already has %(count)d photos, the most it can hold. Send your message without "
            "a photo."
        ) % {"count": limits["photos_per_ticket"]}
    return None


def testimonial_refusal(*, member) -> str | None:
    """Why the member may not write another testimonial now, or None (counted from its testimonial rows)."""
    per_day = settings.MEMBER_LIMITS["testimonials_per_day"]
    since = timezone.now() - datetime.timedelta(days=1)
    if Testimonial.objects.filter(member=member, created_at__gte=since).count() >= per_day:
        return _(
            "You have written %(count)d testimonials today. Thank you! Please write the next one tomorrow."
        ) % {"count": per_day}
    return None


def tickets_for_member(*, user):
    return Ticket.objects.filter(member=user).order_by("-created_at", "-pk")


def ticket_for_member(*, user, pk: int) -> Ticket:
    """One of the member's own tickets with its public thread; another member's ticket is a 404."""
    public = Prefetch(
        "messages", queryset=TicketMessage.objects.filter(is_internal=False), to_attr="public_messages"
    )
    return get_object_or_404(
        Ticket.objects.select_related("order", "product").prefetch_related(public), pk=pk, member=user
    )


def ticket_for_staff(*, pk: int) -> Ticket:
    thread = Prefetch(
        "messages", queryset=TicketMessage.objects.select_related("author"), to_attr="all_messages"
    )
    return get_object_or_404(
        Ticket.objects.select_related("member", "order", "product").prefetch_related(
            thread, Prefetch("events", queryset=TicketEvent.objects.select_related("actor"))
        ),
        pk=pk,
    )


def inbox(*, kind: str = "", status: str = "", older_than_hours: int | None = None):
    """Customer Service's inbox: tickets waiting for us first, the longest waiting first; then the rest."""
    tickets = Ticket.objects.select_related("member")
    if kind:
        tickets = tickets.filter(kind=kind)
    if status:
        tickets = tickets.filter(status=status)
    if older_than_hours:
        tickets = tickets.filter(
            waiting_since__lte=timezone.now() - datetime.timedelta(hours=older_than_hours)
        )
    waiting_first = Case(When(status=TicketStatus.OPEN, then=Value(0)), default=Value(1))
    return tickets.annotate(waiting_first=waiting_first).order_by(
        "waiting_first", F("waiting_since").asc(nulls_last=True), "-created_at", "-pk"
    )


def tickets_waiting_counts(*, now: datetime.datetime | None = None) -> dict[str, int]:
    """Tickets waiting for us, and those of them waiting longer than WAITING_TOO_LONG (the inbox's
    `status=open&older=24`): one query."""
    overdue_before = (now or timezone.now()) - WAITING_TOO_LONG
    return Ticket.objects.filter(status=TicketStatus.OPEN).aggregate(
        waiting=Count("pk"), overdue=Count("pk", filter=Q(waiting_since__lte=overdue_before))
    )


def member_recent_orders(*, user, limit: int = 5):
    return list(Order.objects.filter(member=user).order_by("-created_at")[:limit]) if user else []


def weekly_ticket_stats(*, weeks: int = 8) -> list[dict]:
    """Per week (Monday, Jakarta time): tickets opened, average rating and median first-response time."""
    since = timezone.now() - datetime.timedelta(weeks=weeks)
    rows = Ticket.objects.filter(created_at__gte=since).values_list(
        "created_at", "first_response_at", "rating"
    )
    weeks_seen: dict[datetime.date, dict] = {}
    for created, first_response, rating in rows:
        local = timezone.localdate(created)
        monday = local - datetime.timedelta(days=local.weekday())
        week = weeks_seen.setdefault(monday, {"week": monday, "opened": 0, "ratings": [], "responses": []})
        week["opened"] += 1
        if rating:
            week["ratings"].append(rating)
        if first_response:
            week["responses"].append((first_response - created).total_seconds() / 3600)
    result = []
    for monday in sorted(weeks_seen, reverse=True):
        week = weeks_seen[monday]
        result.append(
            {
                "week": monday,
                "opened": week["opened"],
                "average_rating": round(statistics.fmean(week["ratings"]), 1) if week["ratings"] else None,
                "median_first_response_hours": round(statistics.median(week["responses"]), 1)
                if week["responses"]
                else None,
            }
        )
    return result


def product_recommendations():
    """What members ask the shop to sell, grouped by the product named or linked, most asked first."""
    return (
        Ticket.objects.filter(kind="recommendation")
        .values("subject", "product__name")
        .annotate(times=Count("pk"), last=Max("created_at"))
        .order_by("-times", "-last")
    )


def approved_testimonials(*, limit: int = 6):
    return list(
        Testimonial.objects.filter(status=Testimonial.Status.APPROVED)
        .select_related("member")
        .order_by("-pk")[:limit]
    )


# --- Customer 360, customer search, notes and tags ----------------------------------------------------------


@dataclass(frozen=True)
class CustomerStats:
    """What a member's paid-or-later orders add up to (cancelled, expired and unpaid orders do not count)."""

    order_count: int
    lifetime_value: int
    first_order_at: datetime.datetime | None
    last_order_at: datetime.datetime | None
    median_interval_days: float | None  # the typical gap between two orders; None below two orders

    @property
    def average_order_value(self) -> int:
        return self.lifetime_value // self.order_count if self.order_count else 0


@dataclass
class CustomerOverview:
    """Everything the customer 360 page shows, loaded in a fixed number of queries."""

    member: User
    addresses: list
    orders: list
    stats: CustomerStats
    favourite_categories: list[tuple[str, int]]
    favourite_brands: list[tuple[str, int]]
    wishlist: list[dict]
    tickets: list
    emails: list[dict]
    emails_shown: int
    timeline: list
    tag_links: list
    corrections: list
    tag_names: list[str]
    birthday_redemptions: list = field(default_factory=list)
    voucher_redemptions: list = field(default_factory=list)


EMAILS_ON_360 = 50
FAVOURITES = 3


def _sold(prefix: str = "") -> Q:
    return Q(**{f"{prefix}status__in": PAID_OR_LATER})


def _median_interval_days(moments: list[datetime.datetime]) -> float | None:
    if len(moments) < 2:
        return None
    ordered = sorted(moments)
    gaps = [(later - earlier).total_seconds() / 86400 for earlier, later in itertools.pairwise(ordered)]
    return round(statistics.median(gaps), 1)


def _records(*, member: User) -> dict[str, list[dict]]:
    """The member's wishlist, tickets, latest e-mails, staff timeline, tags, birth date corrections and every
    tag's name, in ONE query (a UNION ALL of rows with the same columns), newest first, split by `source`.

    Columns: source, at (time), ref (a row or tag id), a/b/c/d (texts), n (a number), d1/d2 (dates).
    """
    text, number, date = CharField(), IntegerField(), DateField()

    def row(queryset, source, *, at, ref=None, a=None, b=None, c=None, d=None, n=None, d1=None, d2=None):
        def col(value, kind):
            if value is None:
                return Cast(Value(None), kind)
            return Coalesce(Cast(F(value), kind), Value("")) if kind is text else Cast(F(value), kind)

        return (
            queryset.order_by()
            .annotate(
                source=Value(source, output_field=text),
                at=Cast(F(at), DateTimeField()) if at else Cast(Value(None), DateTimeField()),
                ref=col(ref, number),
                ta=col(a, text),
                tb=col(b, text),
                tc=col(c, text),
                td=col(d, text),
                n=col(n, number),
                d1=col(d1, date),
                d2=col(d2, date),
            )
            .values_list("source", "at", "ref", "ta", "tb", "tc", "td", "n", "d1", "d2")
        )

    mails = OutboundEmail.objects.filter(user=member)
    # The latest EMAILS_ON_360 mails: from the created_at of the last one shown (no LIMIT inside a UNION).
    oldest_shown = mails.order_by("-created_at", "-pk").values("created_at")[
        EMAILS_ON_360 - 1 : EMAILS_ON_360
    ]
    mails = mails.filter(
        created_at__gte=Coalesce(
            Subquery(oldest_shown), Value(datetime.datetime(2000, 1, 1, tzinfo=datetime.UTC))
        )
    )
    parts = [
        row(
            WishlistItem.objects.filter(user=member),
            "wish",
            at="created_at",
            ref="product_id",
            a="product__name",
            b="product__sku",
            n="product__price",
        ),
        row(
            Ticket.objects.filter(member=member),
            "ticket",
            at="created_at",
            ref="pk",
            a="subject",
            b="kind",
            c="status",
            n="rating",
        ),
        row(mails, "mail", at="created_at", ref="pk", a="subject", b="kind", c="status"),
        row(
            CustomerNote.objects.filter(member=member),
            "note",
            at="created_at",
            ref="pk",
            a="text",
            b="kind",
            c="author__full_name",
            d="author__email",
        ),
        row(
            CustomerTagLink.objects.filter(member=member),
            "tag",
            at="added_at",
            ref="tag_id",
            a="tag__name",
            c="added_by__full_name",
        ),
        row(
            BirthDateCorrection.objects.filter(user=member),
            "correction",
            at="created_at",
            ref="pk",
            a="reason",
            c="actor__full_name",
            d1="old_value",
            d2="new_value",
        ),
        row(CustomerTag.objects.all(), "tagname", at="created_at", ref="pk", a="name"),
    ]
    combined = parts[0].union(*parts[1:], all=True).order_by("-at", "-ref")
    records: dict[str, list[dict]] = {
        key: [] for key in ("wish", "ticket", "mail", "note", "tag", "correction", "tagname")
    }
    for source, at, ref, a, b, c, d, n, d1, d2 in combined:
        if isinstance(at, str):  # SQLite hands a compound's times back as text
            at = datetime.datetime.fromisoformat(at)
        if at is not None and timezone.is_naive(at):
            at = timezone.make_aware(at, datetime.UTC)
        d1 = datetime.date.fromisoformat(d1) if isinstance(d1, str) else d1
        d2 = datetime.date.fromisoformat(d2) if isinstance(d2, str) else d2
        records[source].append(
            {"at": at, "ref": ref, "a": a, "b": b, "c": c, "d": d, "n": n, "d1": d1, "d2": d2}
        )
    return records


def customer_overview(*, member: User) -> CustomerOverview:
    """The customer 360 of one member in four queries whatever its history: the orders (with the sold totals
    as window aggregates and the redemptions joined), favourite categories and brands, the addresses, and
    everything else as one UNION (`_records`)."""
    sold_total = Case(When(_sold(), then=F("total")), default=None)
    sold_moment = Case(When(_sold(), then=F("created_at")), default=None)
    orders = list(
        Order.objects.filter(member=member)
        .select_related("birthday_redemption", "voucher_redemption__voucher")
        .annotate(
            sold_sum=Window(Sum(sold_total)),
            sold_count=Window(Count(sold_total)),
            sold_first=Window(Min(sold_moment)),
            sold_last=Window(Max(sold_moment)),
        )
        .order_by("-created_at", "-pk")
    )
    first = orders[0] if orders else None
    stats = CustomerStats(
        order_count=first.sold_count if first else 0,
        lifetime_value=(first.sold_sum or 0) if first else 0,
        first_order_at=first.sold_first if first else None,
        last_order_at=first.sold_last if first else None,
        median_interval_days=_median_interval_days(
            [order.created_at for order in orders if order.status in PAID_OR_LATER]
        ),
    )
    categories: dict[str, int] = {}
    brands: dict[str, int] = {}
    for category, brand, quantity in (
        OrderLine.objects.filter(_sold("order__"), order__member=member, product__isnull=False)
        .values_list("product__category__name", "product__brand__name")
        .annotate(quantity=Sum("quantity"))
        .order_by()
    ):
        if category:
            categories[category] = categories.get(category, 0) + quantity
        if brand:
            brands[brand] = brands.get(brand, 0) + quantity

    def top(counts: dict[str, int]) -> list[tuple[str, int]]:
        return sorted(counts.items(), key=lambda pair: (-pair[1], pair[0]))[:FAVOURITES]

    records = _records(member=member)
    kinds, ticket_statuses = dict(TicketKind.choices), dict(TicketStatus.choices)
    mail_statuses, note_kinds = dict(OutboundEmail.Status.choices), dict(CustomerNote.Kind.choices)
    return CustomerOverview(
        member=member,
        addresses=list(member.addresses.all()),
        orders=orders,
        stats=stats,
        favourite_categories=top(categories),
        favourite_brands=top(brands),
        wishlist=[
            {"created_at": r["at"], "name": r["a"], "sku": r["b"], "price": r["n"]} for r in records["wish"]
        ],
        tickets=[
            {
                "pk": r["ref"],
                "created_at": r["at"],
                "subject": r["a"],
                "kind_label": kinds.get(r["b"], r["b"]),
                "status_label": ticket_statuses.get(r["c"], r["c"]),
                "rating": r["n"],
            }
            for r in records["ticket"]
        ],
        emails=[
            {
                "created_at": r["at"],
                "subject": r["a"],
                "kind": r["b"],
                "status_label": mail_statuses.get(r["c"], r["c"]),
            }
            for r in records["mail"][:EMAILS_ON_360]
        ],
        emails_shown=EMAILS_ON_360,
        timeline=[
            {
                "created_at": r["at"],
                "text": r["a"],
                "kind": r["b"],
                "kind_label": note_kinds.get(r["b"], r["b"]),
                "author": r["c"] or r["d"],
            }
            for r in records["note"]
        ],
        tag_links=[
            {"tag_pk": r["ref"], "name": r["a"], "added_at": r["at"], "added_by": r["c"]}
            for r in sorted(records["tag"], key=lambda r: r["a"].casefold())
        ],
        corrections=[
            {
                "created_at": r["at"],
                "reason": r["a"],
                "actor": r["c"],
                "old_value": r["d1"],
                "new_value": r["d2"],
            }
            for r in records["correction"]
        ],
        tag_names=sorted((r["a"] for r in records["tagname"]), key=str.casefold),
        birthday_redemptions=[
            order.birthday_redemption for order in orders if hasattr(order, "birthday_redemption")
        ],
        voucher_redemptions=[
            order.voucher_redemption for order in orders if hasattr(order, "voucher_redemption")
        ],
    )


def customer_timeline(*, member: User):
    """The member's staff timeline, newest first: notes and the record of tags added and removed."""
    return CustomerNote.objects.filter(member=member).select_related("author").order_by("-created_at", "-pk")


def customer_tag_links(*, member: User):
    return (
        CustomerTagLink.objects.filter(member=member).select_related("tag", "added_by").order_by("tag__name")
    )


def customer_tags():
    """Every tag, by name (for the filter and the add form's suggestions)."""
    return CustomerTag.objects.order_by("name")


def customer_tag_by_name(*, name: str) -> CustomerTag | None:
    return CustomerTag.objects.filter(name_key=tag_key(name)).first()


def whatsapp_chat_url(*, member: User, store_name: str) -> str:
    """A click-to-chat link to the member's number with a greeting typed in (a person presses send), or ""
    when the member has no phone number."""
    if not member.phone:
        return ""
    digits = "".join(ch for ch in member.phone if ch.isdigit())  # +62812... -> 62812...
    first_name = (member.full_name or "").split(" ")[0]
    greeting = _("Hello %(name)s, this is %(store)s.") % {
        "name": first_name or member.full_name,
        "store": store_name,
    }
    return f"https://wa.me/{digits}?text={quote(greeting)}"


CUSTOMER_SORTS = {
    "nama": ("full_name", "pk"),
    "belanja": ("-spent", "full_name", "pk"),
    "belanja_naik": ("spent", "full_name", "pk"),
    "terakhir": (F("last_order_at").desc(nulls_last=True), "full_name", "pk"),
    "terakhir_lama": (F("last_order_at").asc(nulls_first=True), "full_name", "pk"),
    "pesanan": ("-order_count", "full_name", "pk"),
    "bergabung": ("-date_joined", "-pk"),
}


@dataclass(frozen=True)
class CustomerFilters:
    """The search and filters of the customer list; empty values filter nothing."""

    query: str = ""
    province: str = ""
    city: str = ""
    spend_min: int | None = None
    spend_max: int | None = None
    last_order_from: datetime.date | None = None
    last_order_to: datetime.date | None = None
    birth_month: int | None = None
    accepts_marketing: bool | None = None
    tag: CustomerTag | None = None
    segment: str = ""  # an RFM group (crm.rfm.Group) of the latest segment run
    # (first, last): members whose birthday window opens between these days (promotions' rules)
    birthday_window: tuple[datetime.date, datetime.date] | None = None
    sort: str = "nama"

    def as_log(self) -> dict:
        """The filters as the export log keeps them (JSON)."""
        values = {
            "query": self.query,
            "province": self.province,
            "city": self.city,
            "spend_min": self.spend_min,
            "spend_max": self.spend_max,
            "last_order_from": self.last_order_from.isoformat() if self.last_order_from else None,
            "last_order_to": self.last_order_to.isoformat() if self.last_order_to else None,
            "birth_month": self.birth_month,
            "accepts_marketing": self.accepts_marketing,
            "tag": self.tag.name if self.tag else None,
            "segment": self.segment,
            "birthday_window": [day.isoformat() for day in self.birthday_window]
            if self.birthday_window
            else None,
            "sort": self.sort,
        }
        return {key: value for key, value in values.items() if value not in (None, "")}


def _day_start(day: datetime.date) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time.min, tzinfo=timezone.get_current_timezone())


def _customers() -> QuerySet[User]:
    """Who the customer list lists: members, not staff, not erased."""
    return User.objects.filter(is_staff=False, anonymised_at__isnull=True)


def customers_birthday_window_count(*, first: datetime.date, last: datetime.date) -> int:
    """How many the customer list shows with `birthday_window=(first, last)` alone: one query."""
    return _customers().filter(birthday_window_opening(first=first, last=last)).count()


def customer_search(*, filters: CustomerFilters) -> QuerySet[User]:
    """Members matching the search and filters, each with `spent`, `order_count`, `last_order_at` (from
    paid-or-later orders) and `city` (of its default address), sorted; the tags come prefetched.

    The query matches a name, e-mail, phone number in any form, an order number or a tag name.
    """
    sold = Order.objects.filter(_sold(), member=OuterRef("pk")).order_by().values("member")
    members = _customers().annotate(
        spent=Coalesce(Subquery(sold.annotate(s=Sum("total")).values("s")), 0),
        order_count=Coalesce(Subquery(sold.annotate(n=Count("pk")).values("n")), 0),
        last_order_at=Subquery(sold.annotate(m=Max("created_at")).values("m")),
        city=Subquery(
            Address.objects.filter(user=OuterRef("pk")).order_by("-is_default", "pk").values("city")[:1]
        ),
    )
    text = filters.query.strip()
    if text:
        condition = member_match(query=text)
        condition |= Exists(Order.objects.filter(member=OuterRef("pk"), number__iexact=text))
        condition |= Exists(CustomerTagLink.objects.filter(member=OuterRef("pk"), tag__name__icontains=text))
        members = members.filter(condition)
    if filters.province:
        members = members.filter(
            Exists(Address.objects.filter(user=OuterRef("pk"), province=filters.province))
        )
    if filters.city:
        members = members.filter(
            Exists(Address.objects.filter(user=OuterRef("pk"), city__icontains=filters.city.strip()))
        )
    if filters.spend_min is not None:
        members = members.filter(spent__gte=filters.spend_min)
    if filters.spend_max is not None:
        members = members.filter(spent__lte=filters.spend_max)
    if filters.last_order_from:
        members = members.filter(last_order_at__gte=_day_start(filters.last_order_from))
    if filters.last_order_to:
        members = members.filter(
            last_order_at__lt=_day_start(filters.last_order_to + datetime.timedelta(days=1))
        )
    if filters.birth_month:
        members = members.filter(birth_date__month=filters.birth_month)
    if filters.birthday_window:
        first, last = filters.birthday_window
        members = members.filter(birthday_window_opening(first=first, last=last))
    if filters.accepts_marketing is not None:
        members = members.filter(accepts_marketing=filters.accepts_marketing)
    if filters.tag:
        members = members.filter(
            Exists(CustomerTagLink.objects.filter(member=OuterRef("pk"), tag=filters.tag))
        )
    if filters.segment:
        latest_run = SegmentRun.objects.order_by("-date").values("pk")[:1]
        members = members.filter(
            Exists(
                SegmentSnapshot.objects.filter(
                    member=OuterRef("pk"), run=Subquery(latest_run), group=filters.segment
                )
            )
        )
    tags = Prefetch(
        "customer_tag_links", queryset=CustomerTagLink.objects.select_related("tag").order_by("tag__name")
    )
    return members.prefetch_related(tags).order_by(*CUSTOMER_SORTS.get(filters.sort, CUSTOMER_SORTS["nama"]))


def member_stats_card(*, user: User) -> dict | None:
    """The member's own order count and total spent for its account page (settings.ACCOUNT_DASHBOARD_CARDS),
    only when the owner turned it on (CrmSettings); None otherwise. Scores and tags are never shown."""
    if not CrmSettings.load().show_member_stats:
        return None
    totals = Order.objects.filter(_sold(), member=user).aggregate(
        count=Count("pk"), total=Coalesce(Sum("total"), 0)
    )
    return {
        "template": "crm/includes/member_stats_card.html",
        "order_count": totals["count"],
        "total_spent": totals["total"],
    }


# --- RFM segments and behaviour (orders that count as bought: orders.models.PAID_OR_LATER) ------------------

# "Since last month" compares the latest run with the latest one at least this many days older.
MOVEMENT_DAYS = 30


def segment_settings() -> SegmentSettings:
    return SegmentSettings.load()


def segment_run_latest() -> SegmentRun | None:
    return SegmentRun.objects.select_related("by").order_by("-date").first()


def segment_run_before(*, run: SegmentRun) -> SegmentRun | None:
    """The run to compare with for "since last month": a month older, else the oldest one before it."""
    earlier = list(SegmentRun.objects.filter(date__lt=run.date).order_by("-date"))  # dozens at most (pruned)
    month_ago = [
        other for other in earlier if other.date <= run.date - datetime.timedelta(days=MOVEMENT_DAYS)
    ]
    return month_ago[0] if month_ago else (earlier[-1] if earlier else None)


@dataclass(frozen=True)
class GroupRow:
    group: str
    label: str
    meaning: str
    members: int
    spent: int
    revenue_share: float  # percent of all buyers' spend
    average_spent: int
    days_since_last: int | None  # average over the group's buyers
    moves: dict  # "up", "down", "back", "lost", "new", "same" -> members


MOVE_KINDS = ("up", "down", "back", "lost", "new", "same")


def _move_kind(previous: str | None, current: str) -> str:
    """How a member went from its group in the earlier run to its group now."""
    if previous is None or (previous == rfm.Group.NEVER and current != rfm.Group.NEVER):
        return "new"
    if previous == current:
        return "same"
    if previous in rfm.DORMANT and current not in rfm.DORMANT:
        return "back"
    if current == rfm.Group.LOST:
        return "lost"
    return "up" if rfm.RANK[current] < rfm.RANK[previous] else "down"


def segment_movement(*, run: SegmentRun, previous: SegmentRun | None) -> dict[str, dict[str, int]]:
    """{current group: {move kind: members}} between two runs, in one grouped query."""
    moves: dict[str, dict[str, int]] = {group: dict.fromkeys(MOVE_KINDS, 0) for group in rfm.Group}
    if previous is None:
        return moves
    before = SegmentSnapshot.objects.filter(run=previous, member=OuterRef("member")).values("group")[:1]
    pairs = (
        SegmentSnapshot.objects.filter(run=run)
        .annotate(before=Subquery(before))
        .order_by()
        .values_list("before", "group")
        .annotate(count=Count("pk"))
    )
    for before_group, group, count in pairs:
        moves[group][_move_kind(before_group, group)] += count
    return moves


def segments_overview(*, run: SegmentRun, previous: SegmentRun | None) -> list[GroupRow]:
    """Every group of a run: members, spend and its share, average spend and days since the last order,
    and the movement since `previous` (3 queries)."""
    totals = {
        row["group"]: row
        for row in SegmentSnapshot.objects.filter(run=run)
        .order_by()
        .values("group")
        .annotate(members=Count("pk"), spent=Sum("spent"), days=Avg("days_since"))
    }
    all_spent = sum(row["spent"] or 0 for row in totals.values()) or 0
    moves = segment_movement(run=run, previous=previous)
    rows = []
    for group in rfm.Group:
        row = totals.get(group.value, {"members": 0, "spent": 0})
        members, spent = row["members"], row["spent"] or 0
        rows.append(
            GroupRow(
                group=group.value,
                label=str(group.label),
                meaning=str(rfm.MEANING[group]),
                members=members,
                spent=spent,
                revenue_share=round(100 * spent / all_spent, 1) if all_spent else 0.0,
                average_spent=spent // members if members and group != rfm.Group.NEVER else 0,
                days_since_last=round(row["days"]) if row.get("days") is not None else None,
                moves=moves[group],
            )
        )
    return rows


def segment_group_members(*, run: SegmentRun, group: str):
    """The members of one group in a run, biggest spenders first, with the member loaded (for paging)."""
    return (
        SegmentSnapshot.objects.filter(run=run, group=group)
        .select_related("member")
        .order_by("-spent", "member_id")
    )


@dataclass(frozen=True)
class SegmentHistory:
    current: SegmentSnapshot | None
    past: list[SegmentSnapshot]  # earlier runs where the group changed, newest first

    @property
    def current_label(self) -> str:
        return str(rfm.Group(self.current.group).label) if self.current else ""


def member_segment_history(*, user) -> SegmentHistory:
    """A member's group in the latest run and the earlier runs in which it changed (one query)."""
    latest_run = SegmentRun.objects.order_by("-date").values("pk")[:1]
    snapshots = list(
        SegmentSnapshot.objects.filter(member=user)
        .select_related("run")
        .annotate(latest_run=Subquery(latest_run))
        .order_by("-run__date")[:400]
    )
    for snapshot in snapshots:
        snapshot.label = str(rfm.Group(snapshot.group).label)
        snapshot.meaning = str(rfm.MEANING[rfm.Group(snapshot.group)])
    current = snapshots[0] if snapshots and snapshots[0].run_id == snapshots[0].latest_run else None
    past = []
    previous_group = current.group if current else None
    for snapshot in snapshots[1:] if current else snapshots:
        if snapshot.group != previous_group:
            past.append(snapshot)
            previous_group = snapshot.group
    return SegmentHistory(current=current, past=past)


@export_section(
    covers=["crm.SegmentSnapshot"], excludes={"crm.SegmentRun": "the staff member who started a run"}
)
def member_export_segment_data(*, user) -> dict:
    """The member's RFM history: for each run, the date, scores and group the shop gave it."""
    return {
        "segments": [
            {"date": date.isoformat(), "group": group, "recency": r, "frequency": f, "monetary": m}
            for date, group, r, f, m in SegmentSnapshot.objects.filter(member=user)
            .order_by("run__date")
            .values_list("run__date", "group", "recency", "frequency", "monetary")
        ]
    }


INTERVAL_BUCKETS = (
    (7, "≤ 7"),
    (14, "8–14"),
    (30, "15–30"),
    (60, "31–60"),
    (90, "61–90"),
    (180, "91–180"),
    (365, "181–365"),
)
COHORT_MONTHS = 12  # cohorts shown: the last twelve months of first purchases
COHORT_FOLLOWING = 6  # retention measured in each of the six months after the first


@dataclass(frozen=True)
class Behaviour:
    buyers: int
    orders: int
    cohorts: list[dict]  # {"month": date, "buyers": n, "retention": [percent or None per following month]}
    intervals: list[tuple[str, int]]  # (bucket label in days, repeat orders)
    median_interval: int | None
    first_categories: list[tuple[str, int]]  # category of first orders, most first
    next_categories: list[
        tuple[str, str, int]
    ]  # (category of an order, category of the member's next, count)
    by_hour: list[int]  # orders per hour of the day, Asia/Jakarta
    by_weekday: list[int]  # orders per weekday, Monday first


def _month_index(day: datetime.date) -> int:
    return day.year * 12 + day.month - 1


def purchase_behaviour(*, today: datetime.date | None = None) -> Behaviour:
    """Cohort retention, repeat intervals, first and next categories and the best hours and days, over every
    paid-or-later order of either channel (two streamed queries: the orders, and their lines' categories)."""
    today = today or timezone.localdate()
    by_member: dict[int, list[tuple[datetime.datetime, int]]] = {}
    by_hour = [0] * 24
    by_weekday = [0] * 7
    orders = (
        Order.objects.filter(status__in=PAID_OR_LATER)
        .order_by("member_id", "created_at", "pk")
        .values_list("pk", "member_id", "created_at")
    )
    count = 0
    for pk, member_id, created in orders.iterator(chunk_size=5000):
        local = timezone.localtime(created)
        by_hour[local.hour] += 1
        by_weekday[local.weekday()] += 1
        by_member.setdefault(member_id, []).append((local, pk))
        count += 1

    categories: dict[int, set[str]] = {}
    lines = (
        OrderLine.objects.filter(order__status__in=PAID_OR_LATER)
        .order_by()
        .values_list("order_id", "product__category__name")
    )
    for order_id, category in lines.iterator(chunk_size=5000):
        categories.setdefault(order_id, set()).add(category or _("(product removed)"))

    current = _month_index(today)
    cohort_buyers: dict[int, int] = {}
    cohort_returned: dict[int, list[int]] = {}
    intervals: list[int] = []
    first_counts: dict[str, int] = {}
    next_counts: dict[tuple[str, str], int] = {}
    for history in by_member.values():
        first_month = _month_index(history[0][0].date())
        if current - first_month < COHORT_MONTHS:
            cohort_buyers[first_month] = cohort_buyers.get(first_month, 0) + 1
            returned = cohort_returned.setdefault(first_month, [0] * COHORT_FOLLOWING)
            months = {_month_index(when.date()) - first_month for when, _pk in history[1:]}
            for offset in months:
                if 1 <= offset <= COHORT_FOLLOWING:
                    returned[offset - 1] += 1
        for category in categories.get(history[0][1], ()):
            first_counts[category] = first_counts.get(category, 0) + 1
        for (earlier, earlier_pk), (later, later_pk) in itertools.pairwise(history):
            intervals.append((later.date() - earlier.date()).days)
            for a in categories.get(earlier_pk, ()):
                for b in categories.get(later_pk, ()):
                    next_counts[(a, b)] = next_counts.get((a, b), 0) + 1

    cohorts = []
    for month in range(current - COHORT_MONTHS + 1, current + 1):
        buyers = cohort_buyers.get(month, 0)
        returned = cohort_returned.get(month, [0] * COHORT_FOLLOWING)
        cohorts.append(
            {
                "month": datetime.date(month // 12, month % 12 + 1, 1),
                "buyers": buyers,
                # None where that following month has not happened yet (or nobody started that month).
                "retention": [
                    round(100 * returned[k] / buyers, 1) if buyers and month + k + 1 <= current else None
                    for k in range(COHORT_FOLLOWING)
                ],
            }
        )
    buckets = [0] * (len(INTERVAL_BUCKETS) + 1)
    for days in intervals:
        buckets[next((i for i, (bound, _label) in enumerate(INTERVAL_BUCKETS) if days <= bound), -1)] += 1
    labels = [label for _bound, label in INTERVAL_BUCKETS] + ["> 365"]
    return Behaviour(
        buyers=len(by_member),
        orders=count,
        cohorts=cohorts,
        intervals=list(zip(labels, buckets, strict=True)),
        median_interval=int(statistics.median(intervals)) if intervals else None,
        first_categories=sorted(first_counts.items(), key=lambda item: (-item[1], item[0]))[:10],
        next_categories=sorted(
            ((a, b, n) for (a, b), n in next_counts.items()), key=lambda item: (-item[2], item[0], item[1])
        )[:15],
        by_hour=by_hour,
        by_weekday=by_weekday,
    )
