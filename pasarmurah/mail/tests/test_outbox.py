import datetime

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from pasarmurah.accounts.tests.factories import UserFactory
from pasarmurah.mail.models import OutboundEmail
from pasarmurah.mail.outbox import (
    MAX_ATTEMPTS,
    deliveries_together,
    email_deliver,
    email_queue,
    outbox_retry_due,
)
from pasarmurah.mail.tests.fakes import FakeSMTPServer, closed_port, smtp_to

pytestmark = pytest.mark.django_db


@pytest.fixture
def smtp_settings(settings):
    return lambda port: smtp_to(settings, port)


def test_queued_mail_is_sent_after_commit_and_marked_sent(django_capture_on_commit_callbacks):
    # given / when
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        email = email_queue(to="ani@contoh.test", kind="test", subject="Halo", body="Isi pesan")
        assert mail.outbox == []  # nothing leaves before the commit
    # then
    assert len(callbacks) == 1
    email.refresh_from_db()
    assert email.status == OutboundEmail.Status.SENT
    assert email.attempts == 1
    assert email.sent_at is not None
    assert [(m.to, m.subject, m.body) for m in mail.outbox] == [(["ani@contoh.test"], "Halo", "Isi pesan")]


def test_a_rolled_back_transaction_sends_nothing(django_capture_on_commit_callbacks):
    from django.db import transaction

    with django_capture_on_commit_callbacks(execute=True):
        try:
            with transaction.atomic():
                email_queue(to="ani@contoh.test", kind="test", subject="Halo", body="x")
                raise RuntimeError("the business action failed")
        except RuntimeError:
            pass
    assert OutboundEmail.objects.count() == 0
    assert mail.outbox == []


def test_dedupe_key_queues_the_same_event_once(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        first = email_queue(to="a@contoh.test", kind="t", subject="S", body="B", dedupe_key="event:1")
        second = email_queue(to="a@contoh.test", kind="t", subject="S", body="B", dedupe_key="event:1")
    assert first.pk == second.pk
    assert OutboundEmail.objects.count() == 1
    assert len(mail.outbox) == 1


def test_template_mail_is_rendered_in_the_members_language(django_capture_on_commit_callbacks):
    user = UserFactory(full_name="Budi Santoso", language="en")
    with django_capture_on_commit_callbacks(execute=True):
        email_queue(
            to=user.email,
            user=user,
            kind="welcome",
            template="accounts/email/welcome",
            context={"user": user, "account_url": "http://x/akun/"},
        )
    assert mail.outbox[0].subject.startswith("Welcome to ")
    user_id = UserFactory(full_name="Sari", language="")
    with django_capture_on_commit_callbacks(execute=True):
        email_queue(
            to=user_id.email,
            user=user_id,
            kind="welcome",
            template="accounts/email/welcome",
            context={"user": user_id, "account_url": "http://x/akun/"},
        )
    assert mail.outbox[1].subject.startswith("Selamat datang di ")
    assert "Halo Sari," in mail.outbox[1].body


def test_smtp_adapter_speaks_to_a_real_smtp_server(smtp_settings, django_capture_on_commit_callbacks):
    with FakeSMTPServer() as server:
        smtp_settings(server.port)
        with django_capture_on_commit_callbacks(execute=True):
            email = email_queue(
                to="dewi@contoh.test",
                kind="promo",
                subject="Promo tripod minggu ini",
                body="Diskon 10% untuk tripod.\n.titik di awal baris\n",
                headers={"List-Unsubscribe": "<http://127.0.0.1:8000/akun/berhenti/abc/>"},
            )
    email.refresh_from_db()
    assert email.status == OutboundEmail.Status.SENT
    message = server.only_message()
    assert server.messages[0]["to"] == ["dewi@contoh.test"]
    assert message["Subject"] == "Promo tripod minggu ini"
    assert message["To"] == "dewi@contoh.test"
    assert message["List-Unsubscribe"] == "<http://127.0.0.1:8000/akun/berhenti/abc/>"
    assert ".titik di awal baris" in message.get_payload(decode=True).decode()


def test_smtp_down_keeps_the_mail_queued_and_a_retry_sends_it(
    smtp_settings, django_capture_on_commit_callbacks
):
    # given: nobody listens on the SMTP port
    smtp_settings(closed_port())
    with django_capture_on_commit_callbacks(execute=True):
        email = email_queue(to="eko@contoh.test", kind="test", subject="Halo", body="x")
    email.refresh_from_db()
    assert email.status == OutboundEmail.Status.FAILED
    assert email.attempts == 1
    assert "Connection" in email.last_error or "refused" in email.last_error.lower()
    assert email.next_attempt_at > timezone.now()
    # when: not yet due, the periodic retry leaves it alone
    assert outbox_retry_due() == {}
    # then: once due and the server is up, the retry sends it
    OutboundEmail.objects.filter(pk=email.pk).update(next_attempt_at=timezone.now())
    with FakeSMTPServer() as server:
        smtp_settings(server.port)
        assert outbox_retry_due() == {"sent": 1}
    email.refresh_from_db()
    assert (email.status, email.attempts, email.last_error) == ("sent", 2, "")
    assert server.only_message()["To"] == "eko@contoh.test"


def test_a_page_that_sends_mail_works_while_the_smtp_server_is_down(
    client, smtp_settings, django_capture_on_commit_callbacks
):
    smtp_settings(closed_port())
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("accounts:password_reset"), {"email": UserFactory().email})
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:password_reset_done")
    email = OutboundEmail.objects.get()
    assert email.kind == "password_reset"
    assert email.status == OutboundEmail.Status.FAILED


