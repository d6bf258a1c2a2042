"""Writes of the audit log: an entry (from the signal handlers or an explicit `record`), and erasure."""

from django.contrib.contenttypes.models import ContentType

from pasarmurah.accounts.models import BirthDateCorrection
from pasarmurah.accounts.throttle import client_ip
from pasarmurah.audit.context import Actor, actor_of_user, current_actor, request_actor
from pasarmurah.audit.models import AuditEntry, AuditKind

ERASED = "[dihapus]"


def entry_write(
    *,
    actor: Actor,
    kind: str,
    obj=None,
    before: dict | None = None,
    after: dict | None = None,
    note: str = "",
) -> AuditEntry:
    """One audit entry for `obj` (a model instance, or None for an action on nothing stored)."""
    content_type = (
        ContentType.objects.get_for_model(obj, for_concrete_model=True) if obj is not None else None
    )
    return AuditEntry.objects.create(
        actor_id=actor.user_id,
        actor_label=actor.label[:200],
        is_system=actor.is_system,
        ip=actor.ip[:45],
        kind=kind,
        content_type=content_type,
        object_id=str(obj.pk) if obj is not None and obj.pk is not None else "",
        object_repr=str(obj)[:200] if obj is not None else "",
        before=before or {},
        after=after or {},
        note=note[:300],
    )


def record(
    *, kind: str, obj=None, by=None, request=None, note: str = "", before=None, after=None
) -> AuditEntry | None:
    """An explicit audit entry (an export of personal data, an action no audited row shows).

    The actor is `by` (any user, a member exporting its own data included), else the request's staff member,
    else the current context's (a job, a command); with none of them nothing is recorded.
    """
    if by is not None:
        actor = actor_of_user(by, ip=client_ip(request) if request is not None else "")
    elif request is not None:
        actor = request_actor(request)
    else:
        actor = current_actor()
    if actor is None:
        return None
    return entry_write(actor=actor, kind=kind, obj=obj, before=before, after=after, note=note)


def member_data_exported(sender, *, user, by, request=None, **kwargs) -> None:
    """core.privacy.personal_data_exported: a member's data left the shop as a download."""
    record(kind=AuditKind.EXPORT, obj=user, by=by, request=request, note="member data export")


def member_erase_audit_data(*, user) -> None:
    """Erasure step: entries about the member keep who did what and when, never the member's values."""
    about_member = AuditEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(user, for_concrete_model=True), object_id=str(user.pk)
    )
    corrections = AuditEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(BirthDateCorrection),
        object_id__in=[
            str(pk) for pk in BirthDateCorrection.objects.filter(user=user).values_list("pk", flat=True)
        ],
    )
    for entries in (about_member, corrections):
        entries._erase_values(object_repr=ERASED, before={}, after={})
    AuditEntry.objects.filter(actor_id=user.pk, is_system=False)._erase_values(actor_label=ERASED)
