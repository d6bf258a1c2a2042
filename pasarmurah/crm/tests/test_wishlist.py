import datetime
import re

import pytest
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from pasarmurah.accounts.tests.factories import StaffFactory, UserFactory
from pasarmurah.catalog.models import Product
from pasarmurah.catalog.tests.factories import CategoryFactory, ProductFactory, PromoFactory
from pasarmurah.crm.models import WishlistItem, WishlistNotice
from pasarmurah.crm.services import (
    wishlist_add,
    wishlist_scan_promos,
    wishlist_scan_restocks,
    wishlist_toggle,
)
from pasarmurah.crm.tests.factories import WishlistItemFactory
from pasarmurah.mail.models import OutboundEmail

pytestmark = pytest.mark.django_db

HX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def member(client):
    user = UserFactory(full_name="Joko Widodo")
    client.force_login(user)
    return user


def toggle_url(product):
    return reverse("crm:wishlist_toggle", args=[product.pk])


def test_heart_toggles_with_htmx_and_returns_the_new_button(client, member):
    product = ProductFactory()
    response = client.post(toggle_url(product), {"next": "/"}, **HX)
    assert response.status_code == 200
    body = response.content.decode()
    assert 'aria-pressed="true"' in body
    assert "bi-heart-fill" in body
    assert body.count("<form") == 1
    assert WishlistItem.objects.filter(user=member, product=product).exists()
    response = client.post(toggle_url(product), {"next": "/"}, **HX)
    assert 'aria-pressed="false"' in response.content.decode()
    assert not WishlistItem.objects.exists()


def test_heart_without_javascript_posts_and_goes_back(client, member):
    product = ProductFactory()
    response = client.post(toggle_url(product), {"next": "/kategori/tripod/?page=2"})
    assert response.status_code == 302
    assert response["Location"] == "/kategori/tripod/?page=2"
    assert WishlistItem.objects.count() == 1
    response = client.post(toggle_url(product), {"next": "https://evil.example/"})
    assert response["Location"] == product.get_absolute_url()
    assert WishlistItem.objects.count() == 0


def test_a_visitor_tapping_the_heart_is_asked_to_log_in_and_comes_back_with_it_saved(client):
    product = ProductFactory()
    response = client.post(toggle_url(product), {"next": product.get_absolute_url()}, **HX)
    login_url = f"/akun/masuk/?next=%2Fproduk%2F{product.slug}%2F"
    assert response["HX-Redirect"] == login_url
    assert WishlistItem.objects.count() == 0
    user = UserFactory()
    response = client.post(
        "/akun/masuk/",
        {"email": user.email, "password": "RahasiaSekali#1", "next": product.get_absolute_url()},
    )
    assert response["Location"] == product.get_absolute_url()
    assert WishlistItem.objects.get().user == user
    page = client.get(product.get_absolute_url())
    assert 'aria-pressed="true"' in page.content.decode()


def test_heart_needs_post_and_csrf(member):
    product = ProductFactory()
    client = Client(enforce_csrf_checks=True)
    client.force_login(member)
    assert client.get(toggle_url(product)).status_code == 405
    assert client.post(toggle_url(product), **HX).status_code == 403
    assert WishlistItem.objects.count() == 0


def test_inactive_or_unknown_products_cannot_be_wished(client, member):
    hidden = ProductFactory(is_active=False)
    assert client.post(toggle_url(hidden)).status_code == 404
    assert client.post(reverse("crm:wishlist_toggle", args=[999999])).status_code == 404


def test_a_member_only_sees_and_changes_its_own_wishlist(client, member):
    # given: another member wishes a product
    other = UserFactory()
    theirs = ProductFactory(name="Filter ND Milik Orang")
    wishlist_add(user=other, product=theirs)
    # then: it is not on my page, and my toggle only adds to my list
    assert "Filter ND Milik Orang" not in client.get(reverse("crm:wishlist")).content.decode()
    client.post(toggle_url(theirs))
    assert WishlistItem.objects.filter(user=other, product=theirs).exists()
    assert WishlistItem.objects.filter(user=member, product=theirs).exists()
    client.post(toggle_url(theirs))
    assert WishlistItem.objects.filter(user=other, product=theirs).exists()
    # extra fields name nobody else
    client.post(toggle_url(theirs), {"user": other.pk, "user_id": other.pk})
    assert WishlistItem.objects.filter(user=other).count() == 1


def test_wishlist_page_shows_current_price_promo_and_stock(client, member):
    on_promo = ProductFactory(name="Tripod Promo", price=300_000, stock=3)
    sold_out = ProductFactory(name="Baterai Habis", price=150_000, stock=0)
    PromoFactory(name="Diskon Akhir Pekan", value=10, products=[on_promo])
    wishlist_add(user=member, product=on_promo)
    wishlist_add(user=member, product=sold_out)
    body = client.get(reverse("crm:wishlist")).content.decode()
    assert "Rp\u00a0270.000" in body and "Rp\u00a0300.000" in body and "Diskon Akhir Pekan" in body
    assert "Rp\u00a0150.000" in body and "Stok habis" in body
    assert body.index("Baterai Habis") < body.index("Tripod Promo")  # newest first


