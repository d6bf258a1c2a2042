import datetime

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse

from pasarmurah.accounts.models import BirthDateCorrection
from pasarmurah.accounts.roles import CUSTOMER_SERVICE, OWNER
from pasarmurah.accounts.tests.factories import StaffFactory, UserFactory
from pasarmurah.catalog.tests.factories import ProductFactory
from pasarmurah.crm.services import wishlist_add

pytestmark = pytest.mark.django_db


def staff(role):
    user = StaffFactory()
    user.groups.add(Group.objects.get(name=role))
    return user


@pytest.fixture
def cs_client():
    client = Client()
    client.force_login(staff(CUSTOMER_SERVICE))
    return client


def test_cs_finds_a_member_by_name_email_or_phone(cs_client):
    UserFactory(full_name="Sri Rahayu", email="sri@contoh.test", phone="+6285712345678")
    UserFactory(full_name="Bambang", email="bambang@contoh.test", phone="+6281100000000")
    url = reverse("backoffice:members:list")
    for query in ("rahayu", "SRI@contoh", "0857-1234-5678", "+62 857 1234 5678", "12345678"):
        body = cs_client.get(url, {"cari": query}).content.decode()
        assert "Sri Rahayu" in body, query
        assert "Bambang" not in body, query
    body = cs_client.get(url).content.decode()
    assert "Sri Rahayu" in body and "Bambang" in body


def test_member_list_hides_staff_and_erased_accounts(cs_client):
    StaffFactory(full_name="Staf Gudang")
    UserFactory(full_name="Sudah Dihapus", anonymised_at=datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC))
    body = cs_client.get(reverse("backoffice:members:list")).content.decode()
    assert "Staf Gudang" not in body and "Sudah Dihapus" not in body


def test_member_list_query_count_does_not_grow(cs_client, django_assert_max_num_queries):
    UserFactory.create_batch(3)
    url = reverse("backoffice:members:list")
    cs_client.get(url)
    with django_assert_max_num_queries(10) as small:
        cs_client.get(url)
    UserFactory.create_batch(30)
    with django_assert_max_num_queries(len(small.captured_queries)):
        cs_client.get(url)


def test_member_detail_shows_profile_addresses_and_wishlist(cs_client):
    member = UserFactory(full_name="Sri Rahayu")
    wishlist_add(user=member, product=ProductFactory(name="Strap Kamera Kulit"))
    body = cs_client.get(reverse("backoffice:members:detail", args=[member.pk])).content.decode()
    assert "Sri Rahayu" in body and "Strap Kamera Kulit" in body
    assert 'id="birth-date-form"' in body


def test_cs_corrects_the_birth_date_and_it_is_logged(cs_client):
    member = UserFactory(birth_date=datetime.date(1995, 6, 15))
    response = cs_client.post(
        reverse("backoffice:members:birth_date_correct", args=[member.pk]),
        {"new_value": "1995-05-16", "reason": "Dicocokkan dengan KTP"},
    )
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.birth_date == datetime.date(1995, 5, 16)
    correction = BirthDateCorrection.objects.get()
    assert (correction.old_value, correction.new_value, correction.reason) == (
        datetime.date(1995, 6, 15),
        datetime.date(1995, 5, 16),
        "Dicocokkan dengan KTP",
    )
    assert correction.actor.groups.filter(name=CUSTOMER_SERVICE).exists()
    body = cs_client.get(reverse("backoffice:members:detail", args=[member.pk])).content.decode()
    assert "Dicocokkan dengan KTP" in body


def test_a_correction_needs_a_plausible_date_and_a_reason(cs_client):
    member = UserFactory(birth_date=datetime.date(1995, 6, 15))
    url = reverse("backoffice:members:birth_date_correct", args=[member.pk])
    response = cs_client.post(url, {"new_value": "2999-01-01", "reason": ""})
    assert response.status_code == 400
    assert set(response.context["form"].errors) == {"new_value", "reason"}
    member.refresh_from_db()
    assert member.birth_date == datetime.date(1995, 6, 15)
    assert BirthDateCorrection.objects.count() == 0


@pytest.mark.parametrize("who", ["visitor", "member", "staff without role"])
def test_member_pages_are_denied_to_others(who):
    client = Client()
    if who == "member":
        client.force_login(UserFactory())
    elif who == "staff without role":
        client.force_login(StaffFactory())
    target = UserFactory(birth_date=datetime.date(1995, 6, 15))
    for url in (reverse("backoffice:members:list"), reverse("backoffice:members:detail", args=[target.pk])):
        response = client.get(url)
        assert response.status_code == (302 if who == "visitor" else 403)
    response = client.post(
        reverse("backoffice:members:birth_date_correct", args=[target.pk]),
        {"new_value": "1990-01-01", "reason": "x"},
    )
    assert response.status_code in (302, 403)
    target.refresh_from_db()
    assert target.birth_date == datetime.date(1995, 6, 15)


def test_correction_form_needs_csrf():
    client = Client(enforce_csrf_checks=True)
    client.force_login(staff(CUSTOMER_SERVICE))
    member = UserFactory(birth_date=datetime.date(1995, 6, 15))
    response = client.post(
        reverse("backoffice:members:birth_date_correct", args=[member.pk]),
        {"new_value": "1990-01-01", "reason": "x"},
    )
    assert response.status_code == 403
    assert BirthDateCorrection.objects.count() == 0


def test_staff_pages_do_not_show_staff_accounts_as_members(cs_client):
    other_staff = StaffFactory()
    assert cs_client.get(reverse("backoffice:members:detail", args=[other_staff.pk])).status_code == 404


def test_admin_birth_date_is_read_only_for_cs_and_logged_for_the_owner():
    member = UserFactory(birth_date=datetime.date(1995, 6, 15))
    url = reverse("admin:accounts_user_change", args=[member.pk])
    cs = Client()
    cs.force_login(staff(CUSTOMER_SERVICE))
    body = cs.get(url).content.decode()
    assert 'name="birth_date"' not in body
    owner_user = staff(OWNER)
    owner = Client()
    owner.force_login(owner_user)
    response = owner.get(url)
    assert 'name="birth_date"' in response.content.decode()
    form = response.context["adminform"].form
    data = {name: form.initial.get(name) for name in form.fields if form.initial.get(name) is not None}
    data |= {
        "birth_date": "1994-02-02",
        "groups": [],
        "user_permissions": [],
        "addresses-TOTAL_FORMS": "0",
        "addresses-INITIAL_FORMS": "0",
        "addresses-MIN_NUM_FORMS": "0",
        "addresses-MAX_NUM_FORMS": "1000",
        "is_active": "on",
    }
    data.pop("password", None)
    data.pop("last_login", None)
    data.pop("date_joined", None)
    response = owner.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    member.refresh_from_db()
    assert member.birth_date == datetime.date(1994, 2, 2)
    correction = BirthDateCorrection.objects.get()
    assert (correction.old_value, correction.actor, correction.reason) == (
        datetime.date(1995, 6, 15),
        owner_user,
        "Django admin",
    )
