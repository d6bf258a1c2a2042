from pasarmurah.checkout.cart import cart_for


def cart(request):
    """The number of items in the cart, for the header badge (one small query for members)."""
    user = getattr(request, "user", None)
    if user is None or not hasattr(request, "session") or (user.is_authenticated and user.is_staff):
        return {"cart_count": 0}
    return {"cart_count": sum(cart_for(request).items().values())}
