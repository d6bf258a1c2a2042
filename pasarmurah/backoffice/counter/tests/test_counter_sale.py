"""The counter sale (kasir): through the views, with the ledger, the member's discounts, payment and roles."""

import pytest
from django.db import IntegrityError, transaction
from django.urls import reverse

from pasarmurah.accounts.tests.factories import AddressFactory, UserFactory
from pasarmurah.catalog.models import Product
from pasarmurah.catalog.tests.factories import ProductFactory
from pasarmurah.inventory.models import MovementReason, StockMovement
from pasarmurah.orders.models import CounterPayment, Order, OrderChannel, OrderEvent, OrderStatus
from pasarmurah.orders.services import CounterSaleError, counter_sale_cancel, counter_sale_place, order_place
from pasarmurah.promotions.models import BirthdayRedemption
from pasarmurah.promotions.tests.factories import VoucherFactory
from pasarmurah.shipping.tests.factories import ShippingRateFactory

pytestmark = pytest.mark.django_db
S = OrderStatus


def _sale_key(client) -> str:
    return client.session["counter_sale"]["sale_key"]


def _pay(client, **data):
    client.get(reverse("backoffice:counter:sale"))  # the page starts the basket and its sale key
    key = client.session.get("counter_sale", {}).get("sale_key") or ""
    return client.post(reverse("backoffice:counter:pay"), {"sale_key": key, **data})


def test_a_scanned_sku_is_added_and_a_cash_sale_is_paid_completed_with_its_stock_and_change(cs_client, cs):
    # given a product the scanner reads as its SKU
    tripod = ProductFactory(sku="TRP-001", name="Tripod Kamera", price=150_000, stock=4)
    # when the scanner types the SKU and Enter, twice, and the cashier takes Rp 400.000 in cash
    cs_client.post(reverse("backoffice:counter:scan"), {"cari": "trp-001"})
    cs_client.post(reverse("backoffice:counter:scan"), {"cari": "TRP-001"})
    page = cs_client.get(reverse("backoffice:counter:sale")).content.decode()
    assert "Tripod Kamera" in page and 'id="counter-total">Rp\xa0300.000' in page
    response = _pay(cs_client, method="cash", amount_received="400000")
    # then the sale is an order of the counter channel, paid and completed, with the change
    order = Order.objects.get()
    assert response.url == reverse("backoffice:counter:done", args=[order.number])
    assert (order.channel, order.status, order.member, order.total) == (
        OrderChannel.COUNTER,
        S.COMPLETED,
        None,
        300_000,
    )
    assert order.paid_at and order.closed_at
    payment = order.counter_payment
    assert (payment.method, payment.amount_received, payment.change_given) == ("cash", 400_000, 100_000)
    assert Product.objects.get(pk=tripod.pk).stock == 2
    move = StockMovement.objects.get(reason=MovementReason.COUNTER_SALE)
    assert (move.quantity, move.actor, move.ref_label) == (-2, cs, order.number)
    assert list(order.events.values_list("kind", "to_status", "actor")) == [
        (OrderEvent.Kind.PLACED, S.PAID, cs.pk),
        (OrderEvent.Kind.COMPLETED, S.COMPLETED, cs.pk),
    ]
    # and the basket is empty for the next customer, with a new sale key
    assert cs_client.session["counter_sale"]["items"] == {}
    receipt = cs_client.get(reverse("backoffice:counter:receipt", args=[order.number])).content.decode()
    assert "LUNAS" in receipt and 'id="receipt-change">Rp\xa0100.000' in receipt and "receipt-58" in receipt
    assert (
        "receipt-80"
        in cs_client.get(
            reverse("backoffice:counter:receipt", args=[order.number]) + "?lebar=80"
        ).content.decode()
    )


def test_a_partial_name_lists_products_to_pick_instead_of_adding_one(cs_client):
    ProductFactory(sku="BAT-1", name="Baterai LP-E6")
    ProductFactory(sku="BAT-2", name="Baterai NP-FW50")
    response = cs_client.post(reverse("backoffice:counter:scan"), {"cari": "baterai"})
    assert response.url == reverse("backoffice:counter:sale") + "?cari=baterai#results"  # no token in the URL
    page = cs_client.get(response.url).content.decode()
    assert "Baterai LP-E6" in page and "Baterai NP-FW50" in page
    assert cs_client.session["counter_sale"]["items"] == {} if "counter_sale" in cs_client.session else True


