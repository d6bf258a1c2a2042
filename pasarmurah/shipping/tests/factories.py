import factory

from pasarmurah.core.provinces import Province
from pasarmurah.shipping.models import Courier, ShippingRate


class CourierFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Courier

    code = factory.Sequence(lambda n: f"kurir-{n}")
    name = factory.Sequence(lambda n: f"Kurir {n} REG")
    tracking_url_template = "https://kurir.example/lacak?resi={resi}"


class ShippingRateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ShippingRate

    courier = factory.SubFactory(CourierFactory)
    province = Province.JAWA_TENGAH
    price_per_kg = 10_000
    etd = "1–2 hari"
