from pasarmurah.checkout.cart import MemberCart, SessionCart
from pasarmurah.checkout.services import cart_merge


def merge_cart_at_login(sender, request, user, **kwargs):
    """A visitor's cart joins the member's stored cart when it logs in (whichever view logged it in)."""
    if user.is_staff or request is None or not hasattr(request, "session"):
        return
    cart_merge(session_cart=SessionCart(request.session), member_cart=MemberCart(user))
