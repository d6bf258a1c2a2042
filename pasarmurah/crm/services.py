"""Writes of the CRM domain: the wishlist and its notices, tickets and the guestbook.
Their mails go through the outbox (pasarmurah.mail)."""

import copy
import datetime

from django.contrib import messages
from django.db import IntegrityError, connection, transaction
from django.db.models import Count, F, Max, Q, Sum
from django.db.models.functions import TruncDate
from django.utils import timezone
from django.utils.translation import gettext as _

from pasarmurah.accounts.models import User
from pasarmurah.catalog.models import Product
from pasarmurah.catalog.pricing import PromoBook
from pasarmurah.core.cache import member_values_changed
from pasarmurah.core.private_files import private_folders_delete, private_image_save
from pasarmurah.crm import rfm
from pasarmurah.crm.models import (
    TAG_NAME_MAX,
    CustomerListExport,
    CustomerNote,
    CustomerTag,
    CustomerTagLink,
    SegmentRun,
    SegmentSettings,
    SegmentSnapshot,
    Testimonial,
    Ticket,
    TicketEvent,
    TicketMessage,
    TicketStatus,
    WishlistItem,
    WishlistNotice,
    tag_key,
)
from pasarmurah.crm.selectors import PAID_OR_LATER, PHOTO_FOLDER, testimonial_refusal, ticket_message_refusal
from pasarmurah.crm.signals import ticket_changed
from pasarmurah.mail.outbox import email_queue, unsubscribe_headers
from pasarmurah.orders.models import Order

PENDING_WISH_SESSION_KEY = "crm:pending_wish"


def wishlist_add(*, user: User, product: Product) -> WishlistItem:
    """Put a product on the member's wishlist (a second add changes nothing)."""
    item = WishlistItem.objects.filter(user=user, product=product).first()
    if item:
        return item
    try:
        with transaction.atomic():
            item = WishlistItem.objects.create(
                user=user,
                product=product,
                out_of_stock_since=None if product.stock > 0 else timezone.now(),
            )
    except IntegrityError:  # the same member adding twice at once (double tap)
        return WishlistItem.objects.get(user=user, product=product)
    member_values_changed(user.pk)  # the hearts: wished ids
    return item


def wishlist_remove(*, user: User, product_id: int) -> bool:
    deleted, _ = WishlistItem.objects.filter(user=user, product_id=product_id).delete()
    if deleted:
        member_values_changed(user.pk)
    return bool(deleted)


def wishlist_toggle(*, user: User, product: Product) -> bool:
    """Add the product, or remove it when it is already wished; returns whether it is wished now."""
    if wishlist_remove(user=user, product_id=product.pk):
        return False
    wishlist_add(user=user, product=product)
    return True


def wishlist_remember_pending(*, session, product: Product) -> None:
    """A visitor tapped a heart: keep the product in the session until it logs in."""
    session[PENDING_WISH_SESSION_KEY] = product.pk


def wishlist_claim_pending(*, session, user: User) -> WishlistItem | None:
    """After login: save the product the visitor tapped before logging in, if it is still on sale."""
    product_id = session.pop(PENDING_WISH_SESSION_KEY, None)
    if not product_id:
        return None
    product = Product.objects.on_sale().filter(pk=product_id).first()
    return wishlist_add(user=user, product=product) if product else None


def wishlist_claim_at_login(*, request, user: User) -> None:
    """After-login step (settings.AFTER_LOGIN_STEPS): save the heart a visitor tapped, and say so."""
    if request is None or not hasattr(request, "session"):
        return
    wished = wishlist_claim_pending(session=request.session, user=user)
    if wished:
        messages.success(
            request, _("Saved to your wishlist: %(name)s") % {"name": wished.product}, fail_silently=True
        )


def promotion_email_queue(
    *, user: User, kind: str, template: str, context: dict, dedupe_key: str | None = None
):
    """Queue a promotional mail (campaigns, birthday greetings) for a member who opted in, with the one-click
    unsubscribe link in its context and the List-Unsubscribe headers; None when the member may not get it."""
    from pasarmurah.accounts.services import unsubscribe_url

    if not (user.is_active and user.accepts_marketing and user.email_verified):
        return None
    url = unsubscribe_url(user=user, topic="promotions")
    return email_queue(
        to=user.email,
        user=user,
        kind=kind,
        template=template,
        context={"user": user, "unsubscribe_url": url, **context},
        headers=unsubscribe_headers(url),
        dedupe_key=dedupe_key,
    )


