"""Races with real threads and real transactions (PostgreSQL and MariaDB; SQLite serialises writers)."""

import datetime
import threading

import pytest
from django.core import mail
from django.core.files.base import ContentFile
from django.db import connection

from pasarmurah.accounts.models import User
from pasarmurah.accounts.services import member_register
from pasarmurah.accounts.tests.factories import UserFactory
from pasarmurah.catalog.tests.factories import ProductFactory
from pasarmurah.core.images import CleanImage
from pasarmurah.crm.models import TicketMessage, WishlistItem
from pasarmurah.crm.services import LimitReached, ticket_member_reply, ticket_open, wishlist_add
from pasarmurah.mail.models import OutboundEmail
from pasarmurah.mail.outbox import email_deliver

pytestmark = [pytest.mark.only_db("postgresql", "mysql"), pytest.mark.django_db(transaction=True)]


def race(target, n=4):
    barrier = threading.Barrier(n)
    results, errors = [], []

    def run():
        try:
            barrier.wait(timeout=10)
            results.append(target())
        except Exception as exc:  # noqa: BLE001 - reported by the assertion below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run) for _ in range(n)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert errors == []
    return results


def test_two_workers_never_send_the_same_mail_twice():
    email = OutboundEmail.objects.create(to="x@contoh.test", subject="S", body_text="B", kind="t")
    results = race(lambda: email_deliver(email_id=email.pk))
    assert sorted(results) == ["sent", "skipped", "skipped", "skipped"]
    assert len(mail.outbox) == 1


def test_a_double_tapped_heart_saves_one_wishlist_item():
    user, product = UserFactory(), ProductFactory()
    results = race(lambda: wishlist_add(user=user, product=product).pk)
    assert len(set(results)) == 1
    assert WishlistItem.objects.count() == 1


def test_concurrent_registrations_with_one_address_make_one_account():
    race(
        lambda: member_register(
            email="kembar@contoh.test",
            password="LensaTajam#88",
            full_name="Kembar",
            phone="+6281234567890",
            birth_date=datetime.date(1990, 1, 1),
        )
    )
    assert User.objects.filter(email="kembar@contoh.test").count() == 1


def test_concurrent_photo_replies_stop_at_the_members_limit(settings):
    """Many uploads at once (the 64 x 5 MB report): the member's row lock makes the count hold."""
    settings.MEMBER_LIMITS = settings.MEMBER_LIMITS | {"ticket_photos_per_hour": 2}
    member = UserFactory()
    ticket = ticket_open(member=member, kind="complaint", subject="S", message="M")

    def photo():
        return CleanImage(content=ContentFile(b"\xff\xd8x", name="p.jpg"), width=1, height=1, format="JPEG")

    def reply():
        try:
            ticket_member_reply(ticket=ticket, member=member, message="foto", photo=photo())
        except LimitReached:
            return "refused"
        return "saved"

    results = race(reply, n=6)
    assert sorted(results) == ["refused"] * 4 + ["saved"] * 2
    assert TicketMessage.objects.filter(ticket=ticket).exclude(photo_name="").count() == 2
    root = settings.PRIVATE_MEDIA_ROOT / "ticket-photos"
    assert len([path for path in root.rglob("*") if path.is_file()]) == 2
