"""Catalog, search, product and promo pages: every filter combination, bad input, htmx partials, budgets."""

import datetime
import itertools

import pytest
from django.urls import reverse
from django.utils import timezone

from pasarmurah.catalog import services
from pasarmurah.catalog.fragments import catalog_changed
from pasarmurah.catalog.models import Product
from pasarmurah.catalog.tests.factories import (
    BrandFactory,
    CategoryFactory,
    ProductFactory,
    PromoFactory,
)

pytestmark = pytest.mark.django_db


def names(response) -> list[str]:
    return [product.name for product in response.context["page"].object_list]


@pytest.fixture
def shelf():
    """A small category with known brands, prices, stock, sales and ages."""
    category = CategoryFactory(name="Tripod", slug="tripod")
    child = CategoryFactory(name="Mini Tripod", slug="mini-tripod", parent=category)
    takara, benro = BrandFactory(name="Takara", slug="takara"), BrandFactory(name="Benro", slug="benro")
    now = timezone.now()
    specs = [
        ("Alpha Takara", takara, 150_000, 5, 10, 4, category),
        ("Bravo Benro", benro, 900_000, 0, 50, 3, category),
        ("Charlie Takara", takara, 400_000, 2, 30, 2, child),
        ("Delta Benro", benro, 250_000, 9, 0, 1, child),
    ]
    products = {}
    for name, brand, price, stock, sold, days_old, cat in specs:
        product = ProductFactory(
            name=name, brand=brand, price=price, stock=stock, sold_count=sold, category=cat
        )
        Product.objects.filter(pk=product.pk).update(created_at=now - datetime.timedelta(days=days_old))
        products[name] = product
    ProductFactory(name="Other Category", category=CategoryFactory(slug="tas"))
    ProductFactory(name="Hidden Takara", brand=takara, category=category, is_active=False)
    return category


def test_category_page_lists_the_category_and_its_children(client, shelf):
    response = client.get(reverse("catalog:category", kwargs={"slug": "tripod"}))
    assert response.status_code == 200
    assert sorted(names(response)) == ["Alpha Takara", "Bravo Benro", "Charlie Takara", "Delta Benro"]
    body = response.content.decode()
    assert "Mini Tripod" in body  # sub-category link
    assert 'hx-get="/kategori/tripod/"' in body and 'hx-push-url="true"' in body


def test_all_products_page(client, shelf):
    response = client.get(reverse("catalog:catalog"))
    assert response.status_code == 200
    assert "Other Category" in names(response)
    assert "Hidden Takara" not in names(response)


@pytest.mark.parametrize(
    ("sort", "expected"),
    [
        ("newest", ["Delta Benro", "Charlie Takara", "Bravo Benro", "Alpha Takara"]),
        ("price_asc", ["Alpha Takara", "Delta Benro", "Charlie Takara", "Bravo Benro"]),
        ("price_desc", ["Bravo Benro", "Charlie Takara", "Delta Benro", "Alpha Takara"]),
        ("best", ["Bravo Benro", "Charlie Takara", "Alpha Takara", "Delta Benro"]),
        ("name", ["Alpha Takara", "Bravo Benro", "Charlie Takara", "Delta Benro"]),
        ("", ["Delta Benro", "Charlie Takara", "Bravo Benro", "Alpha Takara"]),
        ("unknown", ["Delta Benro", "Charlie Takara", "Bravo Benro", "Alpha Takara"]),
    ],
)
def test_sorts(client, shelf, sort, expected):
    response = client.get("/kategori/tripod/", {"urut": sort})
    assert response.status_code == 200
    assert names(response) == expected


BRANDS = {"": None, "takara": "Takara", "benro": "Benro"}
PRICES = {
    (None, None): (0, 10**9),
    (200_000, None): (200_000, 10**9),
    (None, 400_000): (0, 400_000),
    (200_000, 500_000): (200_000, 500_000),
}
SHELF = {
    "Alpha Takara": ("Takara", 150_000, 5),
    "Bravo Benro": ("Benro", 900_000, 0),
    "Charlie Takara": ("Takara", 400_000, 2),
    "Delta Benro": ("Benro", 250_000, 9),
}


