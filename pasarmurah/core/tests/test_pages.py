import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import Client
from django.urls import reverse


@pytest.mark.django_db
def test_healthz_answers_when_the_database_answers(client, settings):
    settings.HEALTH_CHECKS = {}  # the domains' own checks are tested with them
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "cache": "ok"}
    assert "no-cache" in response["Cache-Control"]


@pytest.mark.django_db
def test_healthz_reports_503_when_the_database_fails(client, monkeypatch):
    from django.db.backends.utils import CursorWrapper

    def broken(*args, **kwargs):
        raise RuntimeError("database down")

    monkeypatch.setattr(CursorWrapper, "execute", broken)
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["database"] == "unavailable"


@pytest.mark.django_db
def test_404_page_is_in_the_shop_style_and_indonesian(client):
    response = client.get("/tidak-ada-halaman-ini/")
    assert response.status_code == 404
    body = response.content.decode()
    assert "Halaman tidak ditemukan" in body
    assert "Kembali ke toko" in body


@pytest.mark.django_db
def test_403_page(rf):
    from django.core.exceptions import PermissionDenied

    from pasarmurah.core.views import permission_denied

    request = rf.get("/")
    request.user = AnonymousUser()
    response = permission_denied(request, PermissionDenied())
    assert response.status_code == 403
    assert "Akses ditolak" in response.content.decode()


def test_500_page_renders_without_database_or_request(rf):
    from pasarmurah.core.views import server_error

    response = server_error(rf.get("/"))
    assert response.status_code == 500
    assert "Maaf, terjadi gangguan" in response.content.decode()


@pytest.mark.django_db
def test_a_crashing_view_gets_the_500_page(settings):
    settings.ROOT_URLCONF = "pasarmurah.core.tests.crash_urls"
    response = Client(raise_request_exception=False).get("/boom/")
    assert response.status_code == 500
    assert "Maaf, terjadi gangguan" in response.content.decode()


@pytest.mark.django_db
def test_language_switch_to_english_and_back(client):
    response = client.post(reverse("set_language"), {"language": "en", "next": "/"}, follow=True)
    assert response.status_code == 200
    assert '<html lang="en">' in response.content.decode()
    assert "Log in" in response.content.decode()
    response = client.post(reverse("set_language"), {"language": "id", "next": "/"}, follow=True)
    assert "Masuk" in response.content.decode()


@pytest.mark.django_db
def test_language_switch_ignores_foreign_next(client):
    response = client.post(reverse("set_language"), {"language": "en", "next": "https://evil.example/"})
    assert response.status_code == 302
    assert "evil.example" not in response["Location"]


@pytest.mark.django_db
def test_pages_send_a_strict_content_security_policy(client):
    csp = client.get("/")["Content-Security-Policy"]
    assert "script-src 'self'" in csp
    assert "unsafe-inline" not in csp
    assert "frame-ancestors 'none'" in csp


def test_favicon_ico_leads_to_the_shop_icon(client):
    response = client.get("/favicon.ico")
    assert response.status_code == 301
    assert response["Location"].endswith(".svg")


@pytest.mark.django_db
def test_indonesian_by_default_even_when_the_browser_asks_for_english(client):
    body = client.get("/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert '<html lang="id">' in body and "Masuk" in body
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    assert '<html lang="en">' in client.get("/", HTTP_ACCEPT_LANGUAGE="id").content.decode()
