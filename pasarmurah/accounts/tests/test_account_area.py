import datetime
import re

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse

from pasarmurah.accounts.models import Address, User
from pasarmurah.accounts.services import unsubscribe_url
from pasarmurah.accounts.tests.factories import ADDRESS_FORM, AddressFactory, UserFactory

pytestmark = pytest.mark.django_db

ADDRESS = ADDRESS_FORM


@pytest.fixture
def member(client):
    user = UserFactory(full_name="Dewi Lestari", birth_date=datetime.date(1990, 3, 3))
    client.force_login(user)
    return user


def path_of(url):
    return "/" + url.split("://", 1)[1].split("/", 1)[1]


@pytest.mark.parametrize(
    "name",
    [
        "accounts:dashboard",
        "accounts:profile",
        "accounts:addresses",
        "accounts:address_create",
        "accounts:preferences",
        "accounts:email_change",
        "accounts:password_change",
        "accounts:privacy",
        "accounts:data_export",
        "accounts:account_delete",
        "crm:wishlist",
    ],
)
def test_account_pages_need_a_login(client, name):
    response = client.get(reverse(name))
    assert response.status_code == 302
    assert response["Location"].startswith("/akun/masuk/?next=")


def test_dashboard_links_to_every_part_and_is_honest_about_orders(client, member):
    body = client.get(reverse("accounts:dashboard")).content.decode()
    for name in (
        "accounts:profile",
        "accounts:addresses",
        "crm:wishlist",
        "accounts:preferences",
        "accounts:privacy",
    ):
        assert reverse(name) in body
    assert "Pesanan Saya" in body
    assert "Kritik &amp; Saran" in body or "Kritik & Saran" in body


def test_profile_update_keeps_the_birth_date_and_ignores_extra_fields(client, member):
    # given
    body = client.get(reverse("accounts:profile")).content.decode()
    assert 'name="birth_date"' not in body
    assert "hubungi Customer Service" in body
    # when
    response = client.post(
        reverse("accounts:profile"),
        {
            "full_name": "Dewi  Lestari Putri",
            "phone": "+62 813-9999-0000",
            "birth_date": "2001-01-01",
            "is_staff": "on",
            "is_superuser": "on",
            "email": "lain@contoh.test",
            "email_verified_at": "",
        },
    )
    # then
    assert response.status_code == 302
    member.refresh_from_db()
    assert (member.full_name, member.phone) == ("Dewi Lestari Putri", "+6281399990000")
    assert member.birth_date == datetime.date(1990, 3, 3)
    assert (member.is_staff, member.is_superuser, member.email_verified_at is not None) == (
        False,
        False,
        True,
    )
    assert member.email.startswith("member")


def test_a_member_without_a_birth_date_may_set_it_once(client):
    user = UserFactory(birth_date=None)
    client.force_login(user)
    assert 'name="birth_date"' in client.get(reverse("accounts:profile")).content.decode()
    client.post(
        reverse("accounts:profile"), {"full_name": "A B", "phone": "081234567890", "birth_date": "1999-09-09"}
    )
    user.refresh_from_db()
    assert user.birth_date == datetime.date(1999, 9, 9)
    client.post(
        reverse("accounts:profile"), {"full_name": "A B", "phone": "081234567890", "birth_date": "1980-01-01"}
    )
    user.refresh_from_db()
    assert user.birth_date == datetime.date(1999, 9, 9)


def test_profile_phone_must_be_indonesian(client, member):
    response = client.post(reverse("accounts:profile"), {"full_name": "Dewi", "phone": "+44 20 7946 0958"})
    assert response.status_code == 200
    assert "phone" in response.context["form"].errors
    member.refresh_from_db()
    assert member.full_name == "Dewi Lestari"


def test_email_change_needs_the_password_and_the_new_address_confirms_it(client, member, committed):
    old = member.email
    response = client.post(
        reverse("accounts:email_change"), {"new_email": "dewi.baru@contoh.test", "password": "x"}
    )
    assert "password" in response.context["form"].errors
    with committed():
        response = client.post(
            reverse("accounts:email_change"),
            {"new_email": "Dewi.Baru@contoh.test", "password": "RahasiaSekali#1"},
        )
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.email == old  # not before the link is opened
    assert mail.outbox[0].to == ["dewi.baru@contoh.test"]
    link = re.search(r"https?://\S+/akun/email/konfirmasi/\S+/", mail.outbox[0].body).group(0)
    with committed():
        response = Client().get(path_of(link))
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.email == "dewi.baru@contoh.test"
    assert mail.outbox[1].to == [old]  # the old address is told
    # the old login no longer works, the new one does
    assert Client().post("/akun/masuk/", {"email": old, "password": "RahasiaSekali#1"}).status_code == 200
    assert (
        Client()
        .post("/akun/masuk/", {"email": "dewi.baru@contoh.test", "password": "RahasiaSekali#1"})
        .status_code
        == 302
    )


