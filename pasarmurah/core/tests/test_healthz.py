"""/healthz answers a load balancer over plain HTTP on the host's address, also with HTTPS on."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import Client

ROOT = Path(__file__).resolve().parents[3]
pytestmark = pytest.mark.django_db


@pytest.fixture
def https_on(settings):
    settings.SECURE_SSL_REDIRECT = True
    settings.SESSION_COOKIE_SECURE = settings.CSRF_COOKIE_SECURE = True
    settings.SECURE_HSTS_SECONDS = 60 * 60 * 24 * 365
    settings.ALLOWED_HOSTS = ["toko.example.id"]


def test_healthz_answers_plain_http_on_the_host_ip_with_https_on(https_on, settings):
    settings.HEALTH_CHECKS = {}  # the domains' checks (the job worker's heartbeat) are tested with them
    response = Client().get("/healthz", HTTP_HOST="10.0.0.5:8000")
    assert response.status_code == 200
    assert json.loads(response.content) == {"status": "ok", "database": "ok", "cache": "ok"}
    assert "no-store" in response["Cache-Control"]


def test_other_pages_still_redirect_to_https_and_check_the_host(https_on):
    redirected = Client().get("/katalog/", HTTP_HOST="toko.example.id")
    assert redirected.status_code == 301
    assert redirected["Location"] == "https://toko.example.id/katalog/"
    assert Client().get("/katalog/", HTTP_HOST="10.0.0.5").status_code == 400
    assert Client().get("/healthz/", HTTP_HOST="10.0.0.5").status_code == 400  # only the exact path


def test_healthz_with_the_real_production_settings(tmp_path):
    """The settings module as production reads it (HTTPS=1, a public host name only)."""
    env = {
        k: v for k, v in os.environ.items() if k not in {"DEBUG", "DATABASE_URL", "DJANGO_ALLOW_ASYNC_UNSAFE"}
    }
    env |= {
        "DJANGO_SETTINGS_MODULE": "pasarmurah.settings",
        "HTTPS": "1",
        "ALLOWED_HOSTS": "toko.example.id",
        "SECRET_KEY": "a-production-secret-" + "x" * 50,
        "VAR_DIR": str(tmp_path),
    }
    script = (
        "from django.test import Client; c = Client();"
        "print(c.get('/healthz', HTTP_HOST='10.0.0.5').status_code,"
        " c.get('/', HTTP_HOST='toko.example.id').status_code)"
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", script],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.stdout.split()[-2:] == ["200", "301"], result.stdout + result.stderr


def test_healthz_is_503_when_the_cache_fails(settings):
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"},  # keeps nothing: as if down
        "pages": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "pages"},
    }
    settings.HEALTH_CHECKS = {}
    response = Client().get("/healthz")
    assert response.status_code == 503
    assert json.loads(response.content) == {"status": "error", "database": "ok", "cache": "unavailable"}


def test_a_check_that_breaks_reports_itself_without_breaking_the_probe(settings):
    settings.HEALTH_CHECKS = {"thing": "pasarmurah.core.no_such_module.check"}
    response = Client().get("/healthz")
    assert response.status_code == 200
    assert json.loads(response.content) == {
        "status": "degraded",
        "database": "ok",
        "cache": "ok",
        "thing": "error",
    }
