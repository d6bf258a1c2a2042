"""The checkout page: its form's errors, notes with line breaks, repeated and concurrent submits, the cart
badge, and what a visitor or a birthday member is told."""

import datetime
import threading

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from pasarmurah.accounts.tests.factories import AddressFactory, UserFactory
from pasarmurah.catalog.models import Product
from pasarmurah.catalog.tests.factories import ProductFactory
from pasarmurah.checkout.cart import MemberCart
from pasarmurah.checkout.forms import CheckoutForm
from pasarmurah.checkout.models import CartLine
from pasarmurah.core.forms import MultilineCharField
from pasarmurah.orders.models import Order
from pasarmurah.orders.services import order_cancel, order_place
from pasarmurah.shipping.tests.factories import ShippingRateFactory

pytestmark = pytest.mark.django_db
NBSP = "\u00a0"


@pytest.fixture
def shopper(client, member):
    """The member logged in with one product (Rp 100.000, 1 kg) in its cart."""
    product = ProductFactory(stock=5, price=100_000, weight_grams=900)
    client.force_login(member)
    client.post(reverse("checkout:cart_add", args=[product.pk]), {"quantity": 1})
    client.product = product
    return client


def _submit(member, address, courier, **extra):
    return {
        "address": address.pk,
        "courier": courier.code,
        "place": "1",
        "checkout_key": MemberCart(member).checkout_key,
        **extra,
    }


def test_multiline_fields_count_a_line_break_as_one_character():
    field = MultilineCharField(max_length=5)
    assert field.clean("a\r\nb\rc") == "a\nb\nc"
    assert field.clean("ab\r\ncd") == "ab\ncd"  # 6 characters as sent, 5 as typed


def test_a_500_character_note_with_browser_line_breaks_is_placed(shopper, member, address, courier):
    # given: 10 lines typed in the 500-character box; the browser sends each line break as CRLF (509 chars)
    typed = "\n".join(["x" * 50] * 9 + ["x" * 41])
    assert len(typed) == 500
    sent = typed.replace("\n", "\r\n")
    # when
    response = shopper.post(reverse("checkout:checkout"), _submit(member, address, courier, note=sent))
    # then
    order = Order.objects.get()
    assert response.status_code == 302 and response["Location"] == order.get_absolute_url()
    assert order.note == typed


def test_a_too_long_note_is_refused_with_a_message_and_no_order(shopper, member, address, courier):
    response = shopper.post(reverse("checkout:checkout"), _submit(member, address, courier, note="y" * 501))
    body = response.content.decode()
    assert response.status_code == 200
    assert Order.objects.count() == 0
    assert 'id="checkout-errors"' in body and "Pesanan Anda belum dibuat" in body
    assert "paling banyak 500 karakter" in body
    assert 'class="text-danger small mt-1 note-error"' in body
    assert MemberCart(member).items() == {shopper.product.pk: 1}


def test_errors_of_hidden_fields_are_shown(shopper, member, address, courier):
    data = _submit(member, address, courier)
    del data["checkout_key"]
    body = shopper.post(reverse("checkout:checkout"), data).content.decode()
    assert Order.objects.count() == 0
    assert "Halaman checkout ini sudah usang" in body


def test_a_missing_delivery_choice_is_named(shopper, member, address, courier):
    data = _submit(member, address, courier)
    del data["courier"]
    body = shopper.post(reverse("checkout:checkout"), data).content.decode()
    assert Order.objects.count() == 0
    assert "Pilih cara pengiriman." in body


def test_a_refusal_by_order_place_is_shown_as_a_form_error(shopper, member, address, courier):
    data = _submit(member, address, courier, voucher="TIDAKADA")
    body = shopper.post(reverse("checkout:checkout"), data).content.decode()
    assert Order.objects.count() == 0
    assert 'id="checkout-errors"' in body and "TIDAKADA" in body


def test_a_resubmit_while_the_first_submit_empties_the_cart_lands_on_the_order(
    shopper, member, address, courier
):
    """The moment between the first submit's commit and its new cart key: the cart is already empty."""
    data = _submit(member, address, courier)
    order = order_place(
        member=member,
        items=MemberCart(member).items(),
        checkout_key=data["checkout_key"],
        address=address,
        courier_code=courier.code,
    )
    CartLine.objects.filter(cart__member=member).delete()  # the key is still the one in the form
    response = shopper.post(reverse("checkout:checkout"), data)
    assert response.status_code == 302 and response["Location"] == order.get_absolute_url()


def test_a_resubmit_before_the_first_submit_empties_the_cart_lands_on_the_order(
    shopper, member, address, courier
):
    data = _submit(member, address, courier)
    order = order_place(
        member=member,
        items=MemberCart(member).items(),
        checkout_key=data["checkout_key"],
        address=address,
        courier_code=courier.code,
    )
    response = shopper.post(reverse("checkout:checkout"), data)
    assert response.status_code == 302 and response["Location"] == order.get_absolute_url()
    assert Order.objects.count() == 1
    assert Product.objects.get(pk=shopper.product.pk).stock == 4


def test_a_resubmit_after_the_cart_is_filled_again_lands_on_the_order(shopper, member, address, courier):
    data = _submit(member, address, courier)
    first = shopper.post(reverse("checkout:checkout"), data)
    shopper.post(reverse("checkout:cart_add", args=[shopper.product.pk]), {"quantity": 2})
    again = shopper.post(reverse("checkout:checkout"), data)
    assert again.status_code == 302 and again["Location"] == first["Location"]
    assert Order.objects.count() == 1
    assert MemberCart(member).items() == {shopper.product.pk: 2}


