from pasarmurah.checkout.cart import cart_for


def cart(request):
    """The number of items in the cart, for the header badge (one small query for members)."""
    if request.user.is_authenticated and request.user.is_staff:
        return {"cart_count": 0}
    return {"cart_count": sum(cart_for(request).items().values())}
