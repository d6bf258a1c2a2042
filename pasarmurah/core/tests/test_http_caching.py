"""Signed-in pages and pages built from a visitor's session are kept by no browser or proxy cache."""

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse

from pasarmurah.accounts.roles import CUSTOMER_SERVICE, OWNER
from pasarmurah.accounts.tests.factories import AddressFactory, StaffFactory, UserFactory
from pasarmurah.catalog.tests.factories import ProductFactory
from pasarmurah.orders.services import order_place
from pasarmurah.shipping.tests.factories import ShippingRateFactory

pytestmark = pytest.mark.django_db


def _private(response) -> bool:
    directives = {part.strip() for part in response.get("Cache-Control", "").split(",")}
    return {"private", "no-store"} <= directives


@pytest.fixture
def member_and_order():
    member = UserFactory()
    address = AddressFactory(user=member)
    courier = ShippingRateFactory(province=address.province, price_per_kg=10_000).courier
    product = ProductFactory(stock=5, price=100_000, weight_grams=900, slug="tripod-mini")
    order = order_place(
        member=member, items={product.pk: 1}, checkout_key="k", address=address, courier_code=courier.code
    )
    return member, order


def _staff(role):
    staff = StaffFactory()
    staff.groups.add(Group.objects.get(name=role))
    client = Client()
    client.force_login(staff)
    return client


def test_every_signed_in_member_page_is_private_and_not_stored(member_and_order):
    member, order = member_and_order
    client = Client()
    client.force_login(member)
    client.post(reverse("checkout:cart_add", args=[order.lines.get().product_id]), {"quantity": 1})
    pages = [
        "/",
        "/katalog/",
        "/produk/tripod-mini/",
        reverse("accounts:dashboard"),
        reverse("accounts:profile"),
        reverse("accounts:addresses"),
        reverse("accounts:privacy"),
        reverse("orders:list"),
        reverse("orders:detail", args=[order.number]),
        reverse("orders:invoice", args=[order.number]),
        reverse("orders:invoice_pdf", args=[order.number]),
        reverse("checkout:cart"),
        reverse("checkout:checkout"),
        reverse("crm:wishlist"),
    ]
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        assert _private(response), (url, response.get("Cache-Control"))


@pytest.mark.parametrize("role", [CUSTOMER_SERVICE, OWNER])
def test_every_staff_page_is_private_and_not_stored(member_and_order, role):
    _, order = member_and_order
    client = _staff(role)
    pages = [
        reverse("backoffice:orders:desk"),
        reverse("backoffice:orders:order", args=[order.number]),
        reverse("backoffice:tickets:inbox"),
        reverse("backoffice:members:list"),
        "/admin/",
        "/admin/catalog/product/",
        "/admin/orders/order/",
    ]
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        assert _private(response), (url, response.get("Cache-Control"))


def test_a_view_that_chose_no_store_keeps_its_stricter_header(member_and_order):
    member, _ = member_and_order
    client = Client()
    client.force_login(member)
    response = client.get(reverse("healthz"))  # never_cache: no-cache, no-store, must-revalidate, max-age=0
    directives = {part.strip() for part in response["Cache-Control"].split(",")}
    assert {"no-store", "no-cache", "must-revalidate", "max-age=0"} <= directives


def test_visitor_pages_without_a_session_stay_cacheable_and_the_page_cache_still_serves_them():
    ProductFactory(name="Tripod Untuk Semua", slug="tripod-semua")
    for _ in range(2):  # the first fills the visitor page cache, the second is served from it
        response = Client().get("/katalog/")
        assert response.status_code == 200
        assert "no-store" not in response.get("Cache-Control", "")
        assert "Tripod Untuk Semua" in response.content.decode()


def test_a_visitor_with_a_cart_or_a_message_gets_private_pages():
    product = ProductFactory(stock=3, slug="lensa-cap")
    visitor = Client()
    added = visitor.post(reverse("checkout:cart_add", args=[product.pk]), {"quantity": 1, "next": "/"})
    assert _private(added)  # sets the session cookie
    for url in ["/", "/katalog/", reverse("checkout:cart")]:
        assert _private(visitor.get(url)), url


def test_logging_in_and_out_is_private():
    member = UserFactory(email="rina@contoh.test")
    client = Client()
    response = client.post(
        reverse("accounts:login"), {"email": "rina@contoh.test", "password": "RahasiaSekali#1"}
    )
    assert response.status_code == 302, response.content.decode()[:500]
    assert _private(response)
    assert member.pk == int(client.session["_auth_user_id"])
    assert _private(client.post(reverse("accounts:logout")))


def test_static_files_and_product_images_stay_cacheable_for_members(settings):
    settings.WHITENOISE_USE_FINDERS = True  # whitenoise serves from the source folders (no collectstatic)
    settings.MEDIA_ROOT.mkdir(parents=True)
    (settings.MEDIA_ROOT / "foto.webp").write_bytes(b"RIFF0000WEBP")
    client = Client()
    client.force_login(UserFactory())
    static = client.get("/static/css/shop.css")
    assert static.status_code == 200
    assert "no-store" not in static.get("Cache-Control", "")
    image = client.get("/media/foto.webp")
    assert image.status_code == 200
    assert "no-store" not in image.get("Cache-Control", "")
