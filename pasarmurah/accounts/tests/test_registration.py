import datetime
import re

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from pasarmurah.accounts.models import Address, User
from pasarmurah.accounts.tests.factories import UserFactory
from pasarmurah.core.provinces import Province

pytestmark = pytest.mark.django_db

VALID = {
    "full_name": "Rina  Kusuma",
    "email": "Rina@Contoh.test",
    "phone": "0812-3456-7890",
    "birth_date": "1996-04-12",
    "password1": "LensaTajam#88",
    "password2": "LensaTajam#88",
}


def link_in(message, path_prefix):
    match = re.search(r"https?://[^\s]+" + re.escape(path_prefix) + r"[^\s]*", message.body)
    assert match, message.body
    return match.group(0).split("://", 1)[1].split("/", 1)[1].join(["/", ""])


def register(client, committed, **changes):
    with committed():
        return client.post(reverse("accounts:register"), VALID | changes)


def test_registration_creates_an_unverified_member_and_mails_the_link(client, committed):
    response = register(client, committed, accepts_marketing="on")
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:register_done")
    user = User.objects.get()
    assert (user.email, user.full_name, user.phone) == ("rina@contoh.test", "Rina Kusuma", "+6281234567890")
    assert user.birth_date == datetime.date(1996, 4, 12)
    assert user.accepts_marketing is True
    assert user.email_verified_at is None
    assert user.language == "id"
    assert [m.to for m in mail.outbox] == [["rina@contoh.test"]]
    assert mail.outbox[0].subject == "Konfirmasi alamat e-mail Anda untuk Toko Pasar Murah Solo"
    page = client.get(response["Location"])
    assert "Cek e-mail Anda" in page.content.decode()


def test_promotional_email_is_off_unless_ticked(client, committed):
    register(client, committed)
    assert User.objects.get().accepts_marketing is False


def test_registration_with_the_optional_first_address(client, committed):
    register(
        client,
        committed,
        add_address="on",
        recipient_name="Rina",
        address_phone="+62 812 3456 7890",
        street="Jl. Slamet Riyadi 5",
        city="Surakarta",
        province=Province.JAWA_TENGAH,
        postal_code="57111",
    )
    address = Address.objects.get()
    assert (address.user.email, address.is_default, address.phone) == (
        "rina@contoh.test",
        True,
        "+6281234567890",
    )


def test_address_fields_are_required_only_when_adding_an_address(client):
    response = client.post(reverse("accounts:register"), VALID | {"add_address": "on", "postal_code": "571"})
    form = response.context["form"]
    assert set(form.errors) == {
        "recipient_name",
        "address_phone",
        "street",
        "city",
        "province",
        "postal_code",
    }
    assert len(form.errors["postal_code"]) == 1
    assert User.objects.count() == 0


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"phone": "+1 202 555 0100"}, "phone", "Nomor telepon Indonesia ini tidak valid"),
        ({"phone": "0812"}, "phone", "tidak valid"),
        ({"birth_date": "2999-01-01"}, "birth_date", "masa depan"),
        ({"birth_date": "1850-01-01"}, "birth_date", "tahun"),
        ({"password1": "password", "password2": "password"}, "password1", "terlalu umum"),
        ({"password1": "12345678901", "password2": "12345678901"}, "password1", "angka"),
        ({"password1": "Ab#1", "password2": "Ab#1"}, "password1", "terlalu pendek"),
        ({"password2": "LensaTajam#89"}, "password2", "Kedua kata sandi tidak sama."),
        ({"email": "bukan-email"}, "email", "alamat email yang valid"),
        ({"full_name": " "}, "full_name", "wajib"),
    ],
)
def test_bad_input_gets_a_field_level_error_in_indonesian(client, changes, field, message):
    response = client.post(reverse("accounts:register"), VALID | changes)
    assert response.status_code == 200
    errors = " ".join(response.context["form"].errors[field])
    assert message.lower() in errors.lower()
    assert 'class="form-control is-invalid"' in response.content.decode() or field == "password2"
    assert User.objects.count() == 0


def test_birth_date_of_a_child_is_refused(client):
    ten_years_ago_less_a_day = timezone.localdate().replace(
        year=timezone.localdate().year - 10
    ) + datetime.timedelta(days=1)
    response = client.post(
        reverse("accounts:register"), VALID | {"birth_date": ten_years_ago_less_a_day.isoformat()}
    )
    assert "birth_date" in response.context["form"].errors