def test_a_birthday_member_found_by_phone_in_any_format_gets_the_discount_once_a_year(
    cs_client, birthday_member
):
    lens = ProductFactory(price=500_000, stock=5)
    cs_client.post(reverse("backoffice:counter:add"), {"product": lens.pk, "quantity": 1})
    cs_client.post(reverse("backoffice:counter:member"), {"member": "62 812-3456-7890"})
    page = cs_client.get(reverse("backoffice:counter:sale")).content.decode()
    assert "Rina Ulang Tahun" in page and 'id="counter-total">Rp\xa0450.000' in page
    _pay(cs_client, method="qris", reference="QR-778899")
    order = Order.objects.get()
    assert (order.member, order.discount_total, order.total) == (birthday_member, 50_000, 450_000)
    assert BirthdayRedemption.objects.get(member=birthday_member).order == order
    # the same year, a second sale (here online) finds the birthday discount used
    address = AddressFactory(user=birthday_member)
    courier = ShippingRateFactory(province=address.province).courier
    online = order_place(
        member=birthday_member,
        items={lens.pk: 1},
        checkout_key="o1",
        address=address,
        courier_code=courier.code,
    )
    assert online.discount_total == 0


def test_an_unknown_phone_number_is_told_and_the_sale_stays_without_member(cs_client):
    response = cs_client.post(reverse("backoffice:counter:member"), {"member": "0899-0000-0000"}, follow=True)
    assert "Tidak ada member" in response.content.decode()
    assert (
        cs_client.session["counter_sale"]["member_id"] is None
        if "counter_sale" in cs_client.session
        else True
    )


def test_a_members_voucher_applies_at_the_counter(cs_client, birthday_member):
    VoucherFactory(code="TOKO20", kind="fixed", value=20_000)
    product = ProductFactory(price=50_000, stock=5)  # below the birthday minimum: only the voucher
    cs_client.post(reverse("backoffice:counter:add"), {"product": product.pk, "quantity": 1})
    cs_client.post(reverse("backoffice:counter:member"), {"member": birthday_member.email.upper()})
    cs_client.post(reverse("backoffice:counter:voucher"), {"code": "TOKO20"})
    _pay(cs_client, method="card", reference="EDC-123")
    order = Order.objects.get()
    assert (order.discount_total, order.total) == (20_000, 30_000)
    assert order.counter_payment.reference == "EDC-123"


def test_a_double_submit_records_one_sale_and_takes_stock_once(cs_client):
    product = ProductFactory(price=10_000, stock=5)
    cs_client.post(reverse("backoffice:counter:add"), {"product": product.pk, "quantity": 2})
    cs_client.get(reverse("backoffice:counter:sale"))
    key = _sale_key(cs_client)
    first = cs_client.post(reverse("backoffice:counter:pay"), {"sale_key": key, "method": "transfer"})
    second = cs_client.post(reverse("backoffice:counter:pay"), {"sale_key": key, "method": "transfer"})
    assert first.url == second.url
    assert Order.objects.count() == 1
    assert Product.objects.get(pk=product.pk).stock == 3


BAD_PAYMENTS = {
    "too little cash": ({"method": "cash", "amount_received": "5000"}, "kurang dari total"),
    "no cash amount": ({"method": "cash"}, "kurang dari total"),
    "card without reference": ({"method": "card"}, "referensi"),
    "unknown method": ({"method": "cek"}, "cek"),
    "negative cash": ({"method": "cash", "amount_received": "-1"}, ""),
    "cash with decimals": ({"method": "cash", "amount_received": "10000.5"}, ""),
}


@pytest.mark.parametrize(("data", "words"), BAD_PAYMENTS.values(), ids=BAD_PAYMENTS.keys())
def test_bad_payments_are_refused_with_a_message_and_change_nothing(cs_client, data, words):
    product = ProductFactory(price=10_000, stock=5)
    cs_client.post(reverse("backoffice:counter:add"), {"product": product.pk, "quantity": 1})
    response = _pay(cs_client, **data)
    assert response.status_code == 302
    page = cs_client.get(reverse("backoffice:counter:sale")).content.decode()
    assert "alert" in page
    if words:
        assert words in page.lower()
    assert Order.objects.count() == 0 and CounterPayment.objects.count() == 0
    assert Product.objects.get(pk=product.pk).stock == 5
    assert not StockMovement.objects.filter(reason=MovementReason.COUNTER_SALE).exists()


