import time

import pytest
from django.contrib.auth.models import Group
from django.core import signing
from django.test import Client
from django.urls import reverse

from pasarmurah.accounts.roles import CUSTOMER_SERVICE
from pasarmurah.accounts.tests.factories import AddressFactory, StaffFactory, UserFactory
from pasarmurah.catalog.tests.factories import ProductFactory
from pasarmurah.core.antispam import SALT
from pasarmurah.core.tests.uploads import png_upload
from pasarmurah.crm import services
from pasarmurah.crm.models import Ticket, TicketMessage, TicketStatus
from pasarmurah.mail.models import OutboundEmail
from pasarmurah.orders.services import order_place
from pasarmurah.shipping.tests.factories import ShippingRateFactory

pytestmark = pytest.mark.django_db
XSS = '<script>alert("x")</script><img src=x onerror=alert(1)>'


def _order(member):
    address = AddressFactory(user=member)
    courier = ShippingRateFactory(province=address.province).courier
    return order_place(
        member=member,
        items={ProductFactory(stock=3).pk: 1},
        checkout_key=f"t{member.pk}",
        address=address,
        courier_code=courier.code,
    )


@pytest.fixture
def cs():
    staff = StaffFactory()
    staff.groups.add(Group.objects.get(name=CUSTOMER_SERVICE))
    return staff


def test_member_files_a_complaint_about_its_order_with_a_photo(client, settings):
    member = UserFactory()
    order = _order(member)
    client.force_login(member)
    response = client.post(
        reverse("care:ticket_create"),
        {
            "kind": "complaint",
            "subject": "Lensa tergores",
            "message": "Barang datang tergores.",
            "order": order.pk,
            "photo": png_upload("foto.png"),
        },
    )
    ticket = Ticket.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("care:ticket", args=[ticket.pk])
    assert (ticket.member, ticket.order, ticket.status) == (member, order, TicketStatus.OPEN)
    message = ticket.messages.get()
    assert (settings.PRIVATE_MEDIA_ROOT / "ticket-photos" / message.photo_name).exists()
    photo = client.get(reverse("care:ticket_photo", args=[ticket.pk, message.pk]))
    assert photo.status_code == 200 and photo["X-Content-Type-Options"] == "nosniff"


def test_another_members_order_cannot_be_attached_and_tickets_are_private(client):
    owner, stranger = UserFactory(), UserFactory()
    foreign_order = _order(owner)
    client.force_login(stranger)
    response = client.post(
        reverse("care:ticket_create"),
        {"kind": "complaint", "subject": "x", "message": "y", "order": foreign_order.pk},
    )
    assert response.status_code == 200 and Ticket.objects.count() == 0
    assert "Pilih salah satu pesanan Anda" in response.content.decode()
    ticket = services.ticket_open(
        member=owner, kind="suggestion", subject="Saran", message="Tambah ongkir murah"
    )
    assert client.get(reverse("care:ticket", args=[ticket.pk])).status_code == 404
    assert client.post(reverse("care:ticket_reply", args=[ticket.pk]), {"message": "hi"}).status_code == 404
    assert client.post(reverse("care:ticket_rate", args=[ticket.pk]), {"rating": 1}).status_code == 404
    assert ticket.messages.count() == 1


def test_internal_notes_never_reach_the_member_or_its_mail(client, cs):
    member = UserFactory()
    ticket = services.ticket_open(
        member=member, kind="complaint", subject="Telat", message="Paket belum datang"
    )
    services.ticket_note(ticket=ticket, by=cs, message="RAHASIA: kurir bermasalah")
    services.ticket_staff_reply(ticket=ticket, by=cs, message="Mohon maaf, kami cek ke kurir.")
    client.force_login(member)
    page = client.get(reverse("care:ticket", args=[ticket.pk])).content.decode()
    assert "Mohon maaf, kami cek ke kurir." in page
    assert "RAHASIA" not in page
    mail = OutboundEmail.objects.get(kind="ticket_reply")
    assert (
        mail.to == member.email and "RAHASIA" not in mail.body_text and "kami cek ke kurir" in mail.body_text
    )
    assert Ticket.objects.get().status == TicketStatus.ANSWERED


def test_stored_xss_is_escaped_on_member_and_staff_pages(client, cs):
    member = UserFactory(full_name="Budi <b>Bold</b>")
    ticket = services.ticket_open(member=member, kind="complaint", subject=XSS, message=XSS)
    testimonial = services.testimonial_submit(member=member, text=XSS)
    services.testimonial_review(testimonial=testimonial, by=cs, show=True)
    client.force_login(member)
    for url in [reverse("care:ticket", args=[ticket.pk]), reverse("care:tickets"), reverse("care:guestbook")]:
        body = client.get(url).content.decode()
        assert "<script>alert" not in body and "<img src=x" not in body
        assert "&lt;script&gt;alert" in body
    client.force_login(cs)
    for url in [
        reverse("backoffice:tickets:inbox"),
        reverse("backoffice:tickets:ticket", args=[ticket.pk]),
        reverse("backoffice:tickets:guestbook"),
    ]:
        body = client.get(url).content.decode()
        assert "<script>alert" not in body and "<b>Bold</b>" not in body