def test_wishlist_page_query_count_does_not_grow(client, member, django_assert_max_num_queries):
    for _ in range(2):
        wishlist_add(user=member, product=ProductFactory())
    client.get(reverse("crm:wishlist"))
    with django_assert_max_num_queries(12) as small:
        client.get(reverse("crm:wishlist"))
    budget = len(small.captured_queries)  # now: the next request starts a new query log
    for _ in range(20):
        wishlist_add(user=member, product=ProductFactory(category=CategoryFactory()))
    client.get(reverse("crm:wishlist"))  # the adds renewed the member's cached values (header, hearts)
    with django_assert_max_num_queries(budget):
        client.get(reverse("crm:wishlist"))


def test_listing_hearts_come_from_one_query(client, member, django_assert_num_queries):
    products = [ProductFactory(is_featured=True) for _ in range(3)]
    client.get("/")  # the page's shell
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    wishlist_add(user=member, product=products[0])
    with CaptureQueriesContext(connection) as few:  # the first page after a change reads the wished ids
        body = client.get("/").content.decode()
    # cards are cached for everyone; the page tells shop.js which hearts to fill
    assert f'data-wished-ids="[{products[0].pk}]"' in body
    for _ in range(20):
        wishlist_add(user=member, product=ProductFactory(is_featured=True))
    with CaptureQueriesContext(connection) as many:
        body = client.get("/").content.decode()
    assert len(many.captured_queries) == len(few.captured_queries)
    assert sum("crm_wishlistitem" in q["sql"] for q in many.captured_queries) == 1
    wished = re.search(r'data-wished-ids="\[([^"]*)\]"', body).group(1)
    assert len(wished.split(",")) == 21
    with CaptureQueriesContext(connection) as later:  # then from the member's cached values
        client.get("/")
    assert sum("crm_wishlistitem" in q["sql"] for q in later.captured_queries) == 0


def test_staff_see_no_hearts(client):
    product = ProductFactory(is_featured=True)
    client.force_login(StaffFactory())
    home = client.get("/").content.decode()
    assert "is-staff" in home[home.index("<body") : home.index(">", home.index("<body"))]  # hides card hearts
    assert "wishlist-heart" not in client.get(product.get_absolute_url()).content.decode()


def test_toggle_service_is_idempotent_under_double_add():
    user, product = UserFactory(), ProductFactory()
    wishlist_add(user=user, product=product)
    wishlist_add(user=user, product=product)
    assert WishlistItem.objects.count() == 1
    assert wishlist_toggle(user=user, product=product) is False
    assert wishlist_toggle(user=user, product=product) is True


# --- Notices: back in stock and promo, each once -------------------------------------------------------


def test_back_in_stock_is_mailed_once(committed):
    # given: a member wishes a sold-out product
    product = ProductFactory(name="Lensa Fix 50mm", stock=0)
    item = WishlistItemFactory(product=product, user=UserFactory(full_name="Wati"))
    assert item.out_of_stock_since is None  # made by the factory, not by the service
    with committed():
        assert wishlist_scan_restocks() == 0  # the scan sees it out of stock
    # when: it comes back and the scan runs twice
    Product.objects.filter(pk=product.pk).update(stock=5)
    with committed():
        assert wishlist_scan_restocks() == 1
        assert wishlist_scan_restocks() == 0
    # then
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.subject == "Tersedia lagi: Lensa Fix 50mm"
    assert message.to == [item.user.email]
    assert "/akun/berhenti/" in message.extra_headers["List-Unsubscribe"]
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    # a second sell-out and restock is a new event: one more mail
    Product.objects.filter(pk=product.pk).update(stock=0)
    with committed():
        wishlist_scan_restocks()
    Product.objects.filter(pk=product.pk).update(stock=2)
    with committed():
        assert wishlist_scan_restocks() == 1
    assert len(mail.outbox) == 2
    assert WishlistNotice.objects.filter(kind="restock").count() == 2


def test_restock_is_not_mailed_to_members_who_opted_out(committed):
    item = WishlistItemFactory(product=ProductFactory(stock=0), user=UserFactory(wishlist_alerts=False))
    wishlist_scan_restocks()
    Product.objects.filter(pk=item.product_id).update(stock=1)
    with committed():
        assert wishlist_scan_restocks() == 0
    assert mail.outbox == []


def test_a_new_promo_on_a_wished_product_is_mailed_once(committed):
    product = ProductFactory(name="Tas Kamera", price=200_000)
    item = WishlistItemFactory(product=product, created_at=timezone.now() - datetime.timedelta(days=3))
    promo = PromoFactory(name="Harbolnas", value=25, products=[product])
    with committed():
        assert wishlist_scan_promos() == 1
        assert wishlist_scan_promos() == 0
    assert len(mail.outbox) == 1
    assert mail.outbox[0].subject == "Sedang promo: Tas Kamera"
    assert "Rp\u00a0150.000" in mail.outbox[0].body and "Rp\u00a0200.000" in mail.outbox[0].body
    assert WishlistNotice.objects.get().event_key == str(promo.pk)
    assert OutboundEmail.objects.get().dedupe_key == f"wishlist:{item.pk}:promo:{promo.pk}"


def test_a_category_promo_counts_and_a_promo_older_than_the_wish_does_not(committed):
    category = CategoryFactory()
    product = ProductFactory(category=category)
    PromoFactory(categories=[category])  # started yesterday
    WishlistItemFactory(product=product)  # wished now: the member saw the promo already
    with committed():
        assert wishlist_scan_promos() == 0
    old_wish = WishlistItemFactory(
        product=ProductFactory(category=category), created_at=timezone.now() - datetime.timedelta(days=5)
    )
    with committed():
        assert wishlist_scan_promos() == 1
    assert mail.outbox[0].to == [old_wish.user.email]
