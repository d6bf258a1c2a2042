"""Reads of the CRM domain."""

import datetime
import itertools
import statistics
from dataclasses import dataclass

from django.conf import settings
from django.db.models import Avg, Case, Count, F, Max, OuterRef, Prefetch, Subquery, Sum, Value, When
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _

from pasarmurah.catalog.pricing import attach_prices
from pasarmurah.catalog.selectors import products_for_listing
from pasarmurah.core.privacy import export_section
from pasarmurah.core.private_files import private_file_export
from pasarmurah.crm import rfm
from pasarmurah.crm.models import (
    SegmentRun,
    SegmentSettings,
    SegmentSnapshot,
    Testimonial,
    Ticket,
    TicketEvent,
    TicketMessage,
    TicketStatus,
    WishlistItem,
)
from pasarmurah.orders.models import Order, OrderLine, OrderStatus

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
    covers=["crm.WishlistItem", "crm.Ticket", "crm.TicketMessage", "crm.Testimonial"],
    excludes={
        "crm.TicketEvent": "staff actions on tickets (reply, note, close, reopen) with the staff member "
        "who did them: the shop's internal log; the member's messages, the answers and the ticket's "
        "status are exported",
    },
    withholds={
        "crm.TicketMessage": "internal staff notes (is_internal), which the member never sees, and the "
        "names of the staff members who answered (answers are marked as from Customer Service)",
        "crm.Testimonial": "which staff member reviewed it",
    },
)
def member_export_crm_data(*, user) -> dict:
    """The CRM part of a member's data export: wishlist, its tickets (messages and photos,
    without internal staff notes) and its guestbook testimonials."""
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
    }


# --- Tickets and the guestbook (issue #7) ---------------------------------------------------------------

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


def tickets_waiting_count() -> int:
    """For the staff navigation badge."""
    return Ticket.objects.filter(status=TicketStatus.OPEN).count()


def member_recent_orders(*, user, limit: int = 5):
    from pasarmurah.orders.models import Order

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


# --- RFM segments and behaviour (issue #14) ----------------------------------------------------------------

# Orders that count as bought: paid and every later state (cancelled and expired never count).
PAID_OR_LATER = (OrderStatus.PAID, OrderStatus.PROCESSING, OrderStatus.SHIPPED, OrderStatus.COMPLETED)
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
    snapshots = list(
        SegmentSnapshot.objects.filter(member=user).select_related("run").order_by("-run__date")[:400]
    )
    for snapshot in snapshots:
        snapshot.label = str(rfm.Group(snapshot.group).label)
        snapshot.meaning = str(rfm.MEANING[rfm.Group(snapshot.group)])
    latest = SegmentRun.objects.order_by("-date").values_list("pk", flat=True).first()
    current = snapshots[0] if snapshots and snapshots[0].run_id == latest else None
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
