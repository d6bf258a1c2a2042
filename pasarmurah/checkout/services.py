"""Writes of the checkout domain: changing a cart, joining a visitor's cart to a member's at login, and
erasing a member's cart."""

from django.utils.translation import gettext as _

from pasarmurah.catalog.models import Product
from pasarmurah.checkout.cart import MemberCart, SessionCart
from pasarmurah.checkout.models import Cart
from pasarmurah.core.cache import member_values_changed

MAX_QUANTITY_PER_LINE = 99


class CartError(Exception):
    """A cart change that cannot be made; the message is for the shopper."""


def _available_product(product_id: int) -> Product:
    """The product on sale with what a cart change checks (its name and stock), or CartError."""
    product = Product.objects.on_sale().filter(pk=product_id).only("pk", "name", "stock").first()
    if product is None:
        raise CartError(_("This product is no longer sold."))
    return product


def _check_quantity(product: Product, quantity: int) -> None:
    if quantity < 1 or quantity > MAX_QUANTITY_PER_LINE:
        raise CartError(_("Choose a quantity from 1 to %(max)d.") % {"max": MAX_QUANTITY_PER_LINE})
    if product.stock == 0:
        raise CartError(_("%(name)s is out of stock.") % {"name": product.name})
    if quantity > product.stock:
        raise CartError(
            _("Only %(stock)d of %(name)s left in stock.") % {"stock": product.stock, "name": product.name}
        )


def cart_add(*, cart: SessionCart | MemberCart, product_id: int, quantity: int = 1) -> int:
    """Add units of a product; returns the line's new quantity."""
    product = _available_product(product_id)
    new_quantity = cart.items().get(product.pk, 0) + quantity
    _check_quantity(product, new_quantity)
    cart.set(product.pk, new_quantity)
    return new_quantity


def cart_set_quantity(*, cart: SessionCart | MemberCart, product_id: int, quantity: int) -> int:
    """Set a line's quantity; zero removes it."""
    if quantity == 0:
        cart.set(product_id, 0)
        return 0
    product = _available_product(product_id)
    _check_quantity(product, quantity)
    cart.set(product.pk, quantity)
    return quantity


def cart_remove(*, cart: SessionCart | MemberCart, product_id: int) -> None:
    cart.set(product_id, 0)


def cart_merge(*, session_cart: SessionCart, member_cart: MemberCart) -> None:
    """At login the visitor's lines join the member's cart (quantities add up, capped by stock and limit)."""
    visitor_items = session_cart.items()
    if not visitor_items:
        return
    stored = member_cart.items()
    stock = dict(Product.objects.on_sale().filter(pk__in=visitor_items).values_list("pk", "stock"))
    for product_id, quantity in visitor_items.items():
        if product_id not in stock:
            continue
        merged = min(stored.get(product_id, 0) + quantity, stock[product_id], MAX_QUANTITY_PER_LINE)
        if merged > 0:
            member_cart.set(product_id, merged)
    session_cart.clear()


def cart_merge_at_login(*, request, user) -> None:
    """After-login step (settings.AFTER_LOGIN_STEPS): a visitor's cart joins the member's stored cart."""
    if user.is_staff or request is None or not hasattr(request, "session"):
        return
    cart_merge(session_cart=SessionCart(request.session), member_cart=MemberCart(user))


def member_erase_cart(*, user) -> None:
    """Privacy erasure step (settings.MEMBER_ERASURE_STEPS): the member's stored cart goes."""
    Cart.objects.filter(member=user).delete()
    member_values_changed(user.pk)