@pytest.mark.parametrize("quantity", ["-1", "1.5", "abc", "1000"])
def test_bad_quantities_are_refused_with_a_message(cs_client, quantity):
    product = ProductFactory(price=10_000, stock=5)
    response = cs_client.post(
        reverse("backoffice:counter:add"), {"product": product.pk, "quantity": quantity}, follow=True
    )
    assert response.status_code == 200
    assert "alert" in response.content.decode()
    assert cs_client.session.get("counter_sale", {}).get("items", {}) == {}


def test_selling_more_than_the_stock_is_refused_and_nothing_is_written(cs_client):
    product = ProductFactory(name="Filter UV", price=10_000, stock=1)
    cs_client.post(reverse("backoffice:counter:add"), {"product": product.pk, "quantity": 2})
    _pay(cs_client, method="transfer")
    page = cs_client.get(reverse("backoffice:counter:sale")).content.decode()
    assert "Filter UV" in page and "tidak lagi cukup untuk 2" in page
    assert Order.objects.count() == 0 and Product.objects.get(pk=product.pk).stock == 1


def test_the_service_refuses_someone_without_the_counter_permission(owner):
    member = UserFactory()
    product = ProductFactory(stock=3)
    with pytest.raises(CounterSaleError):
        counter_sale_place(items={product.pk: 1}, sale_key="k", payment_method="transfer", by=member)
    assert Order.objects.count() == 0


def test_an_online_order_still_needs_a_member():
    order = Order.objects.create(
        channel=OrderChannel.COUNTER,
        status=S.COMPLETED,
        checkout_key="walk-in",
        recipient_name="",
        phone="",
        street="",
        city="Surakarta",
        province="jawa_tengah",
        postal_code="",
        courier_name="",
        weight_grams=1,
        subtotal=1,
        total=1,
        payment_deadline="2026-12-01T10:00:00+07:00",
    )
    assert order.member is None
    with pytest.raises(IntegrityError), transaction.atomic():
        Order.objects.filter(pk=order.pk).update(channel=OrderChannel.ONLINE)


# Roles: Customer Service sells; cancelling a counter sale is the Owner's.


@pytest.mark.parametrize("name", ["sale", "scan", "add", "update", "member", "voucher", "pay"])
def test_the_counter_is_for_counter_staff_only(client, name):
    url = reverse(f"backoffice:counter:{name}")
    assert client.get(url).status_code == 302
    client.force_login(UserFactory())
    assert client.get(url).status_code == 403
    assert client.post(url).status_code == 403


def _a_sale(cs, *, member=None, stock=3):
    product = ProductFactory(price=200_000, stock=stock)
    order = counter_sale_place(
        items={product.pk: 1}, sale_key=f"s{product.pk}", payment_method="transfer", member=member, by=cs
    )
    return order, product


def test_customer_service_cannot_cancel_a_counter_sale(cs_client, cs):
    order, product = _a_sale(cs)
    page = cs_client.get(reverse("backoffice:orders:order", args=[order.number])).content.decode()
    assert 'id="cancel-counter-sale"' not in page
    response = cs_client.post(reverse("backoffice:counter:cancel", args=[order.number]), {"reason": "salah"})
    assert response.status_code == 403
    with pytest.raises(Exception, match="pemilik"):
        counter_sale_cancel(order=order, by=cs, reason="salah")
    assert Order.objects.get(pk=order.pk).status == S.COMPLETED
    assert Product.objects.get(pk=product.pk).stock == 2


def test_the_owner_cancels_a_counter_sale_stock_back_discount_released_logged(
    client, cs, owner, birthday_member
):
    order, product = _a_sale(cs, member=birthday_member)
    assert BirthdayRedemption.objects.filter(order=order).exists()
    client.force_login(owner)
    page = client.get(reverse("backoffice:orders:order", args=[order.number])).content.decode()
    assert 'id="cancel-counter-sale"' in page
    # no reason: refused, nothing changes
    client.post(reverse("backoffice:counter:cancel", args=[order.number]), {"reason": " "})
    assert Order.objects.get(pk=order.pk).status == S.COMPLETED
    client.post(reverse("backoffice:counter:cancel", args=[order.number]), {"reason": "Barang dikembalikan"})
    order.refresh_from_db()
    assert order.status == S.CANCELLED
    assert Product.objects.get(pk=product.pk).stock == 3
    back = StockMovement.objects.get(reason=MovementReason.RETURN)
    assert (back.quantity, back.actor, back.ref_label) == (1, owner, order.number)
    assert not BirthdayRedemption.objects.filter(member=birthday_member).exists()
    event = order.events.last()
    assert (event.kind, event.actor, event.note) == (OrderEvent.Kind.CANCELLED, owner, "Barang dikembalikan")
    # a second cancel is refused
    client.post(reverse("backoffice:counter:cancel", args=[order.number]), {"reason": "lagi"})
    assert Product.objects.get(pk=product.pk).stock == 3


