"""Per-member limits on ticket messages, ticket photos and testimonials (settings.MEMBER_LIMITS): counted from
the rows, shown on the page in Indonesian, and nothing is saved or stored when they refuse."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from pasarmurah.accounts.tests.factories import StaffFactory, UserFactory
from pasarmurah.core.images import clean_image
from pasarmurah.core.tests.uploads import png_upload
from pasarmurah.crm import services
from pasarmurah.crm.models import Testimonial, Ticket, TicketMessage

pytestmark = pytest.mark.django_db


@pytest.fixture
def member(client):
    user = UserFactory()
    client.force_login(user)
    return user


@pytest.fixture
def limits(settings):
    def set_limits(**changes):
        settings.MEMBER_LIMITS = settings.MEMBER_LIMITS | changes

    return set_limits


def photo_files(settings) -> list:
    root = settings.PRIVATE_MEDIA_ROOT / services.PHOTO_FOLDER
    return sorted(path for path in root.rglob("*") if path.is_file()) if root.exists() else []


def open_ticket(member, **extra):
    return services.ticket_open(member=member, kind="complaint", subject="Tas sobek", message="Halo", **extra)


def test_ticket_messages_per_hour_are_limited(client, member, limits):
    # given a member who sent the hour's limit of messages (a new ticket and a reply)
    limits(ticket_messages_per_hour=2)
    ticket = open_ticket(member)
    services.ticket_member_reply(ticket=ticket, member=member, message="Ada kabar?")
    # when it replies again
    response = client.post(reverse("care:ticket_reply", args=[ticket.pk]), {"message": "Halo lagi?"})
    # then the page says why, keeps the text, and nothing was saved
    assert response.status_code == 429
    page = response.content.decode()
    assert "Anda sudah mengirim 2 pesan dalam satu jam terakhir." in page
    assert "Halo lagi?" in page
    assert TicketMessage.objects.filter(ticket=ticket).count() == 2
    # a new ticket is refused the same way
    response = client.post(
        reverse("care:ticket_create"), {"kind": "complaint", "subject": "Baru", "message": "Tiket baru"}
    )
    assert response.status_code == 429
    assert "Anda sudah mengirim 2 pesan dalam satu jam terakhir." in response.content.decode()
    assert Ticket.objects.count() == 1
    with pytest.raises(services.LimitReached):  # the service holds the limit, not only the page
        services.ticket_member_reply(ticket=ticket, member=member, message="lewat service")
    # an hour later the member may write again
    TicketMessage.objects.update(created_at=timezone.now() - datetime.timedelta(minutes=61))
    response = client.post(reverse("care:ticket_reply", args=[ticket.pk]), {"message": "Halo lagi?"})
    assert response.status_code == 302
    assert TicketMessage.objects.filter(ticket=ticket).count() == 3


def test_staff_answers_do_not_count_against_the_member(member, limits):
    cs = StaffFactory()
    limits(ticket_messages_per_hour=2)
    ticket = open_ticket(member)
    for _ in range(3):
        services.ticket_staff_reply(ticket=ticket, by=cs, message="Baik, kami cek.")
    services.ticket_member_reply(ticket=ticket, member=member, message="Terima kasih")


def test_ticket_photos_per_hour_are_limited_and_nothing_is_stored(client, member, limits, settings):
    # given
    limits(ticket_photos_per_hour=1)
    ticket = open_ticket(member, photo=clean_image(png_upload("foto.png")))
    files_before = photo_files(settings)
    # when
    response = client.post(
        reverse("care:ticket_reply", args=[ticket.pk]),
        {"message": "Foto kedua", "photo": png_upload("foto.png")},
    )
    # then
    assert response.status_code == 429
    assert "Anda sudah mengirim 1 foto dalam satu jam terakhir." in response.content.decode()
    assert TicketMessage.objects.filter(ticket=ticket).count() == 1
    assert photo_files(settings) == files_before
    # without the photo the reply goes through
    response = client.post(reverse("care:ticket_reply", args=[ticket.pk]), {"message": "Tanpa foto"})
    assert response.status_code == 302


def test_photos_per_ticket_are_limited(client, member, limits, settings):
    limits(photos_per_ticket=1)
    ticket = open_ticket(member, photo=clean_image(png_upload("foto.png")))
    TicketMessage.objects.update(created_at=timezone.now() - datetime.timedelta(days=2))
    response = client.post(
        reverse("care:ticket_reply", args=[ticket.pk]),
        {"message": "Lagi", "photo": png_upload("foto.png")},
    )
    assert response.status_code == 429
    assert "Percakapan ini sudah memiliki 1 foto" in response.content.decode()
    assert len(photo_files(settings)) == 1


def test_testimonials_per_day_are_limited(client, member, limits):
    # given
    limits(testimonials_per_day=1)
    assert client.post(reverse("care:guestbook"), {"text": "Pelayanan ramah"}).status_code == 302
    # when
    response = client.post(reverse("care:guestbook"), {"text": "Sekali lagi, mantap"})
    # then
    assert response.status_code == 429
    assert "Anda sudah menulis 1 testimoni hari ini." in response.content.decode()
    assert list(Testimonial.objects.values_list("text", flat=True)) == ["Pelayanan ramah"]
    # a day later
    Testimonial.objects.update(created_at=timezone.now() - datetime.timedelta(hours=25))
    assert client.post(reverse("care:guestbook"), {"text": "Sekali lagi, mantap"}).status_code == 302
    assert Testimonial.objects.count() == 2


def test_the_default_limits_are_sane(settings):
    limits = settings.MEMBER_LIMITS
    assert 1 <= limits["proofs_per_order"] <= 10 and 1 <= limits["proofs_per_hour"] <= 20
    assert 5 <= limits["ticket_messages_per_hour"] <= 60 and 1 <= limits["ticket_photos_per_hour"] <= 20
    assert 1 <= limits["photos_per_ticket"] <= 50 and 1 <= limits["testimonials_per_day"] <= 10