@pytest.mark.parametrize(
    ("brand", "prices", "in_stock", "sort"),
    list(itertools.product(BRANDS, PRICES, [False, True], ["newest", "price_asc", "best", "name"])),
)
def test_every_filter_combination(client, shelf, brand, prices, in_stock, sort):
    # given the filters as a shareable URL
    params = {"merek": brand, "urut": sort}
    if prices[0] is not None:
        params["harga_min"] = prices[0]
    if prices[1] is not None:
        params["harga_maks"] = prices[1]
    if in_stock:
        params["tersedia"] = "1"
    # when the page is opened
    response = client.get("/kategori/tripod/", params)
    # then exactly the matching products are listed
    low, high = PRICES[prices]
    expected = {
        name
        for name, (brand_name, price, stock) in SHELF.items()
        if (not brand or brand_name == BRANDS[brand]) and low <= price <= high and (stock > 0 or not in_stock)
    }
    assert response.status_code == 200
    assert set(names(response)) == expected


@pytest.mark.parametrize(
    "query",
    [
        "harga_min=abc",
        "harga_maks=-5",
        "harga_min=1e99",
        "harga_min=99999999999999999999999",
        "halaman=99999",
        "halaman=0",
        "halaman=abc",
        "halaman=-1",
        "urut=DROP%20TABLE",
        "merek=tidak-ada",
        "merek=%00",
        "tersedia=maybe",
        "harga_min=%00",
        "q=tripod",
        "merek=takara&merek=benro",
        "urut[]=x",
    ],
)
def test_bad_parameters_give_a_normal_page(client, shelf, query):
    response = client.get(f"/kategori/tripod/?{query}")
    assert response.status_code == 200
    assert len(names(response)) >= 1


def test_swapped_price_range_still_filters(client, shelf):
    response = client.get("/kategori/tripod/", {"harga_min": 500_000, "harga_maks": 200_000})
    assert sorted(names(response)) == ["Charlie Takara", "Delta Benro"]


def test_pagination_keeps_the_filters(client, settings):
    category = CategoryFactory(slug="filter")
    ProductFactory.create_batch(30, category=category, stock=3)
    response = client.get("/kategori/filter/", {"tersedia": "1", "urut": "name"})
    assert len(names(response)) == 24
    body = response.content.decode()
    assert "tersedia=1&amp;urut=name&amp;halaman=2" in body
    second = client.get("/kategori/filter/", {"tersedia": "1", "urut": "name", "halaman": 2})
    assert len(names(second)) == 6
    assert 'rel="prev" href="?tersedia=1&amp;urut=name"' in second.content.decode()  # page 1 has no number
    last = client.get("/kategori/filter/", {"halaman": 99999})
    assert last.context["page"].number == 2


def test_htmx_gets_only_the_listing(client, shelf):
    response = client.get("/kategori/tripod/", {"merek": "benro"}, HTTP_HX_REQUEST="true")
    body = response.content.decode()
    assert response.status_code == 200
    assert body.lstrip().startswith('<div id="listing"')
    assert "<html" not in body
    assert "HX-Request" in response["Vary"]
    assert sorted(names(response)) == ["Bravo Benro", "Delta Benro"]


def test_htmx_history_restore_gets_the_whole_page(client, shelf):
    response = client.get("/kategori/tripod/", HTTP_HX_REQUEST="true", HTTP_HX_HISTORY_RESTORE_REQUEST="true")
    assert "<html" in response.content.decode()


def test_filters_work_without_javascript(client, shelf):
    body = client.get("/kategori/tripod/").content.decode()
    assert '<form method="get" action="/kategori/tripod/"' in body
    assert 'name="merek"' in body and 'name="harga_min"' in body and 'name="tersedia"' in body


def test_unknown_or_inactive_category_is_404(client, shelf):
    assert client.get("/kategori/tidak-ada/").status_code == 404
    CategoryFactory(slug="tersembunyi", is_active=False)
    assert client.get("/kategori/tersembunyi/").status_code == 404


def test_listing_shows_promo_price_struck_normal_price_and_stock(client):
    category = CategoryFactory(slug="baterai")
    product = ProductFactory(name="Baterai NP-F970", price=200_000, stock=0, category=category)
    PromoFactory(products=[product], value=10)
    body = client.get("/kategori/baterai/").content.decode()
    assert "Rp\u00a0180.000" in body
    assert "<s>Rp\u00a0200.000</s>" in body
    assert "Stok habis" in body


