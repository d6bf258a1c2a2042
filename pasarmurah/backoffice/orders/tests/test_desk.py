import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from pasarmurah.accounts.roles import CUSTOMER_SERVICE
from pasarmurah.accounts.tests.factories import StaffFactory
from pasarmurah.catalog.tests.factories import ProductFactory
from pasarmurah.core.tests.uploads import png_upload
from pasarmurah.orders.models import Order, OrderStatus, PaymentProof
from pasarmurah.orders.services import order_place

pytestmark = pytest.mark.django_db
S = OrderStatus


def test_desk_is_for_staff_only(client, order):
    assert client.get(reverse("backoffice:orders:desk")).status_code == 302
    client.force_login(order.member)
    assert client.get(reverse("backoffice:orders:desk")).status_code == 403
    assert client.post(reverse("backoffice:orders:process", args=[order.number])).status_code == 403


def test_desk_walks_an_order_to_shipped_with_the_actor_logged(cs_client, order):
    order.member.full_name = "Rina Marlina"
    order.member.save()
    cs_client.force_login(order.member)
    cs_client.post(
        reverse("orders:proof_upload", args=[order.number]),
        {"image": png_upload(), "sender_name": "Rina", "sender_bank": "BRI", "amount": order.total},
    )
    cs = StaffFactory()
    cs.groups.add(Group.objects.get(name=CUSTOMER_SERVICE))
    cs_client.force_login(cs)
    desk = cs_client.get(reverse("backoffice:orders:desk")).content.decode()
    assert order.number in desk
    assert (
        cs_client.get(reverse("backoffice:orders:desk") + "?cari=Rina").context["page"].object_list[0]
        == order
    )
    proof = PaymentProof.objects.get()
    page = cs_client.get(reverse("backoffice:orders:order", args=[order.number])).content.decode()
    assert reverse("backoffice:orders:proof_image", args=[order.number, proof.pk]) in page
    assert (
        cs_client.get(reverse("backoffice:orders:proof_image", args=[order.number, proof.pk])).status_code
        == 200
    )
    cs_client.post(reverse("backoffice:orders:verify", args=[order.number, proof.pk]))
    cs_client.post(reverse("backoffice:orders:process", args=[order.number]))
    response = cs_client.post(
        reverse("backoffice:orders:ship", args=[order.number]), {"tracking_number": ""}, follow=True
    )
    assert "resi" in response.content.decode()
    cs_client.post(reverse("backoffice:orders:ship", args=[order.number]), {"tracking_number": "JNE0001"})
    order.refresh_from_db()
    assert (order.status, order.tracking_number) == (S.SHIPPED, "JNE0001")
    assert list(order.events.filter(actor=cs).values_list("to_status", flat=True)) == [
        S.PAID,
        S.PROCESSING,
        S.SHIPPED,
    ]


def test_desk_refuses_a_wrong_transition_with_a_message(cs_client, order):
    response = cs_client.post(
        reverse("backoffice:orders:ship", args=[order.number]), {"tracking_number": "X"}, follow=True
    )
    assert "tidak bisa menjadi" in response.content.decode()
    assert Order.objects.get(pk=order.pk).status == S.AWAITING_PAYMENT


def test_desk_list_budget(cs_client, django_assert_max_num_queries, member, address, courier):
    products = ProductFactory.create_batch(6, stock=50)
    order_place(
        member=member,
        items={products[5].pk: 1},
        checkout_key="first",
        address=address,
        courier_code=courier.code,
    )
    cs_client.get(reverse("backoffice:orders:desk") + "?queue=unpaid")
    with django_assert_max_num_queries(10) as few:
        cs_client.get(reverse("backoffice:orders:desk") + "?queue=unpaid")
    for n in range(4):
        order_place(
            member=member,
            items={products[n].pk: 1},
            checkout_key=f"d{n}",
            address=address,
            courier_code=courier.code,
        )
    with django_assert_max_num_queries(len(few.captured_queries)):
        cs_client.get(reverse("backoffice:orders:desk") + "?queue=unpaid")


def _upload_proof(client, order, amount=None):
    client.force_login(order.member)
    client.post(
        reverse("orders:proof_upload", args=[order.number]),
        {"image": png_upload(), "sender_name": "Rina", "sender_bank": "BRI", "amount": amount or order.total},
    )
    return PaymentProof.objects.filter(order=order).order_by("-pk").first()


def test_every_proof_stays_on_the_desk_page_with_its_status(client, order):
    cs = StaffFactory(full_name="Sari CS")
    cs.groups.add(Group.objects.get(name=CUSTOMER_SERVICE))
    # given: a first proof rejected with a reason, a second one accepted
    rejected = _upload_proof(client, order, amount=1_000)
    client.force_login(cs)
    client.post(
        reverse("backoffice:orders:reject", args=[order.number, rejected.pk]), {"reason": "Nominal kurang"}
    )
    accepted = _upload_proof(client, order)
    client.force_login(cs)
    client.post(reverse("backoffice:orders:verify", args=[order.number, accepted.pk]))
    assert Order.objects.get(pk=order.pk).status == S.PAID
    # when
    body = client.get(reverse("backoffice:orders:order", args=[order.number])).content.decode()
    # then: both proofs, their images, statuses, reviewer and the rejection reason are still shown
    for proof in (rejected, accepted):
        assert f'id="proof-{proof.pk}"' in body
        assert reverse("backoffice:orders:proof_image", args=[order.number, proof.pk]) in body
    assert "Ditolak" in body and "Diterima" in body
    assert "Nominal kurang" in body and "Sari CS" in body
    assert 'id="verify-proof"' not in body  # nothing left to verify
    image = client.get(reverse("backoffice:orders:proof_image", args=[order.number, accepted.pk]))
    assert image.status_code == 200


def test_desk_search_has_its_own_parameter_and_leaves_the_storefront_search_alone(cs_client, order):
    order.member.full_name = "Rina Marlina"
    order.member.save()
    desk = reverse("backoffice:orders:desk")
    # an unpaid order is outside the default queue (proofs to verify): only the search finds it
    found = cs_client.get(desk, {"cari": "Rina"})
    assert list(found.context["page"].object_list) == [order]
    body = found.content.decode()
    assert body.count('value="Rina"') == 1 and 'name="cari"' in body and 'name="q"' not in body
    # the storefront's own search parameter does not search the desk
    assert list(cs_client.get(desk, {"q": "Rina"}).context["page"].object_list) == []


def test_phone_numbers_show_in_the_national_format_on_the_desk(cs_client, order):
    order.member.phone = "+6285712345678"
    order.member.save()
    Order.objects.filter(pk=order.pk).update(phone="+6281234567890")
    body = cs_client.get(reverse("backoffice:orders:order", args=[order.number])).content.decode()
    assert "0857-1234-5678" in body and "0812-3456-7890" in body
    assert "+6285712345678" not in body and "+6281234567890" not in body
