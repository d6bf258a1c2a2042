"""The member's stored cart goes with its account erasure: checkout's own erasure step."""

import pytest
from django.conf import settings

from pasarmurah.accounts.services import member_delete
from pasarmurah.accounts.tests.factories import UserFactory
from pasarmurah.catalog.tests.factories import ProductFactory
from pasarmurah.checkout.cart import MemberCart
from pasarmurah.checkout.models import Cart, CartLine

pytestmark = pytest.mark.django_db


def test_erasing_a_member_deletes_its_cart_and_only_its_cart():
    member, other = UserFactory(), UserFactory()
    product = ProductFactory(stock=5)
    MemberCart(member).set(product.pk, 2)
    MemberCart(other).set(product.pk, 1)
    assert "pasarmurah.checkout.services.member_erase_cart" in settings.MEMBER_ERASURE_STEPS
    member_delete(user=member)
    assert not Cart.objects.filter(member=member).exists()
    assert list(CartLine.objects.values_list("cart__member", "quantity")) == [(other.pk, 1)]
