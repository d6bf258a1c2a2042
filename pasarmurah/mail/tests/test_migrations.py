"""Moving the outbox from crm to mail keeps every row and what hangs on its content type, on any database."""

import pytest
from django.contrib.auth.models import Permission
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from pasarmurah.accounts.models import User
from pasarmurah.accounts.tests.factories import UserFactory
from pasarmurah.mail.models import OutboundEmail

pytestmark = pytest.mark.django_db(transaction=True)

CRM_BEFORE_THE_MOVE = ("crm", "0002_testimonial_ticket_ticketevent_ticketmessage_and_more")


def _migrate(targets) -> None:
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    ContentType.objects.clear_cache()


def _tables() -> set[str]:
    with connection.cursor() as cursor:
        return set(connection.introspection.table_names(cursor))


def test_migrating_an_existing_database_keeps_every_outbox_row_and_its_permissions():
    latest = MigrationExecutor(connection).loader.graph.leaf_nodes()
    member = UserFactory(email="lama@contoh.test")
    clerk = UserFactory(email="staf.lama@contoh.test", is_staff=True)
    sent_at = timezone.now().replace(microsecond=0)
    # given: the database as it was before the move, with mail in the crm table
    _migrate([CRM_BEFORE_THE_MOVE, ("mail", None)])
    assert "crm_outboundemail" in _tables() and "mail_outboundemail" not in _tables()
    old_state = MigrationExecutor(connection).loader.project_state([CRM_BEFORE_THE_MOVE]).apps
    old_model = old_state.get_model("crm", "OutboundEmail")
    old = old_model.objects.create(
        to=member.email,
        subject="Selamat datang",
        body_text="Halo, selamat datang.",
        body_html="<p>Halo</p>",
        headers={"List-Unsubscribe": "<http://x/akun/berhenti/abc/>"},
        kind="welcome",
        user_id=member.pk,
        status="sent",
        attempts=2,
        last_error="",
        dedupe_key="welcome:lama",
        sent_at=sent_at,
    )
    queued = old_model.objects.create(to="antre@contoh.test", subject="Antre", body_text="x", kind="t")
    old_type = ContentType.objects.get(app_label="crm", model="outboundemail")
    clerk.user_permissions.add(Permission.objects.get(content_type=old_type, codename="view_outboundemail"))

    # when: migrating forward
    _migrate(latest)

    # then: the same rows, now the mail app's, in its own table
    assert "mail_outboundemail" in _tables() and "crm_outboundemail" not in _tables()
    rows = list(
        OutboundEmail.objects.order_by("pk").values_list(
            "pk",
            "to",
            "subject",
            "body_text",
            "body_html",
            "headers",
            "kind",
            "user_id",
            "status",
            "attempts",
        )
    )
    assert rows == [
        (
            old.pk,
            "lama@contoh.test",
            "Selamat datang",
            "Halo, selamat datang.",
            "<p>Halo</p>",
            {"List-Unsubscribe": "<http://x/akun/berhenti/abc/>"},
            "welcome",
            member.pk,
            "sent",
            2,
        ),
        (queued.pk, "antre@contoh.test", "Antre", "x", "", {}, "t", None, "queued", 0),
    ]
    moved = OutboundEmail.objects.get(pk=old.pk)
    assert (moved.dedupe_key, moved.sent_at, moved.secret_links) == ("welcome:lama", sent_at, {})
    # the content type moved with it: a permission granted before the move still holds
    assert ContentType.objects.filter(app_label="crm", model="outboundemail").exists() is False
    assert ContentType.objects.get_for_model(OutboundEmail).pk == old_type.pk
    assert User.objects.get(pk=clerk.pk).has_perm("mail.view_outboundemail")
    # and the table takes new rows after the old ones
    assert (
        OutboundEmail.objects.create(to="baru@contoh.test", subject="S", body_text="B", kind="t").pk
        > queued.pk
    )
    with connection.cursor() as cursor:
        constraints = connection.introspection.get_constraints(cursor, "mail_outboundemail")
    assert "mail_outbox_due" in constraints


def test_secret_links_stored_before_the_upgrade_are_removed():
    # given: reset and verification mails written the old way, with their live links in the body
    latest = MigrationExecutor(connection).loader.graph.leaf_nodes()
    _migrate([("accounts", "0003_member_email_privacy_corrections")])
    link = "http://127.0.0.1:8000/akun/sandi/reset/MQ/d1x0dx-4e6ec3d04184/"
    sent = OutboundEmail.objects.create(
        to="a@contoh.test",
        kind="password_reset",
        subject="S",
        body_text=f"Buka:\n\n{link}\n\nSalam",
        status="sent",
    )
    waiting = OutboundEmail.objects.create(
        to="b@contoh.test",
        kind="email_verify",
        subject="S",
        body_text="http://127.0.0.1:8000/akun/verifikasi/eyJ1IjoxfQ:1x0dx:abc/?next=/keranjang/\n",
        body_html='<a href="http://127.0.0.1:8000/akun/email/konfirmasi/eyJ1IjoxfQ:1x0dx:abc/">x</a>',
    )
    other = OutboundEmail.objects.create(
        to="c@contoh.test", kind="welcome", subject="S", body_text="http://127.0.0.1:8000/akun/\n"
    )
    # when
    _migrate(latest)
    # then: no link is left; the mail that had not left yet is not sent without it; other mail is untouched
    sent.refresh_from_db()
    waiting.refresh_from_db()
    other.refresh_from_db()
    assert (sent.body_text, sent.status) == ("Buka:\n\n[link removed]\n\nSalam", "sent")
    assert (waiting.body_text, waiting.body_html, waiting.status) == (
        "[link removed]\n",
        '<a href="[link removed]">x</a>',
        "gave_up",
    )
    assert waiting.last_error.startswith("Secret link removed")
    assert other.body_text == "http://127.0.0.1:8000/akun/\n"
