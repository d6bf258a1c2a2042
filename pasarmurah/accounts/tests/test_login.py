import re

import pytest
from django.conf import settings
from django.core import mail
from django.test import Client
from django.urls import reverse

from pasarmurah.accounts.tests.factories import UserFactory
from pasarmurah.catalog.tests.factories import ProductFactory
from pasarmurah.crm.models import WishlistItem

pytestmark = pytest.mark.django_db

PASSWORD = "RahasiaSekali#1"
LOGIN = "/akun/masuk/"
WRONG = "E-mail atau kata sandi tidak benar."
BLOCKED = "Terlalu banyak percobaan gagal"


def login(client, email, password=PASSWORD, **extra):
    return client.post(LOGIN, {"email": email, "password": password, **extra})


def test_login_by_email_any_case_and_logout():
    client = Client()
    user = UserFactory(email="budi@contoh.test")
    response = login(client, "  BUDI@contoh.test", remember="on")
    assert response.status_code == 302
    assert response["Location"] == settings.LOGIN_REDIRECT_URL
    assert client.session["_auth_user_id"] == str(user.pk)
    assert client.session.get_expire_at_browser_close() is False
    response = client.post(reverse("accounts:logout"))
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session


def test_without_remember_me_the_session_ends_with_the_browser(client):
    user = UserFactory()
    login(client, user.email)
    assert client.session.get_expire_at_browser_close() is True


def test_logout_by_get_only_shows_a_button(client):
    user = UserFactory()
    client.force_login(user)
    response = client.get(reverse("accounts:logout"))
    assert response.status_code == 200
    assert "_auth_user_id" in client.session


def test_unknown_email_and_wrong_password_get_the_same_message(client):
    user = UserFactory()
    unknown = login(client, "tidak-ada@contoh.test").content.decode()
    wrong = login(client, user.email, "SalahSekali#2").content.decode()
    assert WRONG in unknown
    assert WRONG in wrong

    def masked(body, email):
        body = re.sub(r'(csrfmiddlewaretoken" value="|X-CSRFToken": "|nl-started" value=")[^"]+', "", body)
        return body.replace(email, "X")

    assert masked(unknown, "tidak-ada@contoh.test") == masked(wrong, user.email)


def test_an_unverified_member_cannot_log_in_and_gets_a_new_link(client, committed):
    user = UserFactory(email_verified_at=None)
    with committed():
        response = login(client, user.email)
    assert "_auth_user_id" not in client.session
    assert "Mohon konfirmasi alamat e-mail Anda dulu" in response.content.decode()
    assert len(mail.outbox) == 1
    assert "/akun/verifikasi/" in mail.outbox[0].body
    with committed():
        login(client, user.email)  # a second try in the same hour sends no second link
    assert len(mail.outbox) == 1


def test_an_unverified_member_with_a_wrong_password_gets_the_usual_message(client, committed):
    user = UserFactory(email_verified_at=None)
    with committed():
        response = login(client, user.email, "SalahSekali#2")
    assert WRONG in response.content.decode()
    assert mail.outbox == []


def test_login_is_locked_per_account_and_address_only(client):
    user = UserFactory()
    for _ in range(5):
        assert WRONG in login(client, user.email, "Salah#123").content.decode()
    # the right password is refused from the address that failed...
    response = login(client, user.email)
    assert BLOCKED in response.content.decode()
    assert "15 menit" in response.content.decode()
    assert "_auth_user_id" not in client.session
    # ...but a wrong-password flood from one address does not lock the member out everywhere
    other_client = Client(REMOTE_ADDR="10.9.9.9")
    assert login(other_client, user.email).status_code == 302
    # and another account from the first address still works
    other = UserFactory()
    assert login(client, other.email).status_code == 302


def test_throttle_message_is_the_same_for_unknown_emails(client):
    for _ in range(5):
        login(client, "hantu@contoh.test", "Salah#123")
    assert BLOCKED in login(client, "hantu@contoh.test", "Salah#123").content.decode()


def test_throttle_counts_the_address_from_a_trusted_proxy(settings):
    settings.TRUST_X_FORWARDED_FOR = True
    from django.test import RequestFactory

    from pasarmurah.accounts.throttle import client_ip

    request = RequestFactory().get("/", HTTP_X_FORWARDED_FOR="1.2.3.4, 5.6.7.8", REMOTE_ADDR="127.0.0.1")
    assert client_ip(request) == "5.6.7.8"
    settings.TRUST_X_FORWARDED_FOR = False
    assert client_ip(request) == "127.0.0.1"


def test_a_successful_login_clears_the_account_counter(client):
    user = UserFactory()
    for _ in range(4):
        login(client, user.email, "Salah#123")
    assert login(client, user.email).status_code == 302
    client.post(reverse("accounts:logout"))
    for _ in range(4):
        login(client, user.email, "Salah#123")
    assert login(client, user.email).status_code == 302


@pytest.mark.parametrize(
    "evil",
    [
        "https://evil.example/",
        "//evil.example/",
        "http://testserver.evil.example/",
        "/\\evil.example",
        "javascript:alert(1)",
        "https:///evil.example",
    ],
)
def test_next_never_leaves_the_site(client, evil):
    user = UserFactory()
    response = login(client, user.email, next=evil)
    assert response.status_code == 302
    assert response["Location"] == settings.LOGIN_REDIRECT_URL


def test_next_inside_the_site_is_followed(client):
    user = UserFactory()
    response = login(client, user.email, next="/produk/tripod/?warna=hitam")
    assert response["Location"] == "/produk/tripod/?warna=hitam"


def test_login_form_carries_next(client):
    body = client.get(LOGIN + "?next=/favorit/").content.decode()
    assert 'name="next" value="/favorit/"' in body


def test_login_form_requires_csrf():
    client = Client(enforce_csrf_checks=True)
    user = UserFactory()
    assert login(client, user.email).status_code == 403
    page = client.get(LOGIN)
    token = page.cookies["csrftoken"].value
    response = client.post(LOGIN, {"email": user.email, "password": PASSWORD, "csrfmiddlewaretoken": token})
    assert response.status_code == 302


def test_inactive_accounts_cannot_log_in(client):
    user = UserFactory(is_active=False)
    assert WRONG in login(client, user.email).content.decode()


def test_a_pending_wish_is_saved_at_login(client):
    user = UserFactory()
    product = ProductFactory()
    response = client.post(reverse("crm:wishlist_toggle", args=[product.pk]))
    assert response.status_code == 302
    assert response["Location"] == f"{LOGIN}?next=%2Fproduk%2F{product.slug}%2F"
    response = login(client, user.email, next=product.get_absolute_url())
    assert response["Location"] == product.get_absolute_url()
    assert list(WishlistItem.objects.filter(user=user).values_list("product_id", flat=True)) == [product.pk]


def test_registration_and_password_reset_mails_are_limited_per_client_address(settings, committed):
    settings.MAIL_FORMS_PER_IP_PER_HOUR = 2
    client = Client(REMOTE_ADDR="10.5.5.5")
    for _ in range(2):
        with committed():
            client.post(reverse("accounts:password_reset"), {"email": UserFactory().email})
    assert len(mail.outbox) == 2
    with committed():
        response = client.post(reverse("accounts:password_reset"), {"email": UserFactory().email})
    assert response.status_code == 200
    assert "Terlalu banyak permintaan" in response.content.decode()
    assert len(mail.outbox) == 2
    # another network is not affected
    with committed():
        response = Client(REMOTE_ADDR="10.5.5.6").post(
            reverse("accounts:password_reset"), {"email": UserFactory().email}
        )
    assert response.status_code == 302
