"""Where a cart's lines are kept: the session for visitors, the database for members.

Both stores offer the same small interface (product id -> quantity), so the cart services and pages do not
care who is shopping. Rules (stock, limits, prices) live in services.py and selectors.py, not here.
"""

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from pasarmurah.accounts.selectors import member_addresses
from pasarmurah.checkout.models import Cart, CartLine, new_checkout_key
from pasarmurah.core.cache import member_cart_changed, member_values

SESSION_KEY = "cart"


class SessionCart:
    def __init__(self, session):
        self.session = session

    def items(self) -> dict[int, int]:
        raw = self.session.get(SESSION_KEY) or {}
        return {int(pid): int(qty) for pid, qty in raw.items() if str(pid).isdigit() and int(qty) > 0}

    def set(self, product_id: int, quantity: int) -> None:
        items = self.items()
        if quantity > 0:
            items[product_id] = quantity
        else:
            items.pop(product_id, None)
        self.session[SESSION_KEY] = {str(pid): qty for pid, qty in items.items()}

    def clear(self) -> None:
        self.session.pop(SESSION_KEY, None)

    @property
    def checkout_key(self) -> str | None:
        return None


class MemberCart:
    def __init__(self, member):
        self.member = member
        self._cart = None

    @property
    def cart(self) -> Cart:
        if self._cart is None:
            self._cart, _ = Cart.objects.get_or_create(member=self.member)
        return self._cart

    def items(self) -> dict[int, int]:
        return dict(CartLine.objects.filter(cart__member=self.member).values_list("product_id", "quantity"))

    @transaction.atomic
    def set(self, product_id: int, quantity: int) -> None:
        """Put a product in the cart at this quantity (0 takes it out). The cart row is stamped first: the
        cart was touched now (the abandoned-cart reminder counts its idle time from the last change, a
        quantity changed or a line taken out included), and its lock orders concurrent writes of one cart."""
        Cart.objects.filter(pk=self.cart.pk).update(updated_at=timezone.now())
        if quantity > 0:
            CartLine.objects.update_or_create(
                cart=self.cart, product_id=product_id, defaults={"quantity": quantity}
            )
        else:
            CartLine.objects.filter(cart=self.cart, product_id=product_id).delete()
        member_cart_changed(self.member.pk)  # the header's cart count

    def clear(self) -> None:
        CartLine.objects.filter(cart__member=self.member).delete()
        member_cart_changed(self.member.pk)

    @property
    def checkout_key(self) -> str:
        return self.cart.checkout_key

    def clear_after_order(self) -> None:
        """Empty the cart and give it a new checkout key: the next submit is a new order.

        One write transaction for both, and the member's values renewed once, after it commits (the cart
        count, and the checkout page's cached key: checkout_key_cached). The cart's row is written first:
        concurrent submits of one checkout queue on its lock. Deleting the lines first deadlocked them on
        MariaDB (the DELETE's join share-locks the cart row, which each then waited to update)."""
        with transaction.atomic():
            Cart.objects.filter(member=self.member).update(
                checkout_key=new_checkout_key(), updated_at=F("updated_at")
            )
            CartLine.objects.filter(cart__member=self.member).delete()
        self._cart = None
        member_cart_changed(self.member.pk)


def cart_items_cached(request) -> dict[int, int]:
    """The cart's {product id: quantity} for a page: on a GET, a member's from its cached values
    (core.cache.member_values, renewed by every write of the stored cart, here, in the erasure and when a
    product is deleted, and again after the write commits); a visitor's from the session. A POST (it may have
    written the cart after this request read its values) and placing an order read the database."""
    user = request.user
    if not user.is_authenticated or user.is_staff:
        return SessionCart(request.session).items()
    if request.method != "GET":
        return MemberCart(user).items()
    return dict(member_values(request).get("cart_items", MemberCart(user).items, cart=True))


def checkout_key_cached(request) -> str:
    """The signed-in member's checkout key for the checkout page's form, from its cached values (renewed
    when clear_after_order gives the cart a new key, after the key is written, and when the cart is erased).
    A POST and a submit's check read MemberCart.checkout_key, from the database."""
    cart = MemberCart(request.user)
    if request.method != "GET":
        return cart.checkout_key
    return member_values(request).get("checkout_key", lambda: cart.checkout_key, cart=True)


def addresses_cached(request) -> list:
    """The signed-in member's address book for the checkout page (default first, then the newest): on a GET
    from its cached values (renewed at every save or delete of one of its addresses, see receivers.py); a
    POST, which may place an order to one of them, reads the database."""
    user = request.user
    if request.method != "GET":
        return member_addresses(user=user)
    return list(member_values(request).get("addresses", lambda: member_addresses(user=user)))


def cart_for(request) -> SessionCart | MemberCart:
    """The cart of whoever makes the request (members keep theirs in the database)."""
    if request.user.is_authenticated and not request.user.is_staff:
        return MemberCart(request.user)
    return SessionCart(request.session)