def test_delivery_gives_up_after_the_last_attempt(smtp_settings):
    smtp_settings(closed_port())
    email = OutboundEmail.objects.create(to="x@contoh.test", subject="S", body_text="B", kind="t")
    OutboundEmail.objects.filter(pk=email.pk).update(attempts=MAX_ATTEMPTS - 1)
    assert email_deliver(email_id=email.pk) == OutboundEmail.Status.GAVE_UP
    assert outbox_retry_due() == {}


def test_a_row_being_sent_by_another_worker_is_skipped_until_its_lease_expires():
    email = OutboundEmail.objects.create(to="x@contoh.test", subject="S", body_text="B", kind="t")
    lease_until = timezone.now() + datetime.timedelta(minutes=5)
    OutboundEmail.objects.filter(pk=email.pk).update(status="sending", next_attempt_at=lease_until)
    assert email_deliver(email_id=email.pk) == "skipped"
    assert mail.outbox == []
    OutboundEmail.objects.filter(pk=email.pk).update(next_attempt_at=timezone.now())
    assert email_deliver(email_id=email.pk) == "sent"
    assert email_deliver(email_id=email.pk) == "skipped"  # sent rows are never sent twice
    assert len(mail.outbox) == 1


def test_huey_tasks_run_the_outbox_and_the_scans():
    from pasarmurah.crm.tasks import wishlist_scan
    from pasarmurah.mail.tasks import outbox_retry, outbox_send

    email = OutboundEmail.objects.create(to="x@contoh.test", subject="S", body_text="B", kind="t")
    assert outbox_send.call_local(email.pk) == "sent"
    assert outbox_retry.call_local() == {}
    assert wishlist_scan.call_local() == {"restock": 0, "promo": 0}


def test_promotional_mail_only_for_opted_in_verified_members_and_with_unsubscribe(
    django_capture_on_commit_callbacks,
):
    from pasarmurah.crm.services import promotion_email_queue

    context = {"product": None, "product_url": "/", "quote": None}
    assert (
        promotion_email_queue(
            user=UserFactory(), kind="promo", template="crm/email/wishlist_restock", context=context
        )
        is None
    )
    assert (
        promotion_email_queue(
            user=UserFactory(accepts_marketing=True, email_verified_at=None),
            kind="promo",
            template="crm/email/wishlist_restock",
            context=context,
        )
        is None
    )
    with django_capture_on_commit_callbacks(execute=True):
        email = promotion_email_queue(
            user=UserFactory(accepts_marketing=True),
            kind="promo",
            template="crm/email/wishlist_restock",
            context=context,
        )
    assert email.headers["List-Unsubscribe"].startswith("<http")
    assert "/akun/berhenti/" in mail.outbox[0].body


@pytest.fixture
def jobs(monkeypatch):
    """The delivery jobs scheduled after commits, by the e-mail ids each one delivers (run as well)."""
    from pasarmurah.mail import tasks

    scheduled = []
    one, many = tasks.outbox_send, tasks.outbox_send_many
    monkeypatch.setattr(tasks, "outbox_send", lambda email_id: (scheduled.append([email_id]), one(email_id)))
    monkeypatch.setattr(tasks, "outbox_send_many", lambda ids: (scheduled.append(list(ids)), many(ids)))
    return scheduled


def test_mails_queued_in_one_transaction_share_one_delivery_job(django_capture_on_commit_callbacks, jobs):
    from django.db import transaction

    # given: two mails of one business action, then one on its own
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        first = email_queue(to="ani@contoh.test", kind="test", subject="Satu", body="x")
        second = email_queue(to="cs@contoh.test", kind="test", subject="Dua", body="y")
        assert jobs == [] and mail.outbox == []  # nothing before the commit
    with django_capture_on_commit_callbacks(execute=True):
        alone = email_queue(to="budi@contoh.test", kind="test", subject="Tiga", body="z")
    # then: one job for the pair, one for the single mail, and every mail sent once
    assert jobs == [[first.pk, second.pk], [alone.pk]]
    assert sorted(m.subject for m in mail.outbox) == ["Dua", "Satu", "Tiga"]
    assert set(OutboundEmail.objects.values_list("status", flat=True)) == {OutboundEmail.Status.SENT}


def test_a_rolled_back_savepoint_drops_only_its_own_mails(django_capture_on_commit_callbacks, jobs):
    from django.db import transaction

    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        kept = email_queue(to="ani@contoh.test", kind="test", subject="Tetap", body="x")
        try:
            with transaction.atomic():
                email_queue(to="cs@contoh.test", kind="test", subject="Batal", body="y")
                raise RuntimeError("the inner step failed")
        except RuntimeError:
            pass
        after = email_queue(to="budi@contoh.test", kind="test", subject="Sesudah", body="z")
    assert [m.subject for m in mail.outbox] == ["Tetap", "Sesudah"]
    assert jobs == [[kept.pk, after.pk]]
    assert OutboundEmail.objects.count() == 2


