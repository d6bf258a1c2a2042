import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from pasarmurah.accounts.roles import CUSTOMER_SERVICE
from pasarmurah.accounts.tests.factories import StaffFactory, UserFactory
from pasarmurah.crm import services
from pasarmurah.crm.models import Testimonial, Ticket

pytestmark = pytest.mark.django_db


@pytest.fixture
def cs():
    staff = StaffFactory()
    staff.groups.add(Group.objects.get(name=CUSTOMER_SERVICE))
    return staff


def test_inbox_puts_waiting_tickets_first_and_highlights_old_ones(client, cs, django_assert_max_num_queries):
    import datetime

    from django.utils import timezone

    answered = services.ticket_open(member=UserFactory(), kind="complaint", subject="answered", message="m")
    services.ticket_staff_reply(ticket=answered, by=cs, message="ok")
    old = services.ticket_open(
        visitor_name="V", visitor_email="v@contoh.test", kind="suggestion", subject="old", message="m"
    )
    Ticket.objects.filter(pk=old.pk).update(waiting_since=timezone.now() - datetime.timedelta(hours=30))
    services.ticket_open(member=UserFactory(), kind="recommendation", subject="new", message="m")
    client.force_login(cs)
    client.get(reverse("backoffice:tickets:inbox"))
    with django_assert_max_num_queries(10) as few:
        page = client.get(reverse("backoffice:tickets:inbox"))
    subjects = [t.subject for t in page.context["page"].object_list]
    assert subjects == ["old", "new", "answered"]
    assert page.content.decode().count("overdue") == 1
    for n in range(6):
        services.ticket_open(member=UserFactory(), kind="complaint", subject=f"more {n}", message="m")
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(reverse("backoffice:tickets:inbox"))
    assert 'id="nav-area-tickets"' in page.content.decode()


def test_members_cannot_reach_the_inbox(client):
    client.force_login(UserFactory())
    assert client.get(reverse("backoffice:tickets:inbox")).status_code == 403


def test_testimonials_show_only_after_approval_and_can_be_hidden(client, cs):
    member = UserFactory()
    client.force_login(member)
    client.post(reverse("care:guestbook"), {"text": "Pelayanan cepat, barang original!"})
    testimonial = Testimonial.objects.get()
    assert "Pelayanan cepat" not in client.get(reverse("care:guestbook")).content.decode()
    client.force_login(cs)
    client.post(reverse("backoffice:tickets:guestbook_review", args=[testimonial.pk]), {"show": "1"})
    assert "Pelayanan cepat" in client.get(reverse("care:guestbook")).content.decode()
    client.post(reverse("backoffice:tickets:guestbook_review", args=[testimonial.pk]), {"show": "0"})
    assert "Pelayanan cepat" not in client.get(reverse("care:guestbook")).content.decode()


def test_recommendations_are_counted_for_purchasing(client, cs):
    for _ in range(3):
        services.ticket_open(
            member=UserFactory(), kind="recommendation", subject="Gimbal DJI RS 4", message="m"
        )
    services.ticket_open(member=UserFactory(), kind="recommendation", subject="Softbox 60cm", message="m")
    client.force_login(cs)
    rows = list(client.get(reverse("backoffice:tickets:recommendations")).context["rows"])
    assert (rows[0]["subject"], rows[0]["times"]) == ("Gimbal DJI RS 4", 3)


def test_a_median_first_answer_of_zero_hours_is_shown_not_a_dash(client, cs):
    ticket = services.ticket_open(member=UserFactory(), kind="complaint", subject="cepat", message="m")
    Ticket.objects.filter(pk=ticket.pk).update(first_response_at=ticket.created_at)
    client.force_login(cs)
    response = client.get(reverse("backoffice:tickets:inbox"))
    assert response.context["stats"][0]["median_first_response_hours"] == 0.0
    row = response.content.decode().split('id="ticket-stats"')[1].split("</tbody>")[0]
    assert row.endswith('<td class="text-end">0,0 jam</td></tr>')  # the median column, last in the row


def test_ticket_history_shows_translated_actions(client, cs):
    ticket = services.ticket_open(member=UserFactory(), kind="complaint", subject="x", message="y")
    services.ticket_note(ticket=ticket, by=cs, message="cek gudang")
    services.ticket_staff_reply(ticket=ticket, by=cs, message="Sudah kami cek.")
    services.ticket_close(ticket=ticket, by=cs)
    services.ticket_reopen(ticket=ticket, by=cs)
    client.force_login(cs)
    body = client.get(reverse("backoffice:tickets:ticket", args=[ticket.pk])).content.decode()
    history = body.split("Riwayat")[1]
    for label in ("Catatan internal", "Membalas pelanggan", "Ditutup", "Dibuka kembali"):
        assert label in history, label
    for raw in (": note<", ": reply<", ": close<", ": reopen<"):
        assert raw not in history, raw


def test_the_ticket_page_shows_the_members_phone_nationally(client, cs):
    member = UserFactory(phone="+6281234567890")
    ticket = services.ticket_open(member=member, kind="complaint", subject="x", message="y")
    client.force_login(cs)
    body = client.get(reverse("backoffice:tickets:ticket", args=[ticket.pk])).content.decode()
    assert "0812-3456-7890" in body and "+6281234567890" not in body
