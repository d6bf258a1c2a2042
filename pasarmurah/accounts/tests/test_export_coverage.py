"""The member's data export covers every model that points at the member, or says why it leaves one out;
and it holds the member's tickets, messages and photos, testimonials, birthday and voucher redemptions,
proofs and cart, without internal staff notes, staff identities or secrets."""

import base64
import io
import json

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.urls import reverse
from PIL import Image

from pasarmurah.accounts.selectors import member_export_sections
from pasarmurah.accounts.tests.factories import AddressFactory, StaffFactory, UserFactory
from pasarmurah.catalog.tests.factories import ProductFactory
from pasarmurah.checkout.cart import MemberCart
from pasarmurah.core.images import clean_image
from pasarmurah.core.tests.uploads import png_upload
from pasarmurah.crm import services as crm
from pasarmurah.mail.outbox import email_queue
from pasarmurah.orders.services import order_place, payment_proof_submit
from pasarmurah.promotions.models import BirthdayGreeting, BirthdayRedemption, VoucherRedemption
from pasarmurah.promotions.tests.factories import VoucherFactory
from pasarmurah.shipping.tests.factories import ShippingRateFactory


def models_pointing_at_the_user() -> set[str]:
    """Every model (many-to-many tables included) with a foreign key or one-to-one field to the user model."""
    user_model = get_user_model()
    found = set()
    for model in apps.get_models(include_auto_created=True):
        for field in model._meta.get_fields():
            if (
                field.concrete
                and (field.many_to_one or field.one_to_one)
                and field.related_model is user_model
            ):
                found.add(model._meta.label)
    return found


def test_every_model_pointing_at_a_member_is_exported_or_excluded_with_a_reason():
    sections = member_export_sections()
    covered = set().union(*(section.export_covers for section in sections))
    excluded = {label: why for section in sections for label, why in section.export_excludes.items()}
    missing = models_pointing_at_the_user() - covered - set(excluded)
    assert not missing, (
        f"add these to a section of the member export, or exclude them with a reason: {missing}"
    )


def test_the_coverage_lists_name_real_models_and_give_reasons():
    labels = {model._meta.label for model in apps.get_models(include_auto_created=True)}
    for section in member_export_sections():
        assert section.export_covers <= labels, section.__qualname__
        assert set(section.export_excludes) <= labels, section.__qualname__
        assert set(section.export_withholds) <= section.export_covers, section.__qualname__
        assert not section.export_covers & set(section.export_excludes)
        for why in (*section.export_excludes.values(), *section.export_withholds.values()):
            assert len(why) > 20  # a reason, not a placeholder
    internal = {why for section in member_export_sections() for why in section.export_withholds.values()}
    assert any("is_internal" in why for why in internal)  # internal ticket notes are named as left out


def _photo_bytes(export_item: dict) -> Image.Image:
    return Image.open(io.BytesIO(base64.b64decode(export_item["base64"])))


@pytest.mark.django_db
def test_the_export_holds_tickets_photos_testimonials_redemptions_proofs_and_cart(
    client, django_capture_on_commit_callbacks
):
    # given a member with something in every domain
    member = UserFactory(full_name="Sri Rahayu")
    staff = StaffFactory(full_name="Petugas Rahasia")
    address = AddressFactory(user=member)
    courier = ShippingRateFactory(province=address.province).courier
    order = order_place(
        member=member,
        items={ProductFactory(stock=5, name="Tripod Takara").pk: 1},
        checkout_key="x",
        address=address,
        courier_code=courier.code,
    )
    payment_proof_submit(
        order=order,
        member=member,
        image=clean_image(png_upload("foto.png", (40, 30))),
        sender_name="Sri R",
        sender_bank="BRI",
        amount=order.total,
    )
    ticket = crm.ticket_open(
        member=member,
        kind="complaint",
        subject="Kaki tripod longgar",
        message="Kakinya goyang",
        order=order,
        photo=clean_image(png_upload("foto.png", (40, 30))),
    )
    crm.ticket_note(ticket=ticket, by=staff, message="CATATAN-INTERNAL: pelanggan sering komplain")
    crm.ticket_staff_reply(ticket=ticket, by=staff, message="Kami kirim pengganti")
    crm.testimonial_submit(member=member, text="Toko terpercaya")
    BirthdayRedemption.objects.create(member=member, year=2026, order=order, amount=15_000)
    BirthdayGreeting.objects.create(member=member, year=2026, window_ends="2026-12-10")
    VoucherRedemption.objects.create(
        voucher=VoucherFactory(code="HEMAT10"), member=member, order=order, amount=5_000
    )
    MemberCart(member).set(ProductFactory(name="Tas Eiger").pk, 2)
    with django_capture_on_commit_callbacks(execute=True):
        email_queue(
            to=member.email,
            user=member,
            kind="password_reset",
            subject="Atur ulang",
            body="RAHASIA-TOKEN https://x/akun/reset/abc",
        )
    client.force_login(member)
    # when
    response = client.get(reverse("accounts:data_export"))
    # then
    raw = response.content.decode()
    data = json.loads(raw)
    [exported_ticket] = data["tickets"]
    assert (exported_ticket["subject"], exported_ticket["order"]) == ("Kaki tripod longgar", order.number)
    assert [(m["from"], m["body"]) for m in exported_ticket["messages"]] == [
        ("you", "Kakinya goyang"),
        ("customer_service", "Kami kirim pengganti"),
    ]
    photo = exported_ticket["messages"][0]["photo"]
    assert photo["content_type"] == "image/png" and _photo_bytes(photo).size == (40, 30)
    assert exported_ticket["messages"][1]["photo"] is None
    assert [t["text"] for t in data["testimonials"]] == ["Toko terpercaya"]
    assert data["birthday_redemptions"] == [
        {"year": 2026, "order": order.number, "amount": 15_000, "at": data["birthday_redemptions"][0]["at"]}
    ]
    assert [g["year"] for g in data["birthday_greetings"]] == [2026]
    assert [(v["voucher"], v["amount"]) for v in data["voucher_redemptions"]] == [("HEMAT10", 5_000)]
    [proof] = data["orders"][0]["payment_proofs"]
    assert (proof["sender_name"], proof["amount"]) == ("Sri R", order.total)
    assert _photo_bytes(proof["image"]).size == (40, 30)
    assert [(c["product"], c["quantity"]) for c in data["cart"]] == [("Tas Eiger", 2)]
    # never internal notes, staff identities or secrets
    for secret in ("CATATAN-INTERNAL", "Petugas Rahasia", staff.email, "RAHASIA-TOKEN", member.password):
        assert secret not in raw
    assert "checkout_key" not in raw and "password" not in data["profile"]
