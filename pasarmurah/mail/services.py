"""Writes of the outbox beyond queueing and delivery (outbox.py): the member's privacy erasure step."""

from django.db import transaction

from pasarmurah.mail.models import OutboundEmail


@transaction.atomic
def member_erase_mail_data(*, user) -> None:
    """Privacy erasure step (settings.MEMBER_ERASURE_STEPS): mail still waiting for the member is dropped;
    the record of sent mail stays, unlinked and emptied of its address and content."""
    OutboundEmail.objects.filter(
        user=user, status__in=[OutboundEmail.Status.QUEUED, OutboundEmail.Status.FAILED]
    ).delete()
    OutboundEmail.objects.filter(user=user).update(
        to="", body_text="", body_html="", headers={}, secret_links={}, user=None
    )
