import datetime

import factory

from pasarmurah.accounts.models import Address, User
from pasarmurah.core.provinces import Province

# The address book form's fields as a member fills them in (the phone in its national form).
ADDRESS_FORM = {
    "label": "Kantor",
    "recipient_name": "Dewi",
    "phone": "0813 1111 2222",
    "street": "Jl. Adi Sucipto 12",
    "city": "Surakarta",
    "province": Province.JAWA_TENGAH,
    "postal_code": "57145",
}


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"member{n}@contoh.test")
    full_name = factory.Faker("name", locale="id_ID")
    phone = factory.Sequence(lambda n: f"+62812{n:08d}"[:15])
    birth_date = datetime.date(1995, 6, 15)
    password = factory.django.Password("RahasiaSekali#1")


class StaffFactory(UserFactory):
    email = factory.Sequence(lambda n: f"staff{n}@pasarmurah.test")
    birth_date = None
    is_staff = True


class AddressFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Address

    user = factory.SubFactory(UserFactory)
    recipient_name = factory.Faker("name", locale="id_ID")
    phone = "+6281234567890"
    street = "Jl. Slamet Riyadi No. 10"
    city = "Surakarta"
    province = Province.JAWA_TENGAH
    postal_code = "57111"