def test_another_members_checkout_key_is_not_followed(shopper, member, address, courier):
    other = UserFactory()
    other_address = AddressFactory(user=other, province=address.province)
    product = ProductFactory(stock=5)
    taken = order_place(
        member=other,
        items={product.pk: 1},
        checkout_key="kunci-orang-lain",
        address=other_address,
        courier_code=courier.code,
    )
    CartLine.objects.filter(cart__member=member).delete()
    data = _submit(member, address, courier, checkout_key="kunci-orang-lain")
    response = shopper.post(reverse("checkout:checkout"), data)
    assert response.status_code == 302 and response["Location"] == reverse("checkout:cart")
    assert response["Location"] != taken.get_absolute_url()


@pytest.mark.only_db("postgresql", "mysql")
@pytest.mark.django_db(transaction=True)
def test_twenty_concurrent_submits_of_one_checkout_all_land_on_its_order():
    member = UserFactory()
    address = AddressFactory(user=member)
    courier = ShippingRateFactory(province=address.province).courier
    product = ProductFactory(stock=50, price=100_000)
    MemberCart(member).set(product.pk, 2)
    data = _submit(member, address, courier)
    session = Client()
    session.force_login(member)
    cookie = session.cookies["sessionid"].value
    results, barrier = [], threading.Barrier(20)

    def submit():
        client = Client()
        client.cookies["sessionid"] = cookie
        try:
            barrier.wait()
            response = client.post(reverse("checkout:checkout"), data)
            results.append((response.status_code, response.get("Location")))
        except Exception as error:  # noqa: BLE001 - recorded, so the assertion shows it
            results.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=submit) for _ in range(20)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    order = Order.objects.get()
    assert results == [(302, order.get_absolute_url())] * 20
    assert Product.objects.get(pk=product.pk).stock == 48


def test_the_cart_page_has_one_badge_and_htmx_updates_it_out_of_band(shopper):
    page = shopper.get(reverse("checkout:cart")).content.decode()
    assert page.count('id="cart-badge"') == 1
    assert "hx-swap-oob" not in page
    update = shopper.post(
        reverse("checkout:cart_update", args=[shopper.product.pk]), {"quantity": 3}, HTTP_HX_REQUEST="true"
    ).content.decode()
    assert update.count('id="cart-badge" hx-swap-oob="true"') == 1


def test_amounts_keep_rp_and_the_number_together(shopper, courier):
    page = shopper.get(reverse("checkout:checkout")).content.decode()
    assert f"Rp{NBSP}110.000" in page and "Rp 1" not in page
    assert 'class="amount mb-0" id="checkout-total"' in page


def test_a_visitor_sent_to_log_in_at_checkout_is_told_why(client):
    response = client.get(reverse("checkout:checkout"), follow=True)
    assert response.redirect_chain[-1][0].startswith(reverse("accounts:login"))
    assert "Masuk dulu untuk melanjutkan pemesanan." in response.content.decode()


def _birthday_member():
    today = timezone.localdate()
    birth = datetime.date(1996, 2, 29) if (today.month, today.day) == (2, 29) else today.replace(year=1990)
    return UserFactory(birth_date=birth, date_joined=timezone.now() - datetime.timedelta(days=400))


def test_a_birthday_member_below_the_minimum_is_told_how_much_is_missing(client):
    member = _birthday_member()  # the programme's default: 10% from Rp 100.000
    AddressFactory(user=member)
    product = ProductFactory(price=80_000, stock=5)
    client.force_login(member)
    client.post(reverse("checkout:cart_add", args=[product.pk]), {"quantity": 1})
    expected = f"berlaku mulai belanja Rp{NBSP}100.000: tambah belanja Rp{NBSP}20.000 lagi"
    for page in (reverse("checkout:cart"), reverse("checkout:checkout")):
        body = client.get(page).content.decode()
        assert 'id="birthday-note"' in body and expected in body, page


def test_a_birthday_member_who_used_the_discount_is_told_on_which_order(client):
    member = _birthday_member()
    address = AddressFactory(user=member)
    courier = ShippingRateFactory(province=address.province).courier
    product = ProductFactory(price=200_000, stock=5)
    used = order_place(
        member=member, items={product.pk: 1}, checkout_key="ultah", address=address, courier_code=courier.code
    )
    assert used.discounts.get().kind == "birthday"
    client.force_login(member)
    client.post(reverse("checkout:cart_add", args=[product.pk]), {"quantity": 1})
    for page in (reverse("checkout:cart"), reverse("checkout:checkout")):
        body = client.get(page).content.decode()
        assert f"sudah dipakai pada pesanan {used.number}" in body, page
    order_cancel(order=used, by=member)  # a cancelled order gives the discount back: no note any more
    body = client.get(reverse("checkout:cart")).content.decode()
    assert 'id="birthday-note"' not in body and "Diskon ulang tahun 10%" in body


def test_members_outside_their_birthday_get_no_birthday_note(shopper):
    assert 'id="birthday-note"' not in shopper.get(reverse("checkout:cart")).content.decode()


def test_the_checkout_form_takes_only_the_members_addresses(member, address):
    other = AddressFactory()
    form = CheckoutForm({"address": other.pk, "courier": "jne", "checkout_key": "k"}, addresses=[address])
    assert not form.is_valid()
    assert form.errors["address"] == ["Pilih salah satu alamat Anda."]
