import json

from django.utils.functional import SimpleLazyObject

from pasarmurah.core.cache import member_values
from pasarmurah.crm.selectors import wished_product_ids


def wishlist(request):
    """`wished_ids`: the member's wished product ids, from the member's cached values (crm.services renews
    them on every wishlist write), read only when a template asks.

    `wished_ids_json` goes on <body>: cached product grids are the same for everyone, so shop.js marks the
    hearts of this member's wished products from it."""
    user = getattr(request, "user", None)
    if user is None:
        return {"wished_ids": frozenset(), "wished_ids_json": "[]"}

    def ids():
        if not user.is_authenticated:
            return frozenset()
        return frozenset(member_values(request).get("wished_ids", lambda: wished_product_ids(user=user)))

    wished = SimpleLazyObject(ids)
    return {"wished_ids": wished, "wished_ids_json": SimpleLazyObject(lambda: json.dumps(sorted(wished)))}
