"""Reads of the shipping domain: which delivery options a destination has, and what they cost."""

from dataclasses import dataclass

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


def shipping_options(*, province: str, weight_grams: int) -> list[ShippingOption]:
    """Every active way to get `weight_grams` to `province`: couriers with a rate there, and pick-up."""
    options = [
        ShippingOption(courier=c, cost=0) for c in Courier.objects.filter(is_active=True, is_pickup=True)
    ]
    rates = ShippingRate.objects.filter(province=province, courier__is_active=True, courier__is_pickup=False)
    for rate in rates.select_related("courier").order_by("courier__sort_order", "courier__name"):
        options.append(
            ShippingOption(
                courier=rate.courier,
                cost=shipping_cost(price_per_kg=rate.price_per_kg, weight_grams=weight_grams),
                etd=rate.etd,
            )
        )
    return options


def shipping_option(*, courier_code: str, province: str, weight_grams: int) -> ShippingOption | None:
    """The one option a member chose, priced from the database (never from the form)."""
    return next(
        (o for o in shipping_options(province=province, weight_grams=weight_grams) if o.code == courier_code),
        None,
    )
