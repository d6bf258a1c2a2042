"""Reads of the outbox: the member's part of its data export."""

from pasarmurah.core.privacy import export_section
from pasarmurah.mail.models import OutboundEmail


@export_section(
    covers=["mail.OutboundEmail"],
    withholds={
        "mail.OutboundEmail": "the bodies and headers of the e-mails: they may carry one-time links "
        "(unsubscribe) and are the shop's copy of what was sent; kind, subject, status and time are exported",
    },
)
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
