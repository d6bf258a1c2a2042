import pytest
from django.contrib.auth.models import Group

from pasarmurah.accounts.roles import OWNER
from pasarmurah.accounts.tests.factories import StaffFactory


@pytest.fixture
def owner():
    user = StaffFactory(full_name="Pak Pemilik")
    user.groups.add(Group.objects.get(name=OWNER))
    return user


@pytest.fixture
def owner_client(client, owner):
    client.force_login(owner)
    return client
