"""Product images served by the app (SERVE_MEDIA=1): cacheable, revalidated with an ETag, new uploads at once,
nothing but images from MEDIA_ROOT; `check --deploy` warns when production serves them this way."""

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from PIL import Image

from pasarmurah.accounts.tests.factories import UserFactory
from pasarmurah.catalog.services import product_image_add
from pasarmurah.catalog.tests.factories import ProductFactory
from pasarmurah.core.images import clean_image

ROOT = Path(__file__).resolve().parents[3]
pytestmark = pytest.mark.django_db


def image_upload(name, *, fmt="PNG", size=(120, 80)):
    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 120, 30)).save(buffer, fmt)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type=f"image/{fmt.lower()}")


@pytest.fixture
def media(settings):
    settings.MEDIA_ROOT.mkdir(parents=True)
    return settings.MEDIA_ROOT


def test_an_image_is_sent_with_caching_headers_and_revalidates_to_304(media):
    (media / "products").mkdir()
    (media / "products" / "tripod.webp").write_bytes(b"RIFF\x00\x00\x00\x00WEBPVP8 ")
    client = Client()
    response = client.get("/media/products/tripod.webp")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/webp"
    assert b"".join(response.streaming_content) == b"RIFF\x00\x00\x00\x00WEBPVP8 "
    cache_control = {part.strip() for part in response["Cache-Control"].split(",")}
    assert {"public", "max-age=86400"} <= cache_control
    assert response["X-Content-Type-Options"] == "nosniff"
    again = client.get("/media/products/tripod.webp", HTTP_IF_NONE_MATCH=response["ETag"])
    assert again.status_code == 304
    assert again["ETag"] == response["ETag"]
    since = client.get("/media/products/tripod.webp", HTTP_IF_MODIFIED_SINCE=response["Last-Modified"])
    assert since.status_code == 304
    assert client.head("/media/products/tripod.webp").status_code == 200
    assert client.post("/media/products/tripod.webp").status_code == 405


def test_a_new_upload_is_served_at_once_also_to_members(media):
    client = Client()
    client.force_login(UserFactory())
    product = ProductFactory()
    client.get("/")  # the app is running before the upload
    image = product_image_add(product=product, upload=image_upload("foto.png", size=(900, 700)))
    for field in (image.image, image.thumb_small, image.thumb_large):
        response = client.get(field.url)
        assert response.status_code == 200, field.url
        assert response["Content-Type"].startswith("image/")
        assert "public" in response["Cache-Control"]
        stored = media / field.name  # public, for a proxy serving MEDIA_ROOT, despite the process umask 077
        assert (stored.stat().st_mode & 0o777, stored.parent.stat().st_mode & 0o777) == (0o644, 0o755)


@pytest.mark.parametrize(
    "path",
    [
        "/media/../secret_key",
        "/media/%2e%2e/secret_key",
        "/media/products/",
        "/media/products/missing.webp",
        "/media/notes.html",
        "/media/logo.svg",
    ],
)
def test_nothing_but_images_inside_media_root(media, settings, path):
    (media / "products").mkdir()
    (media / "notes.html").write_text("<script>alert(1)</script>")
    (media / "logo.svg").write_text("<svg xmlns='http://www.w3.org/2000/svg'><script>alert(1)</script></svg>")
    (media.parent / "secret_key").write_text("rahasia")
    assert Client().get(path).status_code == 404


def test_clean_image_output_is_served(media):
    """What catalog uploads store (re-encoded WebP/JPEG/PNG) has a known image type."""
    cleaned = clean_image(image_upload("x.jpg", fmt="JPEG"))
    (media / cleaned.content.name).write_bytes(cleaned.content.read())
    assert Client().get(f"/media/{cleaned.content.name}").status_code == 200


def _check_deploy(tmp_path, **env_extra):
    env = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "HTTPS", "DATABASE_URL"}}
    env |= {
        "DJANGO_SETTINGS_MODULE": "pasarmurah.settings",
        "SECRET_KEY": "a-production-secret-" + "x" * 50,
        "ALLOWED_HOSTS": "toko.example.id",
        "VAR_DIR": str(tmp_path),
    } | env_extra
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_warns_when_production_serves_media_through_django(tmp_path):
    result = _check_deploy(tmp_path, SERVE_MEDIA="1")
    assert result.returncode != 0
    assert "pasarmurah.W001" in result.stderr + result.stdout
    assert "SERVE_MEDIA=0" in result.stderr + result.stdout
    quiet = _check_deploy(tmp_path, SERVE_MEDIA="0")
    assert quiet.returncode == 0, quiet.stdout + quiet.stderr
