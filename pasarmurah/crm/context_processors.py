import json

from django.utils.functional import SimpleLazyObject

from pasarmurah.crm.selectors import wished_product_ids


def wishlist(request):
    """`wished_ids`: the member's wished product ids, loaded once per request (one query, members only).

    `wished_ids_json` goes on <body>: cached product grids are the same for everyone, so shop.js marks the
    hearts of this member's wished products from it."""
    user = getattr(request, "user", None)
    if user is None:
        return {"wished_ids": frozenset(), "wished_ids_json": "[]"}
    ids = SimpleLazyObject(lambda: wished_product_ids(user=user))
    return {"wished_ids": ids, "wished_ids_json": SimpleLazyObject(lambda: json.dumps(sorted(ids)))}