def test_email_change_to_a_taken_address_sends_nothing_and_says_the_same(client, member, committed):
    UserFactory(email="sudah@contoh.test")
    with committed():
        response = client.post(
            reverse("accounts:email_change"),
            {"new_email": "sudah@contoh.test", "password": "RahasiaSekali#1"},
        )
    assert response.status_code == 302
    assert mail.outbox == []


def test_email_change_link_for_an_address_taken_meanwhile_is_refused(client, member, committed):
    with committed():
        client.post(
            reverse("accounts:email_change"),
            {"new_email": "rebut@contoh.test", "password": "RahasiaSekali#1"},
        )
    link = re.search(r"https?://\S+/akun/email/konfirmasi/\S+/", mail.outbox[0].body).group(0)
    UserFactory(email="rebut@contoh.test")
    response = client.get(path_of(link))
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.email != "rebut@contoh.test"


def test_preferences_switch_promotions(client, member):
    client.post(reverse("accounts:preferences"), {"accepts_marketing": "on", "wishlist_alerts": "on"})
    member.refresh_from_db()
    assert (member.accepts_marketing, member.wishlist_alerts) == (True, True)
    client.post(reverse("accounts:preferences"), {})
    member.refresh_from_db()
    assert (member.accepts_marketing, member.wishlist_alerts) == (False, False)


def test_one_click_unsubscribe_works_without_login_by_get_and_by_rfc8058_post():
    user = UserFactory(accepts_marketing=True)
    url = path_of(unsubscribe_url(user=user))
    response = Client().get(url)
    assert response.status_code == 200
    assert "Anda sudah berhenti berlangganan" in response.content.decode()
    user.refresh_from_db()
    assert user.accepts_marketing is False
    # resubscribe from the page, then a mail client's one-click POST (no CSRF token) unsubscribes again
    Client(enforce_csrf_checks=True).post(url, {"resubscribe": "1"})
    user.refresh_from_db()
    assert user.accepts_marketing is True
    response = Client(enforce_csrf_checks=True).post(url, {"List-Unsubscribe": "One-Click"})
    assert response.status_code == 200
    user.refresh_from_db()
    assert user.accepts_marketing is False


def test_wishlist_unsubscribe_link_only_stops_wishlist_alerts():
    user = UserFactory(accepts_marketing=True, wishlist_alerts=True)
    Client().get(path_of(unsubscribe_url(user=user, topic="wishlist")))
    user.refresh_from_db()
    assert (user.accepts_marketing, user.wishlist_alerts) == (True, False)


def test_a_forged_unsubscribe_link_changes_nothing():
    user = UserFactory(accepts_marketing=True)
    url = path_of(unsubscribe_url(user=user))
    response = Client().get(url[:-3] + "Zz/")
    assert response.status_code == 400
    user.refresh_from_db()
    assert user.accepts_marketing is True


def test_address_book_add_edit_default_delete(client, member):
    # the first address becomes the default by itself
    client.post(reverse("accounts:address_create"), ADDRESS)
    first = Address.objects.get(user=member)
    assert (first.is_default, first.phone) == (True, "+6281311112222")
    client.post(reverse("accounts:address_create"), ADDRESS | {"label": "Rumah", "make_default": "on"})
    second = Address.objects.get(user=member, label="Rumah")
    first.refresh_from_db()
    assert (first.is_default, second.is_default) == (False, True)
    # edit
    client.post(reverse("accounts:address_edit", args=[first.pk]), ADDRESS | {"city": "Sukoharjo"})
    first.refresh_from_db()
    assert first.city == "Sukoharjo"
    # make default, then delete the default: the other one takes over
    client.post(reverse("accounts:address_make_default", args=[first.pk]))
    first.refresh_from_db()
    assert first.is_default
    client.post(reverse("accounts:address_delete", args=[first.pk]))
    assert list(Address.objects.filter(user=member).values_list("label", "is_default")) == [("Rumah", True)]
    body = client.get(reverse("accounts:addresses")).content.decode()
    assert "Rumah" in body and "Jawa Tengah" in body


def test_address_form_lists_the_38_provinces_and_checks_input(client, member):
    response = client.get(reverse("accounts:address_create"))
    assert response.content.decode().count("<option") == 39  # a blank choice + 38 provinces
    response = client.post(
        reverse("accounts:address_create"), ADDRESS | {"postal_code": "12", "phone": "999"}
    )
    assert set(response.context["form"].errors) == {"postal_code", "phone"}


