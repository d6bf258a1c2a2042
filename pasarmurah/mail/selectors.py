"""Reads of the outbox: the member's part of its data export."""

from pasarmurah.mail.models import OutboundEmail


def member_export_mail_data(*, user) -> dict:
    """The e-mails sent to a member, for its data export (settings.MEMBER_EXPORT_SECTIONS)."""
    return {
        "emails": [
            {"kind": kind, "subject": subject, "status": status, "created_at": created.isoformat()}
            for kind, subject, status, created in OutboundEmail.objects.filter(user=user)
            .order_by("pk")
            .values_list("kind", "subject", "status", "created_at")
        ],
    }