def test_duplicate_email_looks_the_same_to_the_stranger_and_warns_the_owner(client, committed):
    # given
    owner = UserFactory(email="rina@contoh.test", full_name="Rina Asli")
    # when
    response = register(client, committed, email="RINA@contoh.test")
    # then: the same answer as a new registration
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:register_done")
    assert User.objects.count() == 1
    owner.refresh_from_db()
    assert owner.full_name == "Rina Asli"
    assert owner.check_password("RahasiaSekali#1")
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["rina@contoh.test"]
    assert mail.outbox[0].subject.startswith("Seseorang mencoba mendaftar dengan alamat e-mail Anda")
    assert "/akun/sandi/lupa/" in mail.outbox[0].body
    # repeated attempts within the hour do not flood the owner's inbox
    register(client, committed, email="rina@contoh.test")
    assert len(mail.outbox) == 1


def test_verification_link_verifies_once_sends_welcome_and_keeps_next(client, committed):
    register(client, committed, next="/produk/tripod-uji/")
    verify_path = link_in(mail.outbox[0], "/akun/verifikasi/")
    assert "next=%2Fproduk%2Ftripod-uji%2F" in verify_path
    with committed():
        response = client.get(verify_path)
    assert response.status_code == 302
    assert response["Location"] == "/akun/masuk/?next=%2Fproduk%2Ftripod-uji%2F"
    user = User.objects.get()
    assert user.email_verified_at is not None
    assert [m.subject for m in mail.outbox][1] == "Selamat datang di Toko Pasar Murah Solo!"
    # opening the link again is harmless and sends no second welcome
    with committed():
        client.get(verify_path)
    assert len(mail.outbox) == 2


def test_a_tampered_or_foreign_verification_link_is_refused(client, committed):
    register(client, committed)
    verify_path = link_in(mail.outbox[0], "/akun/verifikasi/")
    token = verify_path.split("/akun/verifikasi/")[1].split("/")[0]
    response = client.get(reverse("accounts:verify", kwargs={"token": token[:-2] + "xx"}))
    assert response.status_code == 400
    assert "Tautan ini tidak berlaku" in response.content.decode()
    assert User.objects.get().email_verified_at is None


def test_verification_next_cannot_leave_the_site(client, committed):
    register(client, committed)
    verify_path = link_in(mail.outbox[0], "/akun/verifikasi/").split("?")[0]
    response = client.get(verify_path + "?next=https://evil.example/")
    assert response["Location"] == reverse("accounts:login")


def test_registration_from_a_product_keeps_next_through_the_pages(client, committed):
    response = client.get(reverse("accounts:register") + "?next=/produk/tripod-uji/")
    assert 'name="next" value="/produk/tripod-uji/"' in response.content.decode()
    response = register(client, committed, next="/produk/tripod-uji/")
    assert response["Location"] == reverse("accounts:register_done") + "?next=%2Fproduk%2Ftripod-uji%2F"


def test_registration_ignores_a_foreign_next(client, committed):
    response = register(client, committed, next="//evil.example/x")
    assert response["Location"] == reverse("accounts:register_done")


def test_never_verified_registrations_are_purged_after_a_week(client, committed):
    from pasarmurah.accounts.services import unverified_accounts_purge
    from pasarmurah.accounts.tasks import unverified_accounts_purge as purge_task

    register(client, committed)
    verified = UserFactory(date_joined=timezone.now() - datetime.timedelta(days=30))
    assert unverified_accounts_purge() == 0  # too young
    User.objects.filter(email="rina@contoh.test").update(
        date_joined=timezone.now() - datetime.timedelta(days=8)
    )
    assert purge_task.call_local() == 1
    assert list(User.objects.values_list("pk", flat=True)) == [verified.pk]
    # the address is free for its real owner
    register(client, committed)
    assert User.objects.filter(email="rina@contoh.test").exists()


def test_verification_link_does_not_carry_the_address(client, committed):
    register(client, committed)
    verify_path = link_in(mail.outbox[0], "/akun/verifikasi/")
    from django.core import signing

    token = verify_path.split("/akun/verifikasi/")[1].split("/")[0]
    assert "rina" not in str(signing.loads(token, salt="accounts.email-verify"))
