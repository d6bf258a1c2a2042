"""The e-mail outbox: every mail the shop sends is a row first, then a job delivers it after commit.

Every domain queues its mails with `email_queue`; delivery is at least once and a `dedupe_key` makes queuing
the same event twice harmless. Secret links are given as `secret_links` specs and built only at send time
(links.py), so no stored row ever holds one.
"""

import datetime
import html
import logging
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.module_loading import import_string

from pasarmurah.mail.links import (
    SecretLink,
    SecretLinkUnavailable,
    placeholder,
    secret_links_build,
    secret_links_fill,
)
from pasarmurah.mail.models import OutboundEmail

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 10
# Minutes to wait after the n-th failed attempt (the last value repeats).
BACKOFF_MINUTES = (1, 5, 15, 60, 180, 360, 720)
SENDING_LEASE = datetime.timedelta(minutes=10)


def render_email(*, template: str, context: dict, language: str) -> tuple[str, str]:
    """Subject and text body from `<template>_subject.txt` and `<template>.txt`, in `language`.

    Every template also gets `site_url` and what the callables in settings.MAIL_CONTEXT return (the store
    profile, from the store domain): mail itself knows no domain.
    """
    base = {"site_url": settings.SITE_URL}
    for path in settings.MAIL_CONTEXT:
        base.update(import_string(path)())
    context = {**base, **context}
    with translation.override(language):
        subject = " ".join(render_to_string(f"{template}_subject.txt", context).split())
        body = render_to_string(f"{template}.txt", context).strip() + "\n"
    return subject, body


def unsubscribe_headers(url: str) -> dict[str, str]:
    """RFC 8058 one-click unsubscribe headers for a promotional mail."""
    return {"List-Unsubscribe": f"<{url}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"}


def email_queue(
    *,
    to: str,
    kind: str,
    template: str | None = None,
    context: dict | None = None,
    subject: str | None = None,
    body: str | None = None,
    html_body: str = "",
    user=None,
    language: str | None = None,
    headers: dict | None = None,
    dedupe_key: str | None = None,
    secret_links: dict[str, SecretLink] | None = None,
) -> OutboundEmail:
    """Write one mail into the outbox and schedule its delivery after the current transaction commits.

    Give either `template` (+ `context`) or `subject` and `body`. With a `dedupe_key` already used, the
    existing row is returned and nothing new is queued. `secret_links` maps a template variable (a slot) to
    the spec of a secret link: the template renders a placeholder there and the link is built when sending
    (a body given directly writes `links.placeholder(slot)` itself).
    """
    stored_links = {slot: link.as_stored() for slot, link in (secret_links or {}).items()}
    if template:
        language = language or (user.mail_language if user is not None else settings.LANGUAGE_CODE)
        context = {**(context or {}), **{slot: placeholder(slot) for slot in stored_links}}
        subject, body = render_email(template=template, context=context, language=language)
    if not subject or body is None:
        raise ValueError("email_queue needs a template, or a subject and a body")
    try:  # a dedupe key already used makes the insert fail: that event's mail is already queued
        with transaction.atomic():
            email = OutboundEmail.objects.create(
                to=to,
                subject=subject[:255],
                body_text=body,
                body_html=html_body,
                headers=headers or {},
                secret_links=stored_links,
                kind=kind,
                user=user,
                dedupe_key=dedupe_key,
            )
    except IntegrityError:
        if not dedupe_key:
            raise
        return OutboundEmail.objects.get(dedupe_key=dedupe_key)
    _deliver_after_commit(email.pk)
    return email


# The mails committed inside deliveries_together(), waiting for its end to be delivered by one job.
_together: ContextVar[list[int] | None] = ContextVar("outbox_together", default=None)


@contextmanager
def deliveries_together() -> Iterator[None]:
    """Deliver the mails queued and committed inside the block by one job at its end, over one connection
    to the mail server (a campaign's batch, each recipient's mail queued in a transaction of its own). A mail
    whose transaction commits after the block is delivered as usual; an error in the block still delivers
    what was committed before it."""
    committed: list[int] = []
    token = _together.set(committed)
    try:
        yield
    finally:
        _together.reset(token)
        if committed:
            _schedule(committed)


class _Deliveries:
    """The mails queued at one level of one transaction: one job delivers them after the commit."""

    def __init__(self, email_id: int):
        self.email_ids = [email_id]
        self.scheduled = False  # once run, a later mail needs a job of its own

    def __call__(self) -> None:
        self.scheduled = True
        together = _together.get()
        if together is not None:
            together.extend(self.email_ids)
        else:
            _schedule(self.email_ids)


def _deliver_after_commit(email_id: int) -> None:
    """Schedule the delivery for after the commit. Mails queued one after the other at the same level of a
    transaction (a placed order's mail to the member and to Customer Service) share one job: one write to
    the job queue instead of one each. A savepoint rolled back drops its own mails with its callbacks."""
    connection = transaction.get_connection()
    if connection.in_atomic_block and connection.run_on_commit:
        savepoints, last, _robust = connection.run_on_commit[-1]
        same_level = savepoints == set(connection.savepoint_ids)
        if isinstance(last, _Deliveries) and not last.scheduled and same_level:
            last.email_ids.append(email_id)
            return
    transaction.on_commit(_Deliveries(email_id))


