"""No staff member may read a working secret link: the outbox never stores one; its content is Owner-only."""

import io
import re
from urllib.parse import urlsplit

import pytest
from django.core import mail
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from pasarmurah.accounts.models import User
from pasarmurah.accounts.services import email_change_request, staff_account_create
from pasarmurah.accounts.tests.factories import UserFactory
from pasarmurah.mail.links import SecretLink, placeholder
from pasarmurah.mail.models import OutboundEmail
from pasarmurah.mail.outbox import email_deliver, email_queue

pytestmark = pytest.mark.django_db

RESET_LINK = re.compile(r"https?://\S+?(/akun/sandi/reset/(\S+?)/(\S+?)/)")
PASSWORD = "RahasiaSekali#1"
MAX_PAGES = 400


@pytest.fixture
def owner():
    return staff_account_create(
        role="owner", email="pimpinan@pasarmurah.test", full_name="Bu Owner", password=PASSWORD
    )


@pytest.fixture
def cs():
    return staff_account_create(role="cs", email="cs@pasarmurah.test", full_name="Mas CS", password=PASSWORD)


def _client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _links(html: str) -> set[str]:
    found = set()
    for href in re.findall(r'href="([^"#]+)', html):
        parts = urlsplit(href.replace("&amp;", "&"))
        if parts.netloc and parts.netloc != "testserver":
            continue
        if parts.path.startswith(("/admin/", "/staf/")) and "logout" not in parts.path:
            found.add(parts.path)
    return found


def _crawl(client: Client, starts: list[str]) -> dict[str, str]:
    """Every page under /admin/ and /staf/ the client reaches by following links (GET only), by path."""
    pages, queue = {}, list(starts)
    while queue and len(pages) < MAX_PAGES:
        path = queue.pop(0)
        if path in pages:
            continue
        response = client.get(path)
        body = response.content.decode(errors="replace") if response.status_code == 200 else ""
        pages[path] = body
        queue.extend(sorted(_links(body) - pages.keys()))
    return pages


def _database_dump() -> str:
    out = io.StringIO()
    call_command("dumpdata", stdout=out)
    return out.getvalue()


def test_customer_service_finds_no_usable_reset_link_for_the_owner_anywhere(owner, cs, committed):
    # given: Customer Service, logged in, asks for a password reset of the Owner's account
    client = _client_for(cs)
    with committed():
        response = client.post(reverse("accounts:password_reset"), {"email": owner.email})
    assert response["Location"] == reverse("accounts:password_reset_done")
    # then: the Owner got a link; the stored row holds only a placeholder
    assert [m.to for m in mail.outbox] == [[owner.email]]
    link, link_path, uid, token = (lambda m: (m.group(0), m.group(1), m.group(2), m.group(3)))(
        RESET_LINK.search(mail.outbox[0].body)
    )
    row = OutboundEmail.objects.get(kind="password_reset")
    assert row.status == OutboundEmail.Status.SENT
    assert placeholder("reset_url") in row.body_text
    assert token not in row.body_text and "/akun/sandi/reset/" not in row.body_text
    secrets = (token, link_path)
    assert not any(secret in _database_dump() for secret in secrets)

    # when: Customer Service looks at everything it can reach
    outbox = reverse("admin:mail_outboundemail_changelist")
    row_pages = [
        reverse("admin:mail_outboundemail_change", args=[row.pk]),
        reverse("admin:mail_outboundemail_history", args=[row.pk]),
        reverse("admin:mail_outboundemail_delete", args=[row.pk]),
    ]
    # (not the link's user id alone: two or three letters, "NA" for the fourth account, which the
    # recipient's address "pimpinan@..." holds too)
    searches = [
        f"{outbox}?q={term}" for term in (token, f"{uid}/", "sandi/reset", "secret-link", "reset_url")
    ]
    starts = [
        "/admin/",
        "/staf/member/",
        f"/staf/member/{owner.pk}/",
        "/staf/pesanan/",
        "/staf/tiket/",
        outbox,
    ]
    pages = _crawl(client, [*starts, *row_pages])
    for url in searches:  # the search box finds nothing (the page repeats the query itself, of course)
        response = client.get(url)
        assert response.status_code == 200
        assert response.context["cl"].result_count == 0, url

    # then: the outbox pages were there to see, and none of them shows the link or the mail's content
    assert client.get(outbox).status_code == 200
    assert client.get(row_pages[0]).status_code == 200
    assert outbox in pages and row_pages[0] in pages and "/staf/member/" in pages
    assert len(pages) > 20
    for url, html in pages.items():
        for secret in secrets:
            assert secret not in html, url
        assert placeholder("reset_url") not in html, url
    assert "Seseorang (semoga Anda)" in row.body_text and "Seseorang" not in pages[row_pages[0]]
    # nor can the content be searched letter by letter through the admin's field lookups
    for lookup in (
        "body_text__contains",
        "body_html__icontains",
        "secret_links__icontains",
        "headers__contains",
    ):
        assert client.get(f"{outbox}?{lookup}=sandi").status_code == 400, lookup

    # and the delivered link works, once
    member = Client()
    response = member.get(urlsplit(link).path, follow=True)
    assert response.status_code == 200 and response.context["validlink"]
    response = member.post(
        response.redirect_chain[-1][0], {"new_password1": "KameraBaru#77", "new_password2": "KameraBaru#77"}
    )
    assert response.status_code == 302
    owner.refresh_from_db()
    assert owner.check_password("KameraBaru#77")
    again = Client().get(urlsplit(link).path, follow=True)
    assert again.context["validlink"] is False


