import datetime

import pytest
from django.contrib.auth.models import Group
from django.utils import timezone

from pasarmurah.accounts.roles import CUSTOMER_SERVICE, OWNER
from pasarmurah.accounts.tests.factories import StaffFactory, UserFactory


def birthday_today() -> datetime.date:
    today = timezone.localdate()
    return datetime.date(1996, 2, 29) if (today.month, today.day) == (2, 29) else today.replace(year=1995)


@pytest.fixture
def cs():
    user = StaffFactory(full_name="Sari Kasir")
    user.groups.add(Group.objects.get(name=CUSTOMER_SERVICE))
    return user


@pytest.fixture
def owner():
    user = StaffFactory(full_name="Pak Pemilik")
    user.groups.add(Group.objects.get(name=OWNER))
    return user


@pytest.fixture
def cs_client(client, cs):
    client.force_login(cs)
    return client


@pytest.fixture
def birthday_member():
    """A member of over a year whose birthday is today, phone 0812-3456-7890."""
    return UserFactory(
        full_name="Rina Ulang Tahun",
        phone="+6281234567890",
        birth_date=birthday_today(),
        date_joined=timezone.now() - datetime.timedelta(days=400),
    )
