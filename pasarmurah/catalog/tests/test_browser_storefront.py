"""Browser journeys through the storefront at phone and desktop sizes: browse, filter, sort, search, open."""

import re

import pytest
from django.core.files.base import ContentFile

from pasarmurah.catalog.models import Product
from pasarmurah.demo.demo import load_demo

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def card_prices(page) -> list[int]:
    texts = page.locator("#listing .product-card .price").all_inner_texts()
    return [int(re.sub(r"\D", "", text)) for text in texts]


def test_browse_a_category_filter_sort_and_open_a_product_on_a_phone(live_server, phone_page):
    load_demo(with_images=False)
    page = phone_page
    page.goto(live_server.url + "/")
    # browse: menu -> categories -> Tripod & Monopod
    page.get_by_label("Menu").click()
    page.get_by_role("button", name="Kategori").click()
    page.locator("#nav-main .dropdown-menu a[href='/kategori/tripod-monopod/']").click()
    page.wait_for_url("**/kategori/tripod-monopod/")
    assert page.locator("#listing .product-card").count() > 3
    before = page.locator("#listing-count").inner_text()
    page.locator("#filters-panel summary").click()
    # filter by brand: htmx swaps the listing and the URL can be shared
    page.select_option("select[name=merek]", "takara")
    page.wait_for_url(re.compile(r".*merek=takara.*"))
    page.wait_for_function(
        "before => document.querySelector('#listing-count').innerText !== before", arg=before
    )
    names = page.locator("#listing .product-card .product-name").all_inner_texts()
    assert names and all("Takara" in name for name in names)
    # sort by price, low to high
    page.select_option("select[name=urut]", "price_asc")
    page.wait_for_url(re.compile(r".*urut=price_asc.*"))
    page.wait_for_load_state("networkidle")
    prices = card_prices(page)
    assert prices == sorted(prices)
    # the shared URL gives the same list on a fresh load
    page.reload()
    assert card_prices(page) == prices
    # open a product
    first = page.locator("#listing .product-card a.stretched-link").first
    first_name = first.inner_text()
    first.click()
    page.wait_for_url("**/produk/**")
    assert page.locator("h1").inner_text() == first_name
    assert page.locator("#stock-state").is_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert page.console_errors == []


def test_search_with_suggestions_and_the_gallery_on_a_desktop(live_server, desktop_page):
    load_demo(with_images=True)
    # a second photo for one tripod, so the gallery has thumbnails
    from pasarmurah.catalog.services import product_image_add
    from pasarmurah.demo.demo_images import render_product_image

    tripod = Product.objects.filter(name__icontains="tripod").order_by("pk").first()
    product_image_add(
        product=tripod,
        upload=ContentFile(
            render_product_image(title="Sisi", category_slug="tripod-monopod", seed=9), name="b.jpg"
        ),
        sort_order=1,
    )
    page = desktop_page
    page.goto(live_server.url + "/")
    # suggestions as you type
    page.locator("#search-input").press_sequentially("trip", delay=30)
    suggestion = page.locator("#search-suggestions a").first
    suggestion.wait_for()
    assert page.locator("#search-suggestions li").count() >= 2
    # the full search: results ranked, with filters
    page.locator("#search-input").press("Enter")
    page.wait_for_url(re.compile(r".*/cari/\?q=trip"))
    assert page.locator("#listing .product-card").count() >= 5
    page.locator("#filters-panel summary").click()
    page.check("#id_tersedia")
    page.wait_for_url(re.compile(r".*tersedia=1.*"))
    page.wait_for_load_state("networkidle")
    assert page.locator("#listing .product-card", has_text="Stok habis").count() == 0
    # the product page with its gallery: a thumbnail switches the main photo
    page.goto(live_server.url + tripod.get_absolute_url())
    main = page.locator("#gallery-main")
    first_src = main.get_attribute("src")
    thumbs = page.locator("[data-gallery-full]")
    assert thumbs.count() == 2
    thumbs.nth(1).click()
    assert main.get_attribute("src") != first_src
    assert main.get_attribute("src") == thumbs.nth(1).get_attribute("data-gallery-full")
    page.wait_for_function(
        "() => { const i = document.getElementById('gallery-main'); "
        "return i.complete && i.naturalWidth === 800; }"
    )
    assert page.url.endswith(tripod.get_absolute_url())  # the click did not follow the link
    assert page.console_errors == []


def test_empty_search_helps_and_escape_closes_suggestions(live_server, phone_page):
    load_demo(with_images=False)
    page = phone_page
    page.goto(live_server.url + "/cari/?q=zzqqxx")
    assert page.locator("#search-help").is_visible()
    assert page.locator("#search-help .product-card").count() >= 4
    page.locator("#search-input").fill("")
    page.locator("#search-input").press_sequentially("baterai", delay=30)
    page.locator("#search-suggestions a").first.wait_for()
    page.keyboard.press("Escape")
    assert page.locator("#search-suggestions a").count() == 0
    assert page.console_errors == []


def test_filters_work_without_javascript(live_server, browser):
    load_demo(with_images=False)
    context = browser.new_context(
        java_script_enabled=False, locale="id-ID", viewport={"width": 390, "height": 844}
    )
    page = context.new_page()
    try:
        page.goto(live_server.url + "/kategori/baterai-charger/")
        page.locator("#filters-panel summary").click()
        page.select_option("select[name=urut]", "price_desc")
        page.check("#id_tersedia")
        page.get_by_role("button", name="Terapkan").click()
        page.wait_for_url(re.compile(r".*urut=price_desc.*tersedia=1|.*tersedia=1.*urut=price_desc"))
        prices = card_prices(page)
        assert prices and prices == sorted(prices, reverse=True)
        assert page.locator("#listing .product-card", has_text="Stok habis").count() == 0
        page.goto(live_server.url + "/cari/?q=kartu+memori")
        assert page.locator("#listing .product-card").count() >= 3
    finally:
        context.close()
