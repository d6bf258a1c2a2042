"""Erasure (accounts.services.member_delete) leaves no private file of the member on disk: payment proofs and
ticket photos, also files no row names any more; other members' files stay, and a rolled-back erasure keeps
every file its rows still name."""

import pytest
from django.core.files.base import ContentFile
from django.db import transaction

from pasarmurah.accounts.services import member_delete
from pasarmurah.accounts.tests.factories import AddressFactory, StaffFactory, UserFactory
from pasarmurah.catalog.tests.factories import ProductFactory
from pasarmurah.core.private_files import private_storage
from pasarmurah.crm import services as crm
from pasarmurah.crm.models import Ticket
from pasarmurah.orders.models import PaymentProof
from pasarmurah.orders.services import PROOF_FOLDER, order_place, payment_proof_reject, payment_proof_submit
from pasarmurah.orders.tests.factories import clean_image
from pasarmurah.promotions.models import BirthdayGreeting, BirthdayRedemption
from pasarmurah.shipping.tests.factories import ShippingRateFactory


def files_of(settings) -> set[str]:
    root = settings.PRIVATE_MEDIA_ROOT
    return (
        {str(path.relative_to(root)) for path in root.rglob("*") if path.is_file()}
        if root.exists()
        else set()
    )


def member_with_files(key: str):
    """A member with two orders (three proofs, one rejected), a ticket with two photos, a leftover file."""
    member = UserFactory()
    address = AddressFactory(user=member)
    courier = ShippingRateFactory(province=address.province).courier
    orders = [
        order_place(
            member=member,
            items={ProductFactory(stock=3).pk: 1},
            checkout_key=f"{key}{n}",
            address=address,
            courier_code=courier.code,
        )
        for n in range(2)
    ]
    proof = payment_proof_submit(
        order=orders[0], member=member, image=clean_image(), sender_name="A", sender_bank="BCA", amount=1
    )
    payment_proof_reject(proof=proof, by=StaffFactory(), reason="Buram")
    for order in orders:
        payment_proof_submit(
            order=order, member=member, image=clean_image(), sender_name="A", sender_bank="BCA", amount=1
        )
    ticket = crm.ticket_open(
        member=member, kind="complaint", subject="Rusak", message="Lihat foto", photo=clean_image()
    )
    crm.ticket_member_reply(ticket=ticket, member=member, message="Satu lagi", photo=clean_image())
    # a file that no row names (from a crash, or from code before rollback-aware storage)
    private_storage(PROOF_FOLDER).save(f"{orders[1].pk}/left-behind.jpg", ContentFile(b"old"))
    return member


@pytest.mark.django_db(transaction=True)
def test_erasure_leaves_no_private_file_of_the_member(settings):
    # given
    stranger = member_with_files("s")
    stranger_files_before = files_of(settings)
    member = member_with_files("m")
    assert len(files_of(settings) - stranger_files_before) == 6  # 3 proofs, 2 photos, 1 leftover
    # when
    member_delete(user=member)
    # then only the other member's files are left, and the rows name no file
    assert files_of(settings) == stranger_files_before
    assert list(PaymentProof.objects.filter(order__member=member).values_list("image_name", flat=True)) == [
        "",
        "",
        "",
    ]
    assert not Ticket.objects.filter(member=member).exists()
    assert stranger.is_active


@pytest.mark.django_db(transaction=True)
def test_a_rolled_back_erasure_keeps_the_files(settings):
    member = member_with_files("m")
    before = files_of(settings)
    with pytest.raises(RuntimeError), transaction.atomic():
        member_delete(user=member)
        raise RuntimeError("the erasure failed later")
    assert files_of(settings) == before
    assert PaymentProof.objects.exclude(image_name="").count() == 3


@pytest.mark.django_db
def test_erasure_drops_birthday_greetings_and_keeps_redemptions_for_the_books():
    member = UserFactory()
    address = AddressFactory(user=member)
    courier = ShippingRateFactory(province=address.province).courier
    order = order_place(
        member=member,
        items={ProductFactory(stock=3).pk: 1},
        checkout_key="g",
        address=address,
        courier_code=courier.code,
    )
    payment_proof_submit(
        order=order, member=member, image=clean_image(), sender_name="A", sender_bank="BCA", amount=1
    )
    BirthdayGreeting.objects.create(member=member, year=2026, window_ends="2026-12-10")
    BirthdayRedemption.objects.create(member=member, year=2026, order=order, amount=10_000)
    member_delete(user=member)
    assert not BirthdayGreeting.objects.filter(member=member).exists()
    assert BirthdayRedemption.objects.filter(member=member, amount=10_000).exists()
