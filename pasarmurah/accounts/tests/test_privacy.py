import json

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from pasarmurah.accounts.models import Address, BirthDateCorrection, User
from pasarmurah.accounts.services import birth_date_correct
from pasarmurah.accounts.tests.factories import AddressFactory, StaffFactory, UserFactory
from pasarmurah.catalog.tests.factories import ProductFactory
from pasarmurah.crm.models import WishlistItem
from pasarmurah.crm.services import wishlist_add
from pasarmurah.mail.models import OutboundEmail
from pasarmurah.mail.outbox import email_queue

pytestmark = pytest.mark.django_db


@pytest.fixture
def member(client):
    user = UserFactory(full_name="Agus Salim", phone="+6281234567890")
    client.force_login(user)
    return user


def test_data_export_holds_everything_about_the_member_and_nothing_else(client, member, committed):
    # given
    AddressFactory(user=member, city="Boyolali")
    AddressFactory(city="Klaten")  # someone else's
    wishlist_add(user=member, product=ProductFactory(name="Tas Kamera Eiger"))
    with committed():
        email_queue(to=member.email, user=member, kind="welcome", subject="Selamat datang", body="x")
    birth_date_correct(
        member=member, new_value=member.birth_date.replace(day=1), reason="KTP", by=StaffFactory()
    )
    # when
    response = client.get(reverse("accounts:data_export"))
    # then
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="data-saya-pasarmurah-')
    data = json.loads(response.content)
    assert data["profile"]["email"] == member.email
    assert data["profile"]["full_name"] == "Agus Salim"
    assert data["profile"]["phone"] == "+6281234567890"
    assert [a["city"] for a in data["addresses"]] == ["Boyolali"]
    assert [w["product"] for w in data["wishlist"]] == ["Tas Kamera Eiger"]
    assert [e["subject"] for e in data["emails"]] == ["Selamat datang"]
    assert data["birth_date_corrections"][0]["reason"] == "KTP"
    assert data["preferences"] == {"promotional_email": False, "wishlist_alerts": True}


def test_account_delete_needs_the_password(client, member):
    response = client.post(reverse("accounts:account_delete"), {"password": "salah", "confirm": "on"})
    assert response.status_code == 200
    assert "password" in response.context["form"].errors
    member.refresh_from_db()
    assert member.is_active and member.full_name == "Agus Salim"


def test_account_delete_erases_personal_data_and_keeps_an_anonymous_row(client, member, committed):
    # given
    AddressFactory(user=member)
    wishlist_add(user=member, product=ProductFactory())
    with committed():
        email_queue(to=member.email, user=member, kind="welcome", subject="Halo Agus", body="Halo Agus")
    OutboundEmail.objects.create(to=member.email, user=member, kind="promo", subject="Antre", body_text="x")
    pk = member.pk
    # when
    response = client.post(
        reverse("accounts:account_delete"), {"password": "RahasiaSekali#1", "confirm": "on"}
    )
    # then
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session
    user = User.objects.get(pk=pk)
    assert user.email == f"deleted-{pk}@anonymised.invalid"
    assert (user.full_name, user.phone, user.birth_date, user.is_active) == ("", "", None, False)
    assert not user.has_usable_password()
    assert user.anonymised_at is not None
    assert Address.objects.filter(user_id=pk).count() == 0
    assert WishlistItem.objects.filter(user_id=pk).count() == 0
    assert BirthDateCorrection.objects.filter(user_id=pk).count() == 0
    # queued mail to the member is dropped; the record of sent mail stays, without the address
    assert list(OutboundEmail.objects.values_list("to", "kind", "body_text", "user_id")) == [
        ("", "welcome", "", None)
    ]
    # the e-mail address is free again, the old login is gone
    assert Client().post("/akun/masuk/", {"email": "x", "password": "RahasiaSekali#1"}).status_code == 200
    assert len(mail.outbox) == 1


def test_erasure_steps_of_other_domains_are_called(client, member, settings):
    calls = []
    settings.MEMBER_ERASURE_STEPS = [
        *settings.MEMBER_ERASURE_STEPS,
        "pasarmurah.accounts.tests.test_privacy.fake_step",
    ]
    fake_step.calls = calls
    client.post(reverse("accounts:account_delete"), {"password": "RahasiaSekali#1", "confirm": "on"})
    assert calls == [member.pk]


def fake_step(*, user):
    fake_step.calls.append(user.pk)


def test_an_erased_member_can_register_again_with_the_same_address(client, member, committed):
    email = member.email
    client.post(reverse("accounts:account_delete"), {"password": "RahasiaSekali#1", "confirm": "on"})
    with committed():
        Client().post(
            reverse("accounts:register"),
            {
                "full_name": "Agus Baru",
                "email": email,
                "phone": "081234567891",
                "birth_date": "1990-01-01",
                "password1": "LensaTajam#88",
                "password2": "LensaTajam#88",
            },
        )
    assert User.objects.filter(email=email, full_name="Agus Baru").exists()


@pytest.mark.parametrize(
    ("url", "data"),
    [
        ("accounts:account_delete", {"confirm": "on"}),
        ("accounts:email_change", {"new_email": "baru@example.com"}),
        ("accounts:password_change", {"new_password1": "BaruSekali#77", "new_password2": "BaruSekali#77"}),
    ],
)
def test_guessing_the_current_password_in_a_signed_in_session_is_throttled(client, member, url, data):
    field = "old_password" if url == "accounts:password_change" else "password"
    for _ in range(5):  # LOGIN_THROTTLE per_pair: the same failures as five wrong logins from this address
        response = client.post(reverse(url), {**data, field: "tebakan-salah"})
        assert response.status_code == 200 and field in response.context["form"].errors
    # now even the right password is refused here, with the wait in the message, and nothing changes
    response = client.post(reverse(url), {**data, field: "RahasiaSekali#1"})
    assert "Terlalu banyak kata sandi salah" in response.content.decode()
    member.refresh_from_db()
    assert member.is_active and member.email != "baru@example.com"
    assert member.check_password("RahasiaSekali#1")
    # and the shop's login from this address is held for the account too
    other = Client()
    other.post(reverse("accounts:login"), {"email": member.email, "password": "RahasiaSekali#1"})
    assert "_auth_user_id" not in other.session
