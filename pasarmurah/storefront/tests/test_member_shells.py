"""Members get the storefront pages from a shared shell (core.pagecache): one member's render is served to
another, and the second member sees only their own name, cart, hearts, banner, messages and token."""

import datetime
import re

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from pasarmurah.accounts.tests.factories import StaffFactory, UserFactory
from pasarmurah.catalog.tests.factories import CategoryFactory, ProductFactory, promo_soon
from pasarmurah.checkout.cart import MemberCart
from pasarmurah.core import pagecache
from pasarmurah.core.pagecache import PLACEHOLDER
from pasarmurah.crm.models import WishlistItem

pytestmark = pytest.mark.django_db
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
OLD = timezone.now() - datetime.timedelta(days=400)


def _birthday_member(**fields):
    today = timezone.localdate()
    birth = datetime.date(1996, 2, 29) if (today.month, today.day) == (2, 29) else today.replace(year=1990)
    return UserFactory(birth_date=birth, date_joined=OLD, **fields)


def _get(client, url):
    response = client.get(url)
    assert response.status_code == 200
    body = response.content.decode()
    assert PLACEHOLDER not in body and "PM-SLOT-" not in body
    return response, body


@pytest.fixture
def shop():
    category = CategoryFactory(slug="tripod", name="Tripod")
    product = ProductFactory(name="Tripod Bersama", category=category, stock=8, is_featured=True)
    return {"product": product, "category": category}


URLS = {
    "home": lambda shop: "/",
    "catalog": lambda shop: "/katalog/",
    "category": lambda shop: "/kategori/tripod/",
    "search": lambda shop: "/cari/?q=tripod",
    "product": lambda shop: shop["product"].get_absolute_url(),
}


@pytest.mark.parametrize("page", URLS)
def test_one_members_render_is_served_to_another_with_nothing_of_the_first(shop, page, monkeypatch):
    shells = []  # every shell rendered (not served from the cache)
    split = pagecache._split
    monkeypatch.setattr(pagecache, "_split", lambda *args: shells.append(1) or split(*args))
    url = URLS[page](shop)
    product = shop["product"]
    ani = _birthday_member(full_name="Ani Istimewa", email="ani.istimewa@contoh.test")
    WishlistItem.objects.create(user=ani, product=product)
    first = Client(enforce_csrf_checks=True)
    first.force_login(ani)
    first.get(reverse("checkout:cart"))  # sets the CSRF cookie, for the form post below
    token = first.cookies["csrftoken"].value
    first.post(
        reverse("checkout:cart_add", args=[product.pk]),
        {"quantity": "2", "csrfmiddlewaretoken": token},
    )  # leaves "Added to your cart." pending
    shells.clear()  # the cart page's layout
    _, ani_page = _get(first, url)
    assert "Ani Istimewa" in ani_page
    assert 'id="cart-badge" class="badge' in ani_page and ">2</span>" in ani_page
    assert 'id="birthday-banner"' in ani_page
    assert "Ditambahkan ke keranjang" in ani_page or "Added to your cart" in ani_page
    assert f'data-wished-ids="[{product.pk}]"' in ani_page
    if page == "product":
        assert "is-wished" in ani_page
    assert len(shells) == 1

    budi = UserFactory(full_name="Budi Biasa", email="budi.biasa@contoh.test", birth_date=None)
    second = Client(enforce_csrf_checks=True)
    second.force_login(budi)
    _, budi_page = _get(second, url)
    assert len(shells) == 1  # served from the shell Ani's visit left
    assert "Budi Biasa" in budi_page
    assert "Ani Istimewa" not in budi_page and "ani.istimewa" not in budi_page
    assert 'id="cart-badge" class="d-none"' in budi_page
    assert 'id="birthday-banner"' not in budi_page
    assert "Added to your cart" not in budi_page and "Ditambahkan ke keranjang" not in budi_page
    assert 'data-wished-ids="[]"' in budi_page
    assert "is-wished" not in budi_page and 'aria-pressed="true"' not in budi_page
    # Budi's own token, which works for his own post
    form_tokens = set(TOKEN.findall(budi_page))
    assert form_tokens and not form_tokens & set(TOKEN.findall(ani_page))
    added = second.post(
        reverse("checkout:cart_add", args=[product.pk]),
        {"quantity": "1", "csrfmiddlewaretoken": form_tokens.pop()},
    )
    assert added.status_code == 302
    assert MemberCart(budi).items() == {product.pk: 1}
    # the message Ani saw is shown once: gone from her next page
    _, ani_again = _get(first, url)
    assert "Added to your cart" not in ani_again and "Ditambahkan ke keranjang" not in ani_again


