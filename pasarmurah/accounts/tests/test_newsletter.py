"""Newsletter sign-up: double opt-in by e-mail, consent with time and source, the member's consent kept."""

import datetime
import re
import time
from unittest import mock

import pytest
from django.core import mail, signing
from django.urls import reverse
from django.utils import timezone

from pasarmurah.accounts import services
from pasarmurah.accounts.models import NewsletterSubscription, User
from pasarmurah.accounts.selectors import member_data_export
from pasarmurah.accounts.tests.factories import UserFactory
from pasarmurah.core.antispam import SALT
from pasarmurah.mail.models import OutboundEmail

pytestmark = pytest.mark.django_db


def form_data(email="sari@contoh.test", source="footer", **changes):
    return {
        "nl-email": email,
        "nl-source": source,
        "nl-website": "",
        "nl-started": signing.dumps(time.time() - 30, salt=SALT),
    } | changes


def sign_up(client, committed, **changes):
    with committed():
        return client.post(reverse("newsletter:signup"), form_data(**changes))


def confirm_path(message) -> str:
    match = re.search(r"https?://[^/\s]+(/newsletter/konfirmasi/\S+)", message.body)
    assert match, message.body
    return match.group(1)


def test_sign_up_mails_a_confirmation_link_and_records_a_pending_request(client, committed):
    # when
    response = sign_up(client, committed, email=" Sari@Contoh.TEST ")
    # then
    assert response.status_code == 302
    assert response["Location"] == reverse("newsletter:sent")
    subscription = NewsletterSubscription.objects.get()
    assert (subscription.email, subscription.status, subscription.source) == (
        "sari@contoh.test",
        NewsletterSubscription.Status.PENDING,
        NewsletterSubscription.Source.FOOTER,
    )
    assert subscription.confirmed_at is None and subscription.requested_at is not None
    assert [m.to for m in mail.outbox] == [["sari@contoh.test"]]
    assert "Konfirmasi langganan newsletter" in mail.outbox[0].subject
    assert "Cek e-mail Anda" in client.get(response["Location"]).content.decode()


def test_the_confirmation_link_is_never_stored_in_the_outbox(client, committed):
    sign_up(client, committed)
    row = OutboundEmail.objects.get(kind="newsletter_confirm")
    assert "/newsletter/konfirmasi/" not in row.body_text
    assert "[[secret-link:confirm_url]]" in row.body_text
    assert "/newsletter/konfirmasi/" in mail.outbox[0].body


def test_opening_the_link_shows_a_button_and_only_the_post_gives_consent(client, committed):
    sign_up(client, committed)
    path = confirm_path(mail.outbox[0])
    # when a mail scanner opens the link
    page = client.get(path)
    # then nothing is consented yet
    assert page.status_code == 200
    assert NewsletterSubscription.objects.get().status == NewsletterSubscription.Status.PENDING
    # when the person presses the button
    before = timezone.now()
    with committed():
        response = client.post(path)
    # then the consent is recorded with its time, and a welcome mail with an unsubscribe link goes out
    assert response.status_code == 200
    assert "Anda sudah berlangganan" in response.content.decode()
    subscription = NewsletterSubscription.objects.get()
    assert subscription.status == NewsletterSubscription.Status.CONFIRMED
    assert subscription.confirmed_at >= before
    welcome = mail.outbox[-1]
    assert welcome.to == ["sari@contoh.test"] and "/newsletter/berhenti/" in welcome.body
    # opening it again changes nothing and sends nothing more
    with committed():
        assert client.post(path).status_code == 200
    assert len(mail.outbox) == 2


def test_a_forged_link_is_refused_and_changes_nothing(client, committed):
    sign_up(client, committed)
    subscription = NewsletterSubscription.objects.get()
    forged = signing.dumps({"s": subscription.pk, "e": "0" * 20}, salt=services.NEWSLETTER_SALT)
    for token in (forged, "not-a-token", signing.dumps({"s": subscription.pk}, salt="other")):
        response = client.post(reverse("newsletter:confirm", kwargs={"token": token}))
        assert response.status_code == 400
        assert "Tautan ini tidak berlaku" in response.content.decode()
    assert NewsletterSubscription.objects.get().status == NewsletterSubscription.Status.PENDING


def test_an_expired_link_is_refused(client, committed):
    sign_up(client, committed)
    subscription = NewsletterSubscription.objects.get()
    four_days_ago = time.time() - datetime.timedelta(days=3, minutes=1).total_seconds()
    with mock.patch("django.core.signing.time.time", return_value=four_days_ago):
        token = signing.dumps(
            {"s": subscription.pk, "e": services._email_fingerprint(subscription.email)},
            salt=services.NEWSLETTER_SALT,
        )
    assert client.post(reverse("newsletter:confirm", kwargs={"token": token})).status_code == 400
    assert NewsletterSubscription.objects.get().status == NewsletterSubscription.Status.PENDING


def test_bad_input_is_named_and_changes_nothing(client, committed):
    for changes in ({"email": "not an address"}, {"nl-website": "http://spam"}, {"nl-started": "forged"}):
        response = sign_up(client, committed, **changes)
        assert response.status_code == 400
    assert "Masukkan alamat email yang valid" in sign_up(client, committed, email="x").content.decode()
    assert not NewsletterSubscription.objects.exists()
    assert not mail.outbox


def test_one_address_gets_at_most_one_confirmation_an_hour(client, committed):
    for _ in range(3):
        sign_up(client, committed)
    assert len(mail.outbox) == 1
    assert NewsletterSubscription.objects.count() == 1


