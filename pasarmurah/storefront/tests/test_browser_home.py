"""Browser journey: the home page on a phone shows the shop's products."""

import pytest

from pasarmurah.demo.demo import load_demo

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_home_shows_products_on_a_phone(live_server, phone_page):
    load_demo(with_images=True)
    phone_page.goto(live_server.url + "/")
    cards = phone_page.locator(".product-card")
    assert cards.count() >= 8
    first_card = cards.first
    assert first_card.is_visible()
    assert "Rp\u00a0" in first_card.inner_text()
    # the grid is two columns on a phone and nothing overflows sideways
    box = first_card.bounding_box()
    assert box["width"] < 390 / 2
    assert phone_page.evaluate("document.documentElement.scrollWidth") <= 390
    image = first_card.locator("img")
    assert (
        image.evaluate("img => img.complete && img.naturalWidth > 0")
        or image.get_attribute("loading") == "lazy"
    )
    # the menu opens, the WhatsApp link is in the footer, and no script was blocked by the CSP
    phone_page.get_by_label("Menu").click()
    assert phone_page.get_by_role("button", name="Kategori").is_visible()
    assert phone_page.locator("#footer-whatsapp").get_attribute("href").startswith("https://wa.me/62")
    assert phone_page.console_errors == []


def test_language_switch_in_the_browser(live_server, desktop_page):
    load_demo(with_images=False)
    desktop_page.goto(live_server.url + "/")
    assert desktop_page.get_by_role("link", name="Masuk").is_visible()
    desktop_page.locator("#language-form").get_by_role("button", name="EN").click()
    desktop_page.wait_for_load_state()
    assert desktop_page.get_by_role("link", name="Log in").is_visible()
    assert desktop_page.console_errors == []