def member_erase_crm_data(*, user: User) -> None:
    """Privacy erasure step (accounts.services.member_delete): the wishlist, tickets (with their messages and
    photos), testimonials and the staff's notes and tags on the member go (the outbox has its own step).
    Nothing here is part of the books.

    The photos go by sweeping each of the member's ticket folders in private storage once the erasure commits
    (also files no row names); a rolled-back erasure leaves them.
    """
    WishlistItem.objects.filter(user=user).delete()
    member_values_changed(user.pk)
    private_folders_delete(
        folder=PHOTO_FOLDER, owner_ids=Ticket.objects.filter(member=user).values_list("pk", flat=True)
    )
    for ticket in Ticket.objects.filter(member=user):
        ticket_changed.send(sender=Ticket, ticket=None, previous=ticket)
    Ticket.objects.filter(member=user).delete()
    Testimonial.objects.filter(member=user).delete()
    CustomerNote.objects.filter(member=user).delete()
    CustomerTagLink.objects.filter(member=user).delete()


def _notify(*, item: WishlistItem, kind: str, event_key: str, context: dict) -> bool:
    """Record the notice (once per item, kind and event) and queue its mail; False when already done."""
    from pasarmurah.accounts.services import unsubscribe_url

    try:
        with transaction.atomic():
            WishlistNotice.objects.create(item=item, kind=kind, event_key=event_key)
    except IntegrityError:
        return False
    user = item.user
    url = unsubscribe_url(user=user, topic="wishlist")
    email_queue(
        to=user.email,
        user=user,
        kind=f"wishlist_{kind}",
        template=f"crm/email/wishlist_{kind}",
        context={"user": user, "product": item.product, "unsubscribe_url": url, **context},
        headers=unsubscribe_headers(url),
        dedupe_key=f"wishlist:{item.pk}:{kind}:{event_key}",
    )
    return True


def _wished_items():
    return WishlistItem.objects.filter(
        user__is_active=True,
        user__wishlist_alerts=True,
        user__email_verified_at__isnull=False,
        product__is_active=True,
        product__category__is_active=True,
    ).select_related("user", "product", "product__category")


@transaction.atomic
def wishlist_scan_restocks() -> int:
    """Mark wished products seen out of stock, and tell members about those back in stock (once each)."""
    WishlistItem.objects.filter(out_of_stock_since__isnull=True, product__stock__lte=0).update(
        out_of_stock_since=timezone.now()
    )
    sent = 0
    back = _wished_items().filter(out_of_stock_since__isnull=False, product__stock__gt=0)
    for item in back.order_by("pk"):
        product_url = item.product.get_absolute_url()
        sent += _notify(
            item=item,
            kind=WishlistNotice.Kind.RESTOCK,
            event_key=item.out_of_stock_since.isoformat(),
            context={"product_url": product_url},
        )
    WishlistItem.objects.filter(out_of_stock_since__isnull=False, product__stock__gt=0).update(
        out_of_stock_since=None
    )
    return sent


@transaction.atomic
def wishlist_scan_promos() -> int:
    """Tell members when a wished product gets a promo that started after they wished it (once per promo)."""
    book = PromoBook.load()
    if not book.promos:
        return 0
    category_ids = set(book.by_category)
    covered = (
        Q(product_id__in=set(book.by_product))
        | Q(product__category_id__in=category_ids)
        | Q(product__category__parent_id__in=category_ids)
    )
    items = list(_wished_items().filter(covered, product__stock__gt=0).order_by("pk"))
    done = set(
        WishlistNotice.objects.filter(
            kind=WishlistNotice.Kind.PROMO, item_id__in=[item.pk for item in items]
        ).values_list("item_id", "event_key")
    )
    sent = 0
    for item in items:
        quote = book.quote(item.product)
        if not quote.has_promo or quote.promo.starts_at <= item.created_at:
            continue
        key = str(quote.promo.pk)
        if (item.pk, key) in done:
            continue
        sent += _notify(
            item=item,
            kind=WishlistNotice.Kind.PROMO,
            event_key=key,
            context={"quote": quote, "product_url": item.product.get_absolute_url()},
        )
    return sent


