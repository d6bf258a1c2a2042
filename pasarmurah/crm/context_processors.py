from django.utils.functional import SimpleLazyObject

from pasarmurah.crm.selectors import wished_product_ids


def wishlist(request):
    """`wished_ids`: the member's wished product ids, loaded once per request and only if a heart asks."""
    user = getattr(request, "user", None)
    if user is None:
        return {"wished_ids": frozenset()}
    return {"wished_ids": SimpleLazyObject(lambda: wished_product_ids(user=user))}