def test_a_member_never_sees_or_changes_another_members_address(client, member):
    theirs = AddressFactory(city="Klaten")
    assert client.get(reverse("accounts:address_edit", args=[theirs.pk])).status_code == 404
    assert client.post(reverse("accounts:address_edit", args=[theirs.pk]), ADDRESS).status_code == 404
    assert client.post(reverse("accounts:address_delete", args=[theirs.pk])).status_code == 404
    assert client.post(reverse("accounts:address_make_default", args=[theirs.pk])).status_code == 404
    theirs.refresh_from_db()
    assert theirs.city == "Klaten"
    assert "Klaten" not in client.get(reverse("accounts:addresses")).content.decode()


def test_address_create_ignores_a_posted_user(client, member):
    other = UserFactory()
    client.post(reverse("accounts:address_create"), ADDRESS | {"user": other.pk})
    assert Address.objects.get().user == member


def test_address_delete_needs_post(client, member):
    address = AddressFactory(user=member)
    assert client.get(reverse("accounts:address_delete", args=[address.pk])).status_code == 405
    assert Address.objects.filter(pk=address.pk).exists()


def test_forms_in_the_account_area_require_csrf(member):
    client = Client(enforce_csrf_checks=True)
    client.force_login(member)
    assert client.post(reverse("accounts:address_create"), ADDRESS).status_code == 403
    assert (
        client.post(reverse("accounts:profile"), {"full_name": "X Y", "phone": "081234567890"}).status_code
        == 403
    )
    assert (
        client.post(
            reverse("accounts:account_delete"), {"password": "RahasiaSekali#1", "confirm": "on"}
        ).status_code
        == 403
    )
    assert Address.objects.count() == 0
    member.refresh_from_db()
    assert member.is_active and member.full_name == "Dewi Lestari"


def test_password_change(client, member):
    response = client.post(
        reverse("accounts:password_change"),
        {
            "old_password": "RahasiaSekali#1",
            "new_password1": "TripodBaru#2026",
            "new_password2": "TripodBaru#2026",
        },
    )
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.check_password("TripodBaru#2026")
    assert client.get(reverse("accounts:dashboard")).status_code == 200  # still logged in


def test_password_reset_by_email_through_the_outbox(client, committed):
    user = UserFactory(email_verified_at=None)
    with committed():
        response = client.post(reverse("accounts:password_reset"), {"email": user.email.upper()})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    assert mail.outbox[0].subject == "Buat kata sandi baru untuk Toko Pasar Murah Solo"
    link = path_of(re.search(r"https?://\S+/akun/sandi/reset/\S+/", mail.outbox[0].body).group(0))
    response = client.get(link, follow=True)
    assert response.status_code == 200
    form_url = response.redirect_chain[-1][0]
    response = client.post(form_url, {"new_password1": "KameraBaru#77", "new_password2": "KameraBaru#77"})
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password("KameraBaru#77")
    assert user.email_verified_at is not None  # reading the mail proved the address


def test_password_reset_does_not_reveal_unknown_addresses(client, committed):
    with committed():
        response = client.post(reverse("accounts:password_reset"), {"email": "hantu@contoh.test"})
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:password_reset_done")
    assert mail.outbox == []


def test_registration_page_for_a_logged_in_member_goes_to_the_account(client, member):
    assert client.get(reverse("accounts:register"))["Location"] == reverse("accounts:dashboard")


def test_header_links_are_real(client, member):
    body = client.get("/").content.decode()
    assert f'action="{reverse("accounts:logout")}"' in body
    assert f'href="{reverse("accounts:dashboard")}"' in body
    assert f'href="{reverse("crm:wishlist")}"' in body
    body = Client().get("/").content.decode()
    assert f'href="{reverse("accounts:login")}"' in body


def test_user_model_defaults():
    user = User.objects.create_user(email="x@contoh.test", password="x", full_name="X")
    assert user.email_verified and not user.accepts_marketing and user.wishlist_alerts


def test_address_book_query_count_does_not_grow(client, member, django_assert_max_num_queries):
    AddressFactory(user=member)
    client.get(reverse("accounts:addresses"))
    with django_assert_max_num_queries(8) as small:
        client.get(reverse("accounts:addresses"))
    budget = len(small.captured_queries)  # read now: every request clears the connection's query log
    AddressFactory.create_batch(15, user=member)
    client.get(reverse("accounts:addresses"))  # an address write renews the member's cached values
    with django_assert_max_num_queries(budget):
        client.get(reverse("accounts:addresses"))
