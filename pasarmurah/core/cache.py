"""The embedded cache backend (diskcache, keeping its SQLite connections between requests), and the
per-member values every page shows (`member_values`, kept in the default cache whatever its backend).

Django closes every cache at the end of each request (the `request_finished` signal). For diskcache that
means closing the SQLite connection of every shard, and the next request opens them again and repeats their
PRAGMAs: about a dozen statements before the first read. The connections are per thread and the files stay
consistent across processes (SQLite's own locking, WAL), so keeping them open is safe and much cheaper.
"""

import uuid
from collections.abc import Callable

from diskcache import DjangoCache
from django.core.cache import caches
from django.db import transaction


class DiskCache(DjangoCache):
    def close(self, **kwargs):
        """Kept open: see the module's docstring (the process's exit closes the connections)."""


MEMBER_SECONDS = 60 * 60  # a member's values; the generation outlives them (see member_values)
_GENERATION_SECONDS = 2 * MEMBER_SECONDS
_REQUEST_ATTRIBUTE = "_pm_member_values"


def generation(key: str, seconds: int, *, found: dict | None = None) -> str:
    """The random token under `key` (a new one when it is missing: evicted, expired, never set). `found`: the
    result of a get_many that already asked for it."""
    cache = caches["default"]
    token = (found if found is not None else {key: cache.get(key)}).get(key)
    if token is None:
        cache.add(key, uuid.uuid4().hex, seconds)
        token = cache.get(key) or uuid.uuid4().hex  # another worker's add may win
    return token


def generation_renew(key: str, seconds: int, *, drop: tuple[str, ...] = ()) -> None:
    """A new token under `key` (and the keys in `drop` deleted) now, so the rest of this transaction reads the
    database, and again after the commit, so what was computed meanwhile from the data before the write,
    under the token of now, is never read back either."""

    def renew():
        cache = caches["default"]
        cache.set(key, uuid.uuid4().hex, seconds)
        if drop:
            cache.delete_many(drop)

    renew()
    if transaction.get_connection().in_atomic_block:
        transaction.on_commit(renew)


def _key(member_id: int, part: str) -> str:
    """The cache key of one of a member's parts: its generation and values, its cart's, its user row's."""
    return f"member:{member_id}:{part}"


_MISSING = object()


class MemberValues:
    """A member's small values that every page shows (cart count, wished ids, birthday state), kept in the
    default cache (shared by every worker) under the member's *generation*; the values of its cart (asked for
    with `cart=True`) under a generation of their own, so a cart write does not drop the others; and the
    member's user row (accounts.backends) under a third, so a cart or wishlist write does not drop it. All
    come in one cache read.

    A write that changes one of the values calls `member_values_changed()` (a write of the cart alone,
    `member_cart_changed()`; a write of the user, `member_user_changed()`), which gives the member a new
    random generation right away and again once the write commits; values are only read back under the
    generation they were computed under. A request reads the generation before it reads the database, so
    values a request computed from data older than a write carry a generation that the write's commit has
    replaced (never served again), and a request that reads the generation after the commit reads the new
    data. An evicted or expired generation starts a new one, which no stored values carry. The key holds the
    member's id only, so one member's values are never another's.
    """

    def __init__(self, member_id: int):
        self.member_id = member_id
        self._generation: str | None = None
        self._values: dict = {}
        self._cart_generation: str | None = None
        self._cart_values: dict = {}
        self._user_generation: str | None = None
        self._user_row = _MISSING

    def _load(self) -> None:
        if self._generation is not None:
            return
        parts = ("generation", "values", "cart-generation", "cart-values", "user-generation", "user-row")
        keys = dict(zip(parts, (_key(self.member_id, part) for part in parts), strict=True))
        found = caches["default"].get_many(list(keys.values()))

        def kept(part: str, token: str, field: str):  # what `part` holds under the generation `token`
            stored = found.get(keys[part])
            return stored[field] if stored and stored.get("generation") == token else _MISSING

        self._generation = generation(keys["generation"], _GENERATION_SECONDS, found=found)
        self._cart_generation = generation(keys["cart-generation"], _GENERATION_SECONDS, found=found)
        self._user_generation = generation(keys["user-generation"], _GENERATION_SECONDS, found=found)
        values = kept("values", self._generation, "values")
        self._values = {} if values is _MISSING else dict(values)
        cart_values = kept("cart-values", self._cart_generation, "values")
        self._cart_values = {} if cart_values is _MISSING else dict(cart_values)
        self._user_row = kept("user-row", self._user_generation, "row")

    def get(self, name: str, compute: Callable[[], object], *, cart: bool = False):
        """The value `name`, computed (and kept) when the cache does not hold it under its generation. A value
        computed from the stored cart alone says `cart=True`: every cart write renews it (and only it)."""
        self._load()
        values = self._cart_values if cart else self._values
        if name not in values:
            values[name] = compute()
            key = _key(self.member_id, "cart-values" if cart else "values")
            token = self._cart_generation if cart else self._generation
            caches["default"].set(key, {"generation": token, "values": values}, MEMBER_SECONDS)
        return values[name]

    def user_row(self, compute: Callable[[], object]):
        """The member's user row (accounts.backends), computed and kept when not held under its generation."""
        self._load()
        if self._user_row is _MISSING:
            self._user_row = compute()
            caches["default"].set(
                _key(self.member_id, "user-row"),
                {"generation": self._user_generation, "row": self._user_row},
                MEMBER_SECONDS,
            )
        return self._user_row


def member_values(request) -> MemberValues:
    """The signed-in member's values for this request (one cache read, however many slots ask)."""
    values = getattr(request, _REQUEST_ATTRIBUTE, None)
    if values is None or values.member_id != request.user.pk:
        # the ones the user was read from (accounts.backends), else a first read
        values = getattr(request.user, "cached_member_values", None)
        if values is None or values.member_id != request.user.pk:
            values = MemberValues(request.user.pk)
        setattr(request, _REQUEST_ATTRIBUTE, values)
    return values


def member_values_changed(member_id: int) -> None:
    """Something a member's values are computed from changed: none of the kept values is read again.

    Now (so the rest of this transaction reads the database) and after the commit (so a value computed
    meanwhile from the data before the write is dropped too). The kept values go too (they may hold the
    member's addresses: nothing of an erased member's data stays in the cache). The cart's values too."""
    generation_renew(_key(member_id, "generation"), _GENERATION_SECONDS, drop=(_key(member_id, "values"),))
    member_cart_changed(member_id)


def member_cart_changed(member_id: int) -> None:
    """The member's stored cart changed: its values (`cart=True`) are never read again, now and after the
    commit (as member_values_changed); the others (wished ids, addresses, birthday years) stay kept."""
    generation_renew(
        _key(member_id, "cart-generation"), _GENERATION_SECONDS, drop=(_key(member_id, "cart-values"),)
    )


def member_user_changed(member_id: int) -> None:
    """The member's user row changed (saved, deleted, updated): the kept row is never read again (now and
    after the commit, as member_values_changed)."""
    generation_renew(
        _key(member_id, "user-generation"), _GENERATION_SECONDS, drop=(_key(member_id, "user-row"),)
    )


def member_signed_in_or_out(sender, request=None, user=None, **kwargs) -> None:
    """Logging in or out starts the member's values afresh (user_logged_in / user_logged_out)."""
    if user is not None and user.pk is not None:
        member_values_changed(user.pk)