def test_the_nota_prints_a5_with_lunas_in_customer_and_shop_copies(cs_client, cs):
    order, _product = _a_sale(cs)
    page = cs_client.get(reverse("backoffice:counter:nota", args=[order.number])).content.decode()
    assert page.count('class="invoice-sheet"') == 2
    assert page.count("LUNAS</div>") == 2
    assert "Salinan pembeli" in page and "Salinan toko" in page and "invoice-a5" in page
    assert "Pembeli langsung" in page  # a walk-in


def test_an_online_order_has_no_counter_receipt(cs_client, cs):
    member = UserFactory()
    address = AddressFactory(user=member)
    courier = ShippingRateFactory(province=address.province).courier
    product = ProductFactory(stock=3)
    online = order_place(
        member=member, items={product.pk: 1}, checkout_key="x", address=address, courier_code=courier.code
    )
    for name in ["done", "receipt", "nota"]:
        assert cs_client.get(reverse(f"backoffice:counter:{name}", args=[online.number])).status_code == 404


def test_counter_sales_show_on_the_desk_with_a_badge_and_a_channel_filter(
    client, cs, django_assert_max_num_queries
):
    client.force_login(cs)
    member = UserFactory()
    address = AddressFactory(user=member)
    courier = ShippingRateFactory(province=address.province).courier
    product = ProductFactory(stock=50)
    online = order_place(
        member=member, items={product.pk: 1}, checkout_key="x", address=address, courier_code=courier.code
    )
    sales = [_a_sale(cs)[0] for _ in range(3)]
    url = reverse("backoffice:orders:desk") + "?kanal=counter"
    with django_assert_max_num_queries(10):
        page = client.get(url).content.decode()
    assert all(sale.number in page for sale in sales) and online.number not in page
    assert page.count("badge-counter") == 3
    for _ in range(5):
        _a_sale(cs)
    with django_assert_max_num_queries(10):
        client.get(url)
    online_page = client.get(
        reverse("backoffice:orders:desk") + "?kanal=online&queue=unpaid"
    ).content.decode()
    assert online.number in online_page and sales[0].number not in online_page


def test_the_counter_is_in_the_navigation_of_customer_service_and_owner_only(client, cs, owner):
    url = reverse("backoffice:counter:sale")
    for staff in (cs, owner):
        client.force_login(staff)
        assert url in client.get(reverse("backoffice:home")).content.decode()
    client.force_login(UserFactory(is_staff=True))
    assert client.get(url).status_code == 403


def test_the_member_sees_its_counter_sale_in_its_orders_without_a_delivery(client, cs, birthday_member):
    order, _product = _a_sale(cs, member=birthday_member)
    client.force_login(birthday_member)
    assert order.number in client.get(reverse("orders:list")).content.decode()
    page = client.get(reverse("orders:detail", args=[order.number])).content.decode()
    assert 'id="bought-at-the-shop"' in page and "Pengiriman" not in page
    invoice = client.get(reverse("orders:invoice", args=[order.number])).content.decode()
    assert "LUNAS" in invoice and "Dibeli di toko" in invoice


def test_a_member_gets_its_copy_of_the_receipt_by_mail_and_a_walk_in_sale_mails_nobody(cs, birthday_member):
    from pasarmurah.mail.models import OutboundEmail

    _a_sale(cs)
    assert not OutboundEmail.objects.filter(kind="order_counter_paid").exists()
    order, _product = _a_sale(cs, member=birthday_member)
    mail = OutboundEmail.objects.get(kind="order_counter_paid")
    assert (mail.to, mail.user) == (birthday_member.email, birthday_member)
    assert order.number in mail.subject and "LUNAS" in mail.subject
    assert "Rp\xa0" in mail.body_text and order.number in mail.body_text
    assert "Pengiriman:" not in mail.body_text and "Transfer bank" in mail.body_text