# --- Tickets: complaints, suggestions, product recommendations ----------------------------------------------


class TicketError(Exception):
    """A ticket action that cannot be done; the message is for people."""


class LimitReached(TicketError):
    """A member's limit (settings.MEMBER_LIMITS) is reached: ticket messages, photos or testimonials."""


def _lock_member(member: User) -> None:
    """Serialise one member's writes, so a limit counted from the rows holds under concurrent requests."""
    User.objects.select_for_update().only("pk").get(pk=member.pk)


def _save_photo(ticket_id: int, photo) -> str:
    return private_image_save(folder=PHOTO_FOLDER, owner_id=ticket_id, image=photo) if photo else ""


@transaction.atomic
def ticket_open(
    *,
    kind: str,
    subject: str,
    message: str,
    member: User | None = None,
    visitor_name: str = "",
    visitor_email: str = "",
    order=None,
    product: Product | None = None,
    photo=None,
) -> Ticket:
    """A member or a visitor opens a ticket; Customer Service sees it at the top of the inbox."""
    if member is not None and order is not None and order.member_id != member.pk:
        raise TicketError(_("Choose one of your own orders."))
    if member is not None:
        _lock_member(member)
        refusal = ticket_message_refusal(member=member, with_photo=bool(photo))
        if refusal:
            raise LimitReached(refusal)
    now = timezone.now()
    ticket = Ticket.objects.create(
        member=member,
        visitor_name=visitor_name.strip(),
        visitor_email=visitor_email.strip().lower(),
        kind=kind,
        subject=subject.strip(),
        order=order if member else None,
        product=product,
        waiting_since=now,
        created_at=now,
    )
    TicketMessage.objects.create(
        ticket=ticket,
        author=member,
        body=message.strip(),
        photo_name=_save_photo(ticket.pk, photo),
        created_at=now,
    )
    ticket_changed.send(sender=Ticket, ticket=ticket, previous=None)
    return ticket


@transaction.atomic
def ticket_member_reply(*, ticket: Ticket, member: User, message: str, photo=None) -> TicketMessage:
    """The member adds to its thread; a closed ticket opens again."""
    _lock_member(member)
    ticket = Ticket.objects.select_for_update().get(pk=ticket.pk, member=member)
    refusal = ticket_message_refusal(member=member, ticket=ticket, with_photo=bool(photo))
    if refusal:
        raise LimitReached(refusal)
    now = timezone.now()
    reply = TicketMessage.objects.create(
        ticket=ticket,
        author=member,
        body=message.strip(),
        photo_name=_save_photo(ticket.pk, photo),
        created_at=now,
    )
    previous = copy.copy(ticket)
    ticket.status = TicketStatus.OPEN
    ticket.waiting_since = ticket.waiting_since or now
    ticket.closed_at = None
    ticket.save(update_fields=["status", "waiting_since", "closed_at"])
    ticket_changed.send(sender=Ticket, ticket=ticket, previous=previous)
    return reply


@transaction.atomic
def ticket_staff_reply(*, ticket: Ticket, by: User, message: str) -> TicketMessage:
    """Customer Service answers: the customer gets the answer by e-mail (through the outbox)."""
    ticket = Ticket.objects.select_for_update().get(pk=ticket.pk)  # no join: a visitor ticket has no member
    now = timezone.now()
    reply = TicketMessage.objects.create(
        ticket=ticket, author=by, from_staff=True, body=message.strip(), created_at=now
    )
    previous = copy.copy(ticket)
    ticket.status = TicketStatus.ANSWERED
    ticket.waiting_since = None
    ticket.first_response_at = ticket.first_response_at or now
    ticket.save(update_fields=["status", "waiting_since", "first_response_at"])
    ticket_changed.send(sender=Ticket, ticket=ticket, previous=previous)
    TicketEvent.objects.create(ticket=ticket, actor=by, action="reply", created_at=now)
    email_queue(
        to=ticket.sender_email,
        kind="ticket_reply",
        template="crm/email/ticket_reply",
        context={"ticket": ticket, "reply": reply},
        user=ticket.member,
        dedupe_key=f"ticket-reply:{reply.pk}",
    )
    return reply


