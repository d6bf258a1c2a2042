import datetime
import re

import pytest
from django.contrib.messages import constants
from django.contrib.messages.storage.base import Message
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import caches
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from pasarmurah.accounts.tests.factories import UserFactory
from pasarmurah.catalog.fragments import VERSION_KEY
from pasarmurah.catalog.models import Product, Promo
from pasarmurah.catalog.services import product_save, promo_changed, promo_delete, promo_save
from pasarmurah.catalog.tests.factories import ProductFactory, promo_soon
from pasarmurah.core.pagecache import PLACEHOLDER

pytestmark = pytest.mark.django_db
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


def _page(client, url="/katalog/"):
    response = client.get(url)
    assert response.status_code == 200
    body = response.content.decode()
    assert PLACEHOLDER not in body
    return response, body


def test_visitors_share_the_cached_page_but_each_gets_its_own_working_token():
    ProductFactory(name="Tripod Untuk Semua")
    first, second = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
    _, first_body = _page(first)
    response, second_body = _page(second)
    assert "Tripod Untuk Semua" in second_body
    first_token, second_token = TOKEN.search(first_body).group(1), TOKEN.search(second_body).group(1)
    assert first_token != second_token
    assert second.cookies["csrftoken"].value
    switched = second.post(
        reverse("set_language"), {"language": "en", "next": "/katalog/", "csrfmiddlewaretoken": second_token}
    )
    assert switched.status_code == 302  # the token in the cached page works for this visitor
    assert "Cookie" in response["Vary"]


def test_a_visitor_with_a_cart_or_a_member_gets_its_own_page():
    product = ProductFactory(stock=5)
    Client().get("/katalog/")  # fills the cache
    shopper = Client()
    shopper.post(reverse("checkout:cart_add", args=[product.pk]), {"quantity": 2})
    _, body = _page(shopper)
    assert 'id="cart-badge" class="badge' in body and ">2</span>" in body
    _, stranger_body = _page(Client())
    assert 'id="cart-badge" class="d-none"' in stranger_body
    member = Client()
    member.force_login(UserFactory(full_name="Rina Pribadi"))
    _, member_body = _page(member)
    assert "Rina Pribadi" in member_body and "Rina Pribadi" not in stranger_body


def test_a_catalog_change_shows_at_once(django_capture_on_commit_callbacks):
    product = ProductFactory(name="Nama Lama")
    _page(Client())
    product.name = "Nama Baru"
    with django_capture_on_commit_callbacks(execute=True):
        product_save(product=product)
    _, body = _page(Client())
    assert "Nama Baru" in body and "Nama Lama" not in body


def test_pages_are_cached_per_language():
    _page(Client())
    english = Client()
    english.post(reverse("set_language"), {"language": "en", "next": "/"})
    _, body = _page(english)
    assert '<html lang="en">' in body


def test_a_promo_saved_through_the_services_shows_at_once_on_cached_pages(django_capture_on_commit_callbacks):
    product = ProductFactory(name="Tripod Diskon", price=100_000)
    _, before = _page(Client(), product.get_absolute_url())
    assert "90.000" not in before
    now = timezone.now()
    promo = Promo(
        name="Diskon Kilat", slug="diskon-kilat", kind="percent", value=10, is_active=True,
        starts_at=now - datetime.timedelta(minutes=1), ends_at=now + datetime.timedelta(hours=1),
    )  # fmt: skip
    with django_capture_on_commit_callbacks(execute=True):
        promo_save(promo=promo)
        promo.products.set([product])
        promo_changed()
    _, body = _page(Client(), product.get_absolute_url())
    assert "90.000" in body
    with django_capture_on_commit_callbacks(execute=True):
        promo_delete(promo=promo)
    _, after = _page(Client(), product.get_absolute_url())
    assert "90.000" not in after


STARTED = re.compile(r'name="nl-started" value="[^"]+"')  # the newsletter form's signed time of render


def _headers(response) -> dict:
    """The headers a visitor gets, less what differs on every response (the request id, the token's value
    and the second its cookie expires at, the length: the page holds the time it was rendered)."""
    assert int(response["Content-Length"]) == len(response.content)
    changing = {"X-Request-ID", "Content-Length"}
    headers = {name: value for name, value in response.items() if name not in changing}
    cookies = {name: {**morsel, "value": "", "expires": ""} for name, morsel in response.cookies.items()}
    return headers | {"cookies": cookies}


def _without_tokens(response) -> str:
    body = response.content.decode()
    token = TOKEN.search(body)
    return STARTED.sub("", body.replace(token.group(1), "-") if token else body)


@pytest.mark.parametrize(
    "extra",
    [
        {},
        {"HTTP_HX_REQUEST": "true"},
        {"HTTP_COOKIE": "django_language=en"},
        {"HTTP_COOKIE": "csrftoken=" + "a" * 32},
    ],
    ids=["plain", "htmx", "english", "with a token cookie"],
)
def test_a_bare_visitors_early_copy_has_the_headers_the_whole_chain_gives(settings, extra):
    # given a bare visitor's page served from the copy VisitorPageMiddleware keeps
    ProductFactory(name="Tripod Untuk Semua")
    url = "/katalog/?urut=price_asc"
    Client().get(url, **extra)
    early = Client().get(url, **extra)
    assert not hasattr(early.wsgi_request, "user")  # nothing below the middleware ran
    # when the same page is served by the view's own copy, through the whole chain
    settings.MIDDLEWARE = [name for name in settings.MIDDLEWARE if not name.endswith("VisitorPageMiddleware")]
    Client().get(url, **extra)
    full = Client().get(url, **extra)
    assert hasattr(full.wsgi_request, "user")
    # then the visitor gets the same headers, cookies and page (its own token apart)
    assert _headers(early) == _headers(full)
    assert _without_tokens(early) == _without_tokens(full)


def test_a_catalog_change_from_another_process_shows_at_once_to_bare_visitors():
    product = ProductFactory(name="Nama Lama")
    _page(Client())
    _page(Client())  # from this process's copy
    Product.objects.filter(pk=product.pk).update(name="Nama Baru")
    caches["pages"].incr(VERSION_KEY)  # what catalog_changed() in another worker leaves in the shared cache
    _, body = _page(Client())
    assert "Nama Baru" in body and "Nama Lama" not in body


def test_a_bare_visitor_sees_a_promo_start_and_end_on_the_second(monkeypatch):
    now = timezone.now()
    product = ProductFactory(price=100_000)
    promo_soon(product, now)
    for offset, shown in (
        (0, "100.000"),
        (19.999, "100.000"),
        (20, "90.000"),
        (39.999, "90.000"),
        (40, "100.000"),
    ):
        at = now + datetime.timedelta(seconds=offset)
        monkeypatch.setattr(timezone, "now", lambda at=at: at)
        _, body = _page(Client(), product.get_absolute_url())
        price = re.search(r'<p class="fs-4 fw-bold[^"]*">Rp\xa0([\d.]+)</p>', body).group(1)
        assert price == shown, offset


def test_a_visitor_with_a_message_cookie_gets_the_message_on_a_page_bare_visitors_share(rf):
    _page(Client())
    _page(Client())
    visitor = Client()
    visitor.cookies["messages"] = CookieStorage(rf.get("/"))._encode(
        [Message(constants.INFO, "Pesan untuk Anda")]
    )
    _, body = _page(visitor)
    assert "Pesan untuk Anda" in body
    _, stranger = _page(Client())
    assert "Pesan untuk Anda" not in stranger
