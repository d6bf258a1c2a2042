import datetime

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone

from pasarmurah.accounts.roles import CUSTOMER_SERVICE, OWNER
from pasarmurah.accounts.tests.factories import StaffFactory, UserFactory

pytestmark = pytest.mark.django_db
OLD = timezone.now() - datetime.timedelta(days=400)


def _birthday_member():
    today = timezone.localdate()
    birth = datetime.date(1996, 2, 29) if (today.month, today.day) == (2, 29) else today.replace(year=1990)
    return UserFactory(birth_date=birth, date_joined=OLD)


def test_birthday_report_is_for_the_owner(client):
    member = _birthday_member()
    cs = StaffFactory()
    cs.groups.add(Group.objects.get(name=CUSTOMER_SERVICE))
    client.force_login(cs)
    assert client.get(reverse("backoffice:birthday:report")).status_code == 403
    owner = StaffFactory()
    owner.groups.add(Group.objects.get(name=OWNER))
    client.force_login(owner)
    page = client.get(reverse("backoffice:birthday:report")).content.decode()
    assert member.full_name in page
