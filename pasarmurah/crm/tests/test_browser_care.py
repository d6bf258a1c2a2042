"""Browser journey: a member complains about an order with a photo, Customer Service answers, the member reads
the answer and rates it; a visitor's suggestion is answered by e-mail."""

import time

import pytest
from django.contrib.auth.models import Group
from django.test import Client
from PIL import Image

from pasarmurah.accounts.roles import CUSTOMER_SERVICE
from pasarmurah.accounts.tests.factories import AddressFactory, StaffFactory, UserFactory
from pasarmurah.catalog.tests.factories import ProductFactory
from pasarmurah.core.tests.browser import loaded_image_width
from pasarmurah.crm.models import Ticket
from pasarmurah.mail.models import OutboundEmail
from pasarmurah.orders.services import order_place
from pasarmurah.shipping.tests.factories import ShippingRateFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _session(page, live_server, user):
    client = Client()
    client.force_login(user)
    page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )


def test_complaint_with_photo_answered_and_rated(live_server, phone_page, desktop_page, tmp_path):
    member = UserFactory(full_name="Rina Marlina")
    address = AddressFactory(user=member)
    courier = ShippingRateFactory(province=address.province).courier
    order = order_place(
        member=member,
        items={ProductFactory(stock=3).pk: 1},
        checkout_key="care",
        address=address,
        courier_code=courier.code,
    )
    photo = tmp_path / "gores.jpg"
    Image.new("RGB", (300, 200), (120, 120, 120)).save(photo, "JPEG")
    base = live_server.url

    _session(phone_page, live_server, member)
    phone_page.goto(base + "/akun/kritik-saran/")
    phone_page.locator("#new-ticket").click()
    phone_page.select_option("#id_kind", "complaint")
    phone_page.fill("#id_subject", "Tutup lensa retak")
    phone_page.fill("#id_message", "Tutup lensanya retak saat paket dibuka.")
    phone_page.select_option("#id_order", str(order.pk))
    phone_page.locator("#id_photo").set_input_files(str(photo))
    phone_page.locator("#ticket-form button[type=submit]").click()
    phone_page.wait_for_selector(".member-message .ticket-photo")
    ticket = Ticket.objects.get()
    assert ticket.order == order

    cs = StaffFactory(full_name="Sari CS")
    cs.groups.add(Group.objects.get(name=CUSTOMER_SERVICE))
    _session(desktop_page, live_server, cs)
    desktop_page.goto(base + "/staf/tiket/")
    desktop_page.get_by_role("link", name="Tutup lensa retak").click()
    assert loaded_image_width(desktop_page.locator(".ticket-photo")) == 300
    desktop_page.fill("#id_message", "Kurir salah taruh; cek stok gudang.")
    desktop_page.check("#id_internal")
    desktop_page.locator("#staff-reply-form button[type=submit]").click()
    desktop_page.wait_for_selector(".internal-note")
    desktop_page.fill("#id_message", "Mohon maaf, kami kirim tutup lensa pengganti hari ini.")
    desktop_page.locator("#staff-reply-form button[type=submit]").click()
    desktop_page.wait_for_selector("text=kami kirim tutup lensa pengganti")
    desktop_page.locator("#close-ticket").click()
    desktop_page.wait_for_selector("#ticket-status:has-text('Ditutup')")

    phone_page.reload()
    thread = phone_page.locator(".ticket-thread").inner_text()
    assert "kami kirim tutup lensa pengganti" in thread and "Kurir salah taruh" not in thread
    phone_page.get_by_role("button", name="5 dari 5").click()
    phone_page.wait_for_selector("#ticket-rating")
    assert Ticket.objects.get().rating == 5
    assert phone_page.console_errors == [] and desktop_page.console_errors == []


def test_visitor_suggestion_answered_by_e_mail(live_server, desktop_page):
    base = live_server.url
    desktop_page.goto(base + "/kontak/")
    desktop_page.fill("#id_name", "Sinta")
    desktop_page.fill("#id_email", "sinta@contoh.test")
    desktop_page.select_option("#id_kind", "suggestion")
    desktop_page.fill("#id_subject", "Buka hari Minggu")
    desktop_page.fill("#id_message", "Mohon toko buka hari Minggu.")
    assert not desktop_page.locator("#id_website").is_visible()  # the honeypot stays out of sight
    time.sleep(3.1)  # people take a few seconds; bots that post at once are refused
    desktop_page.locator("#contact-form button[type=submit]").click()
    desktop_page.wait_for_selector("#contact-sent")
    cs = StaffFactory()
    cs.groups.add(Group.objects.get(name=CUSTOMER_SERVICE))
    _session(desktop_page, live_server, cs)
    desktop_page.goto(base + f"/staf/tiket/{Ticket.objects.get().pk}/")
    desktop_page.fill("#id_message", "Terima kasih Sinta, mulai bulan depan kami buka hari Minggu.")
    desktop_page.locator("#staff-reply-form button[type=submit]").click()
    desktop_page.wait_for_selector("text=mulai bulan depan")
    mail = OutboundEmail.objects.get(kind="ticket_reply")
    assert mail.to == "sinta@contoh.test" and "mulai bulan depan" in mail.body_text
    assert desktop_page.console_errors == []