def test_sign_ups_are_limited_per_client_address(client, committed, settings):
    settings.MAIL_FORMS_PER_IP_PER_HOUR = 2
    for n in range(2):
        assert sign_up(client, committed, email=f"orang{n}@contoh.test").status_code == 302
    response = sign_up(client, committed, email="orang9@contoh.test")
    assert response.status_code == 400
    assert "Terlalu banyak permintaan" in response.content.decode()
    assert not NewsletterSubscription.objects.filter(email="orang9@contoh.test").exists()
    assert len(mail.outbox) == 2


def test_an_address_already_subscribed_gets_nothing(client, committed):
    sign_up(client, committed)
    with committed():
        client.post(confirm_path(mail.outbox[0]))
    mail.outbox.clear()
    response = sign_up(client, committed)
    assert response.status_code == 302  # the same answer: no enumeration
    assert not mail.outbox


def test_a_member_who_opted_in_already_gets_nothing(client, committed):
    UserFactory(email="sari@contoh.test", accepts_marketing=True)
    assert sign_up(client, committed).status_code == 302
    assert not mail.outbox


def test_a_member_confirming_from_the_footer_is_opted_in(client, committed):
    member = UserFactory(email="sari@contoh.test", accepts_marketing=False)
    sign_up(client, committed, email="SARI@contoh.test")
    with committed():
        client.post(confirm_path(mail.outbox[0]))
    member.refresh_from_db()
    assert member.accepts_marketing is True
    subscription = NewsletterSubscription.objects.get()
    assert subscription.user == member and subscription.is_confirmed


def test_a_visitor_who_registers_later_keeps_its_consent(client, committed):
    # given a confirmed visitor's sign-up
    sign_up(client, committed)
    with committed():
        client.post(confirm_path(mail.outbox[0]))
    given_at = NewsletterSubscription.objects.get().confirmed_at
    # when the address registers without ticking the promotions box and confirms its address
    with committed():
        client.post(
            reverse("accounts:register"),
            {
                "full_name": "Sari Dewi",
                "email": "sari@contoh.test",
                "phone": "0812-3456-7890",
                "birth_date": "1996-04-12",
                "password1": "LensaTajam#88",
                "password2": "LensaTajam#88",
            },
        )
    verify = next(m for m in mail.outbox if "/akun/verifikasi/" in m.body)
    path = re.search(r"https?://[^/\s]+(/akun/verifikasi/\S+)", verify.body).group(1)
    client.get(path)
    # then the member is opted in with the consent's original time and source
    member = User.objects.get(email="sari@contoh.test")
    assert member.accepts_marketing is True
    subscription = NewsletterSubscription.objects.get()
    assert subscription.user == member
    assert (subscription.confirmed_at, subscription.source) == (given_at, "footer")


def test_an_unconfirmed_sign_up_gives_a_new_member_no_consent(client, committed):
    sign_up(client, committed)
    member = UserFactory(email="sari@contoh.test", email_verified_at=None)
    services.email_verify(token=services.verify_url(user=member).rsplit("/", 2)[-2])
    member.refresh_from_db()
    assert member.accepts_marketing is False


def test_unsubscribing_withdraws_the_consent_with_its_time(client, committed):
    member = UserFactory(email="sari@contoh.test")
    sign_up(client, committed)
    with committed():
        client.post(confirm_path(mail.outbox[0]))
    path = re.search(r"https?://[^/\s]+(/newsletter/berhenti/\S+)", mail.outbox[-1].body).group(1)
    assert client.get(path).status_code == 200
    response = client.post(path)  # the one-click POST comes without a CSRF token
    assert response.status_code == 200
    subscription = NewsletterSubscription.objects.get()
    assert subscription.status == NewsletterSubscription.Status.WITHDRAWN
    assert subscription.withdrawn_at is not None and subscription.source == "unsubscribe_link"
    member.refresh_from_db()
    assert member.accepts_marketing is False
    assert client.post(reverse("newsletter:unsubscribe", kwargs={"token": "forged"})).status_code == 400


def test_a_members_consent_through_the_newsletter_joins_its_consent_record(client, committed):
    from pasarmurah.campaigns.models import MarketingConsent

    member = UserFactory(email="sari@contoh.test", accepts_marketing=False)
    sign_up(client, committed, source="page")
    with committed():
        client.post(confirm_path(mail.outbox[0]))
    consent = MarketingConsent.objects.get(member=member)
    assert consent.given is True and consent.source.startswith("newsletter (page, confirmed ")


def test_the_consent_is_in_the_export_and_goes_with_the_erasure(client, committed):
    member = UserFactory(email="sari@contoh.test")
    sign_up(client, committed)
    with committed():
        client.post(confirm_path(mail.outbox[0]))
    consent = member_data_export(user=member)["promotional_consent"]
    assert (consent["email"], consent["status"], consent["source"]) == (
        "sari@contoh.test",
        "confirmed",
        "footer",
    )
    assert consent["given_at"] and consent["signed_up_at"]
    services.member_delete(user=member)
    assert not NewsletterSubscription.objects.exists()


def test_the_footer_form_is_on_every_storefront_page(client):
    page = client.get(reverse("storefront:home")).content.decode()
    assert 'id="footer-newsletter-form"' in page
    assert 'name="nl-email"' in page and 'name="nl-website"' in page
    assert client.get(reverse("newsletter:signup")).status_code == 200
