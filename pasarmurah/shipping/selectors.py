"""Reads of the shipping domain: which delivery options a destination has, and what they cost."""

from dataclasses import dataclass

from pasarmurah.core.cache import generation
from pasarmurah.shipping.models import Courier, ShippingRate

GRAMS_PER_KG = 1000


def billable_kg(weight_grams: int) -> int:
    """Weight rounded up to the next whole kilogram, at least 1 kg (how Indonesian couriers bill)."""
    if weight_grams < 0:
        raise ValueError("weight cannot be negative")
    return max(1, -(-weight_grams // GRAMS_PER_KG))


def shipping_cost(*, price_per_kg: int, weight_grams: int) -> int:
    return price_per_kg * billable_kg(weight_grams)


@dataclass(frozen=True)
class ShippingOption:
    courier: Courier
    cost: int
    etd: str = ""

    @property
    def code(self) -> str:
        return self.courier.code


def shipping_options(*, province: str, weight_grams: int, cached: bool = False) -> list[ShippingOption]:
    """Every active way to get `weight_grams` to `province`: couriers with a rate there, and pick-up.

    From the database; with `cached` (the checkout page) from this process's copy of the province's rates,
    kept under the shipping version that every courier or rate write renews (`shipping_changed`)."""
    rates = _province_rates_cached(province) if cached else _province_rates(province)
    return [
        ShippingOption(
            courier=courier,
            cost=0 if courier.is_pickup else shipping_cost(price_per_kg=per_kg, weight_grams=weight_grams),
            etd=etd,
        )
        for courier, per_kg, etd in rates
    ]


def _province_rates(province: str) -> list[tuple[Courier, int, str]]:
    """(courier, price per kg, etd) of every active way to `province`: pick-up first, then the couriers."""
    found = [(c, 0, "") for c in Courier.objects.filter(is_active=True, is_pickup=True)]
    rates = ShippingRate.objects.filter(province=province, courier__is_active=True, courier__is_pickup=False)
    for rate in rates.select_related("courier").order_by("courier__sort_order", "courier__name"):
        found.append((rate.courier, rate.price_per_kg, rate.etd))
    return found


VERSION_KEY = "shipping:version"
VERSION_SECONDS = 24 * 60 * 60
# This process's copy of the provinces' rates, under the shipping version they were read with. The version
# lives in the default cache (shared by the host's workers; Redis for several hosts) and is read before the
# database, so rates read from data older than a write's commit carry a version that the commit replaced.
_rates_seen: dict[str, object] = {"version": None, "by_province": {}}


def shipping_version() -> str:
    """The version of every courier and rate (a random token; an evicted one simply starts a new one)."""
    return generation(VERSION_KEY, VERSION_SECONDS)


def _province_rates_cached(province: str) -> list[tuple[Courier, int, str]]:
    version = shipping_version()
    if _rates_seen["version"] != version:
        _rates_seen.update(version=version, by_province={})  # copies of older versions are never read again
    by_province = _rates_seen["by_province"]
    if province not in by_province:
        by_province[province] = _province_rates(province)
    return by_province[province]


def shipping_option(*, courier_code: str, province: str, weight_grams: int) -> ShippingOption | None:
    """The one option a member chose, priced from the database (never from the form)."""
    return next(
        (o for o in shipping_options(province=province, weight_grams=weight_grams) if o.code == courier_code),
        None,
    )
