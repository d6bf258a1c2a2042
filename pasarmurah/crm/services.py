"""Writes of the CRM domain: the wishlist and its notices. The e-mail outbox is in outbox.py."""

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from pasarmurah.accounts.models import User
from pasarmurah.catalog.models import Product
from pasarmurah.catalog.pricing import PromoBook
from pasarmurah.crm.models import OutboundEmail, WishlistItem, WishlistNotice
from pasarmurah.crm.outbox import email_queue, unsubscribe_headers

PENDING_WISH_SESSION_KEY = "crm:pending_wish"


def wishlist_add(*, user: User, product: Product) -> WishlistItem:
    """Put a product on the member's wishlist (a second add changes nothing)."""
    item = WishlistItem.objects.filter(user=user, product=product).first()
    if item:
        return item
    try:
        with transaction.atomic():
            return WishlistItem.objects.create(
                user=user,
                product=product,
                out_of_stock_since=None if product.stock > 0 else timezone.now(),
            )
    except IntegrityError:  # the same member adding twice at once (double tap)
        return WishlistItem.objects.get(user=user, product=product)


def wishlist_remove(*, user: User, product_id: int) -> bool:
    deleted, _ = WishlistItem.objects.filter(user=user, product_id=product_id).delete()
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
    """Privacy erasure step (accounts.services.member_delete): the wishlist goes; sent mail stays unlinked."""
    WishlistItem.objects.filter(user=user).delete()
    OutboundEmail.objects.filter(
        user=user, status__in=[OutboundEmail.Status.QUEUED, OutboundEmail.Status.FAILED]
    ).delete()
    OutboundEmail.objects.filter(user=user).update(to="", body_text="", body_html="", headers={}, user=None)


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


def wishlist_url() -> str:
    return reverse("crm:wishlist")
