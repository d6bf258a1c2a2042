"""Races with real threads and real transactions (PostgreSQL and MariaDB; SQLite serialises writers)."""

import datetime
import threading

import pytest
from django.core import mail
from django.db import connection

from pasarmurah.accounts.models import User
from pasarmurah.accounts.services import member_register
from pasarmurah.accounts.tests.factories import UserFactory
from pasarmurah.catalog.tests.factories import ProductFactory
from pasarmurah.crm.models import WishlistItem
from pasarmurah.crm.services import wishlist_add
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
