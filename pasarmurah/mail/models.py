from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class OutboundEmail(models.Model):
    """One e-mail in the outbox. Written in the transaction of the business action, sent after commit by a
    job; a mail server that is down leaves the row queued for the periodic retry, never breaks a page.

    A secret link (password reset, verification, e-mail change) is never stored: the body holds a placeholder
    and `secret_links` names the builder that makes the link at send time (see links.py).
    """

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        SENDING = "sending", _("Sending")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed, will retry")
        GAVE_UP = "gave_up", _("Gave up")

    to = models.EmailField(_("to"), max_length=254)
    subject = models.CharField(_("subject"), max_length=255)
    body_text = models.TextField(_("text body"))
    body_html = models.TextField(_("HTML body"), blank=True)
    headers = models.JSONField(_("headers"), default=dict, blank=True)
    # slot -> {"builder": registered name, "args": non-secret arguments}; the link is built when sending.
    secret_links = models.JSONField(_("secret links"), default=dict, blank=True)
    kind = models.CharField(_("kind"), max_length=40, db_index=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="outbound_emails",
        verbose_name=_("member"),
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.QUEUED)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    next_attempt_at = models.DateTimeField(_("next attempt"), default=timezone.now)
    dedupe_key = models.CharField(_("dedupe key"), max_length=200, null=True, blank=True, unique=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)

    class Meta:
        verbose_name = _("outbound e-mail")
        verbose_name_plural = _("outbound e-mails")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["status", "next_attempt_at"], name="mail_outbox_due")]
        permissions = [("view_email_body", _("Can read the content of outbound e-mails"))]

    def __str__(self) -> str:
        return f"{self.kind} → {self.to}: {self.subject}"