def test_members_see_a_promo_start_and_end_on_the_second(shop, monkeypatch):
    now = timezone.now()
    product = shop["product"]
    product.price = 100_000
    product.save()
    promo_soon(product, now)
    client = Client()
    client.force_login(UserFactory())
    url = product.get_absolute_url()
    for offset, shown, on_promo in ((0, "100.000", False), (25, "90.000", True), (45, "100.000", False)):
        at = now + datetime.timedelta(seconds=offset)
        monkeypatch.setattr(timezone, "now", lambda at=at: at)
        _, body = _get(client, url)
        price = re.search(r'<p class="fs-4 fw-bold[^"]*">Rp\xa0([\d.]+)</p>', body).group(1)
        assert price == shown, offset
        assert ('id="promo-ends"' in body) is on_promo


def test_members_shells_are_kept_per_language(shop):
    indonesian, english = Client(), Client()
    indonesian.force_login(UserFactory())
    english.force_login(UserFactory())
    english.post(reverse("set_language"), {"language": "en", "next": "/"})
    _, id_page = _get(indonesian, "/katalog/")
    _, en_page = _get(english, "/katalog/")
    assert '<html lang="id">' in id_page and '<html lang="en">' in en_page
    assert "Log out" in en_page and "Keluar" in id_page


def test_staff_get_their_own_page_with_the_staff_menu(shop):
    member = Client()
    member.force_login(UserFactory())
    _get(member, "/katalog/")
    staff = Client()
    staff.force_login(StaffFactory(is_superuser=True))
    _, body = _get(staff, "/katalog/")
    assert "is-staff" in body and 'id="nav-staff-admin"' in body
    _, member_body = _get(member, "/katalog/")
    assert "is-staff" not in member_body and "nav-staff" not in member_body


def test_the_slots_kept_in_memory_follow_the_members_name_cart_and_wishes(shop):
    # given a member who saw a product page (its header and heart are kept in this process's memory)
    product = shop["product"]
    ani = UserFactory(full_name="Ani Pertama", email="ani.pertama@contoh.test", birth_date=None)
    client = Client()
    client.force_login(ani)
    url = product.get_absolute_url()
    _, before = _get(client, url)
    assert "Ani Pertama" in before and 'id="cart-badge" class="d-none"' in before
    assert "is-wished" not in before
    assert len(pagecache.slot_memos._entries) >= 2
    # when she changes her name, adds the product to her cart and to her wishlist
    ani.full_name = "Ani Kedua"
    ani.save()
    client.post(reverse("checkout:cart_add", args=[product.pk]), {"quantity": "1"})
    client.post(reverse("crm:wishlist_toggle", args=[product.pk]), {"next": url})
    # then her next page shows all three at once
    _, after = _get(client, url)
    assert "Ani Kedua" in after and "Ani Pertama" not in after
    assert 'id="cart-badge" class="badge' in after and ">1</span>" in after
    assert "is-wished" in after
    # and another member in the state she was in gets his own header and an empty heart
    budi = UserFactory(full_name="Budi Kedua", email="budi.kedua@contoh.test", birth_date=None)
    other = Client()
    other.force_login(budi)
    _, his = _get(other, url)
    assert "Budi Kedua" in his and "Ani" not in his and "is-wished" not in his
    assert 'id="cart-badge" class="d-none"' in his
