import datetime
import threading

import pytest
from django.db import connection
from django.utils import timezone

from pasarmurah.accounts.services import member_delete
from pasarmurah.accounts.tests.factories import AddressFactory, UserFactory
from pasarmurah.catalog.tests.factories import CategoryFactory, ProductFactory
from pasarmurah.checkout.selectors import cart_summary
from pasarmurah.crm.tests.segment_helpers import order_for
from pasarmurah.orders.models import Order
from pasarmurah.orders.services import CheckoutError, order_cancel, order_place
from pasarmurah.promotions.models import Voucher, VoucherRedemption
from pasarmurah.promotions.selectors import member_export_promotions_data
from pasarmurah.promotions.services import DiscountError, voucher_offer
from pasarmurah.promotions.tests.factories import VoucherFactory
from pasarmurah.shipping.tests.factories import ShippingRateFactory


def _lines(*products):
    return cart_summary({p.pk: 1 for p in products}).lines


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"code": "LAIN"}, "tidak dikenal"),
        ({"starts_at": timezone.now() + datetime.timedelta(days=1)}, "berlaku mulai"),
        (
            {
                "ends_at": timezone.now() - datetime.timedelta(seconds=1),
                "starts_at": timezone.now() - datetime.timedelta(days=2),
            },
            "kedaluwarsa",
        ),
        ({"total_limit": 3, "used_count": 3}, "habis"),
        ({"min_purchase": 1_000_000}, "minimal"),
        ({"is_active": False}, "tidak dikenal"),
    ],
)
def test_every_reason_a_code_is_refused(changes, message):
    voucher = VoucherFactory(code="HEMAT")
    Voucher.objects.filter(pk=voucher.pk).update(**changes)
    with pytest.raises(DiscountError, match=message):
        voucher_offer(code="hemat", member=UserFactory(), lines=_lines(ProductFactory(price=200_000)))


@pytest.mark.django_db
def test_category_restriction_and_per_member_limit():
    tripods, bags = CategoryFactory(), CategoryFactory()
    voucher = VoucherFactory(
        code="TRIPOD", kind="percent", value=20, max_discount=30_000, categories=[tripods]
    )
    bag = ProductFactory(category=bags, price=100_000)
    tripod = ProductFactory(category=tripods, price=100_000)
    member = UserFactory()
    with pytest.raises(DiscountError, match="tidak berlaku untuk produk"):
        voucher_offer(code="TRIPOD", member=member, lines=_lines(bag))
    offer = voucher_offer(code="TRIPOD", member=member, lines=_lines(bag, tripod))
    assert offer.amount == 20_000  # 20% of the tripod only
    big = ProductFactory(category=tripods, price=1_000_000)
    assert voucher_offer(code="TRIPOD", member=member, lines=_lines(big)).amount == 30_000  # cap
    VoucherRedemption.objects.create(voucher=voucher, member=member, order=_order(member), amount=1)
    with pytest.raises(DiscountError, match="sudah memakai"):
        voucher_offer(code="TRIPOD", member=member, lines=_lines(tripod))


def _order(member, *, voucher_code="", key="v", price=200_000):
    address = AddressFactory(user=member)
    courier = ShippingRateFactory(province=address.province).courier
    product = ProductFactory(price=price, stock=10)
    return order_place(
        member=member,
        items={product.pk: 1},
        checkout_key=f"{key}-{member.pk}",
        address=address,
        courier_code=courier.code,
        voucher_code=voucher_code,
    )


@pytest.mark.django_db
def test_a_voucher_order_records_its_line_and_gives_the_use_back_when_cancelled():
    VoucherFactory(code="DISKON", kind="fixed", value=25_000, total_limit=1)
    member = UserFactory()
    order = _order(member, voucher_code="DISKON")
    assert order.discount_total == 25_000 and order.total == order.subtotal - 25_000 + order.shipping_cost
    assert Voucher.objects.get().used_count == 1
    with pytest.raises(CheckoutError, match="habis"):
        _order(UserFactory(), voucher_code="DISKON", key="second")
    order_cancel(order=order, by=member)
    assert Voucher.objects.get().used_count == 0
    assert _order(UserFactory(), voucher_code="DISKON", key="third").discount_total == 25_000


@pytest.mark.only_db("postgresql", "mysql")
@pytest.mark.django_db(transaction=True)
def test_usage_limit_holds_under_concurrency():
    VoucherFactory(code="KILAT", kind="fixed", value=10_000, total_limit=5)
    buyers = []
    for _ in range(12):
        member = UserFactory()
        address = AddressFactory(user=member)
        buyers.append((member, address))
    courier = ShippingRateFactory(province=buyers[0][1].province).courier
    product = ProductFactory(price=100_000, stock=100)
    results, barrier = [], threading.Barrier(12)

    def checkout(member, address):
        try:
            barrier.wait()
            results.append(
                order_place(
                    member=member,
                    items={product.pk: 1},
                    checkout_key=f"x{member.pk}",
                    address=address,
                    courier_code=courier.code,
                    voucher_code="KILAT",
                )
            )
        except Exception as error:  # noqa: BLE001 - recorded for the assertion
            results.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=checkout, args=pair) for pair in buyers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert all(isinstance(r, Order | CheckoutError) for r in results), results
    assert sum(isinstance(r, Order) for r in results) == 5
    assert Voucher.objects.get().used_count == 5 == VoucherRedemption.objects.count()


@pytest.mark.django_db
def test_a_personal_code_works_only_for_its_member():
    owner, other = UserFactory(), UserFactory()
    VoucherFactory(code="PRIBADI-1A2B3C", member=owner, kind="amount", value=10_000)
    lines = _lines(ProductFactory(price=200_000))
    for stranger in (other, None):  # another member, or a visitor's cart
        with pytest.raises(DiscountError, match="kode pribadi"):
            voucher_offer(code="pribadi-1a2b3c", member=stranger, lines=lines)
    assert voucher_offer(code="pribadi-1a2b3c", member=owner, lines=lines).amount == 10_000


@pytest.mark.django_db
def test_personal_codes_are_exported_and_the_unused_ones_erased_with_the_member():

    member = UserFactory()
    unused = VoucherFactory(code="MILIKKU-AAAAAA", member=member)
    used = VoucherFactory(code="MILIKKU-BBBBBB", member=member)
    VoucherFactory(code="UMUM")  # a shared code is nobody's
    VoucherRedemption.objects.create(
        voucher=used, member=member, order=order_for(member, total=50_000), amount=5_000
    )
    exported = member_export_promotions_data(user=member)["personal_vouchers"]
    assert [voucher["code"] for voucher in exported] == ["MILIKKU-AAAAAA", "MILIKKU-BBBBBB"]

    member_delete(user=member)

    assert not Voucher.objects.filter(pk=unused.pk).exists()
    assert Voucher.objects.filter(pk=used.pk, member=member).exists()  # its redemption is the books'
    assert Voucher.objects.filter(code="UMUM").exists()
