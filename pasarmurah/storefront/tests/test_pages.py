"""Storefront pages: home, Profil Toko, Cara Pemesanan, links on every page, robots.txt and sitemap.xml."""

import pytest
from django.urls import reverse

from pasarmurah.catalog.tests.factories import CategoryFactory, ProductFactory, PromoFactory
from pasarmurah.store.models import BankAccount, StoreProfile
from pasarmurah.store.services import store_profile_save

pytestmark = pytest.mark.django_db


@pytest.fixture
def profile(django_capture_on_commit_callbacks):
    profile = StoreProfile.load()
    profile.about = "**Sejak 2012** kami menjual aksesori kamera. <script>alert('x')</script>"
    profile.how_to_order = "1. **Daftar** sebagai member\n2. Transfer ke rekening toko\n3. Unggah bukti"
    profile.whatsapp = "+6281229475301"
    profile.address = "Jl. Slamet Riyadi No. 278"
    with django_capture_on_commit_callbacks(execute=True):
        return store_profile_save(profile=profile)


@pytest.mark.parametrize(
    "url", ["/", "/katalog/", "/promo/", "/profil-toko/", "/cara-pemesanan/", "/cari/?q=x"]
)
def test_every_page_links_profile_how_to_order_and_search(client, profile, url):
    body = client.get(url).content.decode()
    assert 'href="/profil-toko/"' in body
    assert 'href="/cara-pemesanan/"' in body
    assert 'href="/promo/"' in body
    assert 'action="/cari/"' in body
    assert 'hx-get="/cari/saran/"' in body and 'hx-trigger="input changed delay:250ms, search"' in body
    assert "style=" not in body and "onclick" not in body and "<script>" not in body


def test_profile_page_renders_the_owners_markdown_sanitised(client, profile):
    response = client.get(reverse("storefront:profile"))
    body = response.content.decode()
    assert response.status_code == 200
    assert "<strong>Sejak 2012</strong>" in body
    assert "<script>alert" not in body
    assert "Jl. Slamet Riyadi No. 278" in body
    assert 'href="https://wa.me/6281229475301"' in body


def test_how_to_order_shows_the_steps_and_active_bank_accounts(client, profile):
    BankAccount.objects.create(
        store=profile, bank_name="BCA", account_number="0153728461", account_holder="CV PM"
    )
    BankAccount.objects.create(
        store=profile, bank_name="BRI", account_number="0368", account_holder="CV PM", is_active=False
    )
    body = client.get(reverse("storefront:how_to_order")).content.decode()
    assert "<strong>Daftar</strong>" in body
    assert "0153728461" in body
    assert "0368" not in body


def test_how_to_order_has_default_steps_when_the_owner_wrote_none(client):
    body = client.get("/cara-pemesanan/").content.decode()
    assert 'id="how-to-order-default"' in body
    for word in ("Daftar", "transfer bank", "bukti", "resi", "Lacak"):
        assert word in body


def test_profile_change_reaches_every_page_after_saving(client, profile, django_capture_on_commit_callbacks):
    client.get("/")  # cached
    profile.name = "Pasar Murah Baru"
    with django_capture_on_commit_callbacks(execute=True):
        store_profile_save(profile=profile)
    assert "Pasar Murah Baru" in client.get("/profil-toko/").content.decode()


def test_home_has_promos_with_end_dates_categories_and_contact(client, profile):
    category = CategoryFactory(name="Kartu Memori")
    product = ProductFactory(name="SanDisk Ultra 64GB", price=100_000, category=category, is_featured=True)
    PromoFactory(name="Pekan Kartu Memori", categories=[category], value=10)
    body = client.get("/").content.decode()
    assert "Pekan Kartu Memori" in body and "Sampai" in body
    assert "Rp\u00a090.000" in body and "<s>Rp\u00a0100.000</s>" in body
    assert product.get_absolute_url() in body
    assert 'id="home-contact"' in body
    # the featured product is shown as a card of the home grid, with its promo price
    card = body.split(f'data-product-id="{product.pk}"', 1)[1].split("</article>", 1)[0]
    assert "SanDisk Ultra 64GB" in card and "Rp\u00a090.000" in card


def test_robots_txt(client):
    response = client.get("/robots.txt")
    text = response.content.decode()
    assert response["Content-Type"].startswith("text/plain")
    for path in ("/admin/", "/akun/", "/keranjang/", "/cari/?"):
        assert f"Disallow: {path}\n" in text
    assert "Sitemap: http://127.0.0.1:8000/sitemap.xml" in text


def test_sitemap_lists_products_categories_and_pages_on_the_public_address(client, settings):
    settings.SITE_URL = "https://toko.example.id"
    category = CategoryFactory(slug="tas")
    ProductFactory(slug="tas-kamera", category=category)
    ProductFactory(slug="tersembunyi", category=category, is_active=False)
    index = client.get("/sitemap.xml")
    assert index.status_code == 200
    assert "sitemap-products.xml" in index.content.decode()
    products = client.get("/sitemap-products.xml").content.decode()
    assert "<loc>https://toko.example.id/produk/tas-kamera/</loc>" in products
    assert "tersembunyi" not in products
    categories = client.get("/sitemap-categories.xml").content.decode()
    assert "https://toko.example.id/kategori/tas/" in categories
    pages = client.get("/sitemap-pages.xml").content.decode()
    for path in ("/profil-toko/", "/cara-pemesanan/", "/promo/", "/katalog/"):
        assert f"https://toko.example.id{path}" in pages


def test_pages_have_titles_descriptions_and_canonical_links(client, profile):
    CategoryFactory(name="Tas Kamera", slug="tas-kamera", description="Tas untuk kamera mirrorless.")
    body = client.get("/kategori/tas-kamera/?urut=name").content.decode()
    assert "<title>Tas Kamera — " in body
    assert '<meta name="description" content="Tas untuk kamera mirrorless.">' in body
    assert '<link rel="canonical" href="http://127.0.0.1:8000/kategori/tas-kamera/">' in body
    assert 'property="og:url"' in body
    search = client.get("/cari/?q=tas").content.decode()
    assert 'content="noindex, follow"' in search
