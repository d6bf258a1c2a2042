"""Browser journey: a visitor signs up in the footer, the confirmation mail arrives, its link confirms."""

import re
import time

import pytest
from django.core import mail

from pasarmurah.accounts.models import NewsletterSubscription
from pasarmurah.demo.demo import load_demo
from pasarmurah.mail.models import OutboundEmail

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_footer_sign_up_confirmation_mail_and_link(live_server, phone_page):
    load_demo(with_images=False)
    page, base = phone_page, live_server.url
    page.goto(base + "/")
    form = page.locator("#footer-newsletter-form")
    form.scroll_into_view_if_needed()
    assert not page.locator("#footer-newsletter-form .hp-field").is_visible()  # the honeypot stays hidden
    form.locator("input[name=nl-email]").fill("dewi.visitor@contoh.test")
    time.sleep(3.1)  # people take a few seconds; bots that post at once are refused
    form.locator("button[type=submit]").click()
    page.wait_for_selector("#newsletter-sent")
    assert "Cek e-mail Anda" in page.content()
    # the confirmation mail went through the outbox, its link only in the message sent
    row = OutboundEmail.objects.get(kind="newsletter_confirm")
    assert row.status == OutboundEmail.Status.SENT and "/newsletter/konfirmasi/" not in row.body_text
    message = next(m for m in mail.outbox if m.to == ["dewi.visitor@contoh.test"])
    path = re.search(r"https?://[^/\s]+(/newsletter/konfirmasi/\S+)", message.body).group(1)
    page.goto(base + path)
    assert NewsletterSubscription.objects.get().status == "pending"  # opening the link is not consent yet
    page.locator("#newsletter-confirm-form button[type=submit]").click()
    page.wait_for_selector("#newsletter-confirmed")
    subscription = NewsletterSubscription.objects.get()
    assert (subscription.status, subscription.source) == ("confirmed", "footer")
    assert subscription.confirmed_at is not None
