"""Every page of the shop answers every kind of person without an error (no 500), with the demo data."""

import pytest
from django.test import Client

from pasarmurah.accounts.models import User
from pasarmurah.catalog.models import Category, Product
from pasarmurah.crm import services as crm
from pasarmurah.demo.demo import CS_EMAIL, OWNER_EMAIL, birthday_member_email, load_demo
from pasarmurah.orders.services import order_place

pytestmark = pytest.mark.django_db


@pytest.fixture
def shop():
    load_demo(with_images=False)
    member = User.objects.get(email=birthday_member_email())
    product = Product.objects.filter(stock__gt=3).first()
    order = order_place(
        member=member,
        items={product.pk: 1},
        checkout_key="smoke",
        address=member.addresses.first(),
        courier_code="jne-reg",
    )
    ticket = crm.ticket_open(member=member, kind="complaint", subject="Smoke", message="Test", order=order)
    return {
        "member": member,
        "product": product,
        "order": order,
        "ticket": ticket,
        "category": Category.objects.first(),
    }


def _urls(shop):
    order, ticket, product = shop["order"], shop["ticket"], shop["product"]
    return [
        "/",
        "/katalog/",
        f"/kategori/{shop['category'].slug}/",
        f"/produk/{product.slug}/",
        "/cari/?q=tripod",
        "/cari/saran/?q=tri",
        "/promo/",
        "/profil-toko/",
        "/cara-pemesanan/",
        "/kontak/",
        "/buku-tamu/",
        "/sitemap.xml",
        "/robots.txt",
        "/healthz",
        "/keranjang/",
        "/checkout/",
        "/akun/",
        "/akun/profil/",
        "/akun/alamat/",
        "/akun/preferensi/",
        "/akun/privasi/",
        "/favorit/",
        "/akun/kritik-saran/",
        "/akun/kritik-saran/baru/",
        f"/akun/kritik-saran/{ticket.pk}/",
        "/pesanan/",
        f"/pesanan/{order.number}/",
        f"/pesanan/{order.number}/nota/",
        f"/pesanan/{order.number}/nota.pdf",
        "/staf/",
        "/staf/pesanan/",
        f"/staf/pesanan/{order.number}/",
        "/staf/pesanan/?queue=unpaid&cari=dewi",
        "/staf/member/?cari=dewi",
        "/staf/tiket/",
        f"/staf/tiket/{ticket.pk}/",
        "/staf/tiket/rekomendasi/",
        "/staf/tiket/buku-tamu/",
        "/staf/member/",
        "/staf/ulang-tahun/",
        "/admin/",
        "/admin/catalog/product/",
        "/admin/orders/order/",
        "/akun/masuk/",
        "/akun/daftar/",
        "/katalog/?urut=harga_naik&harga_min=abc&halaman=9999",
    ]


@pytest.mark.parametrize("who", ["visitor", "member", "customer service", "owner"])
def test_no_page_errors_for_anyone(shop, who):
    client = Client(raise_request_exception=False)
    if who != "visitor":
        email = {"member": shop["member"].email, "customer service": CS_EMAIL, "owner": OWNER_EMAIL}[who]
        client.force_login(User.objects.get(email=email))
    failures = []
    for url in _urls(shop):
        status = client.get(url).status_code
        if status >= 500:
            failures.append((url, status))
    assert failures == []
