"""What every login does next: the steps of settings.AFTER_LOGIN_STEPS, whichever view logged in."""

import pytest
from django.conf import settings
from django.urls import reverse

from pasarmurah.accounts.tests.factories import StaffFactory, UserFactory
from pasarmurah.catalog.tests.factories import ProductFactory
from pasarmurah.checkout.cart import MemberCart
from pasarmurah.crm.models import WishlistItem

pytestmark = pytest.mark.django_db

PASSWORD = "RahasiaSekali#1"
CALLS = []


def record_login(*, request, user):
    """A step of this test's own, to see which logins run the list."""
    CALLS.append((request.path, user.pk))


@pytest.fixture
def recorded(settings):
    CALLS.clear()
    settings.AFTER_LOGIN_STEPS = [*settings.AFTER_LOGIN_STEPS, f"{__name__}.record_login"]
    yield CALLS
    CALLS.clear()


def test_the_shop_runs_a_cart_merge_and_a_wishlist_claim_after_login():
    assert settings.AFTER_LOGIN_STEPS == [
        "pasarmurah.checkout.services.cart_merge_at_login",
        "pasarmurah.crm.services.wishlist_claim_at_login",
    ]


def test_a_visitors_cart_and_wished_product_survive_the_login_view(client, recorded):
    # given a visitor with two products in its cart and a heart tapped before logging in
    member = UserFactory(password=PASSWORD)
    tripod, bag, wished = ProductFactory(stock=5), ProductFactory(stock=5), ProductFactory()
    MemberCart(member).set(bag.pk, 1)  # already in the member's stored cart
    client.post(reverse("checkout:cart_add", args=[tripod.pk]), {"quantity": 2})
    client.post(reverse("checkout:cart_add", args=[bag.pk]), {"quantity": 1})
    client.post(reverse("crm:wishlist_toggle", args=[wished.pk]))
    # when it logs in through the shop's login page
    response = client.post(
        reverse("accounts:login"), {"email": member.email, "password": PASSWORD}, follow=True
    )
    # then both steps ran: the carts joined and the heart is saved, with a message saying so
    assert recorded == [(reverse("accounts:login"), member.pk)]
    assert MemberCart(member).items() == {tripod.pk: 2, bag.pk: 2}
    assert "cart" not in client.session
    assert list(WishlistItem.objects.filter(user=member).values_list("product_id", flat=True)) == [wished.pk]
    assert f"Tersimpan di wishlist Anda: {wished.name}" in response.content.decode()


def test_staff_logging_in_run_the_same_steps_but_keep_no_cart(client, recorded):
    # the admin's own login page only sends staff to the shop's, so this is every staff login
    staff = StaffFactory(password=PASSWORD)
    product = ProductFactory(stock=5)
    client.post(reverse("checkout:cart_add", args=[product.pk]), {"quantity": 1})
    response = client.post(
        reverse("accounts:login"), {"email": staff.email, "password": PASSWORD, "next": "/admin/"}
    )
    assert response.status_code == 302
    assert recorded == [(reverse("accounts:login"), staff.pk)]
    assert MemberCart(staff).items() == {}  # staff do not shop: the merge step leaves them out