def test_a_mail_queued_inside_a_savepoint_is_delivered_by_its_own_job(
    django_capture_on_commit_callbacks, jobs
):
    from django.db import transaction

    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        outer = email_queue(to="ani@contoh.test", kind="test", subject="Luar", body="x")
        with transaction.atomic():
            inner = email_queue(to="cs@contoh.test", kind="test", subject="Dalam", body="y")
    assert jobs == [[outer.pk], [inner.pk]]
    assert sorted(m.subject for m in mail.outbox) == ["Dalam", "Luar"]


def test_the_batch_job_delivers_each_of_its_mails():
    from pasarmurah.mail.tasks import outbox_send_many

    emails = [
        OutboundEmail.objects.create(to=f"{n}@contoh.test", subject="S", body_text="B", kind="t")
        for n in range(2)
    ]
    assert outbox_send_many.call_local([e.pk for e in emails]) == ["sent", "sent"]
    assert outbox_send_many.call_local([e.pk for e in emails]) == ["skipped", "skipped"]
    assert len(mail.outbox) == 2


def test_a_mail_queued_after_a_delivery_ran_gets_a_job_of_its_own(django_capture_on_commit_callbacks, jobs):
    with django_capture_on_commit_callbacks(execute=True):
        first = email_queue(to="ani@contoh.test", kind="test", subject="Satu", body="x")
    with django_capture_on_commit_callbacks(execute=True):
        second = email_queue(to="cs@contoh.test", kind="test", subject="Dua", body="y")
    assert jobs == [[first.pk], [second.pk]]
    assert len(mail.outbox) == 2


def queue_three(prefix: str = "m") -> list[OutboundEmail]:
    return [
        email_queue(to=f"{prefix}{n}@contoh.test", kind="test", subject=f"Pesan {n}", body="x")
        for n in range(3)
    ]


def test_the_mails_of_one_transaction_go_over_one_smtp_connection(
    smtp_settings, django_capture_on_commit_callbacks
):
    with FakeSMTPServer() as server:
        smtp_settings(server.port)
        with django_capture_on_commit_callbacks(execute=True):
            queue_three()
    assert [message["to"] for message in server.messages] == [[f"m{n}@contoh.test"] for n in range(3)]
    assert server.connections == 1
    assert set(OutboundEmail.objects.values_list("status", flat=True)) == {"sent"}


def test_a_mail_refused_mid_batch_fails_alone_and_the_next_goes_over_a_fresh_connection(
    smtp_settings, django_capture_on_commit_callbacks
):
    with FakeSMTPServer(refused=frozenset({"m1@contoh.test"})) as server:
        smtp_settings(server.port)
        with django_capture_on_commit_callbacks(execute=True):
            first, refused, last = queue_three()
    for email in (first, refused, last):
        email.refresh_from_db()
    assert [email.status for email in (first, refused, last)] == ["sent", "failed", "sent"]
    assert "550" in refused.last_error and refused.next_attempt_at > timezone.now()
    assert [message["to"] for message in server.messages] == [["m0@contoh.test"], ["m2@contoh.test"]]
    assert server.connections == 2


def test_the_periodic_retry_sends_what_is_due_over_one_connection(
    smtp_settings, django_capture_on_commit_callbacks
):
    smtp_settings(closed_port())
    for n in range(3):  # three separate transactions, each mail failing on its own
        with django_capture_on_commit_callbacks(execute=True):
            email_queue(to=f"r{n}@contoh.test", kind="test", subject="Halo", body="x")
    assert OutboundEmail.objects.filter(status="failed").count() == 3
    OutboundEmail.objects.update(next_attempt_at=timezone.now())
    with FakeSMTPServer() as server:
        smtp_settings(server.port)
        assert outbox_retry_due() == {"sent": 3}
    assert (server.connections, len(server.messages)) == (1, 3)


def test_mails_committed_one_by_one_inside_deliveries_together_go_out_at_its_end_in_one_job(
    smtp_settings, django_capture_on_commit_callbacks
):
    with FakeSMTPServer() as server:
        smtp_settings(server.port)
        with pytest.raises(RuntimeError), deliveries_together():
            for n in range(3):
                with django_capture_on_commit_callbacks(execute=True):  # each mail's own commit
                    email_queue(to=f"t{n}@contoh.test", kind="test", subject="Halo", body="x")
            assert server.messages == []  # nothing leaves before the block ends
            raise RuntimeError("the batch broke off")
    # what was committed before the error is still delivered, together
    assert (server.connections, len(server.messages)) == (1, 3)
    with FakeSMTPServer() as server:  # outside the block, a transaction's mails are delivered at its commit
        smtp_settings(server.port)
        with django_capture_on_commit_callbacks(execute=True):
            email_queue(to="sendiri@contoh.test", kind="test", subject="Halo", body="x")
        assert len(server.messages) == 1
