"""The province of a member's default address, kept on its user row (User.default_province) for the customer
report: true after every way an address is written, never written back stale, erased with the member, and
filled by its migration for the members who had addresses before it."""

import importlib

import pytest
from django.apps import apps
from django.urls import reverse

from pasarmurah.accounts.models import Address, User
from pasarmurah.accounts.services import address_create, address_update, member_delete
from pasarmurah.accounts.tests.factories import ADDRESS_FORM, AddressFactory, UserFactory
from pasarmurah.core.provinces import Province

pytestmark = pytest.mark.django_db

ADDRESS = ADDRESS_FORM | {"label": "Rumah"}


def from_the_address_book(member: User) -> str:
    """The rule, read from the address rows: the latest default address's province, "" without one."""
    defaults = Address.objects.filter(user=member, is_default=True).order_by("-created_at", "-pk")
    return defaults.values_list("province", flat=True).first() or ""


def kept(member: User) -> str:
    return User.objects.values_list("default_province", flat=True).get(pk=member.pk)


def test_every_change_of_the_address_book_moves_the_kept_province(client):
    member = UserFactory()
    client.force_login(member)
    assert kept(member) == ""

    client.post(reverse("accounts:address_create"), ADDRESS)  # the first address is the default
    home = Address.objects.get(user=member)
    assert kept(member) == from_the_address_book(member) == Province.JAWA_TENGAH

    client.post(
        reverse("accounts:address_create"),
        ADDRESS | {"label": "Kantor", "province": Province.BALI, "make_default": "on"},
    )
    office = Address.objects.get(user=member, label="Kantor")
    assert kept(member) == from_the_address_book(member) == Province.BALI

    client.post(
        reverse("accounts:address_edit", args=[office.pk]), ADDRESS | {"province": Province.DKI_JAKARTA}
    )
    assert kept(member) == from_the_address_book(member) == Province.DKI_JAKARTA

    client.post(reverse("accounts:address_edit", args=[home.pk]), ADDRESS | {"province": Province.BANTEN})
    assert kept(member) == Province.DKI_JAKARTA  # not the default: nothing moves

    client.post(reverse("accounts:address_make_default", args=[home.pk]))
    assert kept(member) == from_the_address_book(member) == Province.BANTEN

    client.post(reverse("accounts:address_delete", args=[home.pk]))  # the other one takes over
    assert kept(member) == from_the_address_book(member) == Province.DKI_JAKARTA

    client.post(reverse("accounts:address_delete", args=[office.pk]))
    assert kept(member) == from_the_address_book(member) == ""


def test_of_two_default_addresses_the_latest_counts_and_a_plain_address_never():
    member = UserFactory()
    AddressFactory(user=member, province=Province.ACEH, is_default=False)
    assert kept(member) == ""
    first = AddressFactory(user=member, province=Province.JAWA_BARAT, is_default=True)
    AddressFactory(user=member, province=Province.JAWA_TIMUR, is_default=True)
    assert kept(member) == from_the_address_book(member) == Province.JAWA_TIMUR
    first.delete()
    assert kept(member) == Province.JAWA_TIMUR


def test_a_user_read_before_an_address_changed_does_not_write_the_old_province_back():
    member = UserFactory()
    stale = User.objects.get(pk=member.pk)
    address = address_create(user=member, **ADDRESS)
    stale.full_name = "Dewi Baru"
    stale.save()  # a full save of the row read before the address
    assert kept(member) == Province.JAWA_TENGAH
    assert User.objects.get(pk=member.pk).full_name == "Dewi Baru"
    stale = User.objects.get(pk=member.pk)
    address_update(address=address, province=Province.PAPUA)
    stale.save(update_fields=["full_name"])
    stale.save()
    assert kept(member) == Province.PAPUA


def test_the_kept_province_is_exported_and_erased_with_the_member(client):
    member = UserFactory()
    address_create(user=member, **ADDRESS | {"province": Province.DI_YOGYAKARTA})
    client.force_login(member)
    data = client.get(reverse("accounts:data_export")).json()
    assert data["profile"]["default_address_province"] == "DI Yogyakarta"

    erased = member_delete(user=member)

    assert kept(member) == erased.default_province == ""
    assert not Address.objects.filter(user_id=member.pk).exists()


def test_the_migration_fills_the_province_of_the_members_who_had_addresses():
    moved, plain, without = UserFactory(), UserFactory(), UserFactory()
    AddressFactory(user=moved, province=Province.JAWA_BARAT, is_default=True)
    AddressFactory(user=moved, province=Province.BALI, is_default=True)
    AddressFactory(user=moved, province=Province.ACEH, is_default=False)
    AddressFactory(user=plain, province=Province.LAMPUNG, is_default=False)
    User.objects.update(default_province="")  # as the added column starts

    migration = importlib.import_module("pasarmurah.accounts.migrations.0011_user_default_province")
    migration.fill_default_province(apps, None)

    assert [kept(member) for member in (moved, plain, without)] == [Province.BALI, "", ""]
