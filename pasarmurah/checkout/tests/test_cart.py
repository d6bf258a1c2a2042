import pytest
from django.contrib.sessions.backends.db import SessionStore

from pasarmurah.accounts.tests.factories import UserFactory
from pasarmurah.catalog.tests.factories import ProductFactory, PromoFactory
from pasarmurah.checkout.cart import MemberCart, SessionCart
from pasarmurah.checkout.selectors import cart_summary
from pasarmurah.checkout.services import (
    MAX_QUANTITY_PER_LINE,
    CartError,
    cart_add,
    cart_merge,
    cart_remove,
    cart_set_quantity,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(params=["session", "member"])
def cart(request):
    return SessionCart(SessionStore()) if request.param == "session" else MemberCart(UserFactory())


def test_add_change_and_remove(cart):
    product = ProductFactory(stock=5)
    assert cart_add(cart=cart, product_id=product.pk) == 1
    assert cart_add(cart=cart, product_id=product.pk, quantity=2) == 3
    assert cart_set_quantity(cart=cart, product_id=product.pk, quantity=5) == 5
    assert cart.items() == {product.pk: 5}
    cart_remove(cart=cart, product_id=product.pk)
    assert cart.items() == {}


@pytest.mark.parametrize("quantity", [0, -1, MAX_QUANTITY_PER_LINE + 1])
def test_quantities_outside_the_limits_are_refused(cart, quantity):
    product = ProductFactory(stock=500)
    with pytest.raises(CartError, match="1 sampai 99"):
        cart_add(cart=cart, product_id=product.pk, quantity=quantity)
    assert cart.items() == {}


def test_more_than_the_stock_is_refused_with_the_number_left(cart):
    product = ProductFactory(name="Baterai NP-FW50", stock=2)
    with pytest.raises(CartError, match="Stok Baterai NP-FW50 tinggal 2"):
        cart_add(cart=cart, product_id=product.pk, quantity=3)
    sold_out = ProductFactory(stock=0)
    with pytest.raises(CartError, match="habis"):
        cart_add(cart=cart, product_id=sold_out.pk)
    hidden = ProductFactory(is_active=False)
    with pytest.raises(CartError, match="tidak dijual"):
        cart_add(cart=cart, product_id=hidden.pk)


def test_summary_prices_from_the_database(django_assert_max_num_queries):
    tripod = ProductFactory(price=200_000, weight_grams=1500)
    cap = ProductFactory(price=20_000, weight_grams=80)
    PromoFactory(products=[tripod], value=10)
    with django_assert_max_num_queries(6):
        summary = cart_summary({tripod.pk: 2, cap.pk: 1})
        assert summary.subtotal == 2 * 180_000 + 20_000
    assert summary.savings == 40_000
    assert summary.weight_grams == 3080
    assert summary.item_count == 3


def test_visitor_cart_joins_member_cart_at_login():
    shared, own, scarce = ProductFactory(stock=10), ProductFactory(stock=10), ProductFactory(stock=3)
    session_cart = SessionCart(SessionStore())
    cart_add(cart=session_cart, product_id=shared.pk, quantity=2)
    cart_add(cart=session_cart, product_id=scarce.pk, quantity=3)
    member_cart = MemberCart(UserFactory())
    cart_add(cart=member_cart, product_id=shared.pk, quantity=1)
    cart_add(cart=member_cart, product_id=own.pk, quantity=1)
    cart_add(cart=member_cart, product_id=scarce.pk, quantity=2)
    cart_merge(session_cart=session_cart, member_cart=member_cart)
    assert member_cart.items() == {shared.pk: 3, own.pk: 1, scarce.pk: 3}
    assert session_cart.items() == {}


@pytest.mark.django_db(transaction=True)
def test_emptying_the_cart_after_an_order_and_its_new_key_are_one_write(monkeypatch):
    # given a member's cart with a line
    member = UserFactory()
    cart = MemberCart(member)
    product = ProductFactory(stock=5)
    cart.set(product.pk, 2)
    key = cart.checkout_key

    # when deleting its lines fails after the new key is written
    class Refused:
        class objects:  # noqa: N801 - stands for the model's manager
            @staticmethod
            def filter(**kwargs):
                raise RuntimeError("the database went away")

    monkeypatch.setattr("pasarmurah.checkout.cart.CartLine", Refused)
    with pytest.raises(RuntimeError):
        MemberCart(member).clear_after_order()
    monkeypatch.undo()
    # then the cart keeps its lines with its key (a resubmit still finds the order by it)
    assert MemberCart(member).items() == {product.pk: 2}
    assert MemberCart(member).checkout_key == key
    # and when it succeeds, both change together
    MemberCart(member).clear_after_order()
    assert MemberCart(member).items() == {}
    assert MemberCart(member).checkout_key != key
