"""The signed-in user read from the member's cached values (accounts.backends.MemberBackend)."""

import pickle
import re

import pytest
from django.core.cache import caches
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from pasarmurah.accounts.backends import MemberBackend
from pasarmurah.accounts.services import unsubscribe, unsubscribe_token
from pasarmurah.accounts.tests.factories import UserFactory
from pasarmurah.catalog.tests.factories import ProductFactory

pytestmark = pytest.mark.django_db

PASSWORD = "RahasiaSekali#1"
USER_ROW = re.compile(r"FROM [`\"]?accounts_user[`\"]?(\s|$)")
ACCOUNT = "/akun/"


def _signed_in(user) -> Client:
    client = Client()
    response = client.post("/akun/masuk/", {"email": user.email, "password": PASSWORD})
    assert response.status_code == 302
    return client


def _user_row_queries(client, url) -> list[str]:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return [query["sql"] for query in queries if USER_ROW.search(query["sql"])]


def test_after_the_first_page_a_members_user_row_comes_from_the_cache_without_its_password_hash():
    member = UserFactory(full_name="Sari Tetap")
    client = _signed_in(member)
    assert _user_row_queries(client, reverse("checkout:cart"))  # the first page reads the row
    assert _user_row_queries(client, reverse("checkout:cart")) == []
    assert "Sari Tetap" in client.get(ACCOUNT).content.decode()
    kept = pickle.dumps(caches["default"].get(f"member:{member.pk}:user-row"))
    assert b"Sari Tetap" in kept  # the row is there ...
    assert member.password.encode() not in kept and b"pbkdf2" not in kept and b"argon2" not in kept


def test_a_cart_write_keeps_the_user_row():
    member = UserFactory()
    client = _signed_in(member)
    client.get(reverse("checkout:cart"))
    product = ProductFactory(stock=5)
    assert client.post(reverse("checkout:cart_add", args=[product.pk]), {"quantity": "1"}).status_code == 302
    assert _user_row_queries(client, reverse("checkout:cart")) == []


def test_a_member_deactivated_or_renamed_is_seen_on_the_next_request():
    member = UserFactory(full_name="Nama Lama")
    client = _signed_in(member)
    client.get(ACCOUNT)
    member.full_name = "Nama Baru"
    member.save()
    body = client.get(ACCOUNT).content.decode()
    assert "Nama Baru" in body and "Nama Lama" not in body
    member.is_active = False
    member.save(update_fields=["is_active"])
    response = client.get(ACCOUNT)
    assert response.status_code == 302 and reverse("accounts:login") in response["Location"]


def test_a_password_change_keeps_this_session_and_signs_the_others_out():
    member = UserFactory()
    here, elsewhere = _signed_in(member), _signed_in(member)
    for client in (here, elsewhere):
        assert client.get(ACCOUNT).status_code == 200  # both rows kept
    changed = here.post(
        reverse("accounts:password_change"),
        {"old_password": PASSWORD, "new_password1": "SandiBaru#2027xy", "new_password2": "SandiBaru#2027xy"},
    )
    assert changed.status_code == 302
    assert here.get(ACCOUNT).status_code == 200
    response = elsewhere.get(ACCOUNT)
    assert response.status_code == 302 and reverse("accounts:login") in response["Location"]
    member.refresh_from_db()
    assert member.check_password("SandiBaru#2027xy")


def test_a_consent_withdrawn_by_the_unsubscribe_link_is_seen_on_the_next_request():
    member = UserFactory(accepts_marketing=True)
    backend = MemberBackend()
    assert backend.get_user(member.pk).accepts_marketing is True  # the row kept
    assert backend.get_user(member.pk).accepts_marketing is True
    unsubscribe(token=unsubscribe_token(user=member), source="test")  # a queryset update()
    assert backend.get_user(member.pk).accepts_marketing is False