def _schedule(email_ids: list[int]) -> None:
    from pasarmurah.mail.tasks import outbox_send, outbox_send_many

    try:
        if len(email_ids) == 1:
            outbox_send(email_ids[0])
        else:
            outbox_send_many(email_ids)
    except Exception:  # a queue that is down must not break the page; the periodic retry picks it up
        logger.exception(
            "Could not schedule outbound e-mails %s; the periodic retry will send them", email_ids
        )


def _claim(email_id: int) -> bool:
    """Take the row for sending (one worker at a time): a conditional UPDATE, atomic on every database."""
    now = timezone.now()
    return bool(
        OutboundEmail.objects.filter(pk=email_id, next_attempt_at__lte=now)
        .filter(
            Q(status__in=[OutboundEmail.Status.QUEUED, OutboundEmail.Status.FAILED])
            | Q(status=OutboundEmail.Status.SENDING)  # a lease that expired: its worker died mid-send
        )
        .update(status=OutboundEmail.Status.SENDING, next_attempt_at=now + SENDING_LEASE)
    )


def email_deliver(*, email_id: int, connection=None) -> str:
    """Send one outbox row with Django's mail API; on failure record the error and schedule a retry.

    Secret links are built here and exist only in the message handed to the backend. A mail whose link can no
    longer be built (its account is gone) is given up at once. Returns the row's new status (or "skipped" when
    it is not due or another worker holds it). With `connection` (emails_deliver), the mail goes over that
    open connection to the mail server, which a failed send closes (the next mail opens a fresh one).
    """
    with transaction.atomic(durable=True):  # the claim is committed before the send, never a caller's to undo
        claimed = _claim(email_id)
    if not claimed:
        return "skipped"
    email = OutboundEmail.objects.get(pk=email_id)
    attempts = email.attempts + 1
    try:
        urls = secret_links_build(email.secret_links)
    except SecretLinkUnavailable as exc:
        OutboundEmail.objects.filter(pk=email_id).update(
            status=OutboundEmail.Status.GAVE_UP, last_error=f"Secret link unavailable: {exc}"[:2000]
        )
        logger.warning("Outbound e-mail %s not sent: its secret link is unavailable (%s)", email_id, exc)
        return OutboundEmail.Status.GAVE_UP
    except Exception as exc:  # the database was briefly away while building: try again later
        return _failed(email_id=email_id, attempts=attempts, exc=exc)
    message = EmailMultiAlternatives(
        subject=email.subject,
        body=secret_links_fill(email.body_text, urls),
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[email.to],
        headers=email.headers or None,
        connection=connection,
    )
    if email.body_html:
        message.attach_alternative(secret_links_fill(email.body_html, urls, escape=html.escape), "text/html")
    try:
        if connection is not None:
            connection.open()  # kept open for the next mail (send() closes only a connection it opened)
        message.send(fail_silently=False)
    except Exception as exc:  # SMTP, DNS, socket: all mean "try again later"
        if connection is not None:
            _connection_close(connection)
        return _failed(email_id=email_id, attempts=attempts, exc=exc)
    OutboundEmail.objects.filter(pk=email_id).update(
        status=OutboundEmail.Status.SENT, attempts=attempts, last_error="", sent_at=timezone.now()
    )
    return OutboundEmail.Status.SENT


def emails_deliver(email_ids: list[int]) -> list[str]:
    """Send several outbox rows one after the other over one connection to the mail server (a campaign's
    batch, a transaction's mails, the periodic retry), instead of a connection, with its greeting and TLS
    handshake and login, for each. Each row is still claimed, sent and recorded on its own."""
    connection = get_connection(fail_silently=False)
    try:
        return [email_deliver(email_id=email_id, connection=connection) for email_id in email_ids]
    finally:
        _connection_close(connection)


def _connection_close(connection) -> None:
    """Close a mail connection whatever state it is in (a server gone away mid-batch included)."""
    try:
        connection.close()
    except Exception:  # nothing left to send on it; the next mail opens a new one
        logger.info("Closing the mail connection failed", exc_info=True)


def _failed(*, email_id: int, attempts: int, exc: Exception) -> str:
    """Record a failed attempt and when to try again (or give up after the last one)."""
    gave_up = attempts >= MAX_ATTEMPTS
    delay = BACKOFF_MINUTES[min(attempts, len(BACKOFF_MINUTES)) - 1]
    status = OutboundEmail.Status.GAVE_UP if gave_up else OutboundEmail.Status.FAILED
    OutboundEmail.objects.filter(pk=email_id).update(
        status=status,
        attempts=attempts,
        last_error=f"{type(exc).__name__}: {exc}"[:2000],
        next_attempt_at=timezone.now() + datetime.timedelta(minutes=delay),
    )
    logger.warning("Outbound e-mail %s failed (attempt %s): %s", email_id, attempts, exc)
    return status


def outbox_due_ids(*, limit: int = 200) -> list[int]:
    """Rows whose (next) attempt is due, oldest first; stale SENDING leases count as due."""
    return list(
        OutboundEmail.objects.filter(
            status__in=[
                OutboundEmail.Status.QUEUED,
                OutboundEmail.Status.FAILED,
                OutboundEmail.Status.SENDING,
            ],
            next_attempt_at__lte=timezone.now(),
        )
        .order_by("next_attempt_at", "pk")
        .values_list("pk", flat=True)[:limit]
    )


def outbox_retry_due() -> dict[str, int]:
    """Deliver every due row (the periodic job); returns a count per resulting status."""
    counts: dict[str, int] = {}
    for status in emails_deliver(outbox_due_ids()):
        counts[status] = counts.get(status, 0) + 1
    return counts
