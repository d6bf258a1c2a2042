"""What the layout's personal slots are a function of (`core.pagecache.slot_memo`): keep each tuple in step
with its template."""

from pasarmurah.core.pagecache import slot_memo


@slot_memo("includes/header_account.html")
def header_account(context) -> tuple | None:
    """The cart badge and the account menu: a member's name or e-mail and cart count; a visitor's cart count
    and the page to come back to after logging in. Staff menus carry live queue counts: rendered each time."""
    user = context["user"]
    if user.is_staff:
        return None
    if user.is_authenticated:
        return ("member", user.full_name, user.email, context["cart_count"])
    return ("visitor", context["cart_count"], context["request"].get_full_path())
