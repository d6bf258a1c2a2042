"""A small shop with every kind of data a backup must carry: orders with lines and discounts, payment proofs,
tickets with photos, voucher redemptions, stock movements and product images (with thumbnails)."""

import io

from django.core.files.base import ContentFile
from PIL import Image

from pasarmurah.accounts.tests.factories import AddressFactory, StaffFactory, UserFactory
from pasarmurah.catalog.services import product_image_add
from pasarmurah.crm import services as crm
from pasarmurah.inventory.tests.factories import stocked_product
from pasarmurah.orders.services import order_place, payment_proof_reject, payment_proof_submit
from pasarmurah.orders.tests.factories import clean_image
from pasarmurah.promotions.tests.factories import VoucherFactory
from pasarmurah.shipping.tests.factories import ShippingRateFactory


def jpeg(colour=(200, 30, 30)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (64, 48), colour).save(buffer, format="JPEG")
    return buffer.getvalue()


def buyer():
    member = UserFactory()
    address = AddressFactory(user=member)
    courier = ShippingRateFactory(province=address.province).courier
    return member, address, courier


def shop_build(*, members: int = 3) -> dict:
    """Products with images and ledgers, members with orders, proofs, tickets and a voucher redemption."""
    products = [stocked_product(stock=5_000, price=50_000 + 10_000 * n) for n in range(3)]
    for n, product in enumerate(products):
        product_image_add(
            product=product,
            upload=ContentFile(jpeg((40 * n, 90, 160)), name=f"p{n}.jpg"),
            alt_text=product.name,
        )
    staff = StaffFactory()
    voucher = VoucherFactory(code="HEMAT10", per_member_limit=5)
    people = []
    for n in range(members):
        member, address, courier = buyer()
        first = order_place(
            member=member,
            items={products[0].pk: 2, products[1].pk: 1},
            checkout_key=f"shop-{n}-a",
            address=address,
            courier_code=courier.code,
            voucher_code=voucher.code,
        )
        order_place(
            member=member,
            items={products[2].pk: 1},
            checkout_key=f"shop-{n}-b",
            address=address,
            courier_code=courier.code,
        )
        proof = payment_proof_submit(
            order=first, member=member, image=clean_image(), sender_name="A", sender_bank="BCA", amount=1
        )
        payment_proof_reject(proof=proof, by=staff, reason="Buram")
        payment_proof_submit(
            order=first,
            member=member,
            image=clean_image(b"\xff\xd8second"),
            sender_name="A",
            sender_bank="BCA",
            amount=first.total,
        )
        ticket = crm.ticket_open(
            member=member, kind="complaint", subject="Rusak", message="Lihat foto", photo=clean_image()
        )
        crm.ticket_member_reply(ticket=ticket, member=member, message="Satu lagi", photo=clean_image())
        people.append((member, address, courier))
    return {"products": products, "people": people, "staff": staff}
