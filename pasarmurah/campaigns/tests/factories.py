import factory

from pasarmurah.accounts.tests.factories import StaffFactory, UserFactory
from pasarmurah.campaigns.models import Campaign


class OptedInMemberFactory(UserFactory):
    accepts_marketing = True


class CampaignFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Campaign

    name = factory.Sequence(lambda n: f"Kampanye {n}")
    subject = "Promo lensa minggu ini"
    preheader = "Diskon khusus member"
    body = "Halo! Lihat [katalog kami](http://testserver/katalog/) dan [Instagram](https://instagram.com/x)."
    audience = factory.LazyFunction(lambda: {"everyone": True})
    created_by = factory.SubFactory(StaffFactory)
