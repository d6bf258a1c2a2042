import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from pasarmurah.accounts.models import User
from pasarmurah.accounts.roles import CUSTOMER_SERVICE, OWNER
from pasarmurah.accounts.tests.factories import UserFactory
from pasarmurah.catalog.tests.factories import ProductFactory

pytestmark = pytest.mark.django_db


def test_roles_exist_with_their_permissions():
    cs = Group.objects.get(name=CUSTOMER_SERVICE)
    owner = Group.objects.get(name=OWNER)
    cs_perms = set(cs.permissions.values_list("content_type__app_label", "codename"))
    owner_perms = set(owner.permissions.values_list("content_type__app_label", "codename"))
    assert ("catalog", "change_product") in cs_perms
    assert ("catalog", "add_promo") in cs_perms
    assert ("store", "change_storeprofile") not in cs_perms
    assert ("accounts", "change_user") not in cs_perms
    assert ("store", "change_storeprofile") in owner_perms
    assert ("accounts", "change_user") in owner_perms
    assert cs_perms < owner_perms  # the owner can do everything Customer Service can, and more


def test_create_staff_command_makes_a_staff_account_with_one_role():
    call_command(
        "create_staff", role="cs", email="Dewi@PasarMurah.test", name="Dewi", password="Layanan#Pelanggan9"
    )
    user = User.objects.get(email="dewi@pasarmurah.test")
    assert user.is_staff and not user.is_superuser
    assert list(user.groups.values_list("name", flat=True)) == [CUSTOMER_SERVICE]
    assert user.check_password("Layanan#Pelanggan9")
    # running it again with another role moves the account, it does not duplicate it
    call_command(
        "create_staff", role="owner", email="dewi@pasarmurah.test", name="Dewi", password="Layanan#Pelanggan9"
    )
    assert User.objects.filter(email="dewi@pasarmurah.test").count() == 1
    assert list(User.objects.get(email="dewi@pasarmurah.test").groups.values_list("name", flat=True)) == [
        OWNER
    ]


def test_create_staff_refuses_a_weak_password_and_creates_nothing():
    with pytest.raises(CommandError):
        call_command("create_staff", role="owner", email="x@pasarmurah.test", name="X", password="12345678")
    assert not User.objects.filter(email="x@pasarmurah.test").exists()


def test_a_member_cannot_reach_the_admin(client):
    member = UserFactory()
    client.force_login(member)
    response = client.get(reverse("admin:index"))
    assert response.status_code == 302
    assert reverse("admin:login") in response["Location"]
    assert client.get(reverse("admin:catalog_product_changelist")).status_code == 302


def test_a_visitor_cannot_reach_the_admin(client):
    assert client.get(reverse("admin:catalog_product_changelist")).status_code == 302


def _staff(role: str) -> User:
    call_command(
        "create_staff", role=role, email=f"{role}@pasarmurah.test", name=role, password="Sangat#Rahasia77"
    )
    return User.objects.get(email=f"{role}@pasarmurah.test")


def test_customer_service_keeps_the_catalog_but_not_the_store_profile(client):
    product = ProductFactory(name="Tripod Lama")
    client.force_login(_staff("cs"))
    assert client.get(reverse("admin:catalog_product_changelist") + "?q=Tripod").status_code == 200
    assert client.get(reverse("admin:catalog_product_change", args=[product.pk])).status_code == 200
    from pasarmurah.store.models import StoreProfile

    profile = StoreProfile.load()
    change_url = reverse("admin:store_storeprofile_change", args=[profile.pk])
    assert client.post(change_url, {"name": "Diubah CS"}).status_code == 403
    assert StoreProfile.load().name == "Toko Pasar Murah Solo"
    assert client.get(reverse("admin:accounts_user_add")).status_code == 403


def test_owner_keeps_the_store_profile_and_staff(client):
    client.force_login(_staff("owner"))
    assert client.get(reverse("admin:store_storeprofile_changelist")).status_code == 200
    assert client.get(reverse("admin:accounts_user_changelist") + "?q=a").status_code == 200


def test_email_login_is_case_insensitive_and_unique():
    UserFactory(email="budi@contoh.test")
    assert User.objects.get_by_natural_key("BUDI@contoh.test").email == "budi@contoh.test"
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        User.objects.create(email="Budi@Contoh.test", full_name="Budi Lagi")
