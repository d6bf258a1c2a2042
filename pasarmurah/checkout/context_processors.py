from pasarmurah.checkout.cart import cart_items_cached
from pasarmurah.core.cache import member_values


def cart(request):
    """The number of items in the cart, for the header badge: a member's from the member's cached values
    (checkout.cart renews them on every cart write), a visitor's from the session."""
    user = getattr(request, "user", None)
    if user is None or not hasattr(request, "session") or (user.is_authenticated and user.is_staff):
        return {"cart_count": 0}
    if user.is_authenticated:
        count = member_values(request).get("cart_count", lambda: cart_count(request), cart=True)
        return {"cart_count": count}
    return {"cart_count": cart_count(request)}


def cart_count(request) -> int:
    return sum(cart_items_cached(request).values())