@transaction.atomic
def ticket_note(*, ticket: Ticket, by: User, message: str) -> TicketMessage:
    """An internal note between staff; members and e-mails never see it."""
    note = TicketMessage.objects.create(
        ticket=ticket, author=by, from_staff=True, is_internal=True, body=message.strip()
    )
    TicketEvent.objects.create(ticket=ticket, actor=by, action="note")
    return note


@transaction.atomic
def ticket_close(*, ticket: Ticket, by: User) -> Ticket:
    ticket = Ticket.objects.select_for_update().get(pk=ticket.pk)
    if ticket.status == TicketStatus.CLOSED:
        raise TicketError(_("This ticket is already closed."))
    previous = copy.copy(ticket)
    ticket.status = TicketStatus.CLOSED
    ticket.closed_at = timezone.now()
    ticket.waiting_since = None
    ticket.save(update_fields=["status", "closed_at", "waiting_since"])
    ticket_changed.send(sender=Ticket, ticket=ticket, previous=previous)
    TicketEvent.objects.create(ticket=ticket, actor=by, action="close")
    return ticket


@transaction.atomic
def ticket_reopen(*, ticket: Ticket, by: User) -> Ticket:
    ticket = Ticket.objects.select_for_update().get(pk=ticket.pk)
    if ticket.status != TicketStatus.CLOSED:
        raise TicketError(_("Only a closed ticket can be reopened."))
    previous = copy.copy(ticket)
    ticket.status = TicketStatus.OPEN
    ticket.closed_at = None
    ticket.waiting_since = timezone.now()
    ticket.save(update_fields=["status", "closed_at", "waiting_since"])
    ticket_changed.send(sender=Ticket, ticket=ticket, previous=previous)
    TicketEvent.objects.create(ticket=ticket, actor=by, action="reopen")
    return ticket


@transaction.atomic
def ticket_rate(*, ticket: Ticket, member: User, rating: int) -> Ticket:
    """The member rates the answer of a closed ticket, once, from 1 to 5."""
    if not 1 <= rating <= 5:
        raise TicketError(_("Choose from 1 to 5 stars."))
    updated = Ticket.objects.filter(
        pk=ticket.pk, member=member, status=TicketStatus.CLOSED, rating__isnull=True
    ).update(rating=rating, rated_at=timezone.now())
    if not updated:
        raise TicketError(_("This ticket cannot be rated (it is open, or already rated)."))
    rated = Ticket.objects.get(pk=ticket.pk)
    previous = copy.copy(rated)
    previous.rating = previous.rated_at = None
    ticket_changed.send(sender=Ticket, ticket=rated, previous=previous)
    return rated


@transaction.atomic
def testimonial_submit(*, member: User, text: str) -> Testimonial:
    """A member writes in the guestbook; staff approve it before it shows. Limited per member and day."""
    _lock_member(member)
    refusal = testimonial_refusal(member=member)
    if refusal:
        raise LimitReached(refusal)
    return Testimonial.objects.create(member=member, text=text.strip())


@transaction.atomic
def testimonial_review(*, testimonial: Testimonial, by: User, show: bool) -> Testimonial:
    """Staff approve a testimonial for the guestbook, or hide it again."""
    testimonial.status = Testimonial.Status.APPROVED if show else Testimonial.Status.HIDDEN
    testimonial.reviewed_by = by
    testimonial.reviewed_at = timezone.now()
    testimonial.save(update_fields=["status", "reviewed_by", "reviewed_at"])
    return testimonial


# --- Customer knowledge: staff notes and tags ---------------------------------------------------------------


class CustomerTagError(ValueError):
    """A tag that cannot be added: the message says why, in the staff member's language."""


@transaction.atomic
def customer_note_add(*, member: User, text: str, by: User) -> CustomerNote:
    """Write a staff note on a member's timeline (the note carries its author)."""
    return CustomerNote.objects.create(member=member, author=by, text=text.strip())


