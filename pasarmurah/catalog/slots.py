"""What the catalog's personal slots are a function of (`core.pagecache.slot_memo`): keep each tuple in step
with its template (and the templates it includes)."""

from pasarmurah.core.pagecache import slot_memo


@slot_memo("catalog/includes/product_personal.html")
def product_personal(context) -> tuple:
    """The product page's heart (wished or not, and the page it posts back to) and a member's link to suggest
    a product: the same for every member in the same state."""
    user, pk = context["user"], context["product"]["pk"]
    wished = pk in context["wished_ids"]
    return (pk, wished, context["request"].get_full_path(), user.is_authenticated, user.is_staff)