def _visitor_data(**changes):
    data = {
        "name": "Sinta",
        "email": "sinta@contoh.test",
        "kind": "suggestion",
        "subject": "Jam buka",
        "message": "Mohon buka hari Minggu.",
        "website": "",
        "started": signing.dumps(time.time() - 30, salt=SALT),
    }
    return data | changes


def test_visitor_suggestion_is_answered_by_e_mail(client, cs):
    response = client.post(reverse("care:contact"), _visitor_data())
    assert response.status_code == 200 and 'id="contact-sent"' in response.content.decode()
    ticket = Ticket.objects.get()
    services.ticket_staff_reply(ticket=ticket, by=cs, message="Terima kasih, akan kami pertimbangkan.")
    assert OutboundEmail.objects.get(kind="ticket_reply").to == "sinta@contoh.test"


@pytest.mark.parametrize(
    "changes",
    [
        {"website": "http://spam.example"},  # the honeypot
        {"started": "just now"},  # filled in under 3 seconds
        {"started": "forged"},
        {"started": ""},
    ],
)
def test_bots_are_refused(client, changes):
    if changes.get("started") == "just now":
        changes = {"started": signing.dumps(time.time(), salt=SALT)}
    response = client.post(reverse("care:contact"), _visitor_data(**changes))
    assert response.status_code == 400
    assert Ticket.objects.count() == 0


def test_visitor_messages_are_rate_limited_per_address(client, settings):
    settings.CONTACT_MESSAGES_PER_IP_PER_HOUR = 3  # the limit is a setting (the default suits carrier NAT)
    for _ in range(3):
        assert client.post(reverse("care:contact"), _visitor_data()).status_code == 200
    response = client.post(reverse("care:contact"), _visitor_data())
    assert response.status_code == 400 and Ticket.objects.count() == 3
    assert "Terlalu banyak pesan" in response.content.decode()
    # another address is not affected
    other = Client(REMOTE_ADDR="10.20.30.40")
    assert other.post(reverse("care:contact"), _visitor_data()).status_code == 200


def test_the_default_visitor_limit_allows_a_shared_address_more_than_five_messages(client):
    for _ in range(8):
        assert client.post(reverse("care:contact"), _visitor_data()).status_code == 200
    assert Ticket.objects.count() == 8


def test_close_rate_once_and_reopen(client, cs):
    member = UserFactory()
    ticket = services.ticket_open(member=member, kind="complaint", subject="x", message="y")
    client.force_login(member)
    assert client.post(reverse("care:ticket_rate", args=[ticket.pk]), {"rating": 5}).status_code == 302
    assert Ticket.objects.get().rating is None  # open tickets cannot be rated
    services.ticket_staff_reply(ticket=ticket, by=cs, message="Sudah kami ganti.")
    services.ticket_close(ticket=ticket, by=cs)
    client.post(reverse("care:ticket_rate", args=[ticket.pk]), {"rating": 4})
    client.post(reverse("care:ticket_rate", args=[ticket.pk]), {"rating": 1})
    assert Ticket.objects.get().rating == 4
    client.post(reverse("care:ticket_reply", args=[ticket.pk]), {"message": "Masih ada masalah."})
    assert Ticket.objects.get().status == TicketStatus.OPEN
    assert [e.action for e in ticket.events.all()] == ["reply", "close"]


def test_weekly_stats_average_rating_and_median_first_response(cs):
    import datetime

    from django.utils import timezone

    from pasarmurah.crm.selectors import weekly_ticket_stats

    for hours, rating in [(1, 5), (3, 4), (10, 3)]:
        ticket = services.ticket_open(member=UserFactory(), kind="complaint", subject="s", message="m")
        Ticket.objects.filter(pk=ticket.pk).update(
            first_response_at=ticket.created_at + datetime.timedelta(hours=hours),
            rating=rating,
            status=TicketStatus.CLOSED,
            created_at=timezone.now() - datetime.timedelta(minutes=5),
        )
    week = weekly_ticket_stats()[0]
    assert (week["opened"], week["average_rating"]) == (3, 4.0)
    assert week["median_first_response_hours"] == pytest.approx(3.0, abs=0.2)
    assert TicketMessage.objects.count() == 3


def test_approved_testimonials_show_on_home_and_store_profile(client, cs):
    approved = services.testimonial_submit(
        member=UserFactory(full_name="Wayan Sudarma"), text="Kirim ke Bali cepat!"
    )
    services.testimonial_review(testimonial=approved, by=cs, show=True)
    services.testimonial_submit(member=UserFactory(), text="Belum disetujui")
    for url in [reverse("storefront:home"), reverse("storefront:profile")]:
        body = client.get(url).content.decode()
        assert "Kirim ke Bali cepat!" in body and "Wayan" in body
        assert "Belum disetujui" not in body


def test_a_recommendation_can_name_a_product_of_the_shop(client):
    member = UserFactory()
    product = ProductFactory(name="Softbox 60x60")
    client.force_login(member)
    page = client.get(reverse("care:ticket_create") + f"?jenis=recommendation&produk={product.pk}")
    assert page.status_code == 200
    client.post(
        reverse("care:ticket_create"),
        {
            "kind": "recommendation",
            "subject": "Versi 90 cm",
            "message": "Mohon sediakan ukuran 90 cm.",
            "product": product.pk,
        },
    )
    ticket = Ticket.objects.get()
    assert (ticket.kind, ticket.product) == ("recommendation", product)