@transaction.atomic
def customer_tag_add(*, member: User, name: str, by: User) -> CustomerTagLink:
    """Put a tag on a member (a new tag unless one has this name in any case); logged on the timeline."""
    name = " ".join(name.split())
    if not name:
        raise CustomerTagError(_("Type the tag's name."))
    if len(name) > TAG_NAME_MAX:
        raise CustomerTagError(_("A tag's name has at most %(max)d characters.") % {"max": TAG_NAME_MAX})
    tag = CustomerTag.objects.filter(name_key=tag_key(name)).first()
    if tag is None:
        try:
            with transaction.atomic():
                tag = CustomerTag.objects.create(name=name)
        except IntegrityError:  # created by someone else a moment ago
            tag = CustomerTag.objects.get(name_key=tag_key(name))
    User.objects.select_for_update().filter(pk=member.pk).first()  # one tag change per member at a time
    link = CustomerTagLink.objects.filter(member=member, tag=tag).first()
    if link is not None:
        raise CustomerTagError(_("This member already has the tag “%(tag)s”.") % {"tag": tag.name})
    link = CustomerTagLink.objects.create(member=member, tag=tag, added_by=by)
    CustomerNote.objects.create(member=member, author=by, kind=CustomerNote.Kind.TAG_ADDED, text=tag.name)
    return link


@transaction.atomic
def customer_tag_remove(*, member: User, tag: CustomerTag, by: User) -> bool:
    """Take a tag off a member; the removal is logged on the timeline. False when it had no such tag."""
    deleted, _rows = CustomerTagLink.objects.filter(member=member, tag=tag).delete()
    if not deleted:
        return False
    CustomerNote.objects.create(member=member, author=by, kind=CustomerNote.Kind.TAG_REMOVED, text=tag.name)
    return True


@transaction.atomic
def customer_list_export_log(
    *, by: User, file_format: str, filters: dict, row_count: int
) -> CustomerListExport:
    """Record a download of the customer list: who, when, with which filters and how many rows."""
    return CustomerListExport.objects.create(
        by=by, file_format=file_format, filters=filters, row_count=row_count
    )


# --- RFM segments -------------------------------------------------------------------------------------------

SNAPSHOT_BATCH = 5000
# Every run of the last KEEP_DAILY_DAYS is kept; older ones only the first run of each month, so the history
# of movement stays while the table does not grow by every member every day.
KEEP_DAILY_DAYS = 62


def segments_recompute(*, today: datetime.date | None = None, by: User | None = None) -> SegmentRun:
    """Score every active member (RFM) and keep the day's snapshot; a second run the same day replaces it.

    One GROUP BY over the paid-or-later orders gives each buyer's order count, spend and last order; the
    scoring runs over those rows in memory (crm.rfm) and the snapshots are bulk-inserted, so the work is a
    handful of queries whatever the number of members. The run row is locked, so two runs of one day (the
    nightly job and the Owner's button) follow each other instead of mixing their rows.
    """
    today = today or timezone.localdate()
    rules = SegmentSettings.load()
    with transaction.atomic():
        run, _created = SegmentRun.objects.select_for_update().get_or_create(
            date=today, defaults={"method": SegmentRun.Method.FIXED}
        )
        run.snapshots.all().delete()
        members = set(
            User.objects.filter(is_active=True, is_staff=False)
            .values_list("pk", flat=True)
            .iterator(chunk_size=SNAPSHOT_BATCH)
        )
        # Orders up to the end of the run's day (Jakarta), so a run for an earlier date sees that date's past.
        tomorrow = today + datetime.timedelta(days=1)
        day_end = timezone.make_aware(datetime.datetime.combine(tomorrow, datetime.time()))
        # Conditional aggregates over all of a member's orders, not WHERE status IN (...): the scan then
        # follows the covering index orders_member_status_rfm in member order, with no sort for the GROUP BY
        # (2.7 s → 1.1 s over 330,000 orders on SQLite). Members and staff are filtered here, not joined.
        counted = Q(status__in=PAID_OR_LATER)
        jakarta = timezone.get_current_timezone()  # once: localdate() per row costs seconds at 100,000 rows
        # PostgreSQL gives the last order's Jakarta date itself (a date loads much faster than a timestamp
        # with its zone); SQLite would run that per row in Python and MariaDB needs its zone tables for it.
        native_date = connection.vendor == "postgresql"
        last_order = TruncDate("created_at", tzinfo=jakarta) if native_date else F("created_at")
        aggregates = (
            Order.objects.filter(created_at__lt=day_end)
            .order_by()
            .values("member_id")
            .annotate(
                count=Count("pk", filter=counted),
                spent=Sum("total", filter=counted),
                last=Max(last_order, filter=counted),
            )
            .filter(count__gt=0)  # HAVING: only buyers travel to Python
            .values_list("member_id", "count", "spent", "last")
        )
        buyers = [
            rfm.Buyer(
                member_id,
                max(0, (today - (last if native_date else last.astimezone(jakarta).date())).days),
                count,
                spent,
            )
            for member_id, count, spent, last in aggregates.iterator(chunk_size=SNAPSHOT_BATCH)
            if member_id in members
        ]
        method, scores = rfm.score_buyers(
            buyers, thresholds=rfm.Thresholds.of(rules), quintile_min_buyers=rules.quintile_min_buyers
        )
        rows = [
            (
                run.pk,
                buyer.member_id,
                group.value,
                r,
                f,
                m,
                buyer.orders,
                buyer.spent,
                today - datetime.timedelta(days=buyer.days_since),
                buyer.days_since,
            )
            for buyer, (r, f, m, group) in zip(buyers, scores, strict=True)
        ]
        bought = {buyer.member_id for buyer in buyers}
        rows += [
            (run.pk, member_id, rfm.Group.NEVER.value, 0, 0, 0, 0, 0, None, None)
            for member_id in sorted(members - bought)
        ]
        rows.sort(key=lambda row: row[1])  # in member order: the (member, run) index fills at its end
        _snapshots_insert(rows)
        run.method = method
        run.buyers = len(buyers)
        run.members = len(rows)
        run.computed_at = timezone.now()
        run.by = by
        run.save(update_fields=["method", "buyers", "members", "computed_at", "by"])
        _segment_runs_prune(today=today)
    return run


