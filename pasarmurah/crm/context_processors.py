from django.utils.functional import SimpleLazyObject

from pasarmurah.crm.selectors import wished_product_ids


def wishlist(request):
    """`wished_ids`: the member's wished product ids, loaded once per request and only if a heart asks."""
    user = getattr(request, "user", None)
    if user is None:
        return {"wished_ids": frozenset()}
    return {"wished_ids": SimpleLazyObject(lambda: wished_product_ids(user=user))}


def staff_inbox(request):
    """`tickets_waiting`: for the staff navigation badge, counted only when the header asks for it."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated or not user.is_staff:
        return {}
    from pasarmurah.crm.selectors import tickets_waiting_count

    return {"tickets_waiting": SimpleLazyObject(tickets_waiting_count)}