@pytest.mark.parametrize("size", [5, 40])
def test_catalog_query_budget(client, django_assert_max_num_queries, size):
    category = CategoryFactory(slug="lighting")
    for product in ProductFactory.create_batch(size, category=category):
        product.images.create(image="products/x.jpg")
    PromoFactory(categories=[category])
    client.get("/kategori/lighting/")  # warm the menu and brand caches
    with django_assert_max_num_queries(8):
        response = client.get("/kategori/lighting/", {"merek": "", "tersedia": "1", "urut": "price_asc"})
    assert response.status_code == 200


# --- search page -----------------------------------------------------------------------------------------

search_db = pytest.mark.django_db(transaction=True)


def saved(**fields) -> Product:
    product = ProductFactory.build(**fields, category=CategoryFactory(), brand=BrandFactory())
    return services.product_save(product=product)


@search_db
def test_search_page_ranks_and_filters(client):
    best = saved(name="Tripod Takara 150", stock=3)
    other = saved(name="Holder HP", description="Untuk tripod apa saja", stock=3)
    saved(name="Tripod Habis", stock=0, price=900_000)
    response = client.get(reverse("catalog:search"), {"q": "trip"})
    assert response.status_code == 200
    # the two name matches come before the product that only mentions tripods in its description
    assert set(names(response)[:2]) == {best.name, "Tripod Habis"}
    assert names(response)[2] == other.name
    in_stock = client.get("/cari/", {"q": "tripod", "tersedia": "1"})
    assert "Tripod Habis" not in names(in_stock)
    by_price = client.get("/cari/", {"q": "tripod", "urut": "price_desc"})
    assert names(by_price)[0] == "Tripod Habis"


@search_db
@pytest.mark.parametrize(
    "q",
    [
        '"',
        "AND OR NOT",
        "NEAR(",
        "tripod*",
        "<script>alert(1)</script>",
        "%00",
        "x" * 3000,
        "-+()",
        "tri\x00pod",
    ],
)
def test_search_page_survives_hostile_input(client, q):
    saved(name="Tripod Aman")
    response = client.get("/cari/", {"q": q})
    assert response.status_code == 200
    assert "<script>alert(1)</script>" not in response.content.decode()


@search_db
def test_empty_result_is_helpful(client):
    saved(name="Tas Kamera Best Seller", sold_count=99)
    response = client.get("/cari/", {"q": "zzzz tidak ada"})
    body = response.content.decode()
    assert response.status_code == 200
    assert 'id="search-help"' in body
    assert "Tas Kamera Best Seller" in body  # best sellers offered instead


@search_db
def test_search_without_text_asks_for_a_word(client):
    response = client.get("/cari/")
    assert response.status_code == 200
    assert 'id="search-hint"' in response.content.decode()


@search_db
def test_suggestions_are_a_small_list_of_product_links(client):
    product = saved(name="Tripod Excell Promoted")
    saved(name="Tas Selempang")
    response = client.get(reverse("catalog:suggest"), {"q": "trip"}, HTTP_HX_REQUEST="true")
    body = response.content.decode()
    assert response.status_code == 200
    assert f'href="{product.get_absolute_url()}"' in body
    assert "Tas Selempang" not in body
    assert "<html" not in body
    assert client.get("/cari/saran/", {"q": "t"}).content.decode().strip() == ""
    assert client.get("/cari/saran/", {"q": '"NEAR('}).status_code == 200


@search_db
@pytest.mark.parametrize("size", [3, 30])
def test_search_query_budget(client, django_assert_max_num_queries, size):
    for n in range(size):
        product = saved(name=f"Lampu LED {n}")
        product.images.create(image="products/x.jpg")
    client.get("/cari/", {"q": "lampu"})
    with django_assert_max_num_queries(8):
        response = client.get("/cari/", {"q": "lampu", "urut": "name"})
    assert len(names(response)) == min(size, 24)


# --- product page ----------------------------------------------------------------------------------------


