"""Browser journeys: register, confirm the e-mail, log in, wish two products, see them, log out."""

import re

import pytest
from django.core import mail

from pasarmurah.demo.demo import load_demo

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "JepretTerus#2026"


def register(page, base, *, email, next_url=""):
    page.goto(base + "/akun/daftar/" + (f"?next={next_url}" if next_url else ""))
    page.fill("#id_full_name", "Putri Ayu Lestari")
    page.fill("#id_email", email)
    page.fill("#id_phone", "0812-7777-8888")
    page.fill("#id_birth_date", "1998-08-17")
    page.fill("#id_password1", PASSWORD)
    page.fill("#id_password2", PASSWORD)
    assert not page.locator("#id_recipient_name").is_visible()  # the optional address opens on demand
    page.check("#id_add_address")
    assert page.locator("#id_recipient_name").is_visible()
    page.uncheck("#id_add_address")
    page.locator("#register-form button[type=submit]").click()
    page.wait_for_url(re.compile(r"/akun/daftar/cek-email/"))
    assert "Cek e-mail Anda" in page.content()


def verify_from_mail(page, base, email):
    message = next(m for m in reversed(mail.outbox) if m.to == [email])
    path = re.search(r"https?://[^/\s]+(/akun/verifikasi/\S+)", message.body).group(1)
    page.goto(base + path)
    page.wait_for_url(re.compile(r"/akun/masuk/"))
    assert "Alamat e-mail Anda sudah terkonfirmasi" in page.content()


def log_in(page, email):
    page.fill("#id_email", email)
    page.fill("#id_password", PASSWORD)
    page.locator("#login-form button[type=submit]").click()


def test_register_verify_log_in_wish_two_products_and_log_out(live_server, desktop_page):
    load_demo(with_images=False)
    page, base = desktop_page, live_server.url
    register(page, base, email="putri@contoh.test")
    verify_from_mail(page, base, "putri@contoh.test")
    log_in(page, "putri@contoh.test")
    page.wait_for_url(base + "/")
    # wish two different products from the cards on the home page
    ids = []
    for card in page.locator(".product-card").all():
        product_id = card.get_attribute("data-product-id")
        if product_id not in ids:
            ids.append(product_id)
        if len(ids) == 2:
            break
    for product_id in ids:
        heart = page.locator(f".product-card[data-product-id='{product_id}'] .wishlist-heart").first
        heart.click()
        page.locator(
            f".product-card[data-product-id='{product_id}'] .wishlist-heart[aria-pressed='true']"
        ).first.wait_for()
    page.goto(base + "/favorit/")
    items = page.locator(".wishlist-item")
    assert sorted(items.evaluate_all("els => els.map(e => e.dataset.productId)")) == sorted(ids)
    assert "Rp\u00a0" in items.first.inner_text()
    # log out from the account menu
    page.locator("#nav-account").click()
    page.locator("#nav-logout").click()
    page.wait_for_url(base + "/")
    assert page.get_by_role("link", name="Masuk").is_visible()
    assert page.console_errors == []


def test_registration_on_a_phone_and_a_wish_from_the_product_page(live_server, phone_page):
    load_demo(with_images=False)
    page, base = phone_page, live_server.url
    page.goto(base + "/")
    product_url = page.locator(".product-card a").first.get_attribute("href")
    # a visitor taps the heart on a product page and is asked to log in
    page.goto(base + product_url)
    page.locator(".wishlist-heart-lg .wishlist-heart").click()
    page.wait_for_url(re.compile(r"/akun/masuk/\?next="))
    page.get_by_role("link", name="Daftar jadi member").click()
    page.wait_for_url(re.compile(r"/akun/daftar/\?next="))
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    register(page, base, email="ayu.hp@contoh.test", next_url=product_url)
    verify_from_mail(page, base, "ayu.hp@contoh.test")
    log_in(page, "ayu.hp@contoh.test")
    page.wait_for_url(base + product_url)  # back on the product, with the item saved
    assert page.locator(".wishlist-heart-lg .wishlist-heart[aria-pressed='true']").is_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert page.console_errors == []
