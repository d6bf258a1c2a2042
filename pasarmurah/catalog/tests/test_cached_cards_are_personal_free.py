"""Cached product grids are shared by every visitor: they must hold nothing of one person (no CSRF token, no
heart state), and their buttons must still work for whoever clicks them."""

import pytest
from django.test import Client
from django.urls import reverse

from pasarmurah.accounts.tests.factories import UserFactory
from pasarmurah.catalog.tests.factories import ProductFactory
from pasarmurah.checkout.cart import MemberCart
from pasarmurah.crm.models import WishlistItem

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("url", ["/", "/katalog/"])
def test_a_cached_grid_carries_no_tokens_or_hearts_of_the_first_viewer(url):
    product = ProductFactory(name="Tripod Bersama", is_featured=True, stock=5)
    alice, bob = UserFactory(), UserFactory()
    WishlistItem.objects.create(user=alice, product=product)
    first = Client(enforce_csrf_checks=True)
    first.force_login(alice)
    alice_page = first.get(url).content.decode()
    assert "Tripod Bersama" in alice_page
    assert f'data-wished-ids="[{product.pk}]"' in alice_page  # her hearts are marked by the page, per request
    second = Client(enforce_csrf_checks=True)
    second.force_login(bob)
    bob_page = second.get(url).content.decode()  # served from the cache Alice's visit filled
    grid = bob_page[bob_page.index("product-grid") : bob_page.index("<footer")]
    assert "csrfmiddlewaretoken" not in grid
    assert "is-wished" not in grid and 'aria-pressed="true"' not in grid
    assert 'data-wished-ids="[]"' in bob_page
    # Bob's clicks work with his own token (htmx sends it as a header from the uncached page)
    token = second.cookies["csrftoken"].value
    added = second.post(
        reverse("checkout:cart_add", args=[product.pk]),
        {"quantity": "1"},
        HTTP_HX_REQUEST="true",
        HTTP_X_CSRFTOKEN=token,
    )
    assert added.status_code == 200
    assert MemberCart(bob).items() == {product.pk: 1}
    hearted = second.post(
        reverse("crm:wishlist_toggle", args=[product.pk]),
        {"variant": "card"},
        HTTP_HX_REQUEST="true",
        HTTP_X_CSRFTOKEN=token,
    )
    assert hearted.status_code == 204
    assert "wishlist-changed" in hearted["HX-Trigger"]
    assert WishlistItem.objects.filter(user=bob, product=product).exists()
