"""Writes of the shipping domain's caches: couriers and rates themselves are kept in the admin (raw data)."""

from pasarmurah.core.cache import generation_renew
from pasarmurah.shipping.selectors import VERSION_KEY, VERSION_SECONDS


def shipping_changed() -> None:
    """A courier or rate changed: no copy of the delivery options read before is used again.

    A new version now (the rest of this transaction reads the database) and again after the commit (copies
    read meanwhile from the data before the write are dropped too). The receivers call it on every save and
    delete of a Courier or ShippingRate; bulk writes (bulk_create, update()) must call it themselves."""
    generation_renew(VERSION_KEY, VERSION_SECONDS)