def test_product_page_shows_everything_a_buyer_needs(client):
    parent = CategoryFactory(name="Penyangga", slug="penyangga")
    category = CategoryFactory(name="Tripod", slug="tripod", parent=parent)
    product = ProductFactory(
        name="Tripod Benro T880EX",
        slug="tripod-benro-t880ex",
        category=category,
        brand=BrandFactory(name="Benro", slug="benro"),
        price=500_000,
        weight_grams=1850,
        stock=3,
        description="Tripod aluminium 163 cm.",
    )
    product.images.create(image="products/a.jpg", sort_order=0)
    product.images.create(image="products/b.jpg", sort_order=1)
    promo = PromoFactory(products=[product], value=20)
    related_in_stock = ProductFactory(name="Tripod Lain Ada", category=category, stock=5, sold_count=1)
    related_sold_out = ProductFactory(name="Tripod Lain Habis", category=category, stock=0, sold_count=99)
    response = client.get("/produk/tripod-benro-t880ex/")
    body = response.content.decode()
    assert response.status_code == 200
    assert "Rp\u00a0400.000" in body and '<s class="text-muted">Rp\u00a0500.000</s>' in body
    assert 'id="promo-ends"' in body and str(promo.ends_at.astimezone().year) in body
    assert "1850 g" in body
    assert 'href="/kategori/tripod/"' in body and 'href="/kategori/penyangga/"' in body  # breadcrumbs
    assert "merek=benro" in body
    assert body.count("data-gallery-full") == 2
    assert 'id="product-actions"' in body
    related = response.context["related_names"]
    assert related == [related_in_stock.name, related_sold_out.name]
    assert '<link rel="canonical" href="http://127.0.0.1:8000/produk/tripod-benro-t880ex/">' in body
    assert 'property="og:title" content="Tripod Benro T880EX"' in body
    assert 'property="og:image"' in body
    assert '<meta name="description" content="Tripod aluminium 163 cm.">' in body


def test_sold_out_product_says_so(client):
    ProductFactory(slug="habis", stock=0)
    assert "Stok habis" in client.get("/produk/habis/").content.decode()


def test_inactive_product_is_404(client):
    ProductFactory(slug="mati", is_active=False)
    assert client.get("/produk/mati/").status_code == 404
    assert client.get("/produk/tidak-ada/").status_code == 404


@pytest.mark.parametrize("size", [2, 20])
def test_product_query_budget(client, django_assert_max_num_queries, size):
    category = CategoryFactory(parent=CategoryFactory())
    product = ProductFactory(slug="diukur", category=category)
    for _ in range(3):
        product.images.create(image="products/x.jpg")
    for other in ProductFactory.create_batch(size, category=category):
        other.images.create(image="products/y.jpg")
    PromoFactory(categories=[category])
    client.get("/produk/diukur/")  # warm the menu caches and the promo book
    catalog_changed()  # but measure the related products built, not read from the fragment cache
    with django_assert_max_num_queries(8) as queries:
        assert client.get("/produk/diukur/").status_code == 200
    assert any("ORDER BY" in q["sql"] and "sold_count" in q["sql"] for q in queries.captured_queries)


# --- promos ----------------------------------------------------------------------------------------------


def test_promo_page_shows_running_promos_only(client):
    now = timezone.now()
    running_product = ProductFactory(name="Filter Promo", price=100_000)
    PromoFactory(name="Promo Jalan", products=[running_product], value=10)
    category = CategoryFactory(name="Kartu Memori")
    ProductFactory(name="Kartu Promo", category=category)
    PromoFactory(name="Promo Kategori", categories=[category])
    PromoFactory(
        name="Promo Lalu",
        starts_at=now - datetime.timedelta(days=10),
        ends_at=now - datetime.timedelta(days=1),
        products=[running_product],
        value=50,
    )
    PromoFactory(
        name="Promo Nanti",
        starts_at=now + datetime.timedelta(days=1),
        ends_at=now + datetime.timedelta(days=5),
        products=[running_product],
        value=50,
    )
    PromoFactory(name="Promo Mati", is_active=False, products=[running_product], value=50)
    body = client.get(reverse("catalog:promos")).content.decode()
    assert "Promo Jalan" in body and "Promo Kategori" in body
    assert "Filter Promo" in body and "Kartu Promo" in body
    assert "Rp\u00a090.000" in body  # only the running 10% applies, not the 50% ones
    assert "Rp\u00a050.000" not in body
    for name in ("Promo Lalu", "Promo Nanti", "Promo Mati"):
        assert name not in body
    assert "Sampai" in body  # the end date


def test_promo_page_without_promos(client):
    body = client.get("/promo/").content.decode()
    assert 'id="no-promos"' in body