SNAPSHOT_COLUMNS = (
    "run",
    "member",
    "group",
    "recency",
    "frequency",
    "monetary",
    "orders",
    "spent",
    "last_order_on",
    "days_since",
)


def _snapshots_insert(rows: list[tuple]) -> None:
    """Insert snapshot rows (values in SNAPSHOT_COLUMNS order) with the driver's executemany.

    The ORM's bulk_create builds a model object per row and, on SQLite, splits the insert at 999 parameters
    (about 90 rows a statement): for 200,000 members that alone took over 15 s. executemany of one prepared
    INSERT is a C loop on SQLite and multi-row INSERTs on PyMySQL. On PostgreSQL even psycopg's pipelined
    executemany took about 1 s per 20,000 rows; COPY ... FROM STDIN streams them in one command.
    """
    meta = SegmentSnapshot._meta
    quote = connection.ops.quote_name
    columns = ", ".join(quote(meta.get_field(name).column) for name in SNAPSHOT_COLUMNS)
    if connection.vendor == "postgresql":
        with (
            connection.cursor() as cursor,
            cursor.cursor.copy(
                f"COPY {quote(meta.db_table)} ({columns}) FROM STDIN"  # noqa: S608 - names only
            ) as copy,
        ):
            for row in rows:
                copy.write_row(row)
        return
    placeholders = ", ".join(["%s"] * len(SNAPSHOT_COLUMNS))
    sql = f"INSERT INTO {quote(meta.db_table)} ({columns}) VALUES ({placeholders})"  # noqa: S608 - names only
    with connection.cursor() as cursor:
        for start in range(0, len(rows), SNAPSHOT_BATCH * 4):
            cursor.executemany(sql, rows[start : start + SNAPSHOT_BATCH * 4])


def _segment_runs_prune(*, today: datetime.date) -> None:
    """Drop older runs except the first of each month (their snapshots go with them)."""
    old = SegmentRun.objects.filter(date__lt=today - datetime.timedelta(days=KEEP_DAILY_DAYS))
    keep = set()
    seen = set()
    for pk, date in old.order_by("date").values_list("pk", "date"):
        if (date.year, date.month) not in seen:
            seen.add((date.year, date.month))
            keep.add(pk)
    old.exclude(pk__in=keep).delete()


def member_erase_segment_data(*, user: User) -> None:
    """Privacy erasure step: the member's RFM snapshots go (they are a profile of the person)."""
    SegmentSnapshot.objects.filter(member=user).delete()
