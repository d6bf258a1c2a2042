"""Staff upkeep through the admin: saves go through catalog.services (search index, thumbnails, caches)."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from pasarmurah.accounts.services import staff_account_create
from pasarmurah.catalog.models import Product, ProductImage
from pasarmurah.catalog.search import search_product_ids
from pasarmurah.catalog.tests.factories import BrandFactory, CategoryFactory, ProductFactory

pytestmark = pytest.mark.django_db(transaction=True)  # the search index must see committed rows (InnoDB)


@pytest.fixture
def cs_client(client):
    user = staff_account_create(role="cs", email="cs@example.test", full_name="CS", password="Rahasia#2026")
    client.force_login(user)
    return client


def jpeg(size=(900, 600)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, (10, 120, 60)).save(out, "JPEG")
    return out.getvalue()


def product_form(**overrides):
    category, brand = CategoryFactory(name="Lighting"), BrandFactory(name="Godox")
    data = {
        "name": "Softbox Godox Oktagon 95",
        "slug": "softbox-godox-oktagon-95",
        "sku": "LGT-GDX-095",
        "category": category.pk,
        "brand": brand.pk,
        "price": 450000,
        "weight_grams": 2000,
        "stock": 4,
        "description": "Softbox oktagon.",
        "is_active": "on",
        "images-TOTAL_FORMS": "1",
        "images-INITIAL_FORMS": "0",
        "images-MIN_NUM_FORMS": "0",
        "images-MAX_NUM_FORMS": "1000",
        "images-0-alt_text": "Softbox",
        "images-0-sort_order": "0",
    }
    return data | overrides


def test_customer_service_adds_a_product_with_a_photo(cs_client):
    data = product_form()
    data["images-0-image"] = SimpleUploadedFile("foto kamera.jpg", jpeg(), content_type="image/jpeg")
    response = cs_client.post("/admin/catalog/product/add/", data)
    assert response.status_code == 302, response.content.decode()[:3000]
    product = Product.objects.get(sku="LGT-GDX-095")
    # searchable at once by name, brand and category
    assert search_product_ids("oktagon") == [product.pk]
    assert search_product_ids("godox lighting") == [product.pk]
    # the photo was re-encoded under a random name, with square thumbnails
    image = product.images.get()
    assert "foto" not in image.image.name
    assert image.thumb_small and image.thumb_large
    with image.thumb_small.open("rb") as small:
        assert Image.open(small).size == (400, 400)
    with image.thumb_large.open("rb") as large:
        assert Image.open(large).size == (800, 800)


def test_a_fake_image_is_refused(cs_client):
    data = product_form()
    data["images-0-image"] = SimpleUploadedFile(
        "x.jpg", jpeg() + b"<script>alert(1)</script>", content_type="image/jpeg"
    )
    response = cs_client.post("/admin/catalog/product/add/", data)
    assert response.status_code == 200  # the form again, with the error
    assert not ProductImage.objects.exists()
    assert not Product.objects.exists()


def test_edit_deactivate_and_delete_keep_the_index_right(cs_client):
    product = ProductFactory(name="Reflektor 5in1", slug="reflektor", sku="RFL-001")
    from pasarmurah.catalog.services import product_save

    product_save(product=product)
    data = product_form(name="Reflector Lipat 110", slug="reflektor", sku="RFL-001")
    data["images-TOTAL_FORMS"] = "0"
    response = cs_client.post(f"/admin/catalog/product/{product.pk}/change/", data)
    assert response.status_code == 302
    assert search_product_ids("reflektor") == []
    assert search_product_ids("reflector") == [product.pk]
    response = cs_client.post(f"/admin/catalog/product/{product.pk}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert search_product_ids("reflector") == []


def test_brand_rename_in_the_admin_reaches_the_search(cs_client):
    brand = BrandFactory(name="Takara", slug="takara")
    product = ProductFactory(brand=brand, name="ECO-196A")
    from pasarmurah.catalog.services import product_save

    product_save(product=product)
    response = cs_client.post(
        f"/admin/catalog/brand/{brand.pk}/change/", {"name": "Excell", "slug": "takara", "is_active": "on"}
    )
    assert response.status_code == 302
    assert search_product_ids("excell") == [product.pk]