def test_only_the_owner_reads_a_mails_content_in_the_admin(owner, cs, committed):
    # given
    member = UserFactory()
    with committed():
        email = email_queue(
            to=member.email,
            user=member,
            kind="ticket_reply",
            subject="Jawaban tiket",
            body="Isi jawaban rahasia",
        )
    change = reverse("admin:mail_outboundemail_change", args=[email.pk])
    # when / then: Customer Service sees the delivery record only
    page = _client_for(cs).get(change).content.decode()
    assert "Jawaban tiket" in page and member.email in page
    assert "Isi jawaban rahasia" not in page
    # the Owner also reads the content
    page = _client_for(owner).get(change).content.decode()
    assert "Isi jawaban rahasia" in page
    # nobody edits a sent mail, not even the Owner
    response = _client_for(owner).post(change, {"subject": "Diubah"})
    assert response.status_code == 403
    email.refresh_from_db()
    assert email.subject == "Jawaban tiket"


def test_only_the_owner_role_holds_the_content_permission(owner, cs):
    owner, cs = User.objects.get(pk=owner.pk), User.objects.get(pk=cs.pk)
    assert cs.has_perm("mail.view_outboundemail") and not cs.has_perm("mail.view_email_body")
    assert not cs.has_perm("mail.delete_outboundemail")
    assert owner.has_perm("mail.view_outboundemail") and owner.has_perm("mail.view_email_body")


def test_owner_sees_the_placeholder_never_the_link(owner, committed):
    with committed():
        Client().post(reverse("accounts:password_reset"), {"email": owner.email})
    token = RESET_LINK.search(mail.outbox[0].body).group(3)
    row = OutboundEmail.objects.get(kind="password_reset")
    page = _client_for(owner).get(reverse("admin:mail_outboundemail_change", args=[row.pk])).content.decode()
    assert placeholder("reset_url") in page
    assert token not in page


def test_registration_verification_link_is_built_at_send_time_and_works(client, committed):
    # when
    with committed():
        response = client.post(
            reverse("accounts:register"),
            {
                "full_name": "Rina Wulandari",
                "email": "rina@contoh.test",
                "phone": "0812-3456-7890",
                "birth_date": "1995-06-15",
                "password1": "TripodKuat#2026",
                "password2": "TripodKuat#2026",
            },
        )
    assert response["Location"] == reverse("accounts:register_done")
    # then: the row has no link, the delivered mail has one that verifies the account
    row = OutboundEmail.objects.get(kind="email_verify")
    assert placeholder("verify_url") in row.body_text
    assert "/akun/verifikasi/" not in row.body_text
    link = re.search(r"https?://\S+(/akun/verifikasi/\S+)", mail.outbox[0].body).group(1)
    assert link.split("?")[0].rstrip("/").rsplit("/", 1)[1] not in _database_dump()
    assert User.objects.get(email="rina@contoh.test").email_verified_at is None
    client.get(link)
    assert User.objects.get(email="rina@contoh.test").email_verified_at is not None


def test_email_change_link_is_built_at_send_time_and_works(committed):
    # given
    member = UserFactory(email="dewi@contoh.test")
    # when
    with committed():
        email_change_request(user=member, new_email="dewi.baru@contoh.test")
    # then
    row = OutboundEmail.objects.get(kind="email_change")
    assert row.to == "dewi.baru@contoh.test"
    assert placeholder("confirm_url") in row.body_text and "/akun/email/konfirmasi/" not in row.body_text
    link = re.search(r"https?://\S+(/akun/email/konfirmasi/\S+/)", mail.outbox[0].body).group(1)
    assert link not in _database_dump()
    client = Client()
    client.force_login(member)
    with committed():
        client.get(link, follow=True)
    member.refresh_from_db()
    assert member.email == "dewi.baru@contoh.test"


def test_a_mail_whose_link_cannot_be_built_any_more_is_given_up_cleanly(django_capture_on_commit_callbacks):
    # given: reset mails queued (not sent yet) for a member who is then erased, and one whose address changed
    gone, moved = UserFactory(), UserFactory()
    with django_capture_on_commit_callbacks(execute=False):
        Client().post(reverse("accounts:password_reset"), {"email": gone.email})
        Client().post(reverse("accounts:password_reset"), {"email": moved.email})
    first, second = OutboundEmail.objects.filter(kind="password_reset").order_by("pk")
    User.objects.filter(pk=gone.pk).delete()
    User.objects.filter(pk=moved.pk).update(email="pindah@contoh.test")
    # when
    results = [email_deliver(email_id=first.pk), email_deliver(email_id=second.pk)]
    # then: nothing was sent, the rows say why, and no retry will pick them up
    assert results == [OutboundEmail.Status.GAVE_UP, OutboundEmail.Status.GAVE_UP]
    assert mail.outbox == []
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.last_error == "Secret link unavailable: the account is gone or deactivated"
    assert second.last_error.startswith("Secret link unavailable: the account's e-mail address changed")
    assert email_deliver(email_id=first.pk) == "skipped"


def test_a_link_spec_must_name_a_registered_builder_and_hold_plain_data():
    with pytest.raises(ValueError, match="No secret link builder"):
        email_queue(
            to="a@contoh.test", kind="t", subject="S", body="B", secret_links={"x": SecretLink("nope")}
        )
    with pytest.raises(TypeError):
        email_queue(
            to="a@contoh.test",
            kind="t",
            subject="S",
            body="B",
            secret_links={"x": SecretLink("accounts.password_reset", {"user": object()})},
        )
    assert OutboundEmail.objects.count() == 0
